/**
 * The two exact counters against brute-force enumeration on thousands of random small products, with
 * and without selections: the component-caching counter over clauses (every model without linear
 * relations) and the option-level counter (every model).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileProduct } from './compile.js';
import type { Product } from './compile.js';
import { clauseCountingOf, countClauses, countConfigurations, countOptions } from './count.js';
import { countingClauses } from './count-cnf.js';
import { ComponentCounter } from './component-counter.js';
import { indexOfValue } from './model.js';
import { createRandom } from '../../bench/generate.js';
import { sameValue, smallProduct, validConfigurations } from './oracle.test-helpers.js';

const RUNS = Number(process.env.C2M_PROPERTY_RUNS ?? 1500);

test('both counters equal enumeration, under random selections', () => {
  fc.assert(
    fc.property(
      smallProduct.chain((file) =>
        fc.record({
          file: fc.constant(file),
          pick: fc.nat(),
          mask: fc.array(fc.boolean(), { minLength: file.options.length, maxLength: file.options.length }),
        }),
      ),
      ({ file, pick, mask }) => {
        const r = compileProduct(file);
        const valid = validConfigurations(file);
        if (!r.ok || valid.length === 0) return;
        const model = (r.product as Product).model;
        // Selections: a subset of one valid configuration, or (every third case) of an arbitrary one.
        const target = valid[pick % valid.length];
        const sel = new Int32Array(model.vars.length).fill(-1);
        const chosen: Record<string, unknown> = {};
        model.vars.forEach((v, i) => {
          if (!mask[i]) return;
          let value = target[v.option.id];
          if (pick % 3 === 0 && v.kind === 'choice') value = (v.option as { values: Array<{ id: string }> }).values[(pick >> 2) % v.values].id;
          // An option that does not apply has no value to select.
          if (value === undefined) return;
          const k = indexOfValue(v, value);
          if (typeof k !== 'number') return;
          sel[i] = k;
          chosen[v.option.id] = value;
        });
        const expected = BigInt(
          valid.filter((c) => Object.entries(chosen).every(([id, value]) => sameValue(c[id], value as never) || (model.varById.get(id)!.kind === 'presence' && c[id] !== undefined && indexOfValue(model.varById.get(id)!, c[id]) === indexOfValue(model.varById.get(id)!, value as never)))).length,
        );
        assert.equal(countOptions(model, sel, Infinity), expected, 'option-level counter');
        const cnf = countingClauses(model);
        assert.equal(cnf === null, model.rules.some((x) => x.kind === 'linear'), 'clauses for every model without linear relations');
        if (cnf) {
          const assumptions: number[] = [];
          sel.forEach((k, v) => {
            if (k >= 0) assumptions.push(...cnf.valueLits(v, k));
          });
          assert.equal(new ComponentCounter(cnf).count(assumptions, Infinity), expected, 'clause counter');
          // The preprocessed clauses, as count.ts uses them once the clauses as built take too long.
          assert.equal(countClauses(clauseCountingOf(model)!, assumptions, Infinity, 0), expected, 'preprocessed clauses');
        }
        const result = countConfigurations(model, sel, 60_000);
        assert.ok(result.exact);
        if (result.exact) assert.equal(result.count, expected, 'countConfigurations');
      },
    ),
    { numRuns: RUNS, seed: 23, includeErrorInReport: true },
  );
});

test('a budget that runs out says so', () => {
  // Random 3-clauses over 150 options at ratio 3: one component of high treewidth, hard to count.
  const rnd = createRandom(5);
  const options = Array.from({ length: 150 }, (_, i) => ({ id: `b${i}`, type: 'boolean' as const, label: `B${i}` }));
  const constraints = Array.from({ length: 450 }, (_, i) => ({
    id: `c${i}`,
    type: 'rule' as const,
    message: 'm',
    assert: { any: rnd.sample(options, 3).map((o) => ({ option: o.id, is: rnd.chance(0.5) })) },
  }));
  const r = compileProduct({ schemaVersion: 1, product: { id: 'p', version: '1', name: 'P', currency: 'EUR' }, options, constraints });
  assert.ok(r.ok);
  const model = (r.product as Product).model;
  const result = countConfigurations(model, new Int32Array(150).fill(-1), 0); // a spent budget: the answer cannot depend on the machine's speed
  assert.equal(result.exact, false);
  if (!result.exact) assert.equal(result.reason, 'budget');
  assert.throws(() => countOptions(model, new Int32Array(150).fill(-1), 0));
});
