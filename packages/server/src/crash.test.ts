/**
 * Crash safety: the server runs as a child process (on the embedded database, and on PostgreSQL
 * when there is one); while clients submit, it is killed with SIGKILL and started again on the same
 * data. Once the clients' retries have finished, every specification is stored exactly once.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createClient, type Receipt } from '@c2m/client';
import { openDatabase } from './db/open.js';
import { testDatabases } from './testing/databases.js';
import type { DatabaseConfig } from './db/types.js';
import { freePort } from './testing/pg-cluster.js';
import { PRODUCTS_DIR, deskSpecification } from './testing/harness.js';
import { seededRandom } from '@c2m/rules/testing';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const SUBMISSIONS = 150;

/** The environment that makes `c2m-server` use this database. */
function databaseEnv(config: DatabaseConfig): Record<string, string> {
  if ('dataDir' in config) return { DATA_DIR: config.dataDir, DATABASE_URL: '' };
  return { DATABASE_URL: config.url, DATABASE_SCHEMA: config.schema ?? '' };
}

function start(port: number, config: DatabaseConfig): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PRODUCTS_DIR, ...databaseEnv(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time: ${err}`)), 60_000);
    let out = '';
    child.stdout!.on('data', (c) => {
      out += c;
      if (out.includes('"msg":"listening"')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${err}`));
    });
  });
}

for (const database of testDatabases()) describe(`crash: SIGKILL mid-run and restart (${database.name})`, () => {
  let child: ChildProcess | undefined;
  after(async () => {
    child?.kill('SIGKILL');
    await database.cleanup();
  });

  test(`${SUBMISSIONS} submissions survive a kill -9`, { timeout: 180_000 }, async (t) => {
    const config = await database.create();
    const port = await freePort();
    child = await start(port, config);
    const client = createClient({
      endpoint: `http://127.0.0.1:${port}`,
      timeoutMs: 2_000,
      totalTimeoutMs: 120_000,
      retry: { limit: 200, baseDelayMs: 50, maxDelayMs: 300 },
      random: seededRandom(3),
    });
    const specs = Array.from({ length: SUBMISSIONS }, (_, i) => deskSpecification(5000 + i));
    const receipts: Receipt[] = [];
    const failures: string[] = [];
    let next = 0;
    let done = 0;
    const killAt = Math.floor(SUBMISSIONS / 3);
    let killed: Promise<void> | undefined;
    let inFlightAtKill = 0;
    const workers = Array.from({ length: 8 }, async () => {
      while (next < SUBMISSIONS) {
        const i = next++;
        try {
          receipts[i] = await client.submit(specs[i], { idempotencyKey: `crash-test-${String(i).padStart(10, '0')}` });
        } catch (e) {
          failures.push(`#${i}: ${(e as Error).message}`);
        }
        if (++done === killAt) {
          inFlightAtKill = Math.min(next, SUBMISSIONS) - done;
          // Killed with requests in flight; restarted on the same data directory while clients retry.
          killed = (async () => {
            const dying = child!;
            const exited = new Promise((r) => dying.once('exit', r));
            dying.kill('SIGKILL');
            await exited;
            child = await start(port, config);
          })();
        }
      }
    });
    await Promise.all(workers);
    await killed;
    assert.ok(killed, 'the server was killed mid-run');
    assert.ok(inFlightAtKill > 0, `submissions were in flight when it was killed (${inFlightAtKill})`);
    t.diagnostic(`killed with ${inFlightAtKill} submissions in flight; ${receipts.filter((r) => r.replayed).length} answers were replays`);
    assert.deepEqual(failures, []);
    assert.equal(new Set(receipts.map((r) => r.id)).size, SUBMISSIONS);

    const stopping = child!;
    const exited = new Promise((r) => stopping.once('exit', r));
    stopping.kill('SIGTERM');
    await exited;
    child = undefined;
    const db = await openDatabase(config);
    try {
      const n = await db.query<{ n: number; keys: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT k.key)::int AS keys FROM specifications s JOIN idempotency_keys k ON k.specification_id = s.id',
      );
      assert.deepEqual(n.rows[0], { n: SUBMISSIONS, keys: SUBMISSIONS });
      const all = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM specifications');
      assert.equal(all.rows[0].n, SUBMISSIONS, 'nothing lost, nothing duplicated');
      const stored = await db.query<{ id: string }>('SELECT id FROM specifications');
      const storedIds = new Set(stored.rows.map((r) => r.id));
      assert.ok(receipts.every((r) => storedIds.has(r.id)), 'every receipt names a stored specification');
    } finally {
      await db.close();
    }
  });
});
