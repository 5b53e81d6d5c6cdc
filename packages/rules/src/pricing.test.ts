import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ProductFile } from './schema/product-file.js';
import { table } from './testing/oak-table.js';
import { computeDerived, computeLeadTime, computeQuote } from './pricing-text.js';
import type { QuoteLine } from './types.js';

// Deterministic runs (CI reruns must agree); set FC_SEED to explore other cases locally.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261125) });

const file = ProductFile.parse(table);

function brief(lines: QuoteLine[]): Array<[string, number]> {
  return lines.map((l) => [l.id, l.amount]);
}

test('a complete configuration: base, value deltas, conditional lines and rounded formulas', () => {
  const values = { wood: 'walnut', width: 1600, depth: 800.5, express: true, engraving: 'Für Anna', logo: null };
  const quote = computeQuote(file, values, 'en');
  assert.equal(quote.currency, 'CNY');
  assert.deepEqual(brief(quote.lines), [
    ['base', 100000],
    ['wood', 20000],
    ['express', 8000],
    ['engraving', 5000],
    // ceil(1600 · 800.5 / 10000) · 35 = ceil(128.08) · 35
    ['top-area', 129 * 35],
    ['walnut-large', 15000],
    // −1600 / 4
    ['promo', -400],
    // 1 · 1000 + 0.5 rounds half away from zero
    ['express-fee', 1001],
  ]);
  assert.equal(quote.total, 100000 + 20000 + 8000 + 5000 + 129 * 35 + 15000 - 400 + 1001);
  assert.deepEqual(quote.lines[1], { id: 'wood', kind: 'option', label: 'Wood: Walnut', amount: 20000, option: 'wood' });
  assert.deepEqual(quote.lines[0], { id: 'base', kind: 'base', label: 'Base price', amount: 100000 });
  assert.equal(quote.lines[4]!.kind, 'line');

  const lead = computeLeadTime(file, values, 'en');
  assert.deepEqual(brief(lead.lines), [['base', 14], ['wood', 5], ['express', -7], ['engraving', 1]]);
  assert.equal(lead.days, 13);
  assert.equal(lead.lines[0]!.label, 'Making');

  assert.deepEqual(computeDerived(file, values), { area: 1.2808, third: 266.833333 });
});

test('negative halves round away from zero; decimals are exact, not binary floating point', () => {
  const values = { wood: 'pine', width: 810, depth: 600.5, express: false, engraving: '', logo: null };
  const quote = computeQuote(file, values, 'en');
  const amounts = Object.fromEntries(brief(quote.lines));
  assert.equal(amounts.promo, -203, '−810 / 4 = −202.5 → −203');
  assert.equal(amounts['express-fee'], 1, '0 · 1000 + 0.5 → 1');
  assert.equal(amounts.wood, -5000);
  assert.equal(amounts.engraving, undefined, 'empty text is not priced');
  assert.equal(amounts.express, undefined, 'a boolean off is not priced');
  // 0.1 + 0.2 style: a derived value over decimals is exact before rounding to 6 decimals.
  const f = ProductFile.parse({ ...table, derived: [{ id: 'x', label: 'x', formula: 'depth * 3 / 10 - 0.1 - 0.2' }] });
  assert.deepEqual(computeDerived(f, { depth: 600.1 }), { x: 179.73 });
});

test('a partial configuration prices what is chosen so far', () => {
  const quote = computeQuote(file, { wood: 'walnut', width: 1700 }, 'en');
  // top-area needs depth; walnut-large reads wood and width (both chosen); promo's `any` is still
  // undecided (express not chosen, wood is not pine); express-fee needs express.
  assert.deepEqual(brief(quote.lines), [['base', 100000], ['wood', 20000], ['walnut-large', 15000]]);
  assert.equal(quote.total, 135000);
  // An `any` that one chosen option already makes true applies.
  const pine = computeQuote(file, { wood: 'pine', width: 1000 }, 'en');
  assert.deepEqual(brief(pine.lines), [['base', 100000], ['wood', -5000], ['promo', -250]]);
  // Nothing chosen: just the base.
  assert.deepEqual(brief(computeQuote(file, {}, 'en').lines), [['base', 100000]]);
  assert.deepEqual(computeDerived(file, { width: 1000 }), {});
  assert.deepEqual(computeLeadTime(file, {}, 'en').days, 14);
});

test('labels follow the shopper\'s locale with fallbacks', () => {
  const values = { wood: 'walnut', width: 1600, depth: 800, express: true, engraving: 'x', logo: { name: 'l.png', type: 'image/png', bytes: 10 } };
  const zh = computeQuote(file, values, 'zh-CN');
  assert.deepEqual(
    zh.lines.map((l) => l.label),
    ['基础价格', '木材: 胡桃木', '加急', 'Engraving', 'Logo', '桌面', 'Large walnut top', 'Promotion', 'Express fee'],
  );
  assert.equal(computeLeadTime(file, values, 'zh').lines[0]!.label, '制作');
  assert.equal(computeQuote(file, values, 'de-CH').lines[1]!.label, 'Wood: Walnut');
});

test('a file without pricing or lead time quotes a zero base', () => {
  const bare = ProductFile.parse({ ...table, pricing: undefined, leadTime: undefined, derived: [] });
  const quote = computeQuote(bare, { wood: 'walnut' }, 'en');
  assert.deepEqual(brief(quote.lines), [['base', 0], ['wood', 20000]]);
  assert.equal(computeLeadTime(bare, { wood: 'walnut' }, 'en').days, 5);
});

test('property: amounts are integers and the total is their sum, on random (partial) configurations', () => {
  const valuesArb = fc.record(
    {
      wood: fc.constantFrom('oak', 'walnut', 'pine'),
      width: fc.integer({ min: 80, max: 200 }).map((n) => n * 10),
      depth: fc.integer({ min: 1200, max: 2000 }).map((n) => n / 2),
      express: fc.boolean(),
      engraving: fc.constantFrom('', 'A', '刻字'),
      logo: fc.constantFrom(null, { name: 'a.png', type: 'image/png', bytes: 5 }),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(valuesArb, fc.constantFrom('en', 'zh-CN'), (values, locale) => {
      const quote = computeQuote(file, values, locale);
      const lead = computeLeadTime(file, values, locale);
      for (const l of [...quote.lines, ...lead.lines]) assert.ok(Number.isSafeInteger(l.amount), `${l.id}: ${l.amount}`);
      assert.equal(quote.total, quote.lines.reduce((s, l) => s + l.amount, 0));
      assert.equal(lead.days, lead.lines.reduce((s, l) => s + l.amount, 0));
      assert.ok(!quote.lines.some((l) => l.id === 'broken'), 'a line that divides by zero never applies');
      // Choosing more never removes an option line that was there.
      const more = computeQuote(file, { wood: 'oak', width: 800, depth: 600, express: false, engraving: '', logo: null, ...values }, locale);
      for (const l of quote.lines) if (l.kind !== 'line') assert.ok(more.lines.some((m) => m.id === l.id));
      const derived = computeDerived(file, values);
      if ('width' in values && 'depth' in values) {
        assert.equal(derived.area, Math.round(values.width! * values.depth!) / 1e6);
      } else assert.equal(derived.area, undefined);
    }),
    { numRuns: 1000 },
  );
});

test('a hostile formula cannot stall a quote: huge numbers leave the line out', () => {
  const hostile = ProductFile.parse({
    ...table,
    pricing: {
      base: 0,
      lines: [
        { id: 'huge', label: 'Huge', formula: Array.from({ length: 200 }, () => 'width').join(' * ') },
        { id: 'fine', label: 'Fine', formula: 'width * 2' },
      ],
    },
  });
  // 2000^200 is beyond LIMITS.maxMoney; (1e12)^200 beyond what the evaluator computes at all.
  assert.deepEqual(brief(computeQuote(hostile, { width: 2000 }, 'en').lines), [['base', 0], ['fine', 4000]]);
  assert.deepEqual(brief(computeQuote(hostile, { width: 1e12 }, 'en').lines), [['base', 0], ['fine', 2e12]]);
  assert.deepEqual(brief(computeQuote(hostile, { width: 1e308 }, 'en').lines), [['base', 0]]);
  assert.deepEqual(brief(computeQuote(file, { width: 1e308, depth: 1e308 }, 'en').lines), [['base', 100000]]);
  assert.deepEqual(computeDerived(file, { width: 1e308, depth: 1e308 }), { third: 3.333333333333333e307 });
});
