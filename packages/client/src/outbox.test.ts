import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from './client.js';
import { createOutbox, OUTBOX_CHANGE, type OutboxChangeEvent, type Outbox } from './outbox.js';
import { memoryStore, type OutboxEntry, type OutboxStore } from './store.js';
import { fileStore, OutboxFileError } from './node.js';
import { startTestServer, freePort, type TestServer } from './testing/server.js';
import { sampleSpec } from './testing/spec.js';

const dir = mkdtempSync(join(tmpdir(), 'c2m-outbox-'));
const servers: TestServer[] = [];
const outboxes: Outbox[] = [];
after(async () => {
  await Promise.all(outboxes.map((o) => o.close()));
  await Promise.all(servers.map((s) => s.close()));
});

const server = async (port?: number) => {
  const s = await startTestServer(port);
  servers.push(s);
  return s;
};
const client = (url: string) => createClient({ endpoint: url, random: () => 0, timeoutMs: 1000, totalTimeoutMs: 3000, retry: { limit: 2 } });
const outbox = (url: string, store: OutboxStore, extra: Partial<Parameters<typeof createOutbox>[0]> = {}) => {
  const o = createOutbox({ client: client(url), store, random: () => 0, locks: false, ...extra });
  outboxes.push(o);
  return o;
};
const stateChanges = (o: Outbox) => {
  const seen: string[] = [];
  o.addEventListener(OUTBOX_CHANGE, (e: OutboxChangeEvent) => seen.push(`${e.detail.previous ?? 'new'}>${e.detail.entry.state}`));
  return seen;
};
const fileEntries = (path: string): Record<string, OutboxEntry> =>
  (JSON.parse(readFileSync(path, 'utf8')) as { entries: Record<string, OutboxEntry> }).entries;

test('server down: the entry is on disk before any attempt, survives a restart, and is delivered once the server is back', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const path = join(dir, 'restart', 'outbox.json');

  const first = outbox(url, fileStore(path));
  const seen = stateChanges(first);
  const id = await first.enqueue(sampleSpec());
  // Persisted before the first network attempt: the file already holds it.
  const onDisk = fileEntries(path)[id]!;
  assert.ok(onDisk, 'entry written by enqueue');
  assert.match(onDisk.idempotencyKey, /^[A-Za-z0-9_-]{16,128}$/);
  await first.flush();
  const failed = (await first.get(id))!;
  assert.equal(failed.state, 'pending');
  assert.equal(failed.error?.name, 'NetworkError');
  assert.ok(failed.attempts >= 1);
  assert.deepEqual(seen.slice(0, 3), ['new>pending', 'pending>delivering', 'delivering>pending']);
  await first.close(); // the "process" stops

  const s = await server(port);
  const second = outbox(url, fileStore(path));
  await second.ready; // start-up delivers what is due
  await second.flush();
  const done = (await second.get(id))!;
  assert.equal(done.state, 'delivered');
  assert.equal(done.idempotencyKey, onDisk.idempotencyKey);
  assert.equal(done.receipt?.status, 'received');
  assert.equal(s.orders.size, 1);
  assert.equal(s.requests.filter((r) => r.method === 'POST').length, 1);
  assert.equal(s.requests[0]!.headers['idempotency-key'], onDisk.idempotencyKey);

  // A third start never sends a delivered entry again.
  const third = outbox(url, fileStore(path));
  await third.ready;
  await third.flush();
  assert.equal(s.requests.length, 1);
  // Atomic writes leave no temporary files behind.
  assert.deepEqual(readdirSync(join(dir, 'restart')), ['outbox.json']);
});

test('enqueue of an equal specification returns the same entry: a double click orders once', async () => {
  const s = await server();
  const store = memoryStore();
  const o = outbox(s.url, store);
  const other = outbox(s.url, store); // a second tab on the same store
  const ids = await Promise.all([o.enqueue(sampleSpec(7)), o.enqueue(sampleSpec(7)), other.enqueue(sampleSpec(7))]);
  assert.equal(new Set(ids).size, 1);
  assert.equal((await store.list()).length, 1);
  await o.settled(ids[0]!);
  assert.equal(await o.enqueue(sampleSpec(7)), ids[0], 'also once delivered');
  await o.flush();
  await other.flush();
  assert.equal(s.orders.size, 1);
  assert.equal(s.requests.length, 1);
  assert.notEqual(await o.enqueue(sampleSpec(8)), ids[0], 'another specification is another entry');
});

test('two outboxes on one store (two tabs without Web Locks): the lease lets only one deliver', async () => {
  const s = await server();
  s.plan.push({ kind: 'delay', ms: 200 });
  const store = memoryStore();
  const tabA = outbox(s.url, store, { auto: false });
  const tabB = outbox(s.url, store, { auto: false });
  const id = await tabA.enqueue(sampleSpec(11));
  await Promise.all([tabA.flush(), tabB.flush(), tabA.flush(), tabB.flush()]);
  assert.equal(s.requests.length, 1);
  assert.equal(s.orders.size, 1);
  assert.equal((await store.get(id))!.state, 'delivered');
});

test('a sender that died mid-delivery: once its lease ends, the entry is sent again with the same key and the server replays', async () => {
  const s = await server();
  const store = memoryStore();
  const a = outbox(s.url, store, { auto: false, leaseMs: 150 });
  const id = await a.enqueue(sampleSpec(12));
  const entry = (await store.get(id))!;
  // The first sender reached the server, then vanished before writing the outcome.
  await client(s.url).submit(entry.spec, { idempotencyKey: entry.idempotencyKey });
  await store.update(id, (e) => ({ ...e!, state: 'delivering', lease: { owner: 'dead-tab', until: Date.now() + 150 } }));
  const b = outbox(s.url, store, { auto: false });
  await b.flush();
  assert.equal((await store.get(id))!.state, 'delivering', 'a live lease is respected');
  await new Promise((r) => setTimeout(r, 200));
  await b.flush();
  const done = (await store.get(id))!;
  assert.equal(done.state, 'delivered');
  assert.equal(done.receipt?.replayed, true);
  assert.equal(s.orders.size, 1);
});

test('422 is definitive: failed, kept with the problem; settled() resolves; retry() reuses the key', async () => {
  const s = await server();
  s.reject = { path: '/selections/top', code: 'constraint', constraint: 'glass-needs-steel', message: 'A glass top needs steel legs.' };
  const o = outbox(s.url, memoryStore());
  const seen = stateChanges(o);
  const id = await o.enqueue(sampleSpec(13));
  const e = await o.settled(id);
  assert.equal(e.state, 'failed');
  assert.equal(e.error?.status, 422);
  assert.equal(e.error?.problem?.errors?.[0]?.constraint, 'glass-needs-steel');
  assert.deepEqual(seen, ['new>pending', 'pending>delivering', 'delivering>failed']);
  assert.equal(s.requests.length, 1);

  s.reject = undefined;
  await o.retry(id);
  const ok = (await o.get(id))!;
  assert.equal(ok.state, 'delivered');
  assert.equal(s.requests[1]!.headers['idempotency-key'], e.idempotencyKey);
});

test('transient failures back off and are retried automatically', async () => {
  const s = await server();
  for (let i = 0; i < 4; i++) s.plan.push({ kind: 'status', status: 503 });
  const o = outbox(s.url, memoryStore(), { retry: { baseDelayMs: 50, maxDelayMs: 50 }, random: () => 1 });
  const id = await o.enqueue(sampleSpec(14));
  const t0 = Date.now();
  const e = await o.settled(id);
  assert.equal(e.state, 'delivered');
  assert.ok(e.attempts >= 1);
  assert.ok(Date.now() - t0 < 2000);
  assert.equal(s.orders.size, 1);
});

test('maxAttempts turns a lasting transient failure into failed', async () => {
  const port = await freePort();
  const o = outbox(`http://127.0.0.1:${port}`, memoryStore(), { retry: { baseDelayMs: 10, maxAttempts: 2 } });
  const id = await o.enqueue(sampleSpec(15));
  const e = await o.settled(id);
  assert.equal(e.state, 'failed');
  assert.equal(e.attempts, 2);
  assert.equal(e.error?.name, 'NetworkError');
});

test('remove() refuses an entry being delivered; settled() of an unknown id is a precise error', async () => {
  const s = await server();
  s.plan.push({ kind: 'delay', ms: 300 });
  const o = outbox(s.url, memoryStore());
  const id = await o.enqueue(sampleSpec(16));
  await new Promise((r) => setTimeout(r, 50));
  await assert.rejects(o.remove(id), /being delivered/);
  await o.settled(id);
  await o.remove(id);
  assert.equal(await o.get(id), undefined);
  await assert.rejects(o.settled('nope'), /no outbox entry "nope"/);
});

test('fileStore: a corrupt file is a precise OutboxFileError, not a crash', async () => {
  const path = join(dir, 'corrupt.json');
  writeFileSync(path, '{"version": 1, "entries": ');
  await assert.rejects(fileStore(path).list(), (e: unknown) => e instanceof OutboxFileError && /not valid JSON/.test(e.message));
  writeFileSync(path, '[1,2]');
  await assert.rejects(fileStore(path).list(), /not a c2m outbox file/);
  const o = outbox('http://127.0.0.1:9', fileStore(path), { auto: false });
  await assert.rejects(o.enqueue(sampleSpec()), OutboxFileError);
});

test('fileStore: concurrent updates are serialized (no lost writes)', async () => {
  const path = join(dir, 'concurrent.json');
  const store = fileStore(path);
  const now = Date.now();
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      store.update(`e${i}`, () => ({ id: `e${i}`, idempotencyKey: `key-${i}`.padEnd(16, '0'), spec: sampleSpec(i), state: 'pending', attempts: 0, createdAt: now, updatedAt: now, nextAttemptAt: now })),
    ),
  );
  assert.equal((await fileStore(path).list()).length, 20);
});

test('409 request-in-progress is transient for the outbox: kept pending, retried after Retry-After', async () => {
  const s = await server();
  s.plan.push({ kind: 'status', status: 409, retryAfter: '1', body: JSON.stringify({ type: 'urn:c2m:problem:request-in-progress', title: 'In progress', status: 409 }) });
  const o = outbox(s.url, memoryStore(), { auto: false });
  const id = await o.enqueue(sampleSpec(17));
  const t0 = Date.now();
  await o.flush();
  const e = (await o.get(id))!;
  assert.equal(e.state, 'pending');
  assert.equal(e.error?.problem?.type, 'urn:c2m:problem:request-in-progress');
  assert.ok(e.nextAttemptAt >= t0 + 950, 'waits for Retry-After');
  await o.flush();
  assert.equal((await o.get(id))!.state, 'delivered');
  assert.equal(s.orders.size, 1);
});

test('enqueue refuses what is not a specification with a precise error', async () => {
  const o = outbox('http://127.0.0.1:9', memoryStore(), { auto: false });
  // @ts-expect-error: bad input on purpose
  await assert.rejects(o.enqueue(null), /expects a Specification object, got null/);
  // @ts-expect-error: bad input on purpose
  await assert.rejects(o.enqueue('order'), /got string/);
  assert.deepEqual(await o.entries(), []);
});
