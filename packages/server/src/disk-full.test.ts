/**
 * A full or failing disk under the embedded database. The server runs as `c2m-server` in a child
 * process whose writes under the data directory fail with ENOSPC on the test's word (see
 * testing/disk-full.ts). Before, the first failed write left PGlite spinning: nothing answered,
 * not even /healthz, not even after space was freed. Now: 503 with Retry-After for what cannot be
 * written, reads still answered, /healthz 503 while no write succeeds, a clear log line, and
 * everything works again once there is space, in the same process, each order stored once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createClient } from '@c2m/client';
import { testDatabase } from './testing/databases.js';
import { freePort } from './testing/pg-cluster.js';
import { PRODUCTS_DIR, deskSpecification, post } from './testing/harness.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const INJECT = fileURLToPath(new URL('./testing/disk-full.ts', import.meta.url));
const database = testDatabase('pglite')!;

test('disk full, then failing, under PGlite: 503 and recovery in the same process', { timeout: 180_000 }, async (t) => {
  const config = await database.create();
  if (!('dataDir' in config)) throw new Error('expected a PGlite data directory');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--import', INJECT, MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      PRODUCTS_DIR,
      DATA_DIR: config.dataDir,
      DATABASE_URL: '',
      MAX_BODY_BYTES: String(2 * 1024 * 1024),
      C2M_TEST_DISK_FULL_DIR: config.dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const log: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  let buffered = '';
  let listening!: () => void;
  const started = new Promise<void>((resolve) => (listening = resolve));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const entry = JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>;
      buffered = buffered.slice(nl + 1);
      log.push(entry);
      if (entry.msg === 'listening') listening();
    }
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`c2m-server exited with ${code}: ${stderr}`))));
  const disk = (state: 'full' | 'failing' | 'fine') =>
    Promise.race([
      exited,
      new Promise<void>((resolve) => {
        const ack = (m: unknown) => {
          if ((m as { disk?: unknown }).disk === state) {
            child.off('message', ack);
            resolve();
          }
        };
        child.on('message', ack);
        child.send({ disk: state });
      }),
    ]);
  const key = (n: number) => `disk-full-${String(n).padStart(10, '0')}`;
  const health = async () => {
    const r = await fetch(`${url}/healthz`);
    return { status: r.status, body: (await r.json()) as { ok: boolean; database?: string } };
  };

  try {
    await Promise.race([started, exited]);
    const first = await post(`${url}/specifications`, deskSpecification(1), { 'idempotency-key': key(1) });
    assert.equal(first.status, 201);

    // Full: an order with a large snapshot needs new space.
    await disk('full');
    const large = { ...deskSpecification(2), snapshot: { type: 'image/png' as const, data: randomBytes(600_000).toString('base64') } };
    const refused = await post(`${url}/specifications`, large, { 'idempotency-key': key(2) });
    assert.equal(refused.status, 503, JSON.stringify(refused.json));
    assert.equal(refused.json.type, 'urn:c2m:problem:unavailable');
    assert.ok(refused.headers.get('retry-after'));
    // Before, this read never got an answer: the process spun.
    const read = await fetch(`${url}/specifications/${first.json.id}`);
    assert.equal(read.status, 200);
    const full = await health();
    assert.equal(full.status, 503);
    assert.match(String(full.body.database), /cannot write: .*No space left on device/);
    assert.ok(
      log.some((e) => e.level === 'error' && e.msg === 'database failing: answering 503 until it recovers' && /No space left on device/.test(String(e.reason))),
      JSON.stringify(log),
    );

    await disk('fine');
    assert.equal((await health()).status, 200, 'space is back: healthy again, without a restart');
    assert.equal((await post(`${url}/specifications`, large, { 'idempotency-key': key(2) })).status, 201);

    // Failing: even the write-ahead log cannot be written; the database is opened again once it can.
    await disk('failing');
    const small = deskSpecification(3);
    assert.equal((await post(`${url}/specifications`, small, { 'idempotency-key': key(3) })).status, 503);
    assert.equal((await post(`${url}/specifications`, small, { 'idempotency-key': key(3) })).status, 503);
    assert.equal((await health()).status, 503);
    await disk('fine');
    // A shop's client retrying with the same key gets its receipt once the database is back.
    const client = createClient({ endpoint: url, timeoutMs: 10_000, totalTimeoutMs: 120_000, retry: { limit: 100, baseDelayMs: 50, maxDelayMs: 500, maxRetryAfterMs: 1_000 } });
    const receipt = await client.submit(small, { idempotencyKey: key(3) });
    assert.equal(receipt.status, 'received');
    assert.equal((await health()).status, 200);
    const again = await post(`${url}/specifications`, small, { 'idempotency-key': key(3) });
    assert.equal(again.status, 200, 'stored once: a replay');
    assert.equal((await fetch(`${url}/specifications/${first.json.id}`)).status, 200, 'what was stored before is still there');
    assert.ok(log.some((e) => e.msg === 'database recovered'));
    t.diagnostic(`log: ${log.filter((e) => e.level !== 'info').map((e) => e.msg).join(' | ')}`);
  } catch (err) {
    console.error(JSON.stringify(log, null, 1).slice(0, 6000));
    throw err;
  } finally {
    child.kill('SIGKILL');
    await database.cleanup();
  }
});
