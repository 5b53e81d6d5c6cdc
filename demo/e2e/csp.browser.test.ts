// Every page of the demo runs under a strict Content-Security-Policy — `script-src 'self';
// style-src 'self'`, no unsafe-inline, no unsafe-eval — and works: the configurator, its 3D viewer,
// ordering, and the order desk, with nothing refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './harness.js';
import { order } from './storefront.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const LIMIT = { timeout: 240_000 };

test("pages are served with script-src 'self' and style-src 'self', without unsafe-inline or unsafe-eval", async () => {
  for (const path of ['/', '/zh-CN/', '/products/suit', '/desk/']) {
    const csp = (await fetch(new URL(path, h.demo.url))).headers.get('content-security-policy') ?? '';
    assert.match(csp, /(^|; )script-src 'self'(;|$)/, path);
    assert.match(csp, /(^|; )style-src 'self'(;|$)/, path);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
  }
});

test('/catalog/{id}.json negotiates: the compiled product to the configurator, the file to others; .compiled.json is always compiled', async () => {
  const accept = { accept: 'application/vnd.c2m.compiled+json, application/json;q=0.9' };
  for (const { file } of h.demo.products) {
    const url = new URL(`/catalog/${file.product.id}.json`, h.demo.url);
    const plain = await fetch(url);
    assert.equal(plain.headers.get('content-type'), 'application/json');
    assert.equal(((await plain.json()) as { product: { id: string } }).product.id, file.product.id);
    assert.match(plain.headers.get('vary') ?? '', /Accept/);
    const compiled = await fetch(url, { headers: accept });
    const text = await compiled.text();
    assert.equal(compiled.headers.get('content-type'), 'application/vnd.c2m.compiled+json');
    assert.ok(text.startsWith('{"c2m":"compiled-product"'), text.slice(0, 60));
    const etag = compiled.headers.get('etag')!;
    const again = await fetch(url, { headers: { ...accept, 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get('etag'), etag);
    const fixed = await fetch(new URL(`/catalog/${file.product.id}.compiled.json`, h.demo.url));
    assert.equal(fixed.headers.get('content-type'), 'application/vnd.c2m.compiled+json');
    assert.equal(await fixed.text(), text);
  }
  assert.equal((await fetch(new URL('/catalog/nothing.compiled.json', h.demo.url))).status, 404);
});

test('the policy is enforced: an inline style and an inline script are refused and reported', LIMIT, async () => {
  const probe = await h.open('/');
  await probe.page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body { color: red }';
    document.head.append(style);
    const script = document.createElement('script');
    script.textContent = 'globalThis.inlineRan = true';
    document.head.append(script);
  });
  await probe.page.waitForFunction(() => globalThis.__c2mTest.violations.length >= 2);
  assert.equal(await probe.page.evaluate(() => 'inlineRan' in globalThis), false);
  await probe.context.close();
});

for (const path of ['/products/suit', '/products/table', '/zh-CN/products/mug']) {
  test(`${path}: the configurator and its 3D view work with nothing refused`, LIMIT, async () => {
    const shopper = await h.open(path);
    await shopper.waitForEvent('c2m-ready');
    await shopper.waitForEvent('c2m-viewer-load');
    if (path.endsWith('/mug')) {
      // Swatches keep their colours (set through CSSOM, which the policy allows, not style attributes).
      const swatch = (id: string) => shopper.page.locator(`c2m-option[option="glaze"] [role="radio"][data-value="${id}"] [part="swatch"]`).evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(await swatch('celadon'), 'rgb(159, 191, 168)'); // #9fbfa8 in the product file
      assert.equal(await swatch('tenmoku'), 'rgb(59, 36, 22)'); // #3b2416
    }
    // The product came compiled (the storefront's `src` negotiates it): the page fetched the engine's
    // runtime, never the product-file checks and compiler.
    const chunks = await shopper.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/chunks/')));
    assert.ok(chunks.some((n) => /\/chunks\/runtime-/.test(n)), chunks.join('\n'));
    assert.ok(!chunks.some((n) => /\/chunks\/engine-/.test(n)), chunks.join('\n'));
    // Ordering too (the snapshot, the outbox in IndexedDB, the request to the API), once.
    if (path === '/products/suit') await order(shopper, 'en');
    assert.deepEqual(await shopper.violations(), [], 'nothing refused by the CSP');
    assert.deepEqual(shopper.errors, []);
    await shopper.context.close();
  });
}

test('the storefront and the order desk run with nothing refused', LIMIT, async () => {
  for (const path of ['/', '/zh-CN/', h.demo.desk]) {
    const page = await h.open(path);
    // The desk has drawn its list and its charts (they are SVG built in the page).
    if (path.includes('/desk/')) await page.page.waitForFunction(() => document.getElementById('demand')!.childElementCount > 0);
    assert.deepEqual(await page.violations(), [], `${path}: nothing refused`);
    assert.deepEqual(page.errors, []);
    await page.context.close();
  }
});
