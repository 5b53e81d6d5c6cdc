/**
 * The table counter against brute-force enumeration on small order books from the generator (with
 * hand-made tables too: wildcards, an option read twice, a table that always holds), and against the
 * other exact counters (clauses, options) along random walks on larger order books.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileProduct, type Product } from './compile.js';
import { countConfigurations, countOptions } from './count.js';
import { countingClauses } from './count-cnf.js';
import { ComponentCounter } from './component-counter.js';
import { checkRule, type Model } from './model.js';
import { suitsTableCounter, TableCounter } from './table-counter.js';
import { createRandom, generateTableCarModel } from '../../bench/generate.js';

const RUNS = Number(process.env.C2M_PROPERTY_RUNS ?? 300);

function modelOf(file: unknown): Model {
  const r = compileProduct(file as never);
  assert.ok(r.ok, 'the product compiles');
  return (r.product as Product).model;
}

/** Complete assignments extending `sel` that satisfy every rule, by enumeration. */
function enumerate(model: Model, sel: Int32Array): bigint {
  const n = model.vars.length;
  const w = new Int32Array(n);
  let count = 0n;
  const rec = (v: number): void => {
    if (v === n) {
      if (model.rules.every((r) => checkRule(r, w))) count++;
      return;
    }
    for (let k = 0; k < model.vars[v].size; k++) {
      if (sel[v] >= 0 && sel[v] !== k) continue;
      w[v] = k;
      rec(v + 1);
    }
  };
  rec(0);
  return count;
}

/** The clause counter's count of `sel`. */
function clauseCount(model: Model, sel: Int32Array, deadline = Infinity): bigint {
  const cnf = countingClauses(model)!;
  const assumptions: number[] = [];
  sel.forEach((k, v) => k >= 0 && assumptions.push(...cnf.valueLits(v, k)));
  return new ComponentCounter(cnf).count(assumptions, deadline);
}

test('small order books: the table counter equals enumeration, under random selections', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.integer({ min: -3, max: 5 }), { minLength: 7, maxLength: 7 }), (seed, picks) => {
      const rnd = createRandom(seed);
      const m = generateTableCarModel({
        seed,
        options: rnd.range(2, 7),
        values: 20,
        maxDomain: 4,
        tables: rnd.range(1, 8),
        minArity: 1,
        maxArity: 4,
        cars: rnd.range(1, 12),
        families: rnd.range(1, 3),
        systems: rnd.range(1, 3),
        noise: 0.3,
      });
      const model = modelOf(m.file);
      assert.ok(suitsTableCounter(model));
      const counter = new TableCounter(model);
      const sel = Int32Array.from(model.vars, (x, v) => (picks[v]! >= 0 && picks[v]! < x.size ? picks[v]! : -1));
      const free = new Int32Array(model.vars.length).fill(-1);
      // The same counter twice: its cache must serve a second state as well as the first.
      assert.equal(counter.count(free, Infinity), enumerate(model, free), 'no selection');
      assert.equal(counter.count(sel, Infinity), enumerate(model, sel), 'with selections');
      assert.equal(counter.count(free, Infinity), enumerate(model, free), 'no selection again');
    }),
    { numRuns: RUNS, seed: 41 },
  );
});

test('hand-made tables: wildcards, an option read twice, a table that always holds, options in no table', () => {
  const option = (id: string, n: number) => ({ id, type: 'choice' as const, label: id, values: Array.from({ length: n }, (_, k) => ({ id: `v${k}`, label: `v${k}` })) });
  const base = { schemaVersion: 1, product: { id: 'p', version: '1', name: 'P', currency: 'EUR' } };
  const options = [option('a', 3), option('b', 3), option('c', 2), option('d', 4)];
  const table = (id: string, cols: string[], rows: Array<Array<string | null>>) => ({ id, type: 'table', mode: 'allowed', options: cols, rows, message: 'm' });
  const cases = [
    [table('t1', ['a', 'b'], [['v0', '*'], ['v1', 'v2'], ['*', 'v1']]), table('t2', ['b', 'c', 'a'], [['v1', 'v0', 'v0'], ['v2', '*', 'v1'], ['v1', 'v1', '*']])],
    [table('t1', ['a', 'a', 'b'], [['v0', 'v0', 'v1'], ['v0', 'v1', 'v2'], ['v2', 'v2', '*']])],
    [table('t1', ['a', 'b'], [['*', '*']]), table('t2', ['b', 'c'], [['v0', 'v1'], ['v2', 'v0']])],
  ];
  for (const constraints of cases) {
    const file = { ...base, options, constraints };
    const r = compileProduct(file as never);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.issues[0]));
    const model = (r.product as Product).model;
    assert.ok(suitsTableCounter(model));
    const counter = new TableCounter(model);
    for (let s = 0; s < 12; s++) {
      const sel = Int32Array.from(model.vars, (x, v) => ((s + v) % 3 === 0 ? (s * 7 + v) % x.size : -1));
      assert.equal(counter.count(sel, Infinity), enumerate(model, sel), JSON.stringify(constraints));
    }
  }
});

test('random walks on order books: the table counter equals the clause and option counters', () => {
  for (const seed of [3, 11]) {
    const m = generateTableCarModel({ seed, options: 24, values: 110, maxDomain: 10, tables: 30, cars: 40, families: 4, systems: 4 });
    const model = modelOf(m.file);
    const counter = new TableCounter(model);
    const rnd = createRandom(seed);
    const car = m.witnesses[rnd.int(m.witnesses.length)]!;
    const order = rnd.shuffle(model.vars.map((x) => x.index));
    // Deep states first (where every counter finishes quickly), then shallower ones.
    for (const depth of [20, 16, 12, 10, 8]) {
      const sel = new Int32Array(model.vars.length).fill(-1);
      for (const v of order.slice(0, depth)) sel[v] = model.vars[v].valueIndex.get(car[model.vars[v].option.id] as string)!;
      // Now and then a value off the car: states with no configuration count too.
      if (depth === 10) sel[order[0]!] = (sel[order[0]!]! + 1) % model.vars[order[0]!].size;
      const ours = counter.count(sel, Infinity);
      assert.equal(ours, clauseCount(model, sel), `clause counter, depth ${depth}`);
      assert.equal(ours, countOptions(model, sel, Infinity), `option counter, depth ${depth}`);
    }
  }
});

test('countConfigurations counts an order book with the table counter, and a spent budget says so', () => {
  const m = generateTableCarModel({ seed: 2, options: 16, values: 70, maxDomain: 8, tables: 20, cars: 30, families: 3, systems: 3 });
  const model = modelOf(m.file);
  const free = new Int32Array(model.vars.length).fill(-1);
  const r = countConfigurations(model, free, 60_000);
  assert.ok(r.exact);
  if (r.exact) assert.equal(r.count, clauseCount(model, free));
  // The order book of the benchmark: a spent budget cannot finish, whatever the machine's speed.
  const big = modelOf(generateTableCarModel({ seed: 1 }).file);
  const spent = countConfigurations(big, new Int32Array(big.vars.length).fill(-1), 0);
  assert.equal(spent.exact, false);
});
