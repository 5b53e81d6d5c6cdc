/**
 * The model as clauses whose models are exactly the valid configurations, one for one: the input of
 * the component-caching counter (component-counter.ts).
 *
 * The solver's encoding (encode.ts) is built for propagation and may leave helper variables free
 * (row variables of tables, sequential counters), which would make a clause count larger than the
 * configuration count. Here every helper variable is *defined* by its inputs (full equivalence), so
 * it takes one value in each configuration and counting clauses counts configurations:
 *
 * - choice options, and options with `when` (whose "does not apply" is one more value): a variable
 *   per value, exactly one true (pairwise at-most-one: no helpers); other boolean, text and file
 *   options: one variable; number options: the order encoding ("≥ k", a chain
 *   that each value fixes completely);
 * - formulas: Tseitin with equivalences (as the solver's encoding), top-level ands and ors as clauses;
 * - allowed tables: pairs by the support encoding (no helpers); wider tables by row variables defined
 *   as the conjunction of their cells, one of them true, plus support clauses (implied; they give
 *   arc consistency under propagation); forbidden tables: a clause per row;
 * - cardinalities: pairwise for "at most one" of few, else a sequential counter whose registers are
 *   defined ("at least j of the first i"), compared with min and max under the guard.
 *
 * Linear relations have no such encoding here: {@link countingClauses} returns null for a model with
 * any, and the option-level counter counts it.
 */
import type { Formula, Model, Rule } from './model.js';

/** Clauses over variables 0..numVars-1; literal 2v is v true, 2v+1 is v false. */
export interface CountingCnf {
  numVars: number;
  /** Variables that are not helpers (option values and order-encoding literals) come first: 0..primaryVars-1. */
  primaryVars: number;
  clauses: Int32Array[];
  /** Literals that fix option `v` to value index `k` (conjunction). */
  valueLits(v: number, k: number): number[];
}

const pos = (v: number): number => 2 * v;
const negLit = (l: number): number => l ^ 1;

/** Largest number of helper clauses a cardinality rule may add before the model is left to the option-level counter. */
const MAX_COUNTER_CELLS = 400_000;

/** Builds the counting clauses of a model, or null when a rule has no exact encoding here (linear relations). */
export function countingClauses(model: Model): CountingCnf | null {
  if (model.rules.some((r) => r.kind === 'linear')) return null;
  const { vars } = model;
  let numVars = 0;
  const clauses: Int32Array[] = [];
  const add = (ls: number[]): void => {
    clauses.push(Int32Array.from(ls));
  };
  /** First variable of each option (choice: value 0's; number: "≥ 1"). */
  const base = new Int32Array(vars.length);
  const oneHot = vars.map((x) => x.kind === 'choice' || (x.kind !== 'number' && x.na >= 0));
  for (const x of vars) {
    base[x.index] = numVars;
    numVars += oneHot[x.index] || x.kind === 'number' ? Math.max(x.size - (x.kind === 'number' ? 1 : 0), 0) : 1;
  }
  const primaryVars = numVars;
  for (const x of vars) {
    const b = base[x.index];
    if (oneHot[x.index]) {
      add(Array.from({ length: x.size }, (_, k) => pos(b + k)));
      for (let i = 0; i < x.size; i++) for (let j = i + 1; j < x.size; j++) add([negLit(pos(b + i)), negLit(pos(b + j))]);
    } else if (x.kind === 'number') {
      // ge[k] (k = 1..size-1) is variable b + k - 1; "≥ k+1" implies "≥ k".
      for (let k = 1; k + 1 < x.size; k++) add([negLit(pos(b + k)), pos(b + k - 1)]);
    }
  }
  /** "number option v ≥ k" as a literal, or a constant. */
  const geLit = (v: number, k: number): number | boolean => {
    const x = vars[v];
    if (k <= 0) return true;
    if (k >= x.size) return false;
    return pos(base[v] + k - 1);
  };
  const valueLit = (v: number, k: number): number => (oneHot[v] ? pos(base[v] + k) : k === 1 ? pos(base[v]) : negLit(pos(base[v])));

  type L = number | boolean;
  const not = (l: L): L => (typeof l === 'boolean' ? !l : negLit(l));
  const fresh = (): number => pos(numVars++);
  const defined = new Map<string, number>();
  /** A literal equivalent to the disjunction of `ls` (defined, so determined by them). */
  const orOf = (ls: number[]): L => {
    const uniq = [...new Set(ls)].sort((a, b) => a - b);
    for (let i = 1; i < uniq.length; i++) if (uniq[i] === (uniq[i - 1] ^ 1) && (uniq[i] & 1) === 1) return true;
    if (uniq.length === 0) return false;
    if (uniq.length === 1) return uniq[0];
    const key = uniq.join(',');
    let out = defined.get(key);
    if (out !== undefined) return out;
    out = fresh();
    add([negLit(out), ...uniq]);
    for (const l of uniq) add([out, negLit(l)]);
    defined.set(key, out);
    return out;
  };
  const orL = (xs: L[]): L => {
    const ls: number[] = [];
    for (const x of xs) {
      if (x === true) return true;
      if (x !== false) ls.push(x);
    }
    return orOf(ls);
  };
  const andL = (xs: L[]): L => not(orL(xs.map(not)));
  const iffL = (a: L, b: L): L => {
    if (typeof a === 'boolean') return a ? b : not(b);
    if (typeof b === 'boolean') return b ? a : not(a);
    if (a === b) return true;
    if (a === negLit(b)) return false;
    const key = `=${Math.min(a, b)},${Math.max(a, b)}`;
    let out = defined.get(key);
    if (out !== undefined) return out;
    out = fresh();
    add([negLit(out), negLit(a), b]);
    add([negLit(out), a, negLit(b)]);
    add([out, a, b]);
    add([out, negLit(a), negLit(b)]);
    defined.set(key, out);
    return out;
  };
  const atomL = (f: Extract<Formula, { k: 'atom' }>): L => {
    const x = vars[f.v];
    if (x.kind === 'number') return andL([geLit(f.v, f.lo), not(geLit(f.v, f.hi + 1))]);
    const mask = f.mask!;
    if (!oneHot[f.v]) return valueLit(f.v, mask[1] ? 1 : 0);
    const inS: number[] = [];
    const outS: number[] = [];
    mask.forEach((m, k) => (m ? inS : outS).push(valueLit(f.v, k)));
    return inS.length <= outS.length ? orL(inS) : not(orL(outS));
  };
  const litOf = (f: Formula): L => {
    switch (f.k) {
      case 'const':
        return f.v;
      case 'atom':
        return atomL(f);
      case 'not':
        return not(litOf(f.x));
      case 'and':
        return andL(f.xs.map(litOf));
      case 'or':
        return orL(f.xs.map(litOf));
      case 'iff':
        return iffL(litOf(f.a), litOf(f.b));
    }
  };
  const clause = (xs: L[]): void => {
    const out: number[] = [];
    for (const x of xs) {
      if (x === true) return;
      if (x !== false) out.push(x);
    }
    add(out);
  };
  /** Asserts f with as few helpers as possible: top-level ands split, ors and iffs written as clauses. */
  const assert = (f: Formula): void => {
    if (f.k === 'and') for (const x of f.xs) assert(x);
    else if (f.k === 'or') clause(f.xs.map(litOf));
    else if (f.k === 'iff') {
      const a = litOf(f.a);
      const b = litOf(f.b);
      clause([not(a), b]);
      clause([a, not(b)]);
    } else if (f.k === 'not') {
      const x = f.x;
      if (x.k === 'or') for (const y of x.xs) assert({ k: 'not', x: y });
      else if (x.k === 'and') clause(x.xs.map((y) => not(litOf(y))));
      else if (x.k === 'not') assert(x.x);
      else if (x.k === 'iff') {
        const a = litOf(x.a);
        const b = litOf(x.b);
        clause([a, b]);
        clause([not(a), not(b)]);
      } else clause([not(litOf(x))]);
    } else clause([litOf(f)]);
  };

  const table = (r: Extract<Rule, { kind: 'table' }>): void => {
    const arity = r.vars.length;
    // Only checked when every option it names applies: a column without a value escapes it.
    const escape = (j: number): L => (r.na && r.na[j] >= 0 ? valueLit(r.vars[j], r.na[j]) : false);
    const escapes = (but: number): L[] => r.vars.map((_, j) => (j === but ? false : escape(j)));
    if (!r.allowed) {
      for (const row of r.rows) clause([...Array.from(row, (k, j): L => (k < 0 ? false : negLit(valueLit(r.vars[j], k)))), ...escapes(-1)]);
      return;
    }
    if (r.rows.some((row) => row.every((k) => k < 0))) return;
    if (r.rows.length === 0) {
      clause(escapes(-1));
      return;
    }
    const size = (j: number): number => vars[r.vars[j]].size;
    // Support clauses: a value needs a row that has it (exact for pairs, implied and propagating otherwise).
    const rowLits: L[] = arity <= 2 ? [] : r.rows.map((row) => andL(Array.from(row, (k, j): L => (k < 0 ? true : valueLit(r.vars[j], k)))));
    for (let j = 0; j < arity; j++) {
      for (let a = 0; a < size(j); a++) {
        if (r.na && a === r.na[j]) continue;
        const supports: L[] = escapes(j);
        let all = false;
        r.rows.forEach((row, i) => {
          if (row[j] >= 0 && row[j] !== a) return;
          if (arity <= 2) {
            const other = row[1 - j];
            if (arity === 1 || other < 0) all = true;
            else supports.push(valueLit(r.vars[1 - j], other));
          } else supports.push(rowLits[i]);
        });
        if (all) continue;
        clause([negLit(valueLit(r.vars[j], a)), ...supports]);
      }
    }
    if (arity > 2) clause([...rowLits, ...escapes(-1)]);
  };

  /** At least `min` and at most `max` of `xs` when `guard` holds. */
  const cardinality = (guard: L, xs: L[], min: number, max: number): void => {
    if (guard === false) return;
    const g = not(guard);
    const lits: number[] = [];
    let sure = 0;
    for (const x of xs) {
      if (x === true) sure++;
      else if (x !== false) lits.push(x);
    }
    min -= sure;
    max -= sure;
    const n = lits.length;
    if (max < 0 || min > n || min > max) {
      clause([g]);
      return;
    }
    if (min <= 0 && max >= n) return;
    if (max === 0) {
      for (const l of lits) clause([g, negLit(l)]);
      if (min <= 0) return;
    }
    if (min === n) {
      for (const l of lits) clause([g, l]);
      return;
    }
    const needCounter = min > 1 || (max >= 1 && max < n && (max > 1 || n > 12));
    if (!needCounter) {
      if (min === 1) clause([g, ...lits]);
      if (max === 1) for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) clause([g, negLit(lits[i]), negLit(lits[j])]);
      return;
    }
    // s[j]: at least j+1 of the literals seen so far (j < K), defined step by step.
    const K = Math.min(n, Math.max(min, max + 1));
    if (n * K > MAX_COUNTER_CELLS) throw new TooLarge();
    let prev: L[] = Array.from({ length: K }, () => false);
    for (let i = 0; i < n; i++) {
      const cur: L[] = [];
      for (let j = 0; j < K; j++) cur.push(orL([prev[j], andL([lits[i], j === 0 ? true : prev[j - 1]])]));
      prev = cur;
    }
    if (min > 0) clause([g, prev[min - 1]]);
    if (max < n) clause([g, not(prev[max])]);
  };

  try {
    for (const r of model.rules) {
      switch (r.kind) {
        case 'formula':
          assert(r.f);
          break;
        case 'table':
          table(r);
          break;
        case 'card':
          cardinality(litOf(r.guard), r.xs.map(litOf), r.min, r.max);
          break;
        case 'linear':
          return null;
      }
    }
  } catch (e) {
    if (e instanceof TooLarge) return null;
    throw e;
  }
  return {
    numVars,
    primaryVars,
    clauses,
    valueLits(v: number, k: number): number[] {
      const x = vars[v];
      if (x.kind !== 'number') return [valueLit(v, k)];
      const out: number[] = [];
      const lo = geLit(v, k);
      const hi = geLit(v, k + 1);
      if (typeof lo === 'number') out.push(lo);
      if (typeof hi === 'number') out.push(negLit(hi));
      return out;
    },
  };
}

class TooLarge extends Error {}
