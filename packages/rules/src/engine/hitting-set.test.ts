/**
 * The generic implicit hitting-set loop (hitting-set.ts) over a known oracle: a value excluded by
 * conflict sets (kept selections that exclude it together). The smallest repair is then the smallest
 * set hitting every conflict set, checked by brute force with the tie-break; a budget that runs out
 * gives a repair that works, marked not minimal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { grow, minimumHittingSet, smallestRepair, type HittingSetSearch, type Verdict } from './hitting-set.js';

/** An oracle: `keep` is possible unless it contains a conflict set; the core is every conflict set it contains (a core need not be minimal). */
function oracle(conflicts: readonly number[][], calls = { n: 0 }) {
  return (keep: readonly number[]): Verdict => {
    calls.n++;
    const kept = new Set(keep);
    const inside = conflicts.filter((c) => c.every((u) => kept.has(u)));
    return inside.length === 0 ? 'possible' : [...new Set(inside.flat())];
  };
}

const works = (conflicts: readonly number[][], items: readonly number[], drop: readonly number[]) =>
  conflicts.every((c) => c.some((u) => drop.includes(u) || !items.includes(u)));

/** Brute force: the smallest sets of `items` hitting every conflict set; among them, the one that has the highest element where they differ. */
function smallestByEnumeration(conflicts: readonly number[][], items: readonly number[]): number[] {
  const elements = [...items].sort((a, b) => b - a);
  let best: number[] | null = null;
  for (let mask = 0; mask < 1 << elements.length; mask++) {
    const set = elements.filter((_, i) => (mask >> i) & 1);
    if (!works(conflicts, items, set)) continue;
    if (best === null || set.length < best.length) best = set;
    else if (set.length === best.length) {
      const first = elements.find((e) => set.includes(e) !== best!.includes(e));
      if (first !== undefined && set.includes(first)) best = set;
    }
  }
  return best!.sort((a, b) => a - b);
}

/** The search over `check`, with {@link grow} as the fallback (asking `check`, until `graceMs` past the deadline). */
function search(items: readonly number[], check: (keep: readonly number[]) => Verdict, deadline: number, more: Partial<HittingSetSearch> = {}, graceMs = 1e9) {
  return smallestRepair({ items, check, deadline, fallback: (learnt) => grow(items, learnt, (keep) => check(keep) === 'possible', deadline + graceMs), ...more });
}

const conflictSets = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 8 });

test('the smallest repair, with the tie-break that keeps the lowest selections, over any oracle', () => {
  fc.assert(
    fc.property(conflictSets, (conflicts) => {
      const items = Array.from({ length: 12 }, (_, u) => u);
      const r = search(items, oracle(conflicts), Infinity);
      assert.ok(r);
      assert.equal(r.minimal, true);
      assert.deepEqual(r.drop, smallestByEnumeration(conflicts, items));
    }),
    { numRuns: 400, seed: 13 },
  );
});

test('a value no configuration has: no repair', () => {
  const r = search([0, 1, 2], (keep) => (keep.length === 0 ? [] : [...keep]), Infinity);
  assert.equal(r, null);
});

test('a tie-break given as an order: the first selections of the order are given up first', () => {
  // Either 0 or 1 must go: by default the highest (1), with the order reversed the lowest (0).
  const check = oracle([[0, 1]]);
  assert.deepEqual(search([0, 1], check, Infinity)?.drop, [1]);
  assert.deepEqual(search([0, 1], check, Infinity, { order: (a, b) => a - b })?.drop, [0]);
});

test('when the time runs out: a repair that works, marked not minimal (unless there is nothing to give up), without asking past the grace time', () => {
  fc.assert(
    fc.property(conflictSets, (conflicts) => {
      const items = Array.from({ length: 12 }, (_, u) => u);
      const calls = { n: 0 };
      const r = search(items, oracle(conflicts, calls), 0);
      assert.ok(r);
      // No core was found before the time ran out: only giving up nothing is proven the smallest.
      assert.equal(r.minimal, r.drop.length === 0);
      assert.equal(r.drop.length === 0, conflicts.length === 0);
      assert.ok(works(conflicts, items, r.drop), 'the repair works');
      assert.ok(calls.n <= items.length + 1, `${calls.n} questions: one to start, one per selection taken back`);
    }),
    { numRuns: 200, seed: 14 },
  );
});

test('when the node budget of a hitting set runs out: the fallback gets what was learnt, its repair is marked not minimal', () => {
  // A cycle of 40 overlapping conflicts: a hitting set of 14 needs more than 3 nodes.
  const conflicts = Array.from({ length: 40 }, (_, i) => [i, (i + 1) % 40, (i + 7) % 40]);
  const items = Array.from({ length: 40 }, (_, u) => u);
  let learnt: { cores: number } | undefined;
  const r = smallestRepair({
    items,
    check: oracle(conflicts),
    deadline: Infinity,
    maxNodes: 3,
    fallback: (l) => {
      learnt = { cores: l.cores.length };
      return items.filter((u) => !(l.kept ?? []).includes(u));
    },
  });
  assert.ok(learnt && learnt.cores > 0, 'the fallback got the cores found');
  assert.ok(r && !r.minimal && works(conflicts, items, r.drop));
  // Growing the kept set back gives a repair that works, and no larger.
  const grown = search(items, oracle(conflicts), Infinity, { maxNodes: 3 });
  assert.ok(grown && !grown.minimal && works(conflicts, items, grown.drop));
  assert.ok(grown.drop.length <= r.drop.length, 'growing takes back what it can');
});

test('a stopped search whose fallback gives the first smallest set hitting the cores found has the answer, proven', () => {
  // Cores {0, 1} and {2, 3}; the first smallest hitting set gives up 1 and 3 (the highest first), and
  // the question that would check it cannot be answered: the fallback decides.
  const conflicts = [
    [0, 1],
    [2, 3],
  ];
  const firstInside = (keep: readonly number[]): Verdict => {
    const inside = conflicts.find((c) => c.every((u) => keep.includes(u)));
    return inside ? [...inside] : 'possible';
  };
  const stopped = (drop: number[]) =>
    smallestRepair({ items: [0, 1, 2, 3], check: (keep) => (keep.join() === '0,2' ? undefined : firstInside(keep)), deadline: Infinity, fallback: () => drop });
  assert.deepEqual(stopped([1, 3]), { drop: [1, 3], minimal: true });
  // As small and it works, but another comes first in the tie-break: not proven.
  assert.deepEqual(stopped([0, 2]), { drop: [0, 2], minimal: false });
  assert.deepEqual(stopped([0, 1, 3]), { drop: [0, 1, 3], minimal: false });
  assert.deepEqual(smallestRepair({ items: [0, 1, 2, 3], check: firstInside, deadline: Infinity, fallback: () => assert.fail('not stopped') }), { drop: [1, 3], minimal: true });
});

test('an oracle that cannot tell stops the search: the fallback decides (undefined hands it on)', () => {
  let asked = 0;
  const r = smallestRepair({ items: [0, 1, 2], check: () => undefined, deadline: Infinity, fallback: () => (asked++, undefined) });
  assert.equal(r, undefined);
  assert.equal(asked, 1);
});

test('a hitting set searched from the size of the last one (fewer cores) is the same as one searched from the start', () => {
  fc.assert(
    fc.property(conflictSets, fc.nat(), (cores, cut) => {
      const fewer = cores.slice(0, cut % (cores.length + 1));
      const from = minimumHittingSet(fewer).set.length;
      const all = minimumHittingSet(cores);
      assert.ok(from <= all.set.length, 'more cores never make the smallest hitting set smaller');
      assert.deepEqual(minimumHittingSet(cores, undefined, undefined, undefined, from), all);
    }),
    { numRuns: 400, seed: 15 },
  );
});
