// End to end, in real Chromium against the real reference backend (@c2m/server on PGlite): a
// shopper configures the mug with the keyboard alone, from the first option to a delivered order
// stored exactly once; an order made while the server is down is kept in IndexedDB and delivered
// when it is back; a specification the server refuses shows the refusal per option.
//
// Node-driven (playwright-core) rather than @web/test-runner: the server is TypeScript run through
// tsx in this process, the test asserts on its database, and playwright's keyboard sends trusted
// key events to the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, servePage } from '@c2m/browser-testing';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, openDatabase, type C2mServer, type DatabaseConfig } from '@c2m/server';

const PRODUCTS = fileURLToPath(new URL('../../rules/examples/', import.meta.url));
let browser: Browser | undefined;
let page: { url: string; close(): Promise<void> } | undefined;
let origin: string;
const servers = new Set<C2mServer>();
const dirs: string[] = [];
let template = '';

/** A fresh PGlite database: a copy of one migrated template (initdb in WebAssembly takes seconds). */
async function freshDatabase(): Promise<DatabaseConfig> {
  if (!template) {
    template = mkdtempSync(join(tmpdir(), 'c2m-elements-e2e-template-'));
    dirs.push(template);
    await (await openDatabase({ dataDir: template })).close();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'c2m-elements-e2e-'));
  dirs.push(dataDir);
  cpSync(template, dataDir, { recursive: true });
  return { dataDir };
}

declare global {
  var configurator: import('../src/index.js').C2mConfigurator;
  var ready: Promise<unknown>;
  var log: string[];
  var focused: () => string;
  var orderStatus: () => string;
  /** Starts recording the order's states (`orderStates`, each change once) and the outbox's attempts (`attempts`). */
  var watchOrder: () => void;
  var orderStates: string[];
  var attempts: number;
}

before(async () => {
  // The mug's file also from the page's own origin, for a page that reloads while the API is down.
  page = await servePage(fileURLToPath(new URL('./e2e-page.ts', import.meta.url)), {
    files: { '/mug.json': { body: readFileSync(join(PRODUCTS, 'mug.json'), 'utf8'), type: 'application/json' } },
  });
  origin = new URL(page.url).origin;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await page?.close();
  await Promise.all([...servers].map((s) => s.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The reference server with the example products, on a fresh PGlite database (or `db`). */
async function startApi(port = 0, db?: DatabaseConfig): Promise<{ server: C2mServer; db: DatabaseConfig }> {
  const config = db ?? (await freshDatabase());
  const server = createServer({ productsDir: PRODUCTS, database: config, cors: { origins: [origin] } });
  servers.add(server);
  await server.listen(port, '127.0.0.1');
  return { server, db: config };
}

async function stopApi(server: C2mServer): Promise<void> {
  await server.close();
  servers.delete(server);
}

async function open(api: string, extra = ''): Promise<{ context: BrowserContext; tab: Page }> {
  const context = await browser!.newContext();
  context.setDefaultTimeout(15_000);
  const tab = await context.newPage();
  tab.on('pageerror', (e) => console.error('page error:', e));
  await tab.goto(`${page!.url}?api=${encodeURIComponent(api)}${extra}`);
  await tab.waitForFunction(() => 'ready' in globalThis);
  await tab.evaluate(() => globalThis.ready);
  return { context, tab };
}

const focused = (tab: Page) => tab.evaluate(() => globalThis.focused());
const selections = (tab: Page) => tab.evaluate(() => ({ ...globalThis.configurator.configuration!.state.selections }));

/** Presses Tab until the focus matches `pattern` (at most `max` presses). */
async function tabTo(tab: Page, pattern: RegExp, max = 40): Promise<string> {
  for (let i = 0; i < max; i++) {
    await tab.keyboard.press('Tab');
    const now = await focused(tab);
    if (pattern.test(now)) return now;
  }
  assert.fail(`focus never reached ${pattern} (now ${await focused(tab)})`);
}

/** Waits until the page's configuration has no change in flight. */
const idle = (tab: Page) => tab.waitForFunction(() => globalThis.configurator.configuration!.pending === 0);

const rows = async (server: C2mServer) =>
  (await server.database.query<{ id: string; body: { selections: Record<string, unknown> } }>('SELECT id, body FROM specifications')).rows;

const LIMIT = { timeout: 90_000 };

test('the product comes compiled from the API on another origin, with no preflight', LIMIT, async () => {
  const { server } = await startApi();
  const context = await browser!.newContext();
  try {
    const tab = await context.newPage();
    const requests: string[] = [];
    tab.on('request', (r) => {
      if (r.url().startsWith(server.url)) requests.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    const product = tab.waitForResponse((r) => r.url() === `${server.url}/products/mug`);
    await tab.goto(`${page!.url}?api=${encodeURIComponent(server.url)}`);
    await tab.waitForFunction(() => 'ready' in globalThis);
    await tab.evaluate(() => globalThis.ready);
    const answer = await product;
    assert.equal(answer.headers()['content-type'], 'application/vnd.c2m.compiled+json');
    assert.ok((await answer.text()).startsWith('{"c2m":"compiled-product"'));
    // The server allows no `Accept` in a preflight: the page's Accept is CORS-safelisted, or this failed.
    assert.deepEqual(requests.filter((r) => r.endsWith(' /products/mug')), ['GET /products/mug']);
    assert.equal(await tab.evaluate(() => globalThis.configurator.configuration!.session.file.product.id), 'mug');
  } finally {
    await context.close();
  }
});

test('keyboard only: from the first option to a delivered order, stored exactly once', LIMIT, async () => {
  const { server } = await startApi();
  const { context, tab } = await open(server.url);
  try {
    // The first option: its radio group has one tab stop, the selected value.
    assert.match(await tabTo(tab, /c2m-option\[option=size\]/), /\[value=regular\]/);
    await tab.keyboard.press('ArrowRight'); // arrow keys move and check (APG radio group)
    await idle(tab);
    assert.match(await focused(tab), /\[value=large\]/);
    assert.equal((await selections(tab)).size, 'large');

    assert.match(await tabTo(tab, /c2m-option\[option=glaze\]/, 1), /\[value=celadon\]/);
    await tab.keyboard.press('ArrowRight');
    await idle(tab);
    assert.equal((await selections(tab)).glaze, 'tenmoku');

    await tabTo(tab, /c2m-option\[option=engraving\].*\[part=switch\]/, 2);
    await tab.keyboard.press('Space');
    await idle(tab);
    assert.equal((await selections(tab)).engraving, true);

    // Engraving on needs its text: the order button says so until it is typed.
    await tab.waitForFunction(() => !globalThis.configurator.configuration!.state.complete);
    await tabTo(tab, /c2m-option\[option=engraving_text\].*input\[part=input\]/, 2);
    await tab.keyboard.type('Ana 2026');
    await tab.keyboard.press('Enter');
    await idle(tab);
    assert.equal((await selections(tab)).engraving_text, 'Ana 2026');

    // On to the order button, and order with Enter.
    await tabTo(tab, /c2m-order-button.*\[part=button\]/);
    await tab.waitForFunction(() => globalThis.configurator.configuration!.state.complete);
    await tab.keyboard.press('Enter');
    await tab.waitForFunction(() => globalThis.configurator.configuration!.order.state === 'delivered');
    const status = await tab.evaluate(() => globalThis.orderStatus());
    const stored = await rows(server);
    assert.equal(stored.length, 1, 'one order stored');
    assert.equal(status, `Order received. Your order number is ${stored[0]!.id}.`);
    assert.deepEqual(
      { size: stored[0]!.body.selections.size, glaze: stored[0]!.body.selections.glaze, text: stored[0]!.body.selections.engraving_text },
      { size: 'large', glaze: 'tenmoku', text: 'Ana 2026' },
    );
    assert.deepEqual(await tab.evaluate(() => globalThis.log.filter((t) => t !== 'c2m-change')), ['c2m-ready', 'c2m-submit', 'c2m-submitted']);
  } finally {
    await context.close();
    await stopApi(server);
  }
});

test('an order made while the server is down is kept on the device and delivered when it is back', LIMIT, async () => {
  const { server, db } = await startApi();
  const port = Number(new URL(server.url).port);
  const { context, tab } = await open(server.url, '&fastRetry&lang=zh-CN&productHere');
  try {
    await stopApi(server);
    await tab.evaluate(() => globalThis.configurator.configuration!.submit({ noEndpoint: '' }));
    await tab.waitForFunction(() => globalThis.configurator.configuration!.order.state === 'kept');
    assert.match(await tab.evaluate(() => globalThis.orderStatus()), /离线.*恢复连接后将自动发送/);
    // The outbox tries again every 200–400 ms by itself: the order stays kept through those attempts
    // (its status and "Send again" button do not come and go with each one).
    await tab.evaluate(() => watchOrder());
    await tab.waitForFunction(() => globalThis.attempts >= 3);
    assert.deepEqual(await tab.evaluate(() => globalThis.orderStates), [], 'no change of state while kept');
    assert.match(await tab.evaluate(() => globalThis.orderStatus()), /离线.*恢复连接后将自动发送/);

    // A reload while it is still down: the order button shows the kept order from the outbox's store.
    await tab.reload();
    await tab.waitForFunction(() => 'ready' in globalThis);
    await tab.evaluate(() => globalThis.ready);
    await tab.waitForFunction(() => globalThis.configurator.configuration!.order.state === 'kept');
    assert.match(await tab.evaluate(() => globalThis.orderStatus()), /离线.*恢复连接后将自动发送/);

    const back = (await startApi(port, db)).server;
    await tab.waitForFunction(() => globalThis.configurator.configuration!.order.state === 'delivered');
    const stored = await rows(back);
    assert.equal(stored.length, 1);
    assert.match(await tab.evaluate(() => globalThis.orderStatus()), new RegExp(`订单号为 ${stored[0]!.id}`));
    assert.ok((await tab.evaluate(() => globalThis.log)).includes('c2m-submitted'), 'the reloaded page learns the order number');
    await stopApi(back);
  } finally {
    await context.close();
  }
});

test('a kept order is sent by the shopper\'s "Send again" once the server is back, without waiting for the backoff', LIMIT, async () => {
  const { server, db } = await startApi();
  const port = Number(new URL(server.url).port);
  const { context, tab } = await open(server.url, '&slowRetry&productHere');
  try {
    await stopApi(server);
    await tab.evaluate(() => globalThis.configurator.configuration!.submit({ noEndpoint: '' }));
    await tab.waitForFunction(() => globalThis.configurator.configuration!.order.state === 'kept');
    const back = (await startApi(port, db)).server;
    assert.equal((await rows(back)).length, 0, 'nothing delivered by itself: the next automatic try is an hour away');
    // A trusted click on the order button's retry part, through the shadow roots: the shopper sees it sending.
    await tab.evaluate(() => watchOrder());
    await tab.locator('c2m-order-button [part="retry"]').click();
    await tab.waitForFunction(() => globalThis.configurator.configuration!.order.state === 'delivered');
    assert.deepEqual(await tab.evaluate(() => globalThis.orderStates), ['sending', 'delivered']);
    const stored = await rows(back);
    assert.equal(stored.length, 1);
    assert.match(await tab.evaluate(() => globalThis.orderStatus()), new RegExp(stored[0]!.id));
    await stopApi(back);
  } finally {
    await context.close();
  }
});

test("a specification the server refuses shows the server's reason per option, and nothing is stored", LIMIT, async () => {
  const { server } = await startApi();
  const { context, tab } = await open(server.url, '&tamper');
  try {
    await tab.evaluate(() => globalThis.configurator.configuration!.submit({ noEndpoint: '' }));
    await tab.waitForFunction(() => globalThis.configurator.configuration!.order.state === 'refused');
    const status = await tab.evaluate(() => globalThis.orderStatus());
    assert.match(status, /The manufacturer could not accept this order: Glaze: .*plastic/);
    assert.match(status, /Send again/);
    assert.equal((await rows(server)).length, 0);
    assert.ok((await tab.evaluate(() => globalThis.log)).includes('c2m-error'));
  } finally {
    await context.close();
    await stopApi(server);
  }
});
