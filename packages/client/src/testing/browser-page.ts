// The page of the browser tests: an outbox on IndexedDB delivering to the API named in the URL
// (`?api=http://127.0.0.1:PORT`), exposed on `window` for the test to drive.
import { createClient, createOutbox, indexedDbStore, OUTBOX_CHANGE } from '../index.js';

const api = new URL(location.href).searchParams.get('api') ?? '';
const client = createClient({ endpoint: api, retry: { limit: 1 }, timeoutMs: 2000, totalTimeoutMs: 3000 });
const OUTBOX_DB = 'c2m-browser-test';
const outbox = createOutbox({ client, store: indexedDbStore(OUTBOX_DB), retry: { baseDelayMs: 200, maxDelayMs: 400 } });
const log: string[] = [];
outbox.addEventListener(OUTBOX_CHANGE, (e) => log.push(`${e.detail.previous ?? 'new'}>${e.detail.entry.state}`));
Object.assign(globalThis, { outbox, outboxLog: log, outboxDb: OUTBOX_DB });
