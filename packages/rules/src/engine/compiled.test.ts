/**
 * The compiled diagram against the SAT path and brute force: on random small products (forced to
 * compile, whatever their shape) every domain, "possible" answer and count agrees with enumeration and
 * with the SAT path's DomainEngine; on generated car models, random walks compare the two engines
 * after every selection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileProduct, type Product } from './compile.js';
import { DomainEngine, type DomainState } from './domains.js';
import { DiagramDomains } from './compiled.js';
import { diagramOf, suitsDiagram } from './diagram.js';
import { compileMdd, DEFAULT_MDD_BUDGET } from './mdd.js';
import { indexOfValue, type Model, type Var } from './model.js';
import { smallProduct, validConfigurations } from './oracle.test-helpers.js';
import { createRandom, generateCarModel, generateTableCarModel } from '../../bench/generate.js';

const RUNS = Number(process.env.C2M_PROPERTY_RUNS ?? 1500);

/** The value index of a value of the oracle's configurations (`undefined`: the option does not apply). */
const indexIn = (v: Var, value: unknown): number => (value === undefined && v.na >= 0 ? v.na : (indexOfValue(v, value as never) as number));
const GENEROUS = { maxNodes: 1_000_000, maxMs: 60_000 };

function sameDomains(model: Model, a: DomainState, b: DomainState, what: string): void {
  for (const x of model.vars) {
    if (x.kind === 'number') {
      assert.equal(a.lo[x.index], b.lo[x.index], `${what}: ${x.option.id} lowest`);
      assert.equal(a.hi[x.index], b.hi[x.index], `${what}: ${x.option.id} highest`);
    } else assert.deepEqual([...a.avail[x.index]!], [...b.avail[x.index]!], `${what}: ${x.option.id}`);
  }
}

test('diagram domains, possible and counts equal enumeration and the SAT path on random small products', () => {
  fc.assert(
    fc.property(
      smallProduct.chain((file) =>
        fc.record({ file: fc.constant(file), pick: fc.nat(), mask: fc.array(fc.boolean(), { minLength: file.options.length, maxLength: file.options.length }) }),
      ),
      ({ file, pick, mask }) => {
        const r = compileProduct(file);
        const valid = validConfigurations(file);
        if (!r.ok || valid.length === 0) return;
        const product = r.product as Product;
        const model = product.model;
        const mdd = compileMdd(model, GENEROUS);
        assert.ok(mdd, 'small products compile');
        const target = valid[pick % valid.length];
        const sel = new Int32Array(model.vars.length).fill(-1);
        model.vars.forEach((v, i) => {
          if (mask[i]) sel[i] = indexIn(v, target[v.option.id]);
        });
        const indices = valid.map((c) => model.vars.map((v) => indexIn(v, c[v.option.id])));
        const agrees = (w: number[], except: number) => w.every((k, v) => v === except || sel[v] < 0 || sel[v] === k);
        assert.equal(mdd.count(sel), BigInt(indices.filter((w) => agrees(w, -1)).length), 'count');
        const diagram = new DiagramDomains(model, mdd).compute(sel);
        assert.ok(diagram);
        for (const x of model.vars) {
          for (let k = 0; k < x.size; k++) {
            const expected = indices.some((w) => w[x.index] === k && agrees(w, x.index));
            if (x.kind === 'number') {
              const inRange = k >= diagram.lo[x.index] && k <= diagram.hi[x.index];
              if (expected) assert.ok(inRange, `${x.option.id}=${k} within the feasible range`);
            } else assert.equal(diagram.avail[x.index]![k] === 1, expected, `${x.option.id}=${k} available`);
            assert.equal(new DiagramDomains(model, mdd).possible(sel, x.index, k), expected, `${x.option.id}=${k} possible`);
          }
        }
        const w = diagram.witness;
        assert.ok(indices.some((v) => v.every((k, i) => k === w[i])), 'the witness is a valid configuration');
        assert.ok(agrees([...w], -1), 'the witness extends the selections');
        const sat = new DomainEngine(product.main).compute(sel, null);
        assert.ok(sat);
        sameDomains(model, diagram, sat, 'diagram vs SAT path');
      },
    ),
    { numRuns: Math.round(RUNS / 2), seed: 29, includeErrorInReport: true },
  );
});

test('random walks on generated car models: the diagram and the SAT path agree after every selection', () => {
  const models = [
    generateCarModel({ seed: 5, options: 30, tables: 30, forbiddenTables: 8, requires: 12, excludes: 10, localSolutions: 6, bigTables: 2, bigTableRows: 200 }),
    generateTableCarModel({ seed: 5, options: 24, values: 120, maxDomain: 12, tables: 30, cars: 60, families: 4, systems: 4 }),
    generateTableCarModel({ seed: 6, options: 16, values: 70, maxDomain: 8, tables: 24, cars: 40, families: 3, systems: 3, crossSystem: 0.5 }),
  ];
  for (const [i, m] of models.entries()) {
    const r = compileProduct(m.file);
    assert.ok(r.ok);
    const product = r.product as Product;
    const model = product.model;
    assert.ok(suitsDiagram(model));
    // No time limit: a loaded machine must not turn "too slow today" into a failure; the node budget holds.
    const mdd = diagramOf(model, { ...DEFAULT_MDD_BUDGET, maxMs: Infinity });
    assert.ok(mdd, `model ${i} compiles within the default node budget`);
    const diagram = new DiagramDomains(model, mdd);
    const sat = new DomainEngine(product.main);
    const rnd = createRandom(100 + i);
    for (let walk = 0; walk < 6; walk++) {
      const sel = new Int32Array(model.vars.length).fill(-1);
      for (let step = 0; step <= model.vars.length; step++) {
        const a = diagram.compute(sel);
        const b = sat.compute(sel, null);
        assert.ok(a && b);
        sameDomains(model, a, b, `model ${i}, walk ${walk}, step ${step}`);
        const open = model.vars.filter((x) => sel[x.index] < 0);
        if (open.length === 0) break;
        const x = rnd.pick(open);
        const values = [...a.avail[x.index]!.keys()].filter((k) => a.avail[x.index]![k] === 1);
        sel[x.index] = rnd.pick(values);
      }
      assert.ok(model.rules.length > 0 && sel.every((k) => k >= 0), 'the walk reached a complete configuration');
      assert.equal(mdd.count(sel), 1n);
    }
  }
});
