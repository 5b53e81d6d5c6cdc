// Browser evidence against the reference server, in real Chromium: a submission made while the
// server is down is kept in @c2m/client's IndexedDB outbox, survives a page reload, and is stored
// exactly once when the server is back; a tampered one ends `failed` with the server's 422 kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, servePage } from '@c2m/browser-testing';
import { enqueueWhileDown, entryState, outboxReady, reloadTab, storedEntries, waitForEntryState } from '@c2m/client/testing';
import type { Specification } from '@c2m/rules';
import { createServer, type C2mServer } from './server.js';
import { testDatabase } from './testing/databases.js';
import { PRODUCTS_DIR, deskSpecification } from './testing/harness.js';
import { freePort } from './testing/pg-cluster.js';

const database = testDatabase('pglite')!;
let browser: Browser | undefined;
let page: { url: string; close(): Promise<void> } | undefined;
let origin: string;
const servers: C2mServer[] = [];

before(async () => {
  page = await servePage(fileURLToPath(new URL('./testing/outbox-page.ts', import.meta.url)));
  origin = new URL(page.url).origin;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await page?.close();
  await Promise.all(servers.map((s) => s.close()));
  await database.cleanup();
});

/** The reference server on a fresh PGlite database, allowing the test page's origin. */
async function startApi(port: number): Promise<C2mServer> {
  const server = createServer({ productsDir: PRODUCTS_DIR, database: await database.create(), cors: { origins: [origin] } });
  servers.push(server);
  await server.listen(port, '127.0.0.1');
  return server;
}

async function newTab(): Promise<{ context: BrowserContext; tab: Page; posts: number[] }> {
  // A context of its own: a fresh IndexedDB per test.
  const context = await browser!.newContext();
  context.setDefaultTimeout(10_000);
  const tab = await context.newPage();
  // Statuses of the POSTs that reached a server (refused connections get no response).
  const posts: number[] = [];
  tab.on('response', (r) => {
    if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/specifications') posts.push(r.status());
  });
  return { context, tab, posts };
}

async function open(tab: Page, apiUrl: string): Promise<void> {
  await tab.goto(`${page!.url}?api=${encodeURIComponent(apiUrl)}`);
  await outboxReady(tab);
}

const specifications = async (server: C2mServer) =>
  (await server.database.query<{ id: string; body: unknown }>('SELECT id, body FROM specifications')).rows;
const count = async (server: C2mServer) =>
  (await server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM specifications')).rows[0]!.n;

// A failure must fail, not hang: page.evaluate itself has no timeout.
const LIMIT = { timeout: 25_000 };

test('a submission made while the server is down is kept in IndexedDB, survives a reload, and is stored exactly once when the server is back', LIMIT, async () => {
  const port = await freePort();
  const { context, tab, posts } = await newTab();
  try {
    await open(tab, `http://127.0.0.1:${port}`);
    const spec = deskSpecification(31);
    const kept = await enqueueWhileDown(tab, spec);
    const id = kept.id;

    // The server is back on the same port; the outbox's own backoff timer delivers.
    const server = await startApi(port);
    await waitForEntryState(tab, id, 'delivered');
    const rows = await specifications(server);
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.body, JSON.parse(JSON.stringify(spec)));
    const [delivered] = await storedEntries(tab);
    assert.equal(delivered!.receipt?.id, rows[0]!.id, "the receipt in IndexedDB has the server's id");
    assert.equal(delivered!.receipt?.status, 'received');
    const keys = await server.database.query<{ key: string; specification_id: string }>('SELECT key, specification_id FROM idempotency_keys');
    assert.deepEqual(keys.rows, [{ key: kept.idempotencyKey, specification_id: rows[0]!.id }]);
    assert.deepEqual(posts, [201]);

    // Never sent again: not after another reload, not when the same specification is enqueued again.
    await reloadTab(tab);
    assert.equal(await tab.evaluate((spec) => globalThis.outbox.enqueue(spec), spec), id);
    await tab.evaluate(() => globalThis.outbox.flush());
    assert.equal(await entryState(tab, id), 'delivered');
    assert.deepEqual(posts, [201], 'no second POST');
    assert.equal(await count(server), 1);
  } finally {
    await context.close();
  }
});

test("a tampered specification ends failed with the server's 422 kept, and is not retried", LIMIT, async () => {
  const server = await startApi(0);
  const { context, tab, posts } = await newTab();
  try {
    await open(tab, server.url);
    const spec: Specification = structuredClone(deskSpecification(32));
    spec.quote.total -= 1000;
    const id = await tab.evaluate((spec) => globalThis.outbox.enqueue(spec), spec);
    await waitForEntryState(tab, id, 'failed');

    const [failed] = await storedEntries(tab);
    assert.equal(failed!.state, 'failed');
    assert.equal(failed!.receipt, undefined);
    assert.equal(failed!.error?.name, 'ProblemError');
    assert.equal(failed!.error?.status, 422);
    assert.equal(failed!.error?.problem?.type, 'urn:c2m:problem:specification-rejected');
    const errors = failed!.error?.problem?.errors ?? [];
    assert.ok(
      errors.some((e) => e.code === 'quote-mismatch' && e.path.startsWith('/quote')),
      `a quote-mismatch field error, got ${JSON.stringify(errors)}`,
    );

    // Definitive: a delivery round (what the backoff timer runs) sends nothing, neither now nor after a reload.
    await tab.evaluate(() => globalThis.outbox.flush());
    await reloadTab(tab);
    await tab.evaluate(() => globalThis.outbox.flush());
    const [later] = await storedEntries(tab);
    assert.equal(later!.state, 'failed');
    assert.equal(later!.updatedAt, failed!.updatedAt, 'untouched since it failed');
    assert.deepEqual(posts, [422], 'sent once');
    assert.equal(await count(server), 0);
  } finally {
    await context.close();
  }
});
