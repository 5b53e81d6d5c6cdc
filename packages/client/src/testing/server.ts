/**
 * A small loopback backend for the client's tests: implements POST/GET /specifications with
 * idempotency in memory, and can be told to misbehave (reset, hang, fail, send garbage) for the
 * next requests. Not the reference server (that is @c2m/server); just enough of the protocol.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

/** What to do with one request instead of answering it properly. */
export type Misbehaviour =
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'status'; status: number; retryAfter?: string; body?: string; contentType?: string }
  | { kind: 'body'; status: number; body: string }
  | { kind: 'delay'; ms: number }
  /** Keeps the request waiting until `until` settles, then answers it properly. */
  | { kind: 'hold'; until: Promise<unknown> };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface TestServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Orders created (one per distinct idempotency key with a valid body). */
  orders: Map<string, { id: string; key: string; body: string; receivedAt: string }>;
  /** Misbehaviours for the next requests, consumed in order. */
  plan: Misbehaviour[];
  /** Reject specifications with this problem (422) instead of accepting them. */
  reject?: { path: string; code: string; constraint?: string; message: string };
  /** Extra headers on every answer (e.g. CORS for browser tests). */
  headers: Record<string, string>;
  /** Resolves once `n` requests (of the protocol, not preflights) have arrived: tests wait for events, not for time. */
  received(n: number): Promise<void>;
  close(): Promise<void>;
}

const problem = (res: ServerResponse, status: number, code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/problem+json', ...headers });
  res.end(JSON.stringify({ type: `urn:c2m:problem:${code}`, title: code, status, ...extra }));
};

/** Starts the server on 127.0.0.1 (`port` 0 = any free port). */
export async function startTestServer(port = 0): Promise<TestServer> {
  const byKey = new Map<string, { hash: string; status: number; body: string; done: boolean }>();
  const sockets = new Set<import('node:net').Socket>();
  const waiting: Array<{ n: number; resolve: () => void }> = [];
  const state: Omit<TestServer, 'url' | 'port' | 'close' | 'received'> = { requests: [], orders: new Map(), plan: [], headers: {} };
  let seq = 0;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, body: string) {
    for (const [k, v] of Object.entries(state.headers)) res.setHeader(k, v);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, at: Date.now() });
    for (const w of waiting.filter((w) => state.requests.length >= w.n)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
    const m = state.plan.shift();
    if (m?.kind === 'reset') return req.socket.destroy();
    if (m?.kind === 'hang') return; // never answers; the socket is destroyed by close()
    if (m?.kind === 'status') {
      res.writeHead(m.status, { 'Content-Type': m.contentType ?? 'application/problem+json', ...(m.retryAfter ? { 'Retry-After': m.retryAfter } : {}) });
      res.end(m.body ?? JSON.stringify({ type: 'about:blank', title: 'scripted', status: m.status }));
      return;
    }
    if (m?.kind === 'delay') await new Promise((r) => setTimeout(r, m.ms));
    if (m?.kind === 'hold') await m.until.catch(() => undefined);
    if (req.socket.destroyed) return;

    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/specifications') {
      const key = String(req.headers['idempotency-key'] ?? '');
      if (!/^[A-Za-z0-9_-]{16,128}$/.test(key)) return problem(res, 400, 'invalid-idempotency-key');
      let spec: unknown;
      try {
        spec = JSON.parse(body);
      } catch {
        return problem(res, 400, 'invalid-request', { detail: 'body is not JSON' });
      }
      const hash = createHash('sha256').update(body).digest('hex');
      const seen = byKey.get(key);
      if (seen && seen.hash !== hash) return problem(res, 409, 'idempotency-key-reused');
      if (seen && !seen.done) return problem(res, 409, 'request-in-progress', {}, { 'Retry-After': '1' });
      if (seen) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' });
        return res.end(seen.body);
      }
      if (m?.kind === 'body') {
        res.writeHead(m.status, { 'Content-Type': 'application/json' });
        return res.end(m.body);
      }
      if (state.reject) return problem(res, 422, 'specification-rejected', { errors: [state.reject] });
      const entry = { hash, status: 201, body: '', done: false };
      byKey.set(key, entry);
      const id = `spc_${++seq}`;
      const receivedAt = new Date().toISOString();
      const quote = (spec as { quote?: unknown }).quote ?? { currency: 'EUR', lines: [], total: 0 };
      entry.body = JSON.stringify({ id, status: 'received', receivedAt, quote });
      entry.done = true;
      state.orders.set(id, { id, key, body, receivedAt });
      res.writeHead(201, { 'Content-Type': 'application/json', Location: `/specifications/${id}` });
      return res.end(entry.body);
    }
    const get = /^\/specifications\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && get) {
      if (m?.kind === 'body') {
        res.writeHead(m.status, { 'Content-Type': 'application/json' });
        return res.end(m.body);
      }
      const o = state.orders.get(decodeURIComponent(get[1]!));
      if (!o) return problem(res, 404, 'not-found');
      const spec = JSON.parse(o.body) as { quote: unknown; product: { id: string; version: string } };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(
        JSON.stringify({ id: o.id, status: 'received', receivedAt: o.receivedAt, updatedAt: o.receivedAt, quote: spec.quote, product: { id: spec.product.id, version: spec.product.version } }),
      );
    }
    problem(res, 404, 'not-found');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    received: (n: number) =>
      state.requests.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ n, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}

/**
 * A port that nothing listens on, for "server down" and for a server that starts (or restarts) on it
 * later. Drawn below the kernel's ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range):
 * a port from `listen(0)` is inside that range, so another test's `listen(0)`, or the source port of
 * any outgoing connection, could take it between this check and the `listen` that wants it (a
 * restarted server then fails with EADDRINUSE, or "server down" reaches someone else's server).
 */
export async function freePort(): Promise<number> {
  const low = ephemeralLow();
  const [from, to] = low - 1024 > 10_000 ? [10_000, low] : [1024, low];
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port found below the ephemeral range (${from}–${to - 1})`);
}

/** The first port of the kernel's ephemeral range (the IANA range's 49152 where it cannot be read). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > 1024) return low;
  } catch {
    // not Linux
  }
  return 49_152;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
