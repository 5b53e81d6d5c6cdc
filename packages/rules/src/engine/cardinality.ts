/**
 * Whether a cardinality constraint can be violated, as a formula for the solver: part of what
 * `@c2m/rules/check` adds to a compiled product (lint's "implied by the others"), kept out of the
 * shop path's bundle.
 */
import { FALSE_F, not } from './atoms.js';
import type { Formula, Rule } from './model.js';

/** Most subsets spelled out for a cardinality's violation; beyond it the question stays undecided. */
const MAX_CARD_SUBSETS = 512;

/** The k-element subsets of 0…n−1, or `undefined` when there are more than {@link MAX_CARD_SUBSETS}. */
function subsets(n: number, k: number): number[][] | undefined {
  let count = 1;
  for (let i = 0; i < k; i++) count = (count * (n - i)) / (i + 1);
  if (count > MAX_CARD_SUBSETS) return undefined;
  const out: number[][] = [];
  const pick = (start: number, chosen: number[]) => {
    if (chosen.length === k) out.push(chosen);
    else for (let i = start; i <= n - (k - chosen.length); i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return out;
}

/**
 * A cardinality is violated when its guard holds and more than `max` of its conditions hold (some
 * max + 1 of them all hold) or fewer than `min` do (some n − min + 1 of them all fail).
 */
export function cardinalityViolation(r: Extract<Rule, { kind: 'card' }>): { f: Formula } | undefined {
  const n = r.xs.length;
  const ways: Formula[] = [];
  if (r.max < n) {
    const s = subsets(n, r.max + 1);
    if (!s) return undefined;
    for (const ix of s) ways.push({ k: 'and', xs: ix.map((i) => r.xs[i]) });
  }
  if (r.min > 0) {
    const s = subsets(n, n - r.min + 1);
    if (!s) return undefined;
    for (const ix of s) ways.push({ k: 'and', xs: ix.map((i) => not(r.xs[i])) });
  }
  return { f: ways.length === 0 ? FALSE_F : { k: 'and', xs: [r.guard, { k: 'or', xs: ways }] } };
}

