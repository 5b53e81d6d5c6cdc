import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileProduct, Product } from './compile.js';
import { createSession } from './create-session.js';
import { minimumHittingSet, SAT_FREE_CHECKS } from './hitting-set.js';
import type { Condition, Constraint, ProductFileInput } from '../schema/product-file.js';

const is = (option: string, value: boolean): Condition => ({ option, is: value });

/**
 * The shape of a refusal that once took 15 s: many selections, each of which rules the wanted value
 * out on its own (here with rules overlapping in pairs as well), so the repair must clear them all.
 */
function manySelectionsProduct(n: number): ProductFileInput {
  const xs = Array.from({ length: n }, (_, i) => `x${i}`);
  const constraints: Constraint[] = xs.map((x, i) => ({ id: `t-${x}`, type: 'rule', message: `Turbo rules out ${x}.`, assert: { implies: [is('turbo', true), is(x, false)] } }));
  for (let i = 0; i + 1 < n; i++) {
    constraints.push({ id: `pair-${i}`, type: 'rule', message: `Turbo rules out x${i} with x${i + 1}.`, assert: { implies: [is('turbo', true), { not: { all: [is(xs[i], true), is(xs[i + 1], true)] } }] } });
  }
  return {
    schemaVersion: 1,
    product: { id: 'db', version: '1', name: 'Database', currency: 'XXX', defaultLocale: 'en' },
    options: [{ id: 'turbo', type: 'boolean', label: 'Turbo' }, ...xs.map((id) => ({ id, type: 'boolean' as const, label: id }))],
    constraints,
  };
}

test('a refused selection whose repair must clear 33 selections: the smallest repair, with little solver work', () => {
  const r = compileProduct(manySelectionsProduct(33));
  assert.ok(r.ok);
  const product = r.product as Product;
  const session = createSession(product, { applyDefaults: false });
  for (let i = 0; i < 33; i++) assert.ok(session.select(`x${i}`, true).ok);
  const before = product.main.solver.solves + product.explaining().solver.solves;
  const answer = session.select('turbo', true);
  assert.equal(answer.ok, false);
  assert.ok(!answer.ok && answer.repair && answer.reason);
  assert.equal(answer.repair.minimal, undefined, 'proven the smallest');
  assert.equal(answer.repair.changes.length, 33);
  assert.equal(answer.reason.selections.length, 1, 'one selection is enough to rule turbo out');
  assert.ok(answer.reason.minimal);
  // One core per selection, one check of the hitting set, and the reason: a few calls per selection,
  // where trying every combination of selections would take millions.
  const calls = product.main.solver.solves + product.explaining().solver.solves - before;
  assert.ok(calls <= 4 * 33 + 20, `${calls} solver calls`);
  assert.ok(session.applyRepair(answer.repair).ok);
  assert.equal(session.selections.turbo, true);
});

test('a pause of the process during a small refusal changes nothing: the same answer, proven the smallest', (t) => {
  const refuse = (paused: boolean) => {
    const r = compileProduct(manySelectionsProduct(12));
    assert.ok(r.ok);
    const session = createSession(r.product as Product, { applyDefaults: false });
    for (let i = 0; i < 12; i++) assert.ok(session.select(`x${i}`, true).ok);
    // A clock that moves a second each time it is read: as if the process were paused (a loaded
    // machine, a busy phone) between any two steps of the search.
    let clock = performance.now();
    if (paused) t.mock.method(performance, 'now', () => (clock += 1000));
    const answer = session.select('turbo', true);
    t.mock.restoreAll();
    return answer;
  };
  const paused = refuse(true);
  assert.ok(!paused.ok && paused.repair && paused.reason);
  assert.equal(paused.repair.minimal, undefined, 'the repair is proven the smallest');
  assert.equal(paused.reason.minimal, true, 'the reason is minimal');
  assert.deepEqual(paused, refuse(false));
});

test('when the time budget of a refusal runs out: a reason and a repair that work, marked not minimal, and no hang', (t) => {
  // More selections than the checks a refusal makes before it looks at the clock.
  const n = SAT_FREE_CHECKS + 16;
  const r = compileProduct(manySelectionsProduct(n));
  assert.ok(r.ok);
  const session = createSession(r.product as Product, { applyDefaults: false });
  for (let i = 0; i < n; i++) assert.ok(session.select(`x${i}`, true).ok);
  // A clock that moves a second each time it is read: every budget is spent at its first look, on a
  // fast machine as on a loaded one.
  let clock = performance.now();
  t.mock.method(performance, 'now', () => (clock += 1000));
  const answer = session.select('turbo', true);
  t.mock.restoreAll();
  assert.equal(answer.ok, false);
  assert.ok(!answer.ok && answer.repair && answer.reason, 'both found, though not proven smallest');
  assert.equal(answer.repair.minimal, false);
  assert.ok(answer.reason.selections.length >= 1);
  // The repair works: applied, turbo is chosen and nothing the engine forbids is left.
  assert.ok(session.applyRepair(answer.repair).ok);
  assert.equal(session.selections.turbo, true);
  assert.ok(session.isAvailable('turbo', true));
});

/** Brute force: the smallest hitting sets, and among them the one taking the highest elements. */
function bruteForce(cores: number[][]): number[] {
  const elements = [...new Set(cores.flat())].sort((a, b) => b - a);
  let best: number[] | null = null;
  for (let mask = 0; mask < 1 << elements.length; mask++) {
    const set = elements.filter((_, i) => (mask >> i) & 1);
    if (!cores.every((c) => c.some((u) => set.includes(u)))) continue;
    if (best === null || set.length < best.length) best = set;
    else if (set.length === best.length) {
      // Compare from the highest element down: the set that has it first wins.
      for (const e of elements) {
        const a = set.includes(e);
        const b = best.includes(e);
        if (a !== b) {
          if (a) best = set;
          break;
        }
      }
    }
  }
  return best!;
}

test('minimumHittingSet finds the smallest hitting set, ties to the highest elements', () => {
  fc.assert(
    fc.property(fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 9 }), (cores) => {
      const r = minimumHittingSet(cores);
      assert.ok(r.exact);
      assert.deepEqual([...r.set].sort((a, b) => b - a), bruteForce(cores));
    }),
    { numRuns: 500, seed: 5 },
  );
});

test('minimumHittingSet says when its node budget ran out, and still hits every core', () => {
  const cores = Array.from({ length: 40 }, (_, i) => [i, (i + 1) % 40, (i + 7) % 40]);
  const r = minimumHittingSet(cores, 50);
  assert.equal(r.exact, false);
  assert.ok(cores.every((c) => c.some((u) => r.set.includes(u))));
});
