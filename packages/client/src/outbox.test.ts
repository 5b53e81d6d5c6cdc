import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from './client.js';
import { createOutbox, OUTBOX_CHANGE, OUTBOX_STILL_FAILING, type OutboxChangeEvent, type Outbox } from './outbox.js';
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
/** The entries as the file on disk holds them: the snapshot line, then every whole journal line. */
function fileEntries(path: string): Record<string, OutboxEntry> {
  const [head, ...lines] = readFileSync(path, 'utf8').split('\n');
  const out: Record<string, OutboxEntry> = {};
  for (const e of (JSON.parse(head!) as { entries: OutboxEntry[] }).entries) out[e.id] = e;
  for (const line of lines.slice(0, -1)) {
    const r = JSON.parse(line) as { id: string; put?: OutboxEntry };
    if (r.put) out[r.id] = r.put;
    else delete out[r.id];
  }
  return out;
}

/** Runs a script in its own Node process (with tsx), as a program using the outbox would run. */
function node(script: string, args: string[] = []) {
  const file = join(dir, `script-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(file, script);
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exit };
}
const src = (name: string) => JSON.stringify(fileURLToPath(new URL(`./${name}`, import.meta.url)));

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
  // Writes leave no temporary files behind (the lock file says which process holds the outbox).
  assert.deepEqual(readdirSync(join(dir, 'restart')).sort(), ['outbox.json', 'outbox.json.lock']);
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
  const a = outbox(s.url, store, { auto: false });
  const id = await a.enqueue(sampleSpec(12));
  const entry = (await store.get(id))!;
  // The first sender reached the server, then vanished before writing the outcome.
  await client(s.url).submit(entry.spec, { idempotencyKey: entry.idempotencyKey });
  await store.update(id, (e) => ({ ...e!, state: 'delivering', lease: { owner: 'dead-tab', until: Date.now() + 60_000 } }));
  const b = outbox(s.url, store, { auto: false });
  await b.flush();
  assert.equal((await store.get(id))!.state, 'delivering', 'a live lease is respected');
  // Time passes: the lease runs out (written as ended rather than waited for).
  await store.update(id, (e) => ({ ...e!, lease: { owner: 'dead-tab', until: Date.now() - 1 } }));
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
  const e = await o.settled(id);
  assert.equal(e.state, 'delivered');
  assert.ok(e.attempts >= 1);
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
  let release!: () => void;
  s.plan.push({ kind: 'hold', until: new Promise<void>((r) => (release = r)) });
  const o = outbox(s.url, memoryStore());
  const id = await o.enqueue(sampleSpec(16));
  await s.received(1); // the delivery is in flight
  await assert.rejects(o.remove(id), /being delivered/);
  release();
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
  assert.equal(Object.keys(fileEntries(path)).length, 20, 'every update is on disk');
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

test('each entry has its own timer: a slow delivery does not hold back another entry that becomes due meanwhile', async () => {
  const s = await server();
  const store = memoryStore();
  const setup = outbox(s.url, store, { auto: false });
  const slow = await setup.enqueue(sampleSpec(21));
  const later = await setup.enqueue(sampleSpec(22));
  // At start-up only `slow` is due; `later` becomes due a moment after, while `slow` is still in flight.
  await store.update(later, (e) => ({ ...e!, nextAttemptAt: Date.now() + 50 }));
  let release!: () => void;
  s.plan.push({ kind: 'hold', until: new Promise<void>((r) => (release = r)) });
  const o = outbox(s.url, store);
  const delivered = await o.settled(later);
  const slowMeanwhile = (await store.get(slow))!.state;
  release();
  assert.equal(delivered.state, 'delivered');
  assert.equal(slowMeanwhile, 'delivering', 'the other entry was delivered while the slow one was still in flight');
  assert.equal((await o.settled(slow)).state, 'delivered');
  assert.equal(s.orders.size, 2);
});

test('Node: `await outbox.settled(id)` at the end of a script waits through the backoff for the outcome', async () => {
  const s = await server();
  s.plan.push({ kind: 'status', status: 503 });
  const { exit } = node(
    `import { createClient, createOutbox, memoryStore } from ${src('index.js')};
import { sampleSpec } from ${src('testing/spec.js')};
const outbox = createOutbox({
  client: createClient({ endpoint: process.argv[2], retry: false }),
  store: memoryStore(),
  retry: { baseDelayMs: 50, maxDelayMs: 50 },
});
const id = await outbox.enqueue(sampleSpec(23));
const entry = await outbox.settled(id);
console.log(entry.state, entry.attempts);
`,
    [s.url],
  );
  const r = await exit;
  assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
  assert.equal(r.stdout.trim(), 'delivered 1');
  assert.equal(s.orders.size, 1);
});

test('a crashed process: its file is taken over at the next start, its delivery in flight is resumed at once, its temp files are removed', async () => {
  const s = await server();
  s.plan.push({ kind: 'hang' });
  const folder = join(dir, 'crash');
  const path = join(folder, 'outbox.json');
  const { child, exit } = node(
    `import { createClient, createOutbox } from ${src('index.js')};
import { fileStore } from ${src('node.js')};
import { sampleSpec } from ${src('testing/spec.js')};
const outbox = createOutbox({ client: createClient({ endpoint: process.argv[2] }), store: fileStore(process.argv[3]) });
await outbox.enqueue(sampleSpec(24));
await outbox.settled((await outbox.entries())[0].id);
`,
    [s.url, path],
  );
  await s.received(1); // the child is delivering
  // One process per file: while the child lives, this process may not use the file.
  const refused = fileStore(path);
  await assert.rejects(refused.list(), (e: unknown) => e instanceof OutboxFileError && e.message.includes(`in use by process ${child.pid}`));
  await refused.close();
  const [inFlight] = Object.values(fileEntries(path));
  assert.equal(inFlight!.state, 'delivering');
  assert.ok(inFlight!.lease!.until - inFlight!.updatedAt > 60_000, 'the dead process leased it for two minutes');
  child.kill('SIGKILL');
  assert.equal((await exit).signal, 'SIGKILL');
  // A compaction cut short by the kill would leave this behind.
  writeFileSync(`${path}.${child.pid}.7.tmp`, '{"c2mOutbox":2,"entries":[');

  const store = fileStore(path);
  const o = outbox(s.url, store);
  await o.ready; // the start-up round
  const after = (await o.get(inFlight!.id))!;
  assert.equal(after.state, 'delivered', 'taken over at start-up, not after the lease');
  assert.equal(after.idempotencyKey, inFlight!.idempotencyKey);
  assert.equal(s.orders.size, 1);
  assert.ok(!existsSync(`${path}.${child.pid}.7.tmp`), 'leftover temp file removed');
  await o.close();
  await store.close();
  assert.ok(!existsSync(`${path}.lock`), 'closing the last store releases the lock');
});

test('a network error keeps its cause; an entry that keeps failing is reported by an event (default: after 5 rounds)', async () => {
  const port = await freePort();
  // maxAttempts above the default warning threshold, so that a missing event fails the test instead of hanging it.
  const o = outbox(`http://127.0.0.1:${port}`, memoryStore(), { retry: { maxAttempts: 7 } });
  const warned: OutboxEntry[] = [];
  const stillFailing = new Promise<OutboxEntry>((resolve) =>
    o.addEventListener(OUTBOX_STILL_FAILING, (e) => {
      warned.push(e.detail.entry);
      resolve(e.detail.entry);
    }),
  );
  const id = await o.enqueue(sampleSpec(25));
  const e = await Promise.race([stillFailing, o.settled(id).then(() => assert.fail('the entry failed for good without a still-failing event'))]);
  assert.equal(e.id, id);
  assert.equal(e.state, 'pending');
  assert.equal(e.attempts, 5);
  assert.equal(e.error?.name, 'NetworkError');
  assert.equal(e.error?.code, 'ECONNREFUSED');
  assert.match(e.error?.message ?? '', new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${port}`));
  assert.equal(warned.length, 1, 'once per 5 rounds');
  await o.close();
});

test('fileStore: a change appends one line (the file is not rewritten); the journal is compacted as it grows', async () => {
  const path = join(dir, 'journal', 'outbox.json');
  const store = fileStore(path);
  const o = outbox('http://127.0.0.1:9', store, { auto: false });
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push(await o.enqueue(sampleSpec(100 + i)));
  const before = readFileSync(path, 'utf8');
  await o.enqueue(sampleSpec(200));
  const after = readFileSync(path, 'utf8');
  assert.ok(after.startsWith(before), 'the change was appended');
  assert.equal(after.slice(before.length).split('\n').length, 2, 'as one line');
  // Many changes of one entry: compaction keeps the file near the size of its entries.
  for (let i = 0; i < 300; i++) await store.update(ids[0]!, (e) => ({ ...e!, attempts: i }));
  const entrySize = after.length / 21;
  assert.ok(statSync(path).size < 100 * entrySize, `${statSync(path).size} bytes`);
  assert.equal(fileEntries(path)[ids[0]!]!.attempts, 299);
  assert.equal(Object.keys(fileEntries(path)).length, 21);
  assert.ok(!readdirSync(join(dir, 'journal')).some((n) => n.endsWith('.tmp')));
  await store.close();
});

test('fileStore: a torn last line (a crash in the middle of an append) is ignored; a broken line before it is a precise error', async () => {
  const path = join(dir, 'torn.json');
  const first = fileStore(path);
  const now = Date.now();
  const entry = (n: number): OutboxEntry => ({ id: `e${n}`, idempotencyKey: `key-${n}`.padEnd(16, '0'), spec: sampleSpec(n), state: 'pending', attempts: 0, createdAt: now, updatedAt: now, nextAttemptAt: now });
  await first.update('e1', () => entry(1));
  await first.close();
  appendFileSync(path, '{"id":"e2","put":{"id":"e2","idem');
  const second = fileStore(path);
  assert.deepEqual((await second.list()).map((e) => e.id), ['e1']);
  await second.update('e3', () => entry(3));
  await second.close();
  assert.deepEqual(Object.keys(fileEntries(path)), ['e1', 'e3'], 'the torn line was cut off before the next append');

  appendFileSync(path, 'garbage\n{"id":"e4","delete":true}\n');
  await assert.rejects(fileStore(path).list(), (e: unknown) => e instanceof OutboxFileError && /torn\.json:4 is not a journal line/.test(e.message));
});

test('fileStore: reads a file of the first format (one JSON document) and goes on in the journal format', async () => {
  const path = join(dir, 'v1.json');
  const now = Date.now();
  const e1: OutboxEntry = { id: 'old', idempotencyKey: 'key-old-00000000', spec: sampleSpec(1), state: 'pending', attempts: 2, createdAt: now, updatedAt: now, nextAttemptAt: now };
  writeFileSync(path, JSON.stringify({ version: 1, entries: { old: e1 } }));
  const store = fileStore(path);
  assert.deepEqual(await store.list(), [e1]);
  await store.close();
  assert.deepEqual(fileEntries(path), { old: e1 });
});
