// An order placed while the shopper's device has no network: the page says it is kept, nothing
// reaches the manufacturer, and it is delivered, exactly once, as soon as the network returns.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './harness.js';
import { choose, stored, WORDS } from './storefront.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const count = async () => (await h.demo.backend.database.query<{ n: number }>('SELECT count(*)::int AS n FROM specifications')).rows[0]!.n;

for (const lang of ['en', 'zh-CN'] as const) {
  test(`${lang}: an order placed offline is kept on the device and delivered when the network returns`, { timeout: 240_000 }, async () => {
    const shopper = await h.open(`${lang === 'en' ? '' : '/zh-CN'}/products/mug`);
    const { page, context } = shopper;
    await shopper.waitForEvent('c2m-ready');
    await choose(page, 'glaze', 'white');
    await shopper.waitForEvent('c2m-viewer-load');
    const before = await count();

    await context.setOffline(true);
    await page.locator('c2m-order-button [part="button"]').click();
    await page.locator('c2m-order-button [part="status"]').filter({ hasText: WORDS[lang].kept }).waitFor();
    assert.equal(await count(), before, 'nothing arrived while offline');

    await context.setOffline(false);
    const status = page.locator('c2m-order-button [part="status"]').filter({ hasText: WORDS[lang].delivered });
    await status.waitFor();
    const id = WORDS[lang].delivered.exec((await status.textContent()) ?? '')![1]!;
    const [row] = await stored(h, id);
    assert.equal(row?.body.selections.glaze, 'white');
    assert.equal(await count(), before + 1, 'delivered exactly once');
    assert.deepEqual(shopper.errors, []);
    await context.close();
  });
}
