/**
 * The table search against brute force and the SAT path: on small order-book products every domain,
 * "possible" answer and witness agrees with enumeration; on larger ones, random walks compare it with
 * the SAT path's DomainEngine after every selection, also when a tiny search budget sends questions to
 * the fallback.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProduct, type Product } from './compile.js';
import { DomainEngine, type DomainState } from './domains.js';
import { checkRule, indexOfValue, type Model, type Var } from './model.js';
import { suitsTableSearch, TableDomains, TableSearch } from './table-search.js';
import { validConfigurations } from './oracle.test-helpers.js';
import { createRandom, generateCarModel, generateTableCarModel } from '../../bench/generate.js';

const indexIn = (v: Var, value: unknown): number => indexOfValue(v, value as never) as number;

function productOf(file: unknown): Product {
  const r = compileProduct(file as never);
  assert.ok(r.ok, 'the generated product compiles');
  return r.product as Product;
}

function sameDomains(model: Model, a: DomainState, b: DomainState, what: string): void {
  for (const x of model.vars) assert.deepEqual([...a.avail[x.index]!], [...b.avail[x.index]!], `${what}: ${x.option.id}`);
}

const valid = (model: Model, w: ArrayLike<number>): boolean => model.rules.every((r) => checkRule(r, Int32Array.from(w)));

test('only products of allowed tables without when suit the table search', () => {
  assert.ok(suitsTableSearch(productOf(generateTableCarModel({ seed: 1, options: 10, values: 40, maxDomain: 6, tables: 8, cars: 20 }).file).model));
  assert.ok(!suitsTableSearch(productOf(generateCarModel({ seed: 1, options: 12, tables: 6, forbiddenTables: 2, requires: 3, excludes: 3 }).file).model));
});

test('domains, possible and witnesses equal enumeration on small order-book products', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const rnd = createRandom(seed);
    const m = generateTableCarModel({
      seed,
      options: rnd.range(3, 6),
      values: 16,
      maxDomain: 4,
      tables: rnd.range(2, 6),
      maxArity: 3,
      cars: rnd.range(3, 10),
      families: 2,
      systems: 2,
      noise: 0.3,
    });
    const product = productOf(m.file);
    const model = product.model;
    assert.ok(suitsTableSearch(model));
    const configs = validConfigurations(product.file).map((c) => model.vars.map((v) => indexIn(v, c[v.option.id])));
    const domains = new TableDomains(model, new TableSearch(model), () => assert.fail('no fallback on small products'));
    for (let trial = 0; trial < 8; trial++) {
      // Selections from a valid configuration (a reachable state), or random ones (possibly a dead end).
      const from = configs.length > 0 && trial % 2 === 0 ? rnd.pick(configs) : model.vars.map((v) => rnd.int(v.size));
      const sel = Int32Array.from(from, (k) => (rnd.chance(0.4) ? k : -1));
      const agrees = (w: number[], except: number) => w.every((k, v) => v === except || sel[v] < 0 || sel[v] === k);
      const state = domains.compute(sel, null);
      const any = configs.some((w) => agrees(w, -1));
      assert.equal(state !== null, any, `seed ${seed}: a state exactly when some configuration extends the selections`);
      const w = domains.witnessFor(sel);
      assert.equal(w !== null, any, `seed ${seed}: a witness exactly when some configuration extends the selections`);
      if (w) assert.ok(valid(model, w) && agrees([...w], -1), `seed ${seed}: the witness is valid and extends the selections`);
      for (const x of model.vars) {
        for (let k = 0; k < x.size; k++) {
          const expected = configs.some((c) => c[x.index] === k && agrees(c, x.index));
          assert.equal(domains.possible(sel, x.index, k), expected, `seed ${seed}: ${x.option.id}=${k} possible`);
          if (state) assert.equal(state.avail[x.index]![k] === 1, expected, `seed ${seed}: ${x.option.id}=${k} available`);
        }
      }
      if (state) assert.ok(valid(model, state.witness) && agrees([...state.witness], -1), `seed ${seed}: the state's witness`);
    }
  }
});

test('random walks on order-book products: the table search and the SAT path agree after every selection, with and without the fallback', () => {
  const models = [
    generateTableCarModel({ seed: 5, options: 24, values: 120, maxDomain: 12, tables: 30, cars: 60, families: 4, systems: 4 }),
    generateTableCarModel({ seed: 6, options: 16, values: 70, maxDomain: 8, tables: 24, cars: 40, families: 3, systems: 3, crossSystem: 0.5 }),
    generateTableCarModel({ seed: 7, options: 40, values: 260, maxDomain: 20, tables: 60, cars: 120, families: 6, systems: 5 }),
  ];
  for (const [i, m] of models.entries()) {
    const product = productOf(m.file);
    const model = product.model;
    const sat = new DomainEngine(product.main);
    let fallbacks = 0;
    const sources = [
      new TableDomains(model, new TableSearch(model), () => assert.fail('no fallback within the default budget')),
      // A budget of 3 nodes: most searches hand their question to the SAT path.
      new TableDomains(model, new TableSearch(model, 3), () => (fallbacks++, new DomainEngine(product.main))),
    ];
    const rnd = createRandom(200 + i);
    for (let walk = 0; walk < 4; walk++) {
      const sel = new Int32Array(model.vars.length).fill(-1);
      let prev: DomainState | null = null;
      for (let step = 0; step <= 3 * model.vars.length; step++) {
        const expected = sat.compute(sel, null);
        assert.ok(expected);
        for (const [s, source] of sources.entries()) {
          // The previous state bounds this one (selections only added): the session passes it too.
          const got = source.compute(sel, s === 0 ? prev : null);
          assert.ok(got);
          sameDomains(model, got, expected, `model ${i}, walk ${walk}, step ${step}, source ${s}`);
          assert.ok(valid(model, got.witness), 'the witness is valid');
        }
        prev = sources[0]!.compute(sel, prev);
        const open = model.vars.filter((x) => sel[x.index] < 0);
        if (open.length === 0) break;
        // Now and then a selection is cleared (the previous state then bounds this one from below).
        const chosen = model.vars.filter((x) => sel[x.index] >= 0);
        if (chosen.length > 1 && rnd.chance(0.2)) {
          sel[rnd.pick(chosen).index] = -1;
          prev = null;
          continue;
        }
        const x = rnd.pick(open);
        const values = [...expected.avail[x.index]!.keys()].filter((k) => expected.avail[x.index]![k] === 1);
        sel[x.index] = rnd.pick(values);
      }
      assert.ok(sel.every((k) => k >= 0), 'the walk reached a complete configuration');
    }
    assert.ok(fallbacks > 0, `model ${i}: the tiny budget used the fallback`);
  }
});

test('the tables a refutation used (removed a value or ran out of rows) refute the state alone, by enumeration', () => {
  let refuted = 0;
  let fewer = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const rnd = createRandom(500 + seed);
    const m = generateTableCarModel({ seed, options: rnd.range(4, 7), values: 20, maxDomain: 4, tables: rnd.range(3, 8), maxArity: 3, cars: rnd.range(3, 8), families: 2, systems: 2, noise: 0.3 });
    const model = productOf(m.file).model;
    const search = new TableSearch(model);
    const all: Int32Array[] = [];
    const w = new Int32Array(model.vars.length);
    const go = (v: number): void => {
      if (v === model.vars.length) return void all.push(w.slice());
      for (let k = 0; k < model.vars[v]!.size; k++) {
        w[v] = k;
        go(v + 1);
      }
    };
    go(0);
    for (let trial = 0; trial < 10; trial++) {
      const given = Int32Array.from(model.vars, (x) => (rnd.chance(0.5) ? rnd.int(x.size) : -1));
      const active = Uint8Array.from(model.rules, () => (rnd.chance(0.8) ? 1 : 0));
      search.track();
      const none = !search.startWith(active, given) || search.witness(null) === null;
      const used = search.untrack();
      search.allTables();
      if (!none) continue;
      refuted++;
      if (used.length < active.reduce((n, x) => n + x, 0)) fewer++;
      assert.ok(used.every((t) => active[t] === 1), 'only tables in force take part');
      const some = all.some((c) => given.every((k, v) => k < 0 || c[v] === k) && used.every((t) => checkRule(model.rules[t]!, c)));
      assert.ok(!some, `seed ${seed}, trial ${trial}: the tables ${used.join(', ')} refute the state alone`);
    }
  }
  assert.ok(refuted > 30, `${refuted} refuted states`);
  assert.ok(fewer > 0, `${fewer} refutations used fewer tables than were in force`);
});
