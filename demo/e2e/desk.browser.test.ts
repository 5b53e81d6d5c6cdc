// The manufacturer's order desk, end to end: the orders of one shopper (through the storefront, with
// a 3D snapshot) and of many more (through the protocol, as other shops would send them), listed with
// their specifications; status changes along the life cycle, stored in the database; demand charts
// that count exactly what the database holds; new orders appearing without a reload; the key.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProduct, createSession, type CompiledProduct, type Specification } from '@c2m/rules/engine';
import { readExample, type ExampleName } from '@c2m/rules/examples';
import { seededRandom as random } from '@c2m/rules/testing';
import { createClient } from '@c2m/client';
import { screenshot, startHarness, type Harness } from './harness.js';
import { SCENARIOS, shop, stored } from './storefront.js';

let h: Harness;
let shopped = '';
const sent: string[] = [];
const LIMIT = { timeout: 240_000 };

/**
 * A valid order of `product` with choices drawn from what the engine offers at each step, among the
 * options that apply (`when`); a draw that leaves something to type in is drawn again: the other
 * shops' orders here are made of choices only.
 */
function draw(product: CompiledProduct, next: () => number): Specification {
  for (let attempt = 0; attempt < 50; attempt++) {
    const session = createSession(product);
    for (const option of product.options) {
      if (option.type !== 'choice' || !session.domain(option.id).applicable) continue;
      const offered = option.values.filter((v) => session.isAvailable(option.id, v.id));
      const pick = offered[Math.floor(next() * offered.length)];
      if (pick) session.select(option.id, pick.id);
    }
    session.autocomplete();
    if (session.isComplete()) return session.toSpecification();
  }
  throw new Error(`no complete order of ${product.file.product.id} drawn in 50 attempts`);
}

before(async () => {
  h = await startHarness();
  // Orders of other shoppers, as any shop sends them through the protocol.
  const client = createClient({ endpoint: `${h.demo.url}/api`, publishableKey: h.demo.publishableKey });
  const next = random(17);
  for (const [name, n] of [['mug', 6], ['oak-table', 5], ['suit', 5]] as Array<[ExampleName, number]>) {
    const compiled = compileProduct(readExample(name));
    assert.ok(compiled.ok);
    for (let i = 0; i < n; i++) sent.push((await client.submit(draw(compiled.product, next))).id);
  }
  // Then one shopper through the storefront: the newest order, with a snapshot of the 3D view.
  shopped = await shop(h, SCENARIOS.mug, 'en');
});
after(async () => {
  await h?.close();
});

test('lists every order with its specification and the snapshot of the 3D view', LIMIT, async () => {
  const desk = await h.open(h.demo.desk);
  const card = desk.page.locator(`li.order[data-id="${shopped}"]`);
  await card.waitFor();
  assert.equal(await desk.page.locator('li.order').count(), 1 + sent.length);
  assert.ok(await card.locator('.snapshot img').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth > 0)));
  assert.match((await card.locator('h3').textContent()) ?? '', /Glazed stoneware mug/);
  await card.locator('summary').click();
  assert.match((await card.locator('tr[data-option="handle"] td').textContent()) ?? '', /No handle|None/i);
  // The key is no longer in the address bar once the desk has it.
  assert.equal(new URL(desk.page.url()).hash, '');
  await desk.context.close();
});

test('moves an order along the life cycle; every step is stored', LIMIT, async () => {
  const desk = await h.open(h.demo.desk);
  const card = desk.page.locator(`li.order[data-id="${shopped}"]`);
  await card.waitFor();
  for (const [button, state] of [
    ['Accept', 'accepted'],
    ['Start production', 'in_production'],
    ['Mark shipped', 'shipped'],
  ] as const) {
    await card.getByRole('button', { name: button }).click();
    await desk.page.locator(`li.order[data-id="${shopped}"][data-status="${state}"]`).waitFor();
    assert.equal((await stored(h, shopped))[0]?.status, state);
  }
  assert.equal(await desk.page.locator(`li.order[data-id="${shopped}"]`).getByRole('button').count(), 0, 'a shipped order offers no further step');
  const events = await h.demo.backend.database.query<{ to_status: string }>('SELECT to_status FROM specification_events WHERE specification_id = $1 ORDER BY at', [shopped]);
  assert.deepEqual(events.rows.map((r) => r.to_status), ['accepted', 'in_production', 'shipped']);
  await desk.context.close();
});

test('a rejection keeps its note, and the order leaves the demand charts', LIMIT, async () => {
  const id = sent[0]!;
  const desk = await h.open(h.demo.desk);
  const card = desk.page.locator(`li.order[data-id="${id}"]`);
  await card.waitFor();
  const totals = desk.page.locator('article.product-demand[data-product="mug"] .totals');
  const before = await totals.textContent();
  await card.getByRole('textbox').fill('That glaze is sold out this season.');
  await card.getByRole('button', { name: 'Reject' }).click();
  await desk.page.locator(`li.order[data-id="${id}"][data-status="rejected"]`).waitFor();
  const [row] = await stored(h, id);
  assert.deepEqual({ status: row?.status, note: row?.note }, { status: 'rejected', note: 'That glaze is sold out this season.' });
  await desk.page.waitForFunction(({ text }) => document.querySelector('article.product-demand[data-product="mug"] .totals')?.textContent !== text, { text: before });

  // The status filter asks the listing API for one state.
  await desk.page.getByRole('button', { name: 'Rejected', exact: true }).click();
  await desk.page.locator(`li.order[data-id="${id}"]`).waitFor();
  await desk.page.waitForFunction(() => document.querySelectorAll('li.order').length === 1);
  await desk.context.close();
});

test("the demand charts count exactly what the database holds (every order not rejected)", LIMIT, async () => {
  const desk = await h.open(h.demo.desk);
  await desk.page.locator('article.product-demand').first().waitFor();
  const db = h.demo.backend.database;
  for (const [product, option] of [
    ['mug', 'glaze'],
    ['mug', 'size'],
    ['solid-wood-table', 'species'],
    ['mtm-suit', 'fabric'],
  ] as const) {
    const counts = await db.query<{ value: string; n: number }>(
      "SELECT body->'selections'->>$2 AS value, count(*)::int AS n FROM specifications WHERE product_id = $1 AND status <> 'rejected' GROUP BY 1",
      [product, option],
    );
    const chart = desk.page.locator(`article.product-demand[data-product="${product}"] figure[data-option="${option}"]`);
    const shown = await chart.locator('g[data-key]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-key'), Number(r.getAttribute('data-count'))] as [string, number]));
    const expected = new Map(counts.rows.map((r) => [r.value, r.n]));
    for (const [key, n] of shown) assert.equal(n, expected.get(key!) ?? 0, `${product} ${option}=${key}`);
    assert.equal(shown.reduce((s, [, n]) => s + n, 0), [...expected.values()].reduce((s, n) => s + n, 0), `${product} ${option}: every order counted`);
  }
  // Lead times promised: one bar per promised number of days.
  const days = await db.query<{ days: string; n: number }>(
    "SELECT body->'leadTime'->>'days' AS days, count(*)::int AS n FROM specifications WHERE product_id = 'solid-wood-table' AND status <> 'rejected' GROUP BY 1",
  );
  const bars = await desk.page
    .locator('article.product-demand[data-product="solid-wood-table"] figure.wide')
    .first()
    .locator('g[data-key]')
    .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-key'), Number(r.getAttribute('data-count'))]));
  assert.deepEqual(new Map(bars as Array<[string, number]>), new Map(days.rows.map((r) => [r.days, r.n])));
  await screenshot(desk.page, 'demo-desk');
  assert.deepEqual(desk.errors, []);
  await desk.context.close();
});

test('a new order appears on an open desk without a reload', LIMIT, async () => {
  const desk = await h.open(h.demo.desk);
  await desk.page.locator('li.order').first().waitFor();
  const compiled = compileProduct(readExample('mug'));
  assert.ok(compiled.ok);
  const client = createClient({ endpoint: `${h.demo.url}/api`, publishableKey: h.demo.publishableKey });
  const { id } = await client.submit(draw(compiled.product, random(99)));
  await desk.page.locator(`li.order[data-id="${id}"]`).waitFor({ timeout: 60_000 });
  await desk.context.close();
});

test('without the key the desk asks for it, and refuses a wrong one', LIMIT, async () => {
  const desk = await h.open('/desk/');
  await desk.page.getByLabel('Manufacturer key').fill('mk_not_the_key');
  await desk.page.getByRole('button', { name: 'Open the desk' }).click();
  await desk.page.locator('#sign-in-error').filter({ hasText: 'not accepted' }).waitFor();
  await desk.page.getByLabel('Manufacturer key').fill(h.demo.manufacturerKey);
  await desk.page.getByRole('button', { name: 'Open the desk' }).click();
  await desk.page.locator('li.order').first().waitFor();
  await desk.context.close();
});
