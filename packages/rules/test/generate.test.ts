import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProductFile } from '../src/schema/product-file.js';
import { createRandom, generateCarModel, generateFeatureModel, generateTableCarModel } from '../bench/generate.js';
import { violations } from './check-assignment.js';

test('the PRNG is deterministic and spreads its values', () => {
  const a = createRandom(42);
  const b = createRandom(42);
  const xs = Array.from({ length: 1000 }, () => a.next());
  assert.deepEqual(xs, Array.from({ length: 1000 }, () => b.next()));
  assert.notDeepEqual(xs.slice(0, 10), Array.from({ length: 10 }, () => createRandom(43).next()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
  const counts = new Array(10).fill(0);
  for (let i = 0; i < 10_000; i++) counts[a.int(10)]++;
  assert.ok(counts.every((c) => c > 850 && c < 1150), counts.join(','));
});

test('small car model: valid, deterministic, planted solutions satisfy every constraint', () => {
  const params = { seed: 7, options: 20, tables: 14, forbiddenTables: 5, requires: 8, excludes: 6, localSolutions: 4 };
  const model = generateCarModel(params);
  const file = ProductFile.parse(model.file);
  assert.deepEqual(generateCarModel(params).file, model.file);
  assert.notDeepEqual(generateCarModel({ ...params, seed: 8 }).file, model.file);
  assert.equal(file.options.length, 20);
  assert.equal(model.stats.constraints, file.constraints.length);
  assert.equal(file.constraints.length, 14 + 5 + 8 + 6);
  for (const w of model.witnesses) assert.deepEqual(violations(file, w), []);
});

test('industrial car model: the size the benchmark promises', () => {
  const model = generateCarModel({ seed: 1 });
  const file = ProductFile.parse(model.file);
  const { stats } = model;
  assert.ok(file.options.length >= 100);
  assert.ok(file.options.every((o) => o.type === 'choice' && o.values.length >= 2 && o.values.length <= 40));
  assert.equal(stats.maxDomain, 40);
  assert.ok(file.constraints.length >= 300, `${file.constraints.length} constraints`);
  assert.equal(stats.maxArity, 10);
  const arities = new Set(file.constraints.flatMap((c) => (c.type === 'table' ? [c.options.length] : [])));
  for (let a = 2; a <= 10; a++) assert.ok(arities.has(a), `a table of arity ${a}`);
  assert.ok((stats.byType.table ?? 0) >= 140);
  assert.ok(file.constraints.some((c) => c.type === 'table' && c.mode === 'forbidden'));
  assert.ok((stats.byType.requires ?? 0) > 0 && (stats.byType.excludes ?? 0) > 0);
  assert.ok(stats.countLowerBound !== undefined && stats.countLowerBound >= 10n ** 12n, `lower bound ${stats.countLowerBound}`);
  for (const w of model.witnesses) assert.deepEqual(violations(file, w), []);
});

test('car model: any mix of planted local solutions is valid (the count lower bound holds)', () => {
  const model = generateCarModel({ seed: 3 });
  const file = ProductFile.parse(model.file);
  const rnd = createRandom(99);
  for (let i = 0; i < 40; i++) {
    const config: Record<string, string> = {};
    for (const cluster of model.structure.clusters) Object.assign(config, rnd.pick(cluster.solutions));
    assert.equal(Object.keys(config).length, file.options.length);
    assert.deepEqual(violations(file, config), []);
  }
  // And the checker is not vacuous: a random configuration violates something.
  const random: Record<string, string> = {};
  for (const o of file.options) if (o.type === 'choice') random[o.id] = rnd.pick(o.values).id;
  assert.notDeepEqual(violations(file, random), []);
});

test('small feature model: valid, deterministic, tree encoded as rules, plants satisfy everything', () => {
  const params = { seed: 5, features: 40, crossTree: 30 };
  const model = generateFeatureModel(params);
  const file = ProductFile.parse(model.file);
  assert.deepEqual(generateFeatureModel(params).file, model.file);
  assert.equal(file.options.length, 40);
  assert.ok(file.options.every((o) => o.type === 'boolean'));
  assert.equal(file.constraints.filter((c) => c.id.startsWith('ctc-')).length, 30);
  for (const w of model.witnesses) {
    assert.deepEqual(violations(file, w), []);
    assert.equal(w[model.tree.root], true);
  }
  // Every group kind's semantics hold in the plants.
  for (const w of model.witnesses) {
    for (const g of model.tree.groups) {
      const on = g.children.filter((c) => w[c] === true).length;
      if (w[g.parent] !== true) assert.equal(on, 0);
      else if (g.kind === 'mandatory') assert.equal(on, g.children.length);
      else if (g.kind === 'alternative') assert.equal(on, 1);
      else if (g.kind === 'or') assert.ok(on >= 1);
    }
  }
  // Switching off the root breaks the model.
  assert.ok(violations(file, { ...model.planted, [model.tree.root]: false }).includes('root'));
});

test('industrial feature model: 2,500 features, 2,800 cross-tree rules, plants satisfy everything', () => {
  const model = generateFeatureModel({ seed: 1 });
  const file = ProductFile.parse(model.file);
  assert.equal(file.options.length, 2500);
  const crossTree = file.constraints.filter((c) => c.id.startsWith('ctc-'));
  assert.equal(crossTree.length, 2800);
  const kinds = new Set(crossTree.map((c) => c.type));
  assert.deepEqual([...kinds].sort(), ['excludes', 'requires', 'rule']);
  const groupKinds = new Set(model.tree.groups.map((g) => g.kind));
  assert.deepEqual([...groupKinds].sort(), ['alternative', 'mandatory', 'optional', 'or']);
  for (const w of model.witnesses) assert.deepEqual(violations(file, w), []);
  // The plants differ, so many features stay selectable.
  const someOn = file.options.filter((o) => model.witnesses.some((w) => w[o.id] === true)).length;
  assert.ok(someOn > 500, `${someOn} features on in some plant`);
});

test('order-book car model: the promised shape, deterministic, every reference car valid', () => {
  const model = generateTableCarModel({ seed: 1 });
  const file = ProductFile.parse(model.file);
  assert.deepEqual(generateTableCarModel({ seed: 1 }).file, model.file);
  assert.equal(file.options.length, 100);
  assert.equal(file.options.reduce((n, o) => n + (o.type === 'choice' ? o.values.length : 0), 0), 978);
  assert.ok(file.options.every((o) => o.type === 'choice' && o.values.length >= 2 && o.values.length <= 40));
  assert.equal(file.constraints.length, 150);
  const rows = file.constraints.reduce((n, c) => n + (c.type === 'table' ? c.rows.length : 0), 0);
  assert.ok(rows > 24_000 && rows < 27_000, `${rows} rows`);
  const arities = new Set(file.constraints.map((c) => (c.type === 'table' ? c.options.length : 0)));
  assert.deepEqual([...arities].sort(), [2, 3, 4, 5, 6]);
  assert.ok(file.constraints.every((c) => c.type === 'table' && c.mode === 'allowed' && c.rows.every((row) => row.every((cell) => cell !== '*'))));
  for (const w of model.witnesses.slice(0, 60)) assert.deepEqual(violations(file, w), []);
});
