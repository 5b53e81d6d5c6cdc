/**
 * The model as clauses for the SAT solver.
 *
 * Choice options, and options with `when` (whose "does not apply" is one more value): one variable
 * per value with exactly-one; other boolean, text and file options: one variable; number options:
 * order encoding ("value ≥ k", "does not apply" as the value above the maximum) with linear
 * relations propagated on the bounds. Formulas: Tseitin (full equivalence, shared sub-formulas). Allowed tables: the support
 * encoding for pairs, row variables for wider tables, both reaching arc consistency by propagation.
 *
 * With `selectors`, every clause of constraint i also contains ¬selector[i]: assuming a selector
 * enables its constraint, and the final conflict names the constraints that matter (explanations).
 */
import { Solver, lit, neg } from './sat.js';
import type { Formula, Model, Rule } from './model.js';
import { ModelError } from './model.js';

/** Literal or constant. */
type L = number | boolean;

export interface Encoding {
  solver: Solver;
  model: Model;
  /** choice: a variable per value; boolean/presence: one variable; number: the solver's integer id. */
  base: Int32Array;
  /** Per variable: one solver variable per value (choices, options with `when`), or one for the option (the rest, numbers aside). */
  oneHot: readonly boolean[];
  /** One selector variable per constraint of the file (index), when built with selectors; its positive literal enables the constraint. */
  selectors: Int32Array | null;
  /** Assumption literals that fix variable `v` to value index `k`. */
  valueLits(v: number, k: number): number[];
  /** The one literal that fixes a choice/boolean/presence variable `v` to value index `k` (no allocation). */
  valueLit(v: number, k: number): number;
  /** Value index of `v` in the solver's last model. */
  modelValue(v: number): number;
  /** A literal equivalent to `f` (adding its definition to the solver), or a constant. */
  literalOf(f: Formula): number | boolean;
}

export function encode(model: Model, options: { selectors: boolean; constraintCount: number }): Encoding {
  const s = new Solver();
  const { vars } = model;
  const base = new Int32Array(vars.length);
  const oneHot = vars.map((v) => v.kind === 'choice' || (v.kind !== 'number' && v.na >= 0));
  for (const v of vars) {
    if (v.kind === 'number') {
      base[v.index] = s.newInt(v.size);
    } else if (oneHot[v.index]) {
      const first = s.newVar();
      for (let k = 1; k < v.size; k++) s.newVar();
      base[v.index] = first;
      const lits = Array.from({ length: v.size }, (_, k) => lit(first + k, true));
      s.addClause(lits);
      atMostOne(s, lits);
    } else {
      base[v.index] = s.newVar();
    }
  }
  const selectors = options.selectors ? Int32Array.from({ length: options.constraintCount }, () => s.newVar(false)) : null;

  const valueLit = (v: number, k: number): number => {
    if (oneHot[v]) return lit(base[v] + k, true);
    return lit(base[v], k === 1);
  };
  const valueLits = (v: number, k: number): number[] => {
    const x = vars[v];
    if (x.kind !== 'number') return [valueLit(v, k)];
    const out: number[] = [];
    const ge = s.geLit(base[v], k);
    if (ge !== null) out.push(ge);
    const gt = s.geLit(base[v], k + 1);
    if (gt !== null) out.push(neg(gt));
    return out;
  };

  // --- formulas -------------------------------------------------------------------------------
  const cache = new Map<string, number>();
  const keyOf = new WeakMap<Formula, string>();
  const key = (f: Formula): string => {
    let k = keyOf.get(f);
    if (k !== undefined) return k;
    switch (f.k) {
      case 'const':
        k = f.v ? 'T' : 'F';
        break;
      case 'atom':
        k = `a${f.v}:${f.mask ? f.mask.join('') : `${f.lo}-${f.hi}`}`;
        break;
      case 'and':
      case 'or':
        k = `${f.k}(${f.xs.map(key).join(',')})`;
        break;
      case 'not':
        k = `!${key(f.x)}`;
        break;
      case 'iff':
        k = `iff(${key(f.a)},${key(f.b)})`;
        break;
    }
    keyOf.set(f, k);
    return k;
  };
  const fresh = (): number => lit(s.newVar(false), true);
  const atomLit = (f: Extract<Formula, { k: 'atom' }>): L => {
    const x = vars[f.v];
    if (x.kind === 'number') {
      const ge = s.geLit(base[f.v], f.lo);
      const gt = s.geLit(base[f.v], f.hi + 1);
      if (ge === null && gt === null) return true;
      if (gt === null) return ge!;
      if (ge === null) return neg(gt);
      return andLits([ge, neg(gt)]);
    }
    const mask = f.mask!;
    let count = 0;
    for (const m of mask) count += m;
    if (!oneHot[f.v]) return valueLit(f.v, mask[1] ? 1 : 0);
    // Exactly one value is true: "in S" is the disjunction of S, or the negated disjunction of the rest.
    const inS: number[] = [];
    const outS: number[] = [];
    mask.forEach((m, k) => (m ? inS : outS).push(valueLit(f.v, k)));
    if (count <= mask.length - count) return orLits(inS);
    const o = orLits(outS);
    return typeof o === 'boolean' ? !o : neg(o);
  };
  const orLits = (ls: number[]): L => {
    if (ls.length === 1) return ls[0];
    const k = `or[${[...ls].sort((a, b) => a - b).join(',')}]`;
    let out = cache.get(k);
    if (out !== undefined) return out;
    out = fresh();
    // out ⇔ ∨ls
    s.addClause([neg(out), ...ls]);
    for (const l of ls) s.addClause([out, neg(l)]);
    cache.set(k, out);
    return out;
  };
  const andLits = (ls: number[]): L => {
    const o = orLits(ls.map(neg));
    return typeof o === 'boolean' ? !o : neg(o);
  };
  const litOf = (f: Formula): L => {
    switch (f.k) {
      case 'const':
        return f.v;
      case 'atom':
        return atomLit(f);
      case 'not': {
        const x = litOf(f.x);
        return typeof x === 'boolean' ? !x : neg(x);
      }
      default:
        break;
    }
    const k = key(f);
    const hit = cache.get(k);
    if (hit !== undefined) return hit;
    let out: L;
    if (f.k === 'iff') {
      const a = litOf(f.a);
      const b = litOf(f.b);
      if (typeof a === 'boolean') out = typeof b === 'boolean' ? a === b : a ? b : neg(b);
      else if (typeof b === 'boolean') out = b ? a : neg(a);
      else {
        const o = fresh();
        s.addClause([neg(o), neg(a), b]);
        s.addClause([neg(o), a, neg(b)]);
        s.addClause([o, a, b]);
        s.addClause([o, neg(a), neg(b)]);
        out = o;
      }
    } else {
      const parts: number[] = [];
      let constant: boolean | null = null;
      for (const x of f.xs) {
        const l = litOf(x);
        if (typeof l === 'boolean') {
          if (f.k === 'or' && l) constant = true;
          if (f.k === 'and' && !l) constant = false;
          continue;
        }
        parts.push(l);
      }
      if (constant !== null) out = constant;
      else if (parts.length === 0) out = f.k === 'and';
      else out = f.k === 'or' ? orLits(parts) : andLits(parts);
    }
    if (typeof out !== 'boolean') cache.set(k, out);
    return out;
  };

  // --- constraints ----------------------------------------------------------------------------
  const clause = (ls: L[], sel: number | null): void => {
    const out: number[] = [];
    for (const l of ls) {
      if (l === true) return;
      if (l === false) continue;
      out.push(l);
    }
    if (sel !== null) out.push(neg(sel));
    s.addClause(out);
  };
  /** Asserts f, splitting top-level conjunctions and writing top-level disjunctions as one clause. */
  const assert = (f: Formula, sel: number | null): void => {
    if (f.k === 'and') {
      for (const x of f.xs) assert(x, sel);
      return;
    }
    if (f.k === 'or') {
      clause(f.xs.map(litOf), sel);
      return;
    }
    if (f.k === 'not' && f.x.k === 'or') {
      for (const x of f.x.xs) assert({ k: 'not', x }, sel);
      return;
    }
    clause([litOf(f)], sel);
  };

  const encodeRule = (r: Rule, sel: number | null): void => {
    switch (r.kind) {
      case 'formula':
        assert(r.f, sel);
        return;
      case 'table':
        return encodeTable(r, sel);
      case 'linear': {
        const g = litOf(r.guard);
        if (g === false) return;
        const guards: number[] = [];
        if (typeof g === 'number') guards.push(g);
        if (sel !== null) guards.push(sel);
        s.addLinear(r.vars.map((v) => base[v]), r.coefs, r.bound, guards);
        return;
      }
      case 'card': {
        const g = litOf(r.guard);
        if (g === false) return;
        const guard: number[] = [];
        if (typeof g === 'number') guard.push(neg(g));
        if (sel !== null) guard.push(neg(sel));
        const xs: number[] = [];
        let alwaysTrue = 0;
        for (const f of r.xs) {
          const l = litOf(f);
          if (l === true) alwaysTrue++;
          else if (l !== false) xs.push(l);
        }
        atMost(s, xs, r.max - alwaysTrue, guard);
        atLeast(s, xs, r.min - alwaysTrue, guard);
        return;
      }
    }
  };

  const encodeTable = (r: Extract<Rule, { kind: 'table' }>, sel: number | null): void => {
    const arity = r.vars.length;
    const rows = r.rows;
    // A table is only checked when every option it names applies: "column j does not apply" escapes it.
    const escapes: number[] = [];
    if (r.na) r.na.forEach((na, j) => na >= 0 && escapes.push(valueLit(r.vars[j], na)));
    if (!r.allowed) {
      for (const row of rows) clause([...Array.from(row, (k, j): L => (k < 0 ? false : neg(valueLit(r.vars[j], k)))), ...escapes], sel);
      return;
    }
    if (rows.some((row) => row.every((k) => k < 0))) return; // a row of wildcards allows everything
    if (rows.length === 0) {
      clause(escapes, sel);
      return;
    }
    // With escapes, the row encoding at any arity.
    if (escapes.length > 0) return encodeRows(r, escapes, sel);
    const size = (j: number) => vars[r.vars[j]].size;
    if (arity === 1) {
      const allowed = new Set(rows.map((row) => row[0]));
      for (let k = 0; k < size(0); k++) if (!allowed.has(k)) clause([neg(valueLit(r.vars[0], k))], sel);
      return;
    }
    if (arity === 2) {
      // Support encoding: x = a → y ∈ {b : (a, b) allowed}, and the same the other way.
      for (const [from, to] of [
        [0, 1],
        [1, 0],
      ]) {
        for (let a = 0; a < size(from); a++) {
          const supports = new Set<number>();
          let any = false;
          for (const row of rows) {
            if (row[from] !== a && row[from] >= 0) continue;
            if (row[to] < 0) any = true;
            else supports.add(row[to]);
          }
          if (any || supports.size === size(to)) continue;
          clause([neg(valueLit(r.vars[from], a)), ...[...supports].map((b) => valueLit(r.vars[to], b))], sel);
        }
      }
      return;
    }
    encodeRows(r, [], sel);
  };

  /**
   * Row variables: t_r → the row's cells; some row holds (or an escape); each value needs a row
   * supporting it (or an escape of another column).
   */
  const encodeRows = (r: Extract<Rule, { kind: 'table' }>, escapes: number[], sel: number | null): void => {
    const arity = r.vars.length;
    const rows = r.rows;
    const size = (j: number) => vars[r.vars[j]].size;
    const t = rows.map(() => fresh());
    rows.forEach((row, i) => {
      row.forEach((k, j) => {
        if (k >= 0) s.addClause([neg(t[i]), valueLit(r.vars[j], k)]);
      });
    });
    clause([...t, ...escapes], sel);
    for (let j = 0; j < arity; j++) {
      const wild: number[] = [];
      const byValue: number[][] = Array.from({ length: size(j) }, () => []);
      rows.forEach((row, i) => (row[j] < 0 ? wild : byValue[row[j]]).push(t[i]));
      const na = r.na ? r.na[j] : -1;
      const others = na >= 0 ? escapes.filter((e) => e !== valueLit(r.vars[j], na)) : escapes;
      for (let k = 0; k < size(j); k++) {
        if (wild.length === rows.length) break;
        if (k === na) continue;
        clause([neg(valueLit(r.vars[j], k)), ...byValue[k], ...wild, ...others], sel);
      }
    }
  };


  // Internal rules (index -1: an option's `when`) have no selector: they are part of the options.
  for (const r of model.rules) encodeRule(r, selectors && r.index >= 0 ? lit(selectors[r.index], true) : null);

  return {
    solver: s,
    model,
    base,
    oneHot,
    selectors,
    valueLits,
    valueLit,
    literalOf: litOf,
    modelValue(v: number): number {
      const x = vars[v];
      if (x.kind === 'number') return s.modelInt(base[v]);
      if (oneHot[v]) {
        for (let k = 0; k < x.size; k++) if (s.model[base[v] + k] === 1) return k;
        return 0;
      }
      return s.model[base[v]];
    },
  };
}

/** At most one of `ls`: pairwise for few literals, a sequential counter for many. */
function atMostOne(s: Solver, ls: number[]): void {
  if (ls.length <= 12) {
    for (let i = 0; i < ls.length; i++) for (let j = i + 1; j < ls.length; j++) s.addClause([neg(ls[i]), neg(ls[j])]);
    return;
  }
  atMost(s, ls, 1, []);
}

/**
 * At least `k` of `ls` true (same guard convention as {@link atMost}). One clause for k = 1 (an `or`
 * group); otherwise a counter of min(k, n − k) columns: an `or` group of a thousand features as
 * "at most 999 false" would need a million auxiliary variables.
 */
function atLeast(s: Solver, ls: number[], k: number, guard: number[]): void {
  const n = ls.length;
  if (k <= 0) return;
  if (k === 1 || k >= n) {
    if (k > n) s.addClause([...guard]);
    else if (k === 1) s.addClause([...ls, ...guard]);
    else for (const l of ls) s.addClause([l, ...guard]);
    return;
  }
  if (n - k < k) {
    atMost(s, ls.map(neg), n - k, guard);
    return;
  }
  // r[i][j] → at least j+1 of ls[0..i] are true.
  const last = counter(s, n, k, (i, cur, prev) => {
    for (let j = 0; j < k; j++) {
      if (i === 0) {
        s.addClause(j === 0 ? [neg(cur[0]), ls[0]] : [neg(cur[j])]);
        continue;
      }
      s.addClause([neg(cur[j]), prev[j], ls[i]]);
      if (j > 0) s.addClause([neg(cur[j]), prev[j], prev[j - 1]]);
    }
  });
  s.addClause([last[k - 1], ...guard]);
}

/**
 * Registers of a sequential counter over n positions with k columns (fresh auxiliary literals per
 * position); `clauses` ties position i's registers to the previous position's. Returns the last
 * position's registers.
 */
function counter(s: Solver, n: number, k: number, clauses: (i: number, cur: number[], prev: number[]) => void): number[] {
  if (n * k > 2_000_000) throw new ModelError('a cardinality rule is too large to compile', [], 'limit');
  let prev: number[] = [];
  for (let i = 0; i < n; i++) {
    const cur: number[] = [];
    for (let j = 0; j < k; j++) cur.push(lit(s.newVar(false), true));
    clauses(i, cur, prev);
    prev = cur;
  }
  return prev;
}

/**
 * At most `k` of `ls` true (Sinz's sequential counter); `guard` literals are added to the clauses
 * that forbid exceeding, so the bound only applies when every guard is false.
 */
function atMost(s: Solver, ls: number[], k: number, guard: number[]): void {
  const n = ls.length;
  if (k >= n) return;
  if (k < 0) {
    s.addClause([...guard]);
    return;
  }
  if (k === 0) {
    for (const l of ls) s.addClause([neg(l), ...guard]);
    return;
  }
  // r[i][j]: at least j+1 of ls[0..i] are true.
  counter(s, n, k, (i, cur, prev) => {
    s.addClause([neg(ls[i]), cur[0]]);
    if (i === 0) return;
    for (let j = 0; j < k; j++) s.addClause([neg(prev[j]), cur[j]]);
    for (let j = 1; j < k; j++) s.addClause([neg(ls[i]), neg(prev[j - 1]), cur[j]]);
    s.addClause([neg(ls[i]), neg(prev[k - 1]), ...guard]);
  });
}
