// Browser evidence for the outbox, in real Chromium: a submission made while the server is down is
// kept in IndexedDB, survives a page reload, and is delivered once the server is back; two tabs
// never both deliver it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, servePage } from '@c2m/browser-testing';
import { enqueueWhileDown, entryState, outboxReady, reloadTab, storedEntries, waitForEntryState } from './testing/outbox-tab.js';
import { startTestServer, freePort, type TestServer } from './testing/server.js';
import { sampleSpec } from './testing/spec.js';

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST',
  'Access-Control-Allow-Headers': 'content-type, idempotency-key, authorization, x-c2m-publishable-key',
  'Access-Control-Expose-Headers': 'Location, Retry-After, Idempotent-Replayed',
};

let browser: Browser;
let page: { url: string; close(): Promise<void> };
const servers: TestServer[] = [];

before(async () => {
  page = await servePage(fileURLToPath(new URL('./testing/browser-page.ts', import.meta.url)));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await page?.close();
  await Promise.all(servers.map((s) => s.close()));
});

async function api(port: number): Promise<TestServer> {
  const s = await startTestServer(port);
  Object.assign(s.headers, CORS);
  servers.push(s);
  return s;
}

async function open(p: Page, apiUrl: string): Promise<void> {
  await p.goto(`${page.url}?api=${encodeURIComponent(apiUrl)}`);
  await outboxReady(p);
}

// A failure must fail, not hang: page.evaluate itself has no timeout.
const LIMIT = { timeout: 60_000 };

test('a submission made while the server is down is kept in IndexedDB, survives a reload, and is delivered once the server is back', LIMIT, async () => {
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const context = await browser.newContext();
  const tab = await context.newPage();
  try {
    await open(tab, apiUrl);
    const spec = sampleSpec(21);
    const kept = await enqueueWhileDown(tab, spec);
    const id = kept.id;

    const s = await api(port); // the server is back; the outbox's own backoff timer delivers
    await waitForEntryState(tab, id, 'delivered');
    const [delivered] = await storedEntries(tab);
    assert.equal(delivered!.receipt?.status, 'received');
    const posts = s.requests.filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1);
    assert.equal(posts[0]!.headers['idempotency-key'], kept.idempotencyKey);
    assert.equal(s.orders.size, 1);

    // Never sent again: not after another reload, not when the same specification is enqueued again.
    await reloadTab(tab);
    assert.equal(await tab.evaluate((spec) => globalThis.outbox.enqueue(spec), spec), id);
    await tab.evaluate(() => globalThis.outbox.flush());
    assert.equal(await entryState(tab, id), 'delivered');
    assert.equal(s.requests.filter((r) => r.method === 'POST').length, 1);
  } finally {
    await context.close();
  }
});

test('two tabs on one IndexedDB flushing at once: the Web Lock lets one deliver, once', LIMIT, async () => {
  const s = await api(0);
  s.plan.push({ kind: 'delay', ms: 300 });
  const context = await browser.newContext();
  try {
    const [a, b] = [await context.newPage(), await context.newPage()];
    await open(a, s.url);
    await open(b, s.url);
    const id = await a.evaluate((spec) => globalThis.outbox.enqueue(spec), sampleSpec(22));
    await Promise.all([a.evaluate(() => globalThis.outbox.flush()), b.evaluate(() => globalThis.outbox.flush())]);
    await waitForEntryState(a, id, 'delivered');
    assert.equal(await entryState(b, id), 'delivered');
    assert.equal(s.requests.filter((r) => r.method === 'POST').length, 1);
    assert.equal(s.orders.size, 1);
  } finally {
    await context.close();
  }
});
