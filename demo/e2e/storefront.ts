/**
 * The shopper's run through a product page, in English or Simplified Chinese: the shopper's own
 * choice, a value it rules out (marked, explained, repaired in one step), a few more choices, the
 * 3D view, the order; then the order in the database with its snapshot and on the order desk.
 * Each product's file registers the run for both languages ({@link storefrontSuite}).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot, startHarness, type Harness, type Shopper } from './harness.js';

export type Lang = 'en' | 'zh-CN';

/** What each language says where the tests read the page. */
export const WORDS = {
  en: { delivered: /Order received\. Your order number is (spc_[0-9a-z]+)/, kept: /offline/i, apply: 'Apply' },
  'zh-CN': { delivered: /订单已收到，订单号为 (spc_[0-9a-z]+)/, kept: /离线/, apply: '确定' },
} as const;

/** A product's run: the shopper's own choice, a value it rules out, and a few more choices. */
export interface Scenario {
  slug: 'suit' | 'table' | 'mug';
  productId: string;
  /** Chosen first, by the shopper; `then`: what the shopper picks if the repair left the option empty. */
  first: { option: string; value: string; then: string };
  /** Unavailable after `first`; choosing it offers a repair that changes `first.option`. */
  unavailable: { option: string; value: string; reason: Record<Lang, RegExp> };
  /** More choices, as clicks and typing; resolves with the values they must leave in the order. */
  more: (page: Page, lang: Lang) => Promise<Record<string, unknown>>;
  /** Screenshots for the docs, by language. */
  screenshots?: Partial<Record<Lang, string>>;
}

/** A value of a choice option (a radio of the option's radio group). */
export const value = (page: Page, option: string, id: string) => page.locator(`c2m-option[option="${option}"] [role="radio"][data-value="${id}"]`);

/** Resolves when the configurator has no change in flight. */
export const idle = (page: Page) =>
  page.waitForFunction(() => {
    const c = document.querySelector('c2m-configurator') as (HTMLElement & { configuration?: { pending: number } }) | null;
    return c?.configuration !== undefined && c.configuration.pending === 0;
  });

/** Clicks a value and checks that it is chosen. */
export async function choose(page: Page, option: string, id: string): Promise<void> {
  await value(page, option, id).click();
  await idle(page);
  assert.equal(await value(page, option, id).getAttribute('aria-checked'), 'true', `${option} = ${id} is chosen`);
}

export const SCENARIOS: Record<Scenario['slug'], Scenario> = {
  suit: {
    slug: 'suit',
    productId: 'mtm-suit',
    first: { option: 'canvas', value: 'full_canvas', then: 'half_canvas' },
    unavailable: { option: 'lining_type', value: 'unlined', reason: { en: /A full canvas must be covered by a lining\./, 'zh-CN': /全麻衬必须有里衬覆盖/ } },
    more: async (page) => {
      await choose(page, 'fabric', 'reda_flexo_blue');
      return { fabric: 'reda_flexo_blue' };
    },
    screenshots: { en: 'demo-storefront', 'zh-CN': 'demo-storefront-zh-CN' },
  },
  table: {
    slug: 'table',
    productId: 'solid-wood-table',
    first: { option: 'species', value: 'smoked_oak', then: 'ash' },
    unavailable: { option: 'finish', value: 'white_oil', reason: { en: /White oil is only offered on light woods/, 'zh-CN': /白色木油仅适用于浅色木材/ } },
    more: async (page) => {
      const width = page.locator('c2m-option[option="width"] input[part="input"]');
      await width.fill('2400');
      await width.press('Enter');
      await idle(page);
      return { width: 2400 };
    },
    screenshots: { en: 'demo-table' },
  },
  mug: {
    slug: 'mug',
    productId: 'mug',
    first: { option: 'size', value: 'espresso', then: 'large' },
    unavailable: { option: 'handle', value: 'none', reason: { en: /An espresso cup is too small to hold without a handle\./, 'zh-CN': /浓缩咖啡杯太小，没有把手无法拿稳/ } },
    more: async (page, lang) => {
      await choose(page, 'glaze', 'tenmoku');
      await page.locator('c2m-option[option="engraving"] [part="switch"]').click();
      await idle(page);
      const text = lang === 'en' ? 'Ana 2026' : '安娜 2026';
      const input = page.locator('c2m-option[option="engraving_text"] input[part="input"]');
      await input.fill(text);
      await input.press('Enter');
      await idle(page);
      return { glaze: 'tenmoku', engraving: true, engraving_text: text };
    },
  },
};

/** The stored rows of one order. */
export async function stored(h: Harness, id: string) {
  const r = await h.demo.backend.database.query<{ id: string; status: string; product_id: string; note: string | null; body: Record<string, any> }>(
    'SELECT id, status, product_id, note, body FROM specifications WHERE id = $1',
    [id],
  );
  return r.rows;
}

/** Presses Order and reads the order number the page announces. */
export async function order(shopper: Shopper, lang: Lang): Promise<string> {
  const { page } = shopper;
  const button = page.locator('c2m-order-button [part="button"]');
  try {
    await page.locator('c2m-order-button [part="button"][aria-disabled="false"]').waitFor({ timeout: 30_000 });
  } catch {
    const hint = await page.locator('c2m-order-button .hint').textContent().catch(() => '');
    const selections = await page.evaluate(() => JSON.stringify((document.querySelector('c2m-configurator') as any)?.configuration?.state.selections));
    assert.fail(`the order button stays disabled: "${hint}"; selections ${selections}`);
  }
  await button.click();
  const status = page.locator('c2m-order-button [part="status"]').filter({ hasText: WORDS[lang].delivered });
  await status.waitFor();
  const id = WORDS[lang].delivered.exec((await status.textContent()) ?? '')?.[1];
  assert.ok(id, 'the page shows the order number');
  await shopper.waitForEvent('c2m-submitted');
  return id;
}

/** One shopper's run on a product page; resolves with the order's id. */
export async function shop(h: Harness, s: Scenario, lang: Lang): Promise<string> {
  const shopper = await h.open(`${lang === 'en' ? '' : '/zh-CN'}/products/${s.slug}`);
  const { page } = shopper;
  await shopper.waitForEvent('c2m-ready');
  assert.equal(await page.locator('html').getAttribute('lang'), lang);

  // The shopper's own choice, then a value it rules out: still shown, marked, explained, repairable.
  await choose(page, s.first.option, s.first.value);
  const blocked = value(page, s.unavailable.option, s.unavailable.value);
  assert.equal(await blocked.getAttribute('aria-disabled'), 'true', `${s.unavailable.option} = ${s.unavailable.value} is unavailable`);
  await blocked.hover();
  await page.locator(`c2m-option[option="${s.unavailable.option}"] .reason`).filter({ hasText: s.unavailable.reason[lang] }).first().waitFor();
  // aria-disabled, not disabled: a shopper can still pick it, and is offered the repair.
  await blocked.click({ force: true });
  const offer = page.locator(`c2m-option[option="${s.unavailable.option}"] [part="offer"]`);
  await offer.waitFor();
  await offer.locator('[part="apply"]').filter({ hasText: WORDS[lang].apply }).click();
  await idle(page);
  assert.equal(await blocked.getAttribute('aria-checked'), 'true', 'the repair chose the value');
  assert.notEqual(await value(page, s.first.option, s.first.value).getAttribute('aria-checked'), 'true', 'and changed the choice that ruled it out');
  // A repair clears what stood in the way; a default may take its place, or the shopper chooses again.
  if ((await page.locator(`c2m-option[option="${s.first.option}"] [role="radio"][aria-checked="true"]`).count()) === 0) {
    await choose(page, s.first.option, s.first.then);
  }

  const expected = await s.more(page, lang);

  // The 3D view has shown the configuration: the order carries a snapshot of it.
  await shopper.waitForEvent('c2m-viewer-load');
  const name = s.screenshots?.[lang];
  if (name) await screenshot(page, name);
  const id = await order(shopper, lang);

  const [row] = await stored(h, id);
  assert.ok(row, 'the order is in the database');
  assert.equal(row.product_id, s.productId);
  assert.equal(row.status, 'received');
  assert.equal(row.body.locale, lang);
  assert.equal(row.body.selections[s.unavailable.option], s.unavailable.value);
  for (const [option, v] of Object.entries(expected)) assert.deepEqual(row.body.selections[option], v, option);
  assert.match(row.body.snapshot?.type ?? '', /^image\/(jpeg|png|webp)$/);
  assert.ok(String(row.body.snapshot?.data ?? row.body.snapshot?.url ?? '').length > 1000, 'the snapshot has an image');
  assert.deepEqual(shopper.errors, [], 'no uncaught error on the page');
  await shopper.context.close();
  return id;
}

/** Checks that the desk lists the order with its snapshot and specification, and counts it in the charts. */
export async function onDesk(h: Harness, s: Scenario, id: string): Promise<void> {
  const desk = await h.open(h.demo.desk);
  const card = desk.page.locator(`li.order[data-id="${id}"]`);
  await card.waitFor();
  await card.locator('.snapshot img').waitFor();
  assert.ok(await card.locator('.snapshot img').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth > 0)), 'the snapshot shows');
  assert.equal(await card.getAttribute('data-status'), 'received');
  assert.equal(await card.locator(`tr[data-option="${s.unavailable.option}"]`).count(), 1, 'the specification lists the option');
  const bar = desk.page.locator(`article.product-demand[data-product="${s.productId}"] figure[data-option="${s.unavailable.option}"] g[data-key="${s.unavailable.value}"]`);
  assert.ok(Number(await bar.getAttribute('data-count')) >= 1, 'the demand chart counts the order');
  assert.deepEqual(desk.errors, []);
  await desk.context.close();
}

/** The product's runs in both languages, on one demo. */
export function storefrontSuite(slug: Scenario['slug']): void {
  const s = SCENARIOS[slug];
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });
  for (const lang of ['en', 'zh-CN'] as const) {
    describe(`${slug} in ${lang}`, () => {
      test('configure by clicking, repair an unavailable value, order: stored with its snapshot, on the order desk', { timeout: 240_000 }, async () => {
        const id = await shop(h, s, lang);
        await onDesk(h, s, id);
      });
    });
  }
}
