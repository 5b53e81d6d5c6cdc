/**
 * Shared set-up of the server tests: a server on a loopback port with the test products, and
 * valid specifications built with the real engine of @c2m/rules.
 */
import { after, before } from 'node:test';
import { readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import { compileProduct, createSession, type CompiledProduct, type SelectionValue, type Specification } from '@c2m/rules/engine';
import type { DatabaseConfig } from '../db/types.js';
import type { TestDatabase } from './databases.js';
import type { ServerOptions } from '../options.js';
import { createServer, type C2mServer } from '../server.js';

export const PRODUCTS_DIR = fileURLToPath(new URL('./products/', import.meta.url));
export const MANUFACTURER_KEY = 'mk_test_0123456789abcdef';

export async function startServer(database: DatabaseConfig, extra: Partial<ServerOptions> = {}): Promise<C2mServer> {
  const server = createServer({
    productsDir: PRODUCTS_DIR,
    database,
    cors: { origins: ['https://shop.example'] },
    manufacturerKeys: [MANUFACTURER_KEY],
    ...extra,
  });
  await server.listen(0, '127.0.0.1');
  return server;
}

/**
 * One server on a fresh database for the enclosing `describe`: started before its tests, closed and
 * its database removed after them. Read `.server` inside tests.
 */
export function serverPerSuite(database: TestDatabase, extra: Partial<ServerOptions> = {}): { readonly server: C2mServer } {
  let server: C2mServer | undefined;
  before(async () => {
    server = await startServer(await database.create(), extra);
  });
  after(async () => {
    await server?.close();
    await database.cleanup();
  });
  return {
    get server() {
      if (!server) throw new Error('the suite server is not started yet');
      return server;
    },
  };
}

const compiled = new Map<string, CompiledProduct>();
/** A test product of ./products, compiled once per process. */
function testProduct(name: 'desk' | 'shirt'): CompiledProduct {
  const known = compiled.get(name);
  if (known) return known;
  const r = compileProduct(JSON.parse(readFileSync(new URL(`./products/${name}.json`, import.meta.url), 'utf8')));
  if (!r.ok) throw new Error(`${name}.json does not compile: ${r.issues.map((i) => i.message).join('; ')}`);
  compiled.set(name, r.product);
  return r.product;
}

/** The test product `desk`, compiled once per process. */
export const deskProduct = (): CompiledProduct => testProduct('desk');

/**
 * A specification of the test product `shirt`, whose `print` text allows any character and whose
 * `logo` is a file: the free text where a shopper can put what a database cannot store.
 */
export function shirtSpecification(print: string, logo?: { name: string; type: string; bytes: number; url?: string }): Specification {
  const session = createSession(testProduct('shirt'), { applyDefaults: true });
  for (const [option, value] of Object.entries({ print, ...(logo ? { logo } : {}) })) {
    const r = session.select(option, value);
    if (!r.ok) throw new Error(`cannot select ${option}: ${r.message}`);
  }
  session.autocomplete();
  return session.toSpecification({ now: new Date(Date.UTC(2026, 10, 25, 10, 0, 0)) });
}

/**
 * The `i`-th of many distinct valid configurations of the desk (the engraving makes each unique),
 * as the specification a shop page would send.
 */
export function deskSpecification(i: number): Specification {
  const session = createSession(deskProduct(), { applyDefaults: true });
  const frame = ['steel', 'aluminium', 'wood'][(i >> 1) % 3];
  const choices: Record<string, SelectionValue> = {
    top: ['oak', 'walnut'][i % 2],
    frame,
    width: 100 + 10 * ((i >> 2) % 11),
    motor: frame !== 'wood' && ((i >> 3) & 1) === 1,
    engraving: `No ${i}`,
  };
  for (const [option, value] of Object.entries(choices)) {
    const r = session.select(option, value);
    if (!r.ok) throw new Error(`cannot select ${option}=${String(value)}: ${r.message}`);
  }
  session.autocomplete();
  return session.toSpecification({ now: new Date(Date.UTC(2026, 10, 25, 10, 0, 0)) });
}

/**
 * Holds the server's database: an open transaction with the idempotency keys locked, so that every
 * submission waits inside the server (PGlite runs one transaction at a time; PostgreSQL waits for
 * the lock). Resolves once the lock is held; `release()` ends the transaction.
 */
export async function holdDatabase(server: C2mServer): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holding = server.database.transaction(async (tx) => {
    await tx.query('LOCK TABLE idempotency_keys IN ACCESS EXCLUSIVE MODE');
    locked();
    await new Promise<void>((resolve) => (release = resolve));
  });
  await Promise.race([isLocked, holding]);
  return {
    release: async () => {
      release();
      await holding;
    },
  };
}

/** An answer read whole: status, headers and the body as text and (when it is JSON) parsed. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: Record<string, unknown>;
}

/**
 * One request on a connection of its own, optionally from another loopback address (`127.0.0.2`),
 * for limits per client address, which `fetch` cannot choose.
 */
export function httpRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.method ?? 'GET',
        headers: { ...(options.body !== undefined ? { 'content-length': Buffer.byteLength(options.body) } : {}), ...options.headers },
        agent: false,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let json: Record<string, unknown> = {};
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            // not JSON: the text says what it is
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POSTs a specification (or any body) and returns status, headers and parsed body. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
