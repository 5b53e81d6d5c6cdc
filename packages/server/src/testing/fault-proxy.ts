/**
 * A fault-injecting HTTP proxy on 127.0.0.1, for exactly-once tests: between a client and the
 * server it resets connections, answers 500/503/429 itself, holds responses past the client's
 * timeout, and drops responses after the server has committed. Decisions come from a seeded PRNG.
 */
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { seededRandom } from '@c2m/rules/testing';

export type Fault =
  | 'pass'
  /** The connection is reset before the request reaches the server. */
  | 'reset-before'
  /** The proxy answers 500 without asking the server. */
  | 'error-500'
  /** The proxy answers 503 (with `Retry-After: 0`) without asking the server. */
  | 'error-503'
  /** The proxy answers 429 with `Retry-After: 1`. */
  | 'rate-limit-429'
  /** The server answers; the proxy holds the answer past the client's timeout. */
  | 'delay-past-timeout'
  /** The server commits and answers; the proxy resets the connection instead of answering. */
  | 'drop-after-commit'
  /** The server answers; the proxy sends the status line and half the body, then resets. */
  | 'cut-mid-response';

export interface FaultProxyOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:4000`. */
  upstream: string;
  /** Relative weights of each fault; missing faults have weight 0. */
  weights: Partial<Record<Fault, number>>;
  /** How long `delay-past-timeout` holds a response. */
  delayMs: number;
  seed?: number;
}

export interface FaultProxy {
  url: string;
  /** How many times each fault was injected. */
  counts: Record<Fault, number>;
  close(): Promise<void>;
}

const FAULTS: Fault[] = [
  'pass', 'reset-before', 'error-500', 'error-503', 'rate-limit-429', 'delay-past-timeout', 'drop-after-commit', 'cut-mid-response',
];

function reset(socket: Socket): void {
  if (!socket.destroyed) socket.resetAndDestroy();
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = seededRandom(options.seed ?? 1);
  const upstream = new URL(options.upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const counts = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  const total = FAULTS.reduce((s, f) => s + (options.weights[f] ?? 0), 0);
  const timers = new Set<NodeJS.Timeout>();

  function pick(): Fault {
    let r = random() * total;
    for (const f of FAULTS) {
      r -= options.weights[f] ?? 0;
      if (r < 0) return f;
    }
    return 'pass';
  }

  /** Sends the request on and collects the whole answer. */
  function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: upstream.host };
      const up = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      up.on('error', reject);
      up.end(body);
    });
  }

  function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
    if (res.destroyed) return;
    res.writeHead(status, headers);
    res.end(body);
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const fault = pick();
    counts[fault]++;
    const problem = (status: number, code: string) =>
      JSON.stringify({ type: `urn:c2m:problem:${code}`, title: code, status, detail: 'injected by the fault proxy' });
    try {
      switch (fault) {
        case 'reset-before':
          return reset(req.socket);
        case 'error-500':
          return send(res, 500, { 'content-type': 'text/html' }, '<h1>500 Internal Server Error</h1>');
        case 'error-503':
          return send(res, 503, { 'content-type': 'application/problem+json', 'retry-after': '0' }, problem(503, 'unavailable'));
        case 'rate-limit-429':
          return send(res, 429, { 'content-type': 'application/problem+json', 'retry-after': '1' }, problem(429, 'rate-limited'));
        default:
          break;
      }
      const answer = await forward(req, body);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(answer.headers)) {
        if (typeof v === 'string' && !['connection', 'keep-alive', 'transfer-encoding', 'content-length'].includes(k)) headers[k] = v;
      }
      if (fault === 'drop-after-commit') return reset(req.socket);
      if (fault === 'cut-mid-response') {
        res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
        res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
        const t = setTimeout(() => {
          timers.delete(t);
          reset(req.socket);
        }, 5);
        timers.add(t);
        return;
      }
      if (fault === 'delay-past-timeout') {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            timers.delete(t);
            resolve();
          }, options.delayMs);
          timers.add(t);
        });
      }
      send(res, answer.status, headers, answer.body);
    } catch {
      // The server is down (crash tests) or the client left: the client sees a reset and retries.
      reset(req.socket);
    }
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
