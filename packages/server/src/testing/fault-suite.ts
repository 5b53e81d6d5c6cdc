/**
 * Exactly-once over a bad network: ≥ 500 submissions through a proxy that resets connections,
 * answers 500/503/429 itself, holds answers past the client's timeout and drops answers after the
 * server committed. The real client retries with the same Idempotency-Key; every specification
 * must end up stored exactly once, none lost. One test file per database (fault.*.test.ts) so that
 * the two runs go in parallel.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, type Receipt } from '@c2m/client';
import type { Specification } from '@c2m/rules';
import { canonicalJson } from '@c2m/rules';
import type { C2mServer } from '../server.js';
import type { TestDatabase } from './databases.js';
import { seededRandom } from '@c2m/rules/testing';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { deskSpecification, startServer } from './harness.js';

const SUBMISSIONS = 520;
const CONCURRENCY = 24;
// What an attempt may take before the client gives it up: the proxy holds some answers past it (a
// fault). A loaded machine can make a normal answer take as long; the client then retries it like a
// fault, which the test allows: it asks for a receipt for every submission, however many attempts
// that takes, not for a number of attempts or a time.
const CLIENT_TIMEOUT_MS = 5_000;

/** Registers the fault suite for one database. */
export function faultSuite(database: TestDatabase): void {
  describe(`exactly once through a faulty network (${database.name})`, () => {
    let server: C2mServer;
    let proxy: FaultProxy;
    before(async () => {
      server = await startServer(await database.create());
      proxy = await startFaultProxy({
        upstream: server.url,
        seed: 20261125,
        delayMs: CLIENT_TIMEOUT_MS + 500,
        weights: {
          pass: 50,
          'reset-before': 8,
          'error-500': 8,
          'error-503': 8,
          'rate-limit-429': 4,
          'delay-past-timeout': 6,
          'drop-after-commit': 10,
          'cut-mid-response': 6,
        },
      });
    });
    after(async () => {
      await proxy?.close();
      await server?.close();
      await database.cleanup();
    });

    // A bound so that a regression fails instead of hanging, far above the ~30 s it takes: a loaded
    // CI machine (other suites and CPU-heavy work in parallel) took 7 minutes.
    test(`${SUBMISSIONS} submissions: each stored exactly once, none lost`, { timeout: 1_080_000 }, async () => {
      const client = createClient({
        endpoint: proxy.url,
        timeoutMs: CLIENT_TIMEOUT_MS,
        // No limit of its own: a regression that never delivers fails by the test's timeout.
        totalTimeoutMs: Number.MAX_SAFE_INTEGER,
        retry: { limit: Number.MAX_SAFE_INTEGER, baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 2_000 },
        random: seededRandom(7),
      });
      const specs: Specification[] = Array.from({ length: SUBMISSIONS }, (_, i) => deskSpecification(1000 + i));
      const keys = specs.map((_, i) => `fault-test-${String(i).padStart(10, '0')}`);
      const receipts: Receipt[] = new Array(SUBMISSIONS);
      const failures: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < SUBMISSIONS) {
            const i = next++;
            try {
              receipts[i] = await client.submit(specs[i], { idempotencyKey: keys[i] });
            } catch (e) {
              failures.push(`#${i}: ${(e as Error).message}`);
            }
          }
        }),
      );
      assert.deepEqual(failures, [], 'every submission got a receipt');

      // Every kind of fault really happened.
      for (const [fault, count] of Object.entries(proxy.counts)) assert.ok(count > 0, `fault ${fault} was injected (${count})`);
      assert.ok(receipts.some((r) => r.replayed), 'some answers were replays of committed submissions');

      // Exactly once: one row per submission, each the submitted specification, under its own key.
      const ids = new Set(receipts.map((r) => r.id));
      assert.equal(ids.size, SUBMISSIONS, 'one distinct specification per submission');
      const db = server.database;
      const total = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM specifications');
      assert.equal(total.rows[0].n, SUBMISSIONS, 'no duplicates stored');
      const rows = await db.query<{ id: string; key: string; body: unknown }>(
        'SELECT s.id, k.key, s.body FROM specifications s JOIN idempotency_keys k ON k.specification_id = s.id',
      );
      assert.equal(rows.rows.length, SUBMISSIONS);
      const byKey = new Map(rows.rows.map((r) => [r.key, r]));
      keys.forEach((key, i) => {
        const row = byKey.get(key);
        assert.ok(row, `submission #${i} is stored`);
        assert.equal(row.id, receipts[i].id, `submission #${i}: the receipt names the stored row`);
        assert.equal(canonicalJson(row.body), canonicalJson(specs[i]), `submission #${i}: stored as sent`);
      });
    });
  });
}
