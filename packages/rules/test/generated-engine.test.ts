// The engine against brute force on tiny generated models (every configuration enumerated), and the
// benchmark's random walk on small ones: the engine must offer exactly the values some valid
// configuration contains, count exactly, and never lead a shopper into a dead end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProductFile } from '../src/schema/product-file.js';
import { compileProduct } from '../src/engine/compile.js';
import { createSession } from '../src/engine/create-session.js';
import type { CompiledProduct, Session } from '../src/api.js';
import { createRandom, generateCarModel, generateFeatureModel, generateTableCarModel, type GeneratedModel } from '../bench/generate.js';
import { runShape } from '../bench/bench.js';
import { violations } from './check-assignment.js';

type Config = Record<string, string | boolean>;

function domainsOf(file: ProductFile): Array<[string, Array<string | boolean>]> {
  return file.options.map((o) => [o.id, o.type === 'choice' ? o.values.map((v) => v.id) : [true, false]]);
}

/** Every valid complete configuration, by enumeration. */
function enumerate(file: ProductFile): Config[] {
  const doms = domainsOf(file);
  const out: Config[] = [];
  const config: Config = {};
  const walk = (i: number): void => {
    if (i === doms.length) {
      if (violations(file, config).length === 0) out.push({ ...config });
      return;
    }
    const [id, values] = doms[i]!;
    for (const v of values) {
      config[id] = v;
      walk(i + 1);
    }
  };
  walk(0);
  return out;
}

function compile(model: GeneratedModel): CompiledProduct {
  const r = compileProduct(model.file);
  assert.ok(r.ok, JSON.stringify(r.issues));
  return r.product;
}

/**
 * The engine's domains equal brute force: a value of an option is available when a valid configuration
 * contains it together with every *other* selection (the option's own selection may be changed).
 */
function assertDomainsMatch(session: Session, valid: readonly Config[], chosen: Config): void {
  const agrees = (c: Config, except?: string): boolean => Object.entries(chosen).every(([k, v]) => k === except || c[k] === v);
  const consistent = valid.filter((c) => agrees(c));
  for (const d of session.domains()) {
    assert.ok(d.type === 'choice' || d.type === 'boolean');
    for (const v of d.values) {
      const expected = valid.some((c) => c[d.option] === v.value && agrees(c, d.option));
      assert.equal(v.available, expected, `${d.option}=${String(v.value)} after ${JSON.stringify(chosen)}`);
    }
  }
  const count = session.count({ budgetMs: 5000 });
  assert.ok(count.exact);
  if (count.exact) assert.equal(count.count, BigInt(consistent.length), `count after ${JSON.stringify(chosen)}`);
}

function oracle(model: GeneratedModel, seed: number): void {
  const file = ProductFile.parse(model.file);
  const valid = enumerate(file);
  assert.ok(valid.length > 1, `${valid.length} valid configurations`);
  const product = compile(model);
  const session = createSession(product, { applyDefaults: false });
  const chosen: Config = {};
  assertDomainsMatch(session, valid, chosen);
  const rnd = createRandom(seed);
  // Three selections of random available values, checking the domains after each.
  for (let step = 0; step < 3; step++) {
    const open = file.options.filter((o) => chosen[o.id] === undefined);
    const option = rnd.pick(open).id;
    const d = session.domain(option);
    assert.ok(d.type === 'choice' || d.type === 'boolean');
    const value = rnd.pick(d.values.filter((v) => v.available)).value;
    assert.ok(session.select(option, value).ok);
    chosen[option] = value;
    assertDomainsMatch(session, valid, chosen);
  }
}

for (const seed of [1, 2, 3, 4]) {
  test(`tiny car model ${seed}: domains and counts equal brute force`, () => {
    const model = generateCarModel({
      seed,
      options: 7,
      maxDomain: 4,
      maxArity: 4,
      tables: 5,
      forbiddenTables: 3,
      requires: 4,
      excludes: 3,
      localSolutions: 5,
      extraRows: 10,
      bigTables: 0,
      crossClusterShare: 0.3,
    });
    oracle(model, seed);
  });

  test(`tiny order-book car model ${seed}: domains and counts equal brute force`, () => {
    oracle(generateTableCarModel({ seed, options: 7, values: 21, maxDomain: 5, tables: 8, minArity: 2, maxArity: 4, cars: 12, families: 3, systems: 2 }), seed);
  });

  test(`tiny feature model ${seed}: domains and counts equal brute force`, () => {
    oracle(generateFeatureModel({ seed, features: 16, crossTree: 6, plants: 3 }), seed);
  });
}

test('random walk on small generated models: no dead ends, every completion valid', () => {
  const models: Array<[string, GeneratedModel]> = [
    ['car', generateCarModel({ seed: 11, options: 24, tables: 20, forbiddenTables: 6, requires: 10, excludes: 8, localSolutions: 4, bigTables: 1, bigTableRows: 200 })],
    ['features', generateFeatureModel({ seed: 11, features: 120, crossTree: 100 })],
  ];
  for (const [name, model] of models) {
    const r = runShape({
      name,
      model,
      targets: { compileMs: 10_000, p95Ms: 1000 },
      compileRuns: 1,
      choices: 150,
      seed: 11,
      timeLimitMs: 15_000,
      countBudgetMs: 500,
    });
    assert.deepEqual(r.notes, [], name);
    assert.equal(r.choiceMs.length, 150, name);
    assert.equal(r.deadEnds, 0, name);
    assert.equal(r.invalidCompletions, 0, name);
    assert.ok(r.completed > 0, `${name} reached a complete configuration`);
    assert.ok(r.count !== null);
  }
});
