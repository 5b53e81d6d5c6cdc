/**
 * The preprocessing of counting clauses keeps the number of models, with and without assumptions:
 * against brute force on random clauses with defined helper variables, and on the clauses of random
 * small products (against enumeration of the product file).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileProduct } from './compile.js';
import type { Product } from './compile.js';
import { countingClauses } from './count-cnf.js';
import { ComponentCounter } from './component-counter.js';
import { LIT_ELIMINATED, LIT_FALSE, LIT_TRUE, simplifyCnf, type SimplifiedCnf } from './count-preprocess.js';
import { smallProduct, validConfigurations } from './oracle.test-helpers.js';

const RUNS = Number(process.env.C2M_PROPERTY_RUNS ?? 1500);

/** Models of `clauses` over `numVars` variables in which every literal of `assumptions` holds, by enumeration. */
function bruteForce(numVars: number, clauses: readonly Int32Array[], assumptions: readonly number[]): bigint {
  let n = 0n;
  const holds = (x: number, l: number): boolean => (((x >> (l >> 1)) & 1) === 1) === ((l & 1) === 0);
  for (let x = 0; x < 1 << numVars; x++) if (assumptions.every((l) => holds(x, l)) && clauses.every((c) => c.some((l) => holds(x, l)))) n++;
  return n;
}

/** The count of the simplified clauses under assumptions over the original ones. */
function countSimplified(s: SimplifiedCnf, assumptions: readonly number[]): bigint {
  if (!s.sat) return 0n;
  const mapped: number[] = [];
  for (const l of assumptions) {
    const m = s.litMap[l];
    assert.notEqual(m, LIT_ELIMINATED, 'an assumption on an option never meets an eliminated variable');
    if (m === LIT_FALSE) return 0n;
    if (m !== LIT_TRUE) mapped.push(m);
  }
  return new ComponentCounter({ numVars: s.numVars, primaryVars: s.numVars, clauses: s.clauses, valueLits: () => [] }).count(mapped, Infinity);
}

/**
 * Random clauses over `primary` free variables, plus helpers each defined (as count-cnf.ts defines
 * them) by an or, and or equivalence of earlier literals, and used in further random clauses.
 */
const definedCnf = fc
  .record({
    primary: fc.integer({ min: 1, max: 8 }),
    helpers: fc.array(fc.record({ kind: fc.constantFrom('or', 'and', 'iff'), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }), { maxLength: 5 }),
    clauses: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), { maxLength: 14 }),
    assume: fc.array(fc.nat(), { maxLength: 3 }),
  })
  .map(({ primary, helpers, clauses, assume }) => {
    const out: Int32Array[] = [];
    let numVars = primary;
    // A pick is a literal of a variable made so far: many picks of few variables give equivalences, units and backbones.
    const litOf = (p: number, below: number): number => p % (2 * below);
    for (const h of helpers) {
      const ls = [...new Set(h.picks.map((p) => litOf(p, numVars)))];
      const x = 2 * numVars++;
      if (h.kind === 'iff' && ls.length >= 2) {
        const [a, b] = ls;
        out.push(Int32Array.of(x ^ 1, a ^ 1, b), Int32Array.of(x ^ 1, a, b ^ 1), Int32Array.of(x, a, b), Int32Array.of(x, a ^ 1, b ^ 1));
      } else if (h.kind === 'and') {
        out.push(Int32Array.from([x, ...ls.map((l) => l ^ 1)]));
        for (const l of ls) out.push(Int32Array.of(x ^ 1, l));
      } else {
        out.push(Int32Array.from([x ^ 1, ...ls]));
        for (const l of ls) out.push(Int32Array.of(x, l ^ 1));
      }
    }
    for (const c of clauses) out.push(Int32Array.from(c, (p) => litOf(p, numVars)));
    return { numVars, primaryVars: primary, clauses: out, assumptions: assume.map((p) => litOf(p, primary)) };
  });

test('preprocessing keeps the count of random clauses with defined helpers, under assumptions on the free variables', () => {
  fc.assert(
    fc.property(definedCnf, ({ numVars, primaryVars, clauses, assumptions }) => {
      const s = simplifyCnf({ numVars, primaryVars, clauses }, Infinity);
      for (const a of [[], assumptions]) assert.equal(countSimplified(s, a), bruteForce(numVars, clauses, a));
    }),
    { numRuns: RUNS, seed: 13, includeErrorInReport: true },
  );
});

test('preprocessing keeps the count of random small products, under a selection', () => {
  fc.assert(
    fc.property(smallProduct, fc.nat(), (file, pick) => {
      const r = compileProduct(file);
      if (!r.ok) return;
      const model = (r.product as Product).model;
      const cnf = countingClauses(model);
      if (!cnf) return;
      const s = simplifyCnf(cnf, Infinity);
      const valid = validConfigurations(file);
      assert.equal(countSimplified(s, []), BigInt(valid.length));
      // One option fixed to one of its values: the configurations with that value.
      const v = model.vars[pick % model.vars.length];
      const k = (pick >> 3) % v.size;
      const byClauses = new ComponentCounter(cnf).count(cnf.valueLits(v.index, k), Infinity);
      assert.equal(countSimplified(s, cnf.valueLits(v.index, k)), byClauses);
    }),
    { numRuns: RUNS, seed: 14, includeErrorInReport: true },
  );
});

test('clauses without a model simplify to none', () => {
  const s = simplifyCnf({ numVars: 2, primaryVars: 2, clauses: [Int32Array.of(0, 2), Int32Array.of(1, 2), Int32Array.of(0, 3), Int32Array.of(1, 3)] }, Infinity);
  assert.equal(s.sat, false);
  assert.equal(countSimplified(s, []), 0n);
});

test('equivalent options become one variable and a backbone is fixed', () => {
  // a ↔ b (two binary clauses), c true in every model, d free.
  const s = simplifyCnf({ numVars: 4, primaryVars: 4, clauses: [Int32Array.of(1, 2), Int32Array.of(0, 3), Int32Array.of(4, 0), Int32Array.of(4, 1)] }, Infinity);
  assert.equal(s.litMap[4], LIT_TRUE);
  assert.equal(s.litMap[5], LIT_FALSE);
  assert.equal(s.litMap[2], s.litMap[0]);
  assert.equal(s.litMap[3], s.litMap[1]);
  assert.equal(s.numVars, 2);
  assert.equal(countSimplified(s, []), 4n);
});

test('a spent budget throws', () => {
  assert.throws(() => simplifyCnf({ numVars: 3, primaryVars: 3, clauses: [Int32Array.of(0, 2, 4)] }, 0), /./);
});
