/**
 * The DIMACS writer of `pnpm bench:counts --dimacs`: the file's model count, by enumeration of its
 * assignments, equals the engine's configuration count, with and without selections.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileProduct, type Product } from '../src/engine/compile.js';
import { countConfigurations } from '../src/engine/count.js';
import { countingClauses } from '../src/engine/count-cnf.js';
import { smallProduct } from '../src/engine/oracle.test-helpers.js';
import { dimacsOf } from '../bench/dimacs.js';

/** Parses DIMACS text: the header's counts, the comment lines, the clauses (each checked to end in 0). */
function parseDimacs(text: string): { vars: number; comments: string[]; clauses: number[][] } {
  const lines = text.split('\n').filter((l) => l !== '');
  const comments = lines.filter((l) => l.startsWith('c ')).map((l) => l.slice(2));
  const header = lines.find((l) => l.startsWith('p '));
  const m = /^p cnf (\d+) (\d+)$/.exec(header ?? '');
  assert.ok(m, `header: ${header}`);
  assert.equal(lines.indexOf(header!), comments.length, 'comments come first, then the header');
  const clauses = lines.slice(comments.length + 1).map((l) => l.split(' ').map(Number));
  for (const c of clauses) {
    assert.equal(c.pop(), 0, 'every clause ends with 0');
    for (const l of c) assert.ok(l !== 0 && Math.abs(l) <= Number(m[1]), `literal ${l} within 1..${m[1]}`);
  }
  assert.equal(clauses.length, Number(m[2]), 'as many clauses as the header says');
  return { vars: Number(m[1]), comments, clauses };
}

/**
 * Models of a CNF by enumeration: every assignment of variables 1..vars in turn, abandoning a partial
 * assignment only once a clause has all its variables assigned and is false (so exactly the full
 * assignments that satisfy every clause are counted).
 */
function bruteForceCount(vars: number, clauses: number[][]): bigint {
  const last = Array.from({ length: vars + 1 }, (): number[][] => []);
  for (const c of clauses) last[Math.max(0, ...c.map(Math.abs))].push(c);
  if (last[0].length > 0) return 0n; // an empty clause
  const value = new Array<boolean>(vars + 1);
  const walk = (v: number): bigint => {
    if (v > vars) return 1n;
    let n = 0n;
    for (const b of [false, true]) {
      value[v] = b;
      if (last[v].every((c) => c.some((l) => value[Math.abs(l)] === l > 0))) n += walk(v + 1);
    }
    return n;
  };
  return walk(1);
}

test('the DIMACS file of a state has as many models as the state has configurations', () => {
  let compared = 0;
  fc.assert(
    fc.property(smallProduct, fc.array(fc.nat(), { minLength: 5, maxLength: 5 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (file, picks, mask) => {
      const r = compileProduct(file);
      if (!r.ok) return;
      const model = (r.product as Product).model;
      const cnf = countingClauses(model);
      if (!cnf) return; // linear relations: no clauses (the option-level counter counts those)
      // Any value of any option may be selected, valid or not (then both counts are 0).
      const sel = Int32Array.from(model.vars, (x, i) => (mask[i] ? picks[i] % x.size : -1));
      const expected = countConfigurations(model, sel, Infinity);
      assert.ok(expected.exact);
      const dimacs = parseDimacs(dimacsOf(cnf, sel, ['a state', `engine count ${expected.count}`]));
      assert.deepEqual(dimacs.comments, ['a state', `engine count ${expected.count}`]);
      assert.equal(dimacs.vars, cnf.numVars);
      assert.equal(bruteForceCount(dimacs.vars, dimacs.clauses), expected.count);
      compared++;
    }),
    { numRuns: 300, seed: 13 },
  );
  assert.ok(compared > 100, `compared ${compared} products`);
});

test('a product of a table, a number and a boolean, by hand: 10 configurations, 2 with red', () => {
  const r = compileProduct({
    schemaVersion: 1,
    product: { id: 'p', version: '1', name: 'P', currency: 'EUR' },
    options: [
      { id: 'colour', type: 'choice', label: 'Colour', values: [{ id: 'red', label: 'Red' }, { id: 'blue', label: 'Blue' }, { id: 'green', label: 'Green' }] },
      { id: 'roof', type: 'boolean', label: 'Roof' },
      { id: 'size', type: 'number', label: 'Size', min: 1, max: 3 },
    ],
    constraints: [
      { id: 'table', type: 'table', mode: 'allowed', message: 'not built', options: ['colour', 'roof'], rows: [['red', true], ['blue', '*'], ['green', false]] },
      { id: 'big', type: 'domain', message: 'a roof needs size 2 or more', if: { option: 'roof', is: true }, option: 'size', min: 2 },
    ],
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
  const model = (r.product as Product).model;
  const cnf = countingClauses(model)!;
  // red + roof: sizes 2, 3; blue + roof: 2, 3; blue without: 1–3; green without: 1–3.
  const none = parseDimacs(dimacsOf(cnf, new Int32Array(3).fill(-1), ['multi\nline']));
  assert.deepEqual(none.comments, ['multi line'], 'a comment stays one line');
  assert.equal(bruteForceCount(none.vars, none.clauses), 10n);
  const red = parseDimacs(dimacsOf(cnf, Int32Array.from([0, -1, -1])));
  assert.equal(red.clauses.length, none.clauses.length + 1, 'the selection is one unit clause');
  assert.equal(bruteForceCount(red.vars, red.clauses), 2n);
});
