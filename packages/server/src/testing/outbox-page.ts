// The page of the server's browser tests: @c2m/client's outbox on IndexedDB delivering to the
// reference server named in the URL (`?api=http://127.0.0.1:PORT`), exposed on `window` for the
// test to drive. Short timeouts and backoffs, so that a test never waits long for a round.
import { createClient, createOutbox, indexedDbStore, OUTBOX_CHANGE } from '@c2m/client';

/** The IndexedDB database of the page's outbox: its own, apart from the client's browser test. */
const OUTBOX_DB = 'c2m-server-browser-test';

const api = new URL(location.href).searchParams.get('api') ?? '';
const client = createClient({ endpoint: api, retry: { limit: 1 }, timeoutMs: 2000, totalTimeoutMs: 3000 });
const outbox = createOutbox({ client, store: indexedDbStore(OUTBOX_DB), retry: { baseDelayMs: 200, maxDelayMs: 400 } });
const log: string[] = [];
outbox.addEventListener(OUTBOX_CHANGE, (e) => log.push(`${e.detail.previous ?? 'new'}>${e.detail.entry.state}`));
Object.assign(globalThis, { outbox, outboxLog: log, outboxDb: OUTBOX_DB });
