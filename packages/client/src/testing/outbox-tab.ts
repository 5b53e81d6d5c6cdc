/**
 * Driving a test page that exposes an outbox on `window` (`outbox`, `outboxLog`, `outboxDb`), from
 * Node through playwright-core: shared by the client's and the server's browser tests.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Outbox } from '../outbox.js';
import type { OutboxEntry } from '../store.js';

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

/** Polls from Node (waitForFunction would take a predicate's promise for a truthy value). */
export async function waitForEntryState(tab: Page, id: string, state: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await entryState(tab, id)) !== state) {
    if (Date.now() > end) assert.fail(`entry ${id} still ${await entryState(tab, id)} after ${timeoutMs} ms, expected ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
