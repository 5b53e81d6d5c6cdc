// c2m.js in real Chromium, as a shop uses it: the build copied to a static folder at an arbitrary
// path of the shop's site (here /static/vendor/c2m@0.1.0/), one script tag, a strict
// Content-Security-Policy, and the engine running in its module worker — started from next to c2m.js,
// answering choices, and picked by `engine="auto"` for a large product; and the same build on a
// CDN's origin, whose worker a page of another origin still starts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@c2m/browser-testing';
import { compileForPage } from '@c2m/rules/engine';
import { readExample } from '@c2m/rules/examples';
import { buildEmbed, type Build } from './test-build.js';

/** Where the shop put the build: any folder, not the site's root. */
const PREFIX = '/static/vendor/c2m@0.1.0/';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'";
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.map': 'application/json' };

/**
 * A product shaped like an imported feature model (`c2m import`): a tree of boolean features, each
 * needing its parent, alternative groups, and cross-tree exclusions — larger than the size at which
 * `engine="auto"` moves the engine into the worker.
 */
function largeProduct(features: number) {
  const options: object[] = [{ id: 'root', type: 'boolean', label: 'Root', default: true }];
  const constraints: object[] = [{ id: 'root', type: 'rule', message: 'The root feature is always selected.', assert: { option: 'root', is: true } }];
  for (let i = 1; i < features; i++) {
    const parent = i < 10 ? 'root' : `f${Math.floor(i / 10)}`;
    options.push({ id: `f${i}`, type: 'boolean', label: { en: `Feature ${i}`, 'zh-CN': `功能 ${i}` }, description: `Feature ${i} of the generated model (below ${parent}).` });
    constraints.push({ id: `tree.f${i}`, type: 'rule', message: `“Feature ${i}” needs “${parent}”, the feature it belongs to.`, assert: { implies: [{ option: `f${i}`, is: true }, { option: parent, is: true }] } });
    if (i % 7 === 0 && i + 3 < features) {
      constraints.push({ id: `x.f${i}`, type: 'excludes', message: `Feature ${i} and feature ${i + 3} do not go together.`, if: { option: `f${i}`, is: true }, then: { option: `f${i + 3}`, is: true } });
    }
  }
  return { schemaVersion: 1, product: { id: 'generated-model', version: '1', name: 'Generated feature model', currency: 'EUR' }, options, constraints, pricing: { base: 10000, lines: [] } };
}

let build: Build;
let server: Server;
let origin = '';
/** The same build on another origin, as a CDN serves it (with CORS). */
let cdn: Server;
let cdnOrigin = '';
let browser: Browser;
/** A product compiled for pages, as `c2m compile` writes it (served below as static hosts do: `application/json`). */
function compiled(file: unknown): string {
  const result = compileForPage(file);
  if (!result.ok) throw new Error(`does not compile for pages: ${result.issues.map((i) => i.message).join('; ')}`);
  return result.text;
}
const products: Record<string, string> = {
  'mug.json': JSON.stringify(readExample('mug')),
  'large.json': JSON.stringify(largeProduct(1500)),
  'mug.compiled.json': compiled(readExample('mug')),
  'large.compiled.json': compiled(largeProduct(1500)),
};

/** A shop's page: the script tag from the build's folder and one configurator, nothing inline. */
function page(product: string, engine?: string, scriptOrigin = '', budget?: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>shop</title>
<script type="module" src="${scriptOrigin}${PREFIX}c2m.js"></script>
<c2m-configurator src="/products/${product}" persistence="none"${engine ? ` engine="${engine}"` : ''}${budget ? ` engine-budget="${budget}"` : ''}></c2m-configurator></html>`;
}

/** The build's file at `path` (below {@link PREFIX}), if there is one. */
async function buildFile(path: string): Promise<{ body: Buffer; type: string } | undefined> {
  if (!path.startsWith(PREFIX)) return undefined;
  const root = resolve(build.dir);
  const file = resolve(root, path.slice(PREFIX.length));
  if (!file.startsWith(root + sep)) return undefined;
  const body = await readFile(file).catch(() => undefined);
  return body && { body, type: TYPES[extname(file)] ?? 'application/octet-stream' };
}

async function listen(handler: (path: string, res: ServerResponse) => Promise<unknown>): Promise<{ server: Server; origin: string }> {
  const s = createServer((req, res) => void handler(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname), res));
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  return { server: s, origin: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
}

before(async () => {
  build = buildEmbed();
  ({ server: cdn, origin: cdnOrigin } = await listen(async (path, res) => {
    const file = await buildFile(path);
    const headers = { 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' };
    if (file) res.writeHead(200, { ...headers, 'content-type': file.type }).end(file.body);
    else res.writeHead(404, headers).end();
  }));
  ({ server, origin } = await listen(async (path, res) => {
    const headers = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' };
    if (path.startsWith('/shop/')) {
      const [product, engine, budget] = path.slice('/shop/'.length).split('/');
      return res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(page(`${product}.json`, engine, '', budget));
    }
    if (path.startsWith('/cdn-shop/')) {
      // The policy a page needs for c2m.js from a CDN, its worker included: the CDN's scripts, a blob:
      // worker, and the CDN for the worker's own imports (a module worker's static imports are `worker-src`).
      const csp = `default-src 'self'; script-src 'self' ${cdnOrigin}; style-src 'self'; connect-src 'self'; worker-src 'self' blob: ${cdnOrigin}`;
      return res.writeHead(200, { 'content-security-policy': csp, 'content-type': 'text/html; charset=utf-8' }).end(page(`${path.slice('/cdn-shop/'.length)}.json`, undefined, cdnOrigin));
    }
    const product = products[path.slice('/products/'.length)];
    if (path.startsWith('/products/') && product) {
      // With its length announced, as static hosts do: `engine="auto"` picks the engine to fetch from it.
      return res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(product) }).end(product);
    }
    const file = await buildFile(path);
    if (file) return res.writeHead(200, { ...headers, 'content-type': file.type }).end(file.body);
    res.writeHead(404, headers).end();
  }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const s of [server, cdn]) {
    s?.closeAllConnections();
    await new Promise((done) => s?.close(done));
  }
  build?.remove();
});

declare global {
  var __c2m: { violations: string[]; ready: { mode: string } | null; moved: { mode: string; operation: string } | null };
}

/** Records CSP violations, the configurator's `c2m-ready` and `c2m-engine-change`, from before the page's first script. */
function recorder(): void {
  globalThis.__c2m = { violations: [], ready: null, moved: null };
  document.addEventListener('securitypolicyviolation', (e) => globalThis.__c2m.violations.push(`${e.effectiveDirective}: ${e.sample || e.blockedURI}`));
  document.addEventListener('c2m-ready', (e) => (globalThis.__c2m.ready = (e as Event & { detail: { mode: string } }).detail), true);
  document.addEventListener('c2m-engine-change', (e) => (globalThis.__c2m.moved = (e as Event & { detail: { mode: string; operation: string } }).detail), true);
}

interface Visit {
  page: Page;
  /** Every URL the page and its workers requested. */
  requests: string[];
  /** The URLs of the workers the page started. */
  workers: string[];
  errors: string[];
  close(): Promise<void>;
}

async function visit(path: string): Promise<Visit> {
  const context = await browser.newContext();
  context.setDefaultTimeout(120_000);
  await context.addInitScript(recorder);
  const p = await context.newPage();
  const requests: string[] = [];
  const workers: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  p.on('worker', (w) => workers.push(w.url()));
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.goto(origin + path);
  await p.waitForFunction(() => globalThis.__c2m.ready !== null).catch(async (e: unknown) => {
    // What the page saw says more than the time-out (a worker's own CSP refusals are not in it).
    throw new Error(`no c2m-ready on ${path}: CSP ${JSON.stringify(await p.evaluate(() => globalThis.__c2m.violations))}, errors ${JSON.stringify(errors)}: ${(e as Error).message}`);
  });
  return { page: p, requests, workers, errors, close: () => context.close() };
}

/** The session's mode, the selection of `option`, and the number of changes in flight. */
const session = (p: Page, option: string) =>
  p.evaluate((id) => {
    const c = (document.querySelector('c2m-configurator') as HTMLElement & { configuration?: { pending: number; session: { mode: string; state: { selections: Record<string, unknown> } } } }).configuration!;
    return { mode: c.session.mode, value: c.session.state.selections[id], pending: c.pending };
  }, option);

/** Clicks a control of the configurator and waits until the engine has answered. */
async function click(p: Page, selector: string): Promise<void> {
  await p.locator(selector).first().click();
  await p.waitForFunction(() => (document.querySelector('c2m-configurator') as HTMLElement & { configuration?: { pending: number } }).configuration?.pending === 0);
}

/**
 * The large product runs in one worker and answers a choice: a feature deep in the tree, which
 * brings its parents (the worker's propagation); the page saw no CSP refusal and no error.
 */
async function largeAnswersInWorker(v: Visit): Promise<void> {
  assert.equal((await session(v.page, 'f3')).mode, 'worker');
  assert.equal(v.workers.length, 1, `one worker: ${v.workers.join(', ')}`);
  await click(v.page, 'c2m-option[option="f3"] [role="switch"]');
  assert.deepEqual(await session(v.page, 'f3'), { mode: 'worker', value: true, pending: 0 });
  assert.deepEqual(await v.page.evaluate(() => globalThis.__c2m.violations), [], 'nothing refused by the CSP');
  assert.deepEqual(v.errors, []);
}

test('engine="worker": the worker starts from next to c2m.js under a strict CSP and answers choices', async () => {
  const v = await visit('/shop/mug/worker');
  try {
    assert.equal((await v.page.evaluate(() => globalThis.__c2m.ready))?.mode, 'worker');
    assert.equal(v.workers.length, 1, `one worker: ${v.workers.join(', ')}`);
    assert.match(v.workers[0]!, new RegExp(`^${origin}${PREFIX.replaceAll('.', '\\.')}worker/thread-[\\w-]+\\.js$`));
    await click(v.page, 'c2m-option[option="glaze"] [role="radio"][data-value="tenmoku"]');
    assert.deepEqual(await session(v.page, 'glaze'), { mode: 'worker', value: 'tenmoku', pending: 0 });
    assert.equal(await v.page.locator('c2m-option[option="glaze"] [role="radio"][data-value="tenmoku"]').getAttribute('aria-checked'), 'true');
    // Every file came from the build's folder (or is the page and its product): no root-relative URL, no other host.
    for (const url of v.requests) assert.ok(url.startsWith(origin + PREFIX) || /\/(shop|products)\//.test(url), `requested ${url}`);
    // The page never downloaded the engine: only the worker did (its own copy).
    assert.ok(!v.requests.some((u) => /\/chunks\/(engine|runtime)-/.test(u)), 'the page engine stays unloaded');
    assert.deepEqual(await v.page.evaluate(() => globalThis.__c2m.violations), [], 'nothing refused by the CSP');
    assert.deepEqual(v.errors, []);
  } finally {
    await v.close();
  }
});

test('engine="auto" (the default): a large product runs in the worker, a small one in the page', async () => {
  const large = await visit('/shop/large');
  try {
    // Large by c2m.js's own measure (its exported threshold).
    const threshold = await large.page.evaluate(async (url) => ((await import(url)) as { WORKER_THRESHOLD: { bytes: number } }).WORKER_THRESHOLD.bytes, `${PREFIX}c2m.js`);
    assert.ok(Buffer.byteLength(products['large.json']!) > threshold, `the generated product (${Buffer.byteLength(products['large.json']!)} bytes) is above ${threshold}`);
    await largeAnswersInWorker(large);
    assert.ok(!large.requests.some((u) => /\/chunks\/engine-/.test(u)), 'the page engine stays unloaded');
  } finally {
    await large.close();
  }
  // A budget no engine call reaches: the size alone decides (on a loaded machine an explanation may take a frame).
  const small = await visit('/shop/mug/auto/1e9');
  try {
    assert.equal((await session(small.page, 'glaze')).mode, 'page');
    assert.deepEqual(small.workers, [], 'no worker for a small product');
    assert.ok(small.requests.some((u) => /\/chunks\/engine-/.test(u)), 'the page engine is loaded');
    assert.deepEqual(small.errors, []);
  } finally {
    await small.close();
  }
});

test('a compiled product: the page fetches the engine’s runtime only; a product file the rest of the engine too', async () => {
  const chunks = (v: Visit) => v.requests.filter((u) => /\/chunks\/(engine|runtime)-/.test(u)).map((u) => /\/chunks\/(engine|runtime)-/.exec(u)![1]).sort();
  for (const [product, expected] of [['mug.compiled', ['runtime']], ['mug', ['engine', 'runtime']]] as const) {
    const v = await visit(`/shop/${product}/auto/1e9`);
    try {
      assert.equal((await session(v.page, 'glaze')).mode, 'page', product);
      assert.deepEqual(chunks(v), expected, product);
      await click(v.page, 'c2m-option[option="glaze"] [role="radio"][data-value="tenmoku"]');
      assert.deepEqual(await session(v.page, 'glaze'), { mode: 'page', value: 'tenmoku', pending: 0 });
      assert.deepEqual(await v.page.evaluate(() => globalThis.__c2m.violations), [], 'nothing refused by the CSP');
      assert.deepEqual(v.errors, []);
    } finally {
      await v.close();
    }
  }
  // A large compiled product goes to the worker under `auto`, as its file does, and the page fetches no engine.
  const large = await visit('/shop/large.compiled');
  try {
    await largeAnswersInWorker(large);
    assert.deepEqual(chunks(large), []);
  } finally {
    await large.close();
  }
});

test('engine="auto": a product that started in the page moves to the worker when a call takes longer than engine-budget, choices and all', async () => {
  // 0: every call is too long, whatever the machine's speed.
  const v = await visit('/shop/mug/auto/0');
  try {
    assert.equal((await v.page.evaluate(() => globalThis.__c2m.ready))?.mode, 'page');
    await click(v.page, 'c2m-option[option="glaze"] [role="radio"][data-value="tenmoku"]');
    await v.page.waitForFunction(() => globalThis.__c2m.moved !== null);
    assert.equal((await v.page.evaluate(() => globalThis.__c2m.moved))?.mode, 'worker');
    assert.deepEqual(await session(v.page, 'glaze'), { mode: 'worker', value: 'tenmoku', pending: 0 });
    assert.equal(v.workers.length, 1, `one worker: ${v.workers.join(', ')}`);
    await click(v.page, 'c2m-option[option="glaze"] [role="radio"][data-value="white"]');
    assert.deepEqual(await session(v.page, 'glaze'), { mode: 'worker', value: 'white', pending: 0 });
    assert.deepEqual(await v.page.evaluate(() => globalThis.__c2m.violations), [], 'nothing refused by the CSP');
    assert.deepEqual(v.errors, []);
  } finally {
    await v.close();
  }
});

test("c2m.js from a CDN's origin: the worker still starts (a same-origin blob: module importing the CDN's)", async () => {
  const v = await visit('/cdn-shop/large');
  try {
    await largeAnswersInWorker(v);
    assert.match(v.workers[0]!, /^blob:/);
    // The worker's module and its imports came from the CDN, relative to c2m.js there.
    assert.ok(v.requests.some((u) => u.startsWith(`${cdnOrigin}${PREFIX}worker/thread-`)), v.requests.join('\n'));
  } finally {
    await v.close();
  }
});
