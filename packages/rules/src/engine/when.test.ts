/**
 * Options that apply only sometimes (`when`): the defined semantics, one rule at a time, in the
 * engine, counting, pricing and the specification (the property tests check them at random).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCheckedFile, compileProduct } from './compile.js';
import { createSession } from './create-session.js';
import { ProductFile } from '../schema/product-file.js';
import type { Constraint, Option } from '../schema/product-file.js';
import type { CompiledProduct } from '../api.js';
import type { DiscreteDomain, NumberDomain } from '../types.js';
import { buildSpecification } from '../specification.js';
import { validateSpecification } from '../specification-check.js';
import { computeQuote } from '../pricing-text.js';

const message = 'rule';

/** A mug: a monogram (boolean) and, only with it, a thread colour (choice) and a text. */
function mug(constraints: Constraint[] = [], extra: Option[] = []): CompiledProduct {
  const r = compileProduct({
    schemaVersion: 1,
    product: { id: 'mug', version: '1', name: 'Mug', currency: 'CNY' },
    options: [
      { id: 'monogram', type: 'boolean', label: 'Monogram', price: 500 },
      {
        id: 'thread',
        type: 'choice',
        label: 'Thread',
        when: { option: 'monogram', is: true },
        values: [
          { id: 'gold', label: 'Gold', price: 300 },
          { id: 'silver', label: 'Silver' },
          { id: 'navy', label: 'Navy' },
        ],
      },
      { id: 'size', type: 'number', label: 'Size', min: 1, max: 3, step: 1 },
      ...extra,
    ],
    constraints,
    pricing: {
      base: 1000,
      lines: [{ id: 'not-gold', label: 'Not gold', if: { option: 'thread', isNot: 'gold' }, amount: 7 }],
    },
  });
  assert.ok(r.ok, JSON.stringify(r.issues));
  return r.product;
}

const count = (p: CompiledProduct, selections = {}) => {
  const c = createSession(p, { selections, applyDefaults: false }).count();
  assert.ok(c.exact);
  return c.count;
};

test('an option that does not apply counts once: configurations are exactly the valid ones', () => {
  // monogram false: 1 (no thread) + monogram true: 3 threads; times 3 sizes.
  assert.equal(count(mug()), 12n);
  assert.equal(count(mug(), { monogram: true }), 9n);
  assert.equal(count(mug(), { thread: 'navy' }), 3n, 'a thread colour means a monogram');
});

test('in conditions, a test asserting a value of an option that does not apply is false, its negation true', () => {
  // thread isNot gold holds without a monogram: with size 3 that leaves only a monogram in gold.
  const p = mug([{ id: 'big-gold', type: 'requires', if: { option: 'size', min: 3 }, then: { not: { option: 'thread', isNot: 'gold' } }, message }]);
  const s = createSession(p, { applyDefaults: false });
  s.select('size', 3);
  assert.deepEqual((s.domain('monogram') as DiscreteDomain).forced, true);
  assert.equal(count(p, { size: 3 }), 1n);
  // An `is` listing every value is "the option applies".
  const q = mug([{ id: 'some-thread', type: 'rule', assert: { option: 'thread', is: ['gold', 'silver', 'navy'] }, message }]);
  assert.equal(count(q), 9n);
});

test('tables, linear relations and domain constraints are only checked when every option they name applies', () => {
  const table = mug([{ id: 't', type: 'table', mode: 'allowed', options: ['monogram', 'thread'], rows: [[true, 'navy']], message }]);
  assert.equal(count(table), 3n + 3n, 'no monogram (table not checked) or a navy one');
  const forbidden = mug([{ id: 'f', type: 'table', mode: 'forbidden', options: ['thread'], rows: [['*']], message }]);
  assert.equal(count(forbidden), 3n, "'*' matches only a value: without a monogram the row does not match");
  const domain = mug([{ id: 'd', type: 'domain', option: 'thread', values: ['silver'], message }]);
  assert.equal(count(domain), 6n);
  const extra: Option[] = [{ id: 'length', type: 'number', label: 'Length', min: 1, max: 5, step: 1, when: { option: 'monogram', is: true } }];
  const linear = mug([{ id: 'l', type: 'linear', relation: 'length >= size + 3', message }], extra);
  // Without a monogram: 3 sizes; with one: 3 threads × (size 1: lengths 4, 5; size 2: length 5).
  assert.equal(count(linear), 3n + 3n * 3n);
  const s = createSession(linear, { applyDefaults: false });
  s.select('size', 2);
  const length = s.domain('length');
  assert.equal(length.applicable, false);
  assert.deepEqual((length as NumberDomain).feasible, { min: 5, max: 5 });
  s.select('size', 3);
  const none = s.domain('length');
  assert.ok((none as NumberDomain).feasible.max < (none as NumberDomain).feasible.min, 'no value possible: an empty range');
  assert.equal((s.domain('monogram') as DiscreteDomain).forced, false);
});

test('cardinality counts the tests that hold', () => {
  const p = mug([{ id: 'c', type: 'cardinality', of: [{ option: 'thread', isNot: 'gold' }, { option: 'size', min: 2 }], max: 1, message }]);
  // thread isNot gold holds without a monogram, so then size is 1; with gold, any size; silver/navy: size 1.
  assert.equal(count(p), 1n + 3n + 2n);
});

test('a value becomes unavailable because its option cannot apply, and the reason names the selection', () => {
  const s = createSession(mug(), { applyDefaults: false });
  s.select('monogram', false);
  const thread = s.domain('thread');
  assert.equal(thread.applicable, false);
  assert.equal(s.isAvailable('thread', 'navy'), false);
  assert.deepEqual(s.explain('thread', 'navy'), { constraints: [], selections: [{ option: 'monogram', value: false }], minimal: true });
  assert.deepEqual(s.repair('thread', 'navy')?.changes, [{ option: 'monogram', from: false }]);
});

test("changing the option a `when` names lets the dependent option's selection give way", () => {
  const s = createSession(mug(), { applyDefaults: false });
  s.select('monogram', true);
  s.select('thread', 'silver');
  // No monogram is available: the thread colour goes with it.
  assert.deepEqual((s.domain('monogram') as DiscreteDomain).values.map((v) => v.available), [true, true]);
  assert.deepEqual(s.select('monogram', false), { ok: true });
  assert.deepEqual({ ...s.selections }, { monogram: false });
  assert.equal(s.domain('thread').applicable, false);
  assert.equal((s.domain('thread') as DiscreteDomain).selected, undefined);
  s.undo();
  assert.deepEqual({ ...s.selections }, { monogram: true, thread: 'silver' });
});

test('a selection of an option that does not apply yet makes it apply: the defaults give way', () => {
  const p = mug([], []);
  const file = { ...p.file, options: p.file.options.map((o) => (o.id === 'monogram' ? { ...o, default: false } : o)) };
  const r = compileProduct(file);
  assert.ok(r.ok);
  const s = createSession(r.product);
  assert.equal(s.selections.monogram, false);
  assert.equal(s.domain('thread').applicable, false);
  const picked = s.select('thread', 'navy');
  assert.deepEqual(picked, {
    ok: true,
    defaults: [{ option: 'monogram', from: false, to: true, reason: { constraints: [], selections: [{ option: 'thread', value: 'navy' }], minimal: true } }],
  });
  assert.equal(s.selections.monogram, true);
  assert.equal(s.origins.monogram, 'auto');
});

test('applicable is false until the option is sure to apply; autocomplete settles it', () => {
  const s = createSession(mug(), { applyDefaults: false });
  assert.equal(s.domain('thread').applicable, false, 'the monogram is not chosen yet');
  s.autocomplete();
  assert.ok(s.isComplete());
  const spec = s.toSpecification({ now: new Date(0) });
  assert.equal(Object.hasOwn(spec.selections, 'thread'), spec.selections.monogram === true);
});

test('price, lead time and derived values leave out an option that does not apply, whatever it is given', () => {
  const p = mug();
  const quote = computeQuote(p.file, { monogram: false, thread: 'gold', size: 1 }, 'en');
  assert.deepEqual(quote.lines.map((l) => [l.id, l.amount]), [['base', 1000], ['not-gold', 7]]);
  assert.equal(computeQuote(p.file, { monogram: true, thread: 'gold', size: 1 }, 'en').total, 1000 + 500 + 300);
});

test('the specification leaves out an option that does not apply; the validator refuses a value for one', () => {
  const p = mug();
  const spec = buildSpecification(p, { selections: { monogram: false, size: 2 }, origins: {}, locale: 'en', now: new Date(0) });
  assert.deepEqual(spec.selections, { monogram: false, size: 2 });
  assert.deepEqual(Object.keys(spec.origins), ['monogram', 'size']);
  assert.ok(validateSpecification(p, JSON.parse(JSON.stringify(spec))).ok);
  assert.throws(
    () => buildSpecification(p, { selections: { monogram: false, thread: 'navy', size: 2 }, origins: {}, locale: 'en' }),
    /thread: option 'thread' does not apply/,
  );
  const tampered = JSON.parse(JSON.stringify(spec));
  tampered.selections.thread = 'navy';
  tampered.origins.thread = 'user';
  const r = validateSpecification(p, tampered);
  assert.ok(!r.ok);
  assert.deepEqual(r.issues.map((i) => [i.code, i.path.join('.')]), [
    ['not-applicable', 'selections.thread'],
    ['not-applicable', 'origins.thread'],
  ]);
  // With a monogram the thread applies and must be there.
  const missing = JSON.parse(JSON.stringify(spec));
  missing.selections.monogram = true;
  const m = validateSpecification(p, missing);
  assert.ok(!m.ok && m.issues.some((i) => i.code === 'missing-option' && i.path.join('.') === 'selections.thread'));
});

test('a `when` that names its own option or forms a cycle is refused even without the full checks', () => {
  const base = {
    schemaVersion: 1,
    product: { id: 'p', version: '1', name: 'P', currency: 'CNY' },
    options: [
      { id: 'a', type: 'boolean', label: 'A', when: { option: 'b', is: true } },
      { id: 'b', type: 'boolean', label: 'B', when: { option: 'a', is: true } },
    ],
  };
  const cyclic = compileCheckedFile(ProductFile.parse(base), []);
  assert.ok(!cyclic.ok);
  assert.deepEqual(cyclic.issues.map((i) => [i.code, i.path.join('.'), i.message]), [
    ['invalid-value', 'options.0.when', "the 'when' conditions of options 'a' → 'b' → 'a' name each other in a cycle"],
  ]);
  const self = compileCheckedFile(ProductFile.parse({ ...base, options: [{ id: 'a', type: 'boolean', label: 'A', when: { not: { option: 'a', is: true } } }] }), []);
  assert.ok(!self.ok);
  assert.match(self.issues[0].message, /names the option itself/);
});

test('a `when` may name an option later in the file; defaults follow the order of the `when`s', () => {
  const r = compileProduct({
    schemaVersion: 1,
    product: { id: 'p', version: '1', name: 'P', currency: 'CNY' },
    options: [
      { id: 'cuffs', type: 'choice', label: 'Cuffs', when: { option: 'sleeves', is: 'long' }, default: 'french', values: [{ id: 'french', label: 'French' }, { id: 'barrel', label: 'Barrel' }] },
      { id: 'sleeves', type: 'choice', label: 'Sleeves', default: 'long', values: [{ id: 'long', label: 'Long' }, { id: 'short', label: 'Short' }] },
    ],
  });
  assert.ok(r.ok, JSON.stringify(r.issues));
  const s = createSession(r.product);
  assert.deepEqual({ ...s.selections }, { cuffs: 'french', sleeves: 'long' });
  assert.deepEqual(s.select('sleeves', 'short'), { ok: true });
  assert.deepEqual({ ...s.selections }, { sleeves: 'short' });
  assert.ok(s.isComplete());
});
