/**
 * Driving a test page that exposes an outbox on `window` (`outbox`, `outboxLog`, `outboxDb`), from
 * Node through playwright-core: shared by the client's and the server's browser tests.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Outbox } from '../outbox.js';
import type { OutboxEntry } from '../store.js';
import type { Specification } from '@c2m/rules';

declare global {
  var outbox: Outbox;
  var outboxLog: string[];
  /** Name of the IndexedDB database behind the page's outbox. */
  var outboxDb: string;
}

/** Waits until the page's outbox has loaded its entries. */
export async function outboxReady(tab: Page): Promise<void> {
  await tab.waitForFunction(() => 'outbox' in globalThis);
  await tab.evaluate(() => globalThis.outbox.ready);
}

/** The entries as IndexedDB holds them, read directly (not through the outbox). */
export const storedEntries = (tab: Page): Promise<OutboxEntry[]> =>
  tab.evaluate(
    () =>
      new Promise<OutboxEntry[]>((resolve, reject) => {
        const r = indexedDB.open(globalThis.outboxDb);
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          try {
            const q = r.result.transaction('entries').objectStore('entries').getAll();
            q.onsuccess = () => {
              r.result.close();
              resolve(q.result as OutboxEntry[]);
            };
            q.onerror = () => reject(q.error);
          } catch (e) {
            r.result.close();
            reject(e); // e.g. no "entries" store: nothing was ever written to IndexedDB
          }
        };
      }),
  );

/** The state of one entry, as the outbox reports it. */
export const entryState = (tab: Page, id: string): Promise<string | undefined> =>
  tab.evaluate(async (id) => (await globalThis.outbox.get(id))?.state, id);

/**
 * Polls from Node until the entry reaches `state` (waitForFunction would take a predicate's promise
 * for a truthy value). No deadline of its own: on a loaded machine delivery takes what it takes, and
 * an entry that never gets there fails by the test's timeout.
 */
export async function waitForEntryState(tab: Page, id: string, state: string): Promise<void> {
  while ((await entryState(tab, id)) !== state) await new Promise((r) => setTimeout(r, 100));
}

/** Reloads the page and waits for its outbox. */
export async function reloadTab(tab: Page): Promise<void> {
  await tab.reload();
  await outboxReady(tab);
}

/**
 * Enqueues `spec` while nothing listens at the page's endpoint, and checks that the entry is kept in
 * IndexedDB with its network error and survives a reload with its idempotency key. Returns the entry
 * as stored before the reload.
 */
export async function enqueueWhileDown(tab: Page, spec: Specification): Promise<OutboxEntry> {
  const id = await tab.evaluate((spec) => globalThis.outbox.enqueue(spec), spec);
  // The attempt fails (connection refused); the entry goes back to pending, with the error kept.
  await tab.waitForFunction(() => globalThis.outboxLog.includes('delivering>pending'));
  const [before] = await storedEntries(tab);
  assert.equal(before!.id, id);
  // Retried every 200–400 ms against the closed port: the read may land in the middle of another attempt.
  assert.ok(before!.state === 'pending' || before!.state === 'delivering', before!.state);
  assert.equal(before!.error?.name, 'NetworkError');
  assert.deepEqual(before!.spec, JSON.parse(JSON.stringify(spec)));

  await reloadTab(tab);
  const [afterReload] = await storedEntries(tab);
  assert.equal(afterReload!.id, id, 'the entry survived the reload');
  assert.equal(afterReload!.idempotencyKey, before!.idempotencyKey, 'with the same idempotency key');
  assert.notEqual(afterReload!.state, 'delivered');
  return before!;
}
