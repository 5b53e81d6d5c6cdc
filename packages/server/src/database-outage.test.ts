/**
 * A database outage: the link between the server and a real PostgreSQL is cut while the server
 * runs. Requests then get 503 with Retry-After (the client retries them with the same key), nothing
 * half-written is left, and everything works again once the link is back.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createNetServer, connect, type Server, type Socket } from 'node:net';
import { createClient } from '@c2m/client';
import type { LogEntry } from './options.js';
import type { C2mServer } from './server.js';
import { testDatabase } from './testing/databases.js';
import { deskSpecification, post, startServer } from './testing/harness.js';
import { freePort } from './testing/pg-cluster.js';

/** A TCP link to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored. */
class Link {
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    readonly target: { host: string; port: number },
  ) {}

  async open(): Promise<void> {
    const server = createNetServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.port, '127.0.0.1', () => resolve()));
    this.#server = server;
  }

  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const database = testDatabase('postgres');

if (!database) test('database outage (postgres)', { skip: 'C2M_TEST_DATABASE_URL is not set' }, () => {});
else describe('database outage (postgres)', () => {
  let link: Link;
  let server: C2mServer;
  const log: LogEntry[] = [];
  let watch: (e: LogEntry) => void = () => {};
  before(async () => {
    const config = await database.create();
    if (!('url' in config)) throw new Error('expected a PostgreSQL configuration');
    const url = new URL(config.url);
    link = new Link(await freePort(), { host: url.hostname, port: Number(url.port || 5432) });
    await link.open();
    url.hostname = '127.0.0.1';
    url.port = String(link.port);
    server = await startServer({ ...config, url: url.toString() }, {
      log: (e) => {
        log.push(e);
        watch(e);
      },
    });
  });
  after(async () => {
    await server?.close();
    await link?.cut();
    await database.cleanup();
  });

  const key = (n: number) => `outage-test-${String(n).padStart(8, '0')}`;
  const stored = async () => (await server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM specifications')).rows[0]!.n;

  test('503 with Retry-After while the database is away; the same key succeeds once it is back', async () => {
    assert.equal((await post(`${server.url}/specifications`, deskSpecification(1), { 'idempotency-key': key(1) })).status, 201);

    await link.cut();
    const during = await post(`${server.url}/specifications`, deskSpecification(2), { 'idempotency-key': key(2) });
    assert.equal(during.status, 503);
    assert.equal(during.headers.get('retry-after'), '1');
    assert.equal(during.json.type, 'urn:c2m:problem:unavailable');
    assert.match(String(during.json.detail), /database is unavailable/);
    // Reads say the same.
    assert.equal((await fetch(`${server.url}/specifications/spc_doesnotexist`)).status, 503);

    // The health check says so too, with the reason.
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 503);
    assert.match(String(((await health.json()) as { database: string }).database), /the database is unavailable/);

    // A client submitting now retries until the database is back, then gets its receipt.
    const client = createClient({ endpoint: server.url, timeoutMs: 2_000, totalTimeoutMs: 60_000, retry: { limit: 200, baseDelayMs: 50, maxDelayMs: 200, maxRetryAfterMs: 2_000 } });
    const refusedBefore = log.filter((e) => e.msg === 'database unavailable').length;
    let refusedOnce!: () => void;
    const clientRefused = new Promise<void>((resolve) => (refusedOnce = resolve));
    watch = (e) => {
      if (e.msg === 'database unavailable' && e.path === '/specifications') refusedOnce();
    };
    const pending = client.submit(deskSpecification(3), { idempotencyKey: key(3) });
    pending.catch(() => {}); // awaited below; an early failure must fail the test, not escape it
    // The link comes back only once the client has been refused at least once.
    await clientRefused;
    await link.open();
    const receipt = await pending;
    assert.equal(receipt.status, 'received');
    const refused = log.filter((e) => e.msg === 'database unavailable').length - refusedBefore;
    assert.ok(refused >= 1, `the client was refused while the link was cut, and retried (${refused} refusals)`);
    assert.ok(!log.some((e) => e.level === 'error' && e.msg !== 'database failing: answering 503 until it recovers'), 'no request failed as a bug');
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'healthy again');

    // The refused request left nothing behind: its key is free, and it now creates its order.
    assert.equal((await post(`${server.url}/specifications`, deskSpecification(2), { 'idempotency-key': key(2) })).status, 201);
    assert.equal(await stored(), 3);
  });
});
