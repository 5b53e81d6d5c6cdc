import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Solver, lit, neg } from './sat.js';

interface Problem {
  nVars: number;
  clauses: number[][];
  ints: number[]; // sizes
  linears: Array<{ terms: number[]; coefs: number[]; bound: number; guard: number | null }>;
  assumptions: number[];
}

const problem: fc.Arbitrary<Problem> = fc
  .record({ nVars: fc.integer({ min: 1, max: 8 }), ints: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }) })
  .chain(({ nVars, ints }) => {
    const litArb = fc.record({ v: fc.integer({ min: 0, max: nVars - 1 }), s: fc.boolean() }).map(({ v, s }) => lit(v, s));
    const linArb =
      ints.length === 0
        ? fc.constant<Problem["linears"]>([])
        : fc.array(
            fc.record({
              terms: fc.uniqueArray(fc.integer({ min: 0, max: ints.length - 1 }), { minLength: 1, maxLength: ints.length }),
              coefs: fc.array(fc.integer({ min: -3, max: 3 }).filter((c) => c !== 0), { minLength: 3, maxLength: 3 }),
              bound: fc.integer({ min: -6, max: 8 }),
              guard: fc.option(litArb, { nil: null }),
            }).map((l) => ({ ...l, coefs: l.coefs.slice(0, l.terms.length) })),
            { maxLength: 3 },
          );
    return fc.record({
      nVars: fc.constant(nVars),
      ints: fc.constant(ints),
      clauses: fc.array(fc.array(litArb, { minLength: 1, maxLength: 3 }), { maxLength: 24 }),
      linears: linArb,
      assumptions: fc.uniqueArray(litArb, { maxLength: 3, selector: (l) => l >> 1 }),
    });
  });

function bruteForce(p: Problem, withAssumptions: readonly number[]): boolean {
  const intTotal = p.ints.reduce((a, b) => a * b, 1);
  for (let bits = 0; bits < 1 << p.nVars; bits++) {
    const val = (l: number) => (((bits >> (l >> 1)) & 1) === 1) === ((l & 1) === 0);
    if (!withAssumptions.every(val)) continue;
    if (!p.clauses.every((c) => c.some(val))) continue;
    for (let combo = 0; combo < intTotal; combo++) {
      const values: number[] = [];
      let rest = combo;
      for (const size of p.ints) {
        values.push(rest % size);
        rest = Math.floor(rest / size);
      }
      const ok = p.linears.every((L) => {
        if (L.guard !== null && !val(L.guard)) return true;
        let sum = 0;
        L.terms.forEach((t, i) => (sum += L.coefs[i] * values[t]));
        return sum >= L.bound;
      });
      if (ok) return true;
    }
  }
  return false;
}

function build(p: Problem): { s: Solver; intIds: number[] } {
  const s = new Solver();
  for (let i = 0; i < p.nVars; i++) s.newVar();
  const intIds = p.ints.map((size) => s.newInt(size));
  for (const c of p.clauses) s.addClause(c);
  for (const L of p.linears) s.addLinear(L.terms.map((t) => intIds[t]), L.coefs, L.bound, L.guard === null ? [] : [L.guard]);
  return { s, intIds };
}

test('solve agrees with brute force, models satisfy everything, cores are contradictory', () => {
  fc.assert(
    fc.property(problem, (p) => {
      const { s, intIds } = build(p);
      const expected = bruteForce(p, p.assumptions);
      const got = s.solve(p.assumptions);
      assert.equal(got, expected ? 'sat' : 'unsat');
      if (got === 'sat') {
        const val = (l: number) => (s.model[l >> 1] === 1) === ((l & 1) === 0);
        assert.ok(p.assumptions.every(val));
        assert.ok(p.clauses.every((c) => c.some(val)));
        const values = intIds.map((id) => s.modelInt(id));
        for (const L of p.linears) {
          if (L.guard !== null && !val(L.guard)) continue;
          let sum = 0;
          L.terms.forEach((t, i) => (sum += L.coefs[i] * values[t]));
          assert.ok(sum >= L.bound, 'linear constraint satisfied');
        }
      } else {
        for (const c of s.conflict) assert.ok(p.assumptions.includes(c), 'core ⊆ assumptions');
        assert.equal(bruteForce(p, s.conflict), false, 'the core alone is contradictory');
      }
      // Incremental: solving again without assumptions agrees too.
      assert.equal(s.solve([]), bruteForce(p, []) ? 'sat' : 'unsat');
    }),
    { numRuns: 3000, seed: 42 },
  );
});

test('propagateAssumptions finds forced literals and conflicts', () => {
  const s = new Solver();
  const a = s.newVar();
  const b = s.newVar();
  const c = s.newVar();
  s.addClause([neg(lit(a, true)), lit(b, true)]);
  s.addClause([neg(lit(b, true)), lit(c, false)]);
  const assigned = s.propagateAssumptions([lit(a, true)]);
  assert.ok(assigned);
  assert.equal(assigned[b], 1);
  assert.equal(assigned[c], -1);
  assert.equal(s.propagateAssumptions([lit(a, true), lit(c, true)]), null);
});

test('a harder instance: pigeonhole 7 into 6 is unsat, 6 into 6 is sat', () => {
  for (const [pigeons, holes, expected] of [
    [7, 6, 'unsat'],
    [6, 6, 'sat'],
  ] as const) {
    const s = new Solver();
    const x: number[][] = [];
    for (let p = 0; p < pigeons; p++) x.push(Array.from({ length: holes }, () => s.newVar()));
    for (let p = 0; p < pigeons; p++) s.addClause(x[p].map((v) => lit(v, true)));
    for (let h = 0; h < holes; h++)
      for (let p = 0; p < pigeons; p++) for (let q = p + 1; q < pigeons; q++) s.addClause([lit(x[p][h], false), lit(x[q][h], false)]);
    assert.equal(s.solve(), expected);
  }
});
