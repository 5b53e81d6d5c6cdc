/**
 * The browser's outbox store: IndexedDB, which outlives reloads and closed tabs and is shared by
 * every tab of the origin. Each `update` is one readwrite transaction, so it is atomic across tabs.
 *
 * @packageDocumentation
 */
import type { OutboxEntry, OutboxStore } from './store.js';

const STORE = 'entries';

const done = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

/** An outbox store in the IndexedDB database `name` (created on first use). */
export function indexedDbStore(name = 'c2m-outbox'): OutboxStore {
  let db: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
      req.onsuccess = () => {
        const d = req.result;
        // Let another tab upgrade or delete the database; the next call reopens it.
        d.onversionchange = () => {
          d.close();
          db = undefined;
        };
        resolve(d);
      };
      req.onerror = () => {
        db = undefined;
        reject(req.error);
      };
      req.onblocked = () => reject(new Error(`IndexedDB "${name}" is blocked by another tab`));
    }));

  async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => Promise<T>): Promise<T> {
    const t = (await open()).transaction(STORE, mode);
    const committed = new Promise<void>((resolve, reject) => {
      t.oncomplete = () => resolve();
      t.onabort = t.onerror = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
    });
    committed.catch(() => {}); // observed below; not an unhandled rejection when fn fails first
    const result = await fn(t.objectStore(STORE));
    await committed;
    return result;
  }

  return {
    list: () => tx('readonly', (s) => done(s.getAll() as IDBRequest<OutboxEntry[]>)),
    get: (id) => tx('readonly', (s) => done(s.get(id) as IDBRequest<OutboxEntry | undefined>)),
    update: (id, fn) =>
      tx('readwrite', (s) =>
        // The put is issued from the get's success callback: still inside the same transaction.
        new Promise<OutboxEntry | undefined>((resolve, reject) => {
          const get = s.get(id) as IDBRequest<OutboxEntry | undefined>;
          get.onerror = () => reject(get.error);
          get.onsuccess = () => {
            let next: OutboxEntry | undefined;
            try {
              next = fn(get.result);
            } catch (e) {
              reject(e);
              return;
            }
            if (!next) return resolve(get.result);
            // Stored as JSON-safe data: undefined members dropped, like the other stores.
            const value = JSON.parse(JSON.stringify(next)) as OutboxEntry;
            const put = s.put(value);
            put.onsuccess = () => resolve(value);
            put.onerror = () => reject(put.error);
          };
        }),
      ),
    delete: (id) => tx('readwrite', (s) => done(s.delete(id)).then(() => undefined)),
  };
}
