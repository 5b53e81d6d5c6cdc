/**
 * Preprocessing of the counting clauses before the component-caching counter: simplifications that
 * keep the number of models exactly, in the manner of Lagniez and Marquis ("Preprocessing for
 * propositional model counting", AAAI 2014) and sharpSAT-TD (Korhonen and Järvisalo, CP 2021).
 *
 * - Backbone literals (true in every model) are fixed, found with the incremental SAT solver:
 *   each model found clears every candidate it contradicts (witness reuse), so most variables need
 *   no call of their own.
 * - Equivalent literals (a strongly connected component of the binary implication graph) are
 *   replaced by one of them: each model of the clauses has exactly one extension to the replaced
 *   variables, so the count does not change.
 * - Helper variables (the Tseitin, table-row and counter variables of count-cnf.ts, every one of
 *   them defined by the options) are eliminated by resolution when that does not grow the clauses:
 *   a defined variable takes one value in each model of the others, so the count does not change.
 *
 * Dropping subsumed clauses was tried too: no fewer components on any real model, so it is not done.
 *
 * The simplified clauses are numbered afresh; {@link SimplifiedCnf.litMap} maps a literal of the
 * original clauses (a selection's) to its literal in the simplified ones, or to a constant.
 */
import type { CountingCnf } from './count-cnf.js';
import { Solver } from './sat.js';

/** {@link SimplifiedCnf.litMap}: the literal is true in every model. */
export const LIT_TRUE = -1;
/** {@link SimplifiedCnf.litMap}: the literal is false in every model. */
export const LIT_FALSE = -2;
/** {@link SimplifiedCnf.litMap}: a helper variable eliminated by resolution (never selected). */
export const LIT_ELIMINATED = -3;

export interface SimplifiedCnf {
  /** False when the clauses have no model (then `clauses` is empty and every literal maps to LIT_FALSE). */
  sat: boolean;
  numVars: number;
  clauses: Int32Array[];
  /** Per literal of the original clauses: its literal in `clauses`, or LIT_TRUE, LIT_FALSE or LIT_ELIMINATED. */
  litMap: Int32Array;
  /** What was done, for benchmarks: fixed variables, substituted ones, eliminated helpers. */
  stats: { backbone: number; equivalent: number; eliminated: number; solverCalls: number };
}

/** Thrown when the deadline passes during preprocessing. */
export class PreprocessBudgetExceeded extends Error {}

/** Share of the remaining budget the backbone may use. */
const BACKBONE_SHARE = 0.1;
/** Longest resolvent an elimination may add (long clauses make a poor decomposition). */
const MAX_RESOLVENT = 24;
/** Variables with more occurrences than this on both sides are not eliminated (quadratic resolution). */
const MAX_OCCURRENCES = 40;

/**
 * Simplifies `cnf` keeping its number of models. Variables `primaryVars` and up must each be defined
 * by the ones below (as count-cnf.ts builds them); only those are eliminated. Throws
 * {@link PreprocessBudgetExceeded} after `deadline` (a `Date.now()` value).
 */
export function simplifyCnf(cnf: Pick<CountingCnf, 'numVars' | 'primaryVars' | 'clauses'>, deadline: number): SimplifiedCnf {
  const n = cnf.numVars;
  const stats = { backbone: 0, equivalent: 0, eliminated: 0, solverCalls: 0 };
  /** Fixed value per variable: 1 true, -1 false, 0 open. */
  const fixed = new Int8Array(n);
  /** Substitution of literals (a union-find over literals, always with rep[l ^ 1] === rep[l] ^ 1). */
  const rep = new Int32Array(2 * n);
  for (let l = 0; l < 2 * n; l++) rep[l] = l;
  const eliminated = new Uint8Array(n);
  const check = (): void => {
    if (Date.now() > deadline) throw new PreprocessBudgetExceeded();
  };
  const find = (l: number): number => {
    let r = l;
    while (rep[r] !== r) r = rep[r];
    // Path compression, keeping the pairing of a literal with its negation.
    while (rep[l] !== r) {
      const next = rep[l];
      rep[l] = r;
      rep[l ^ 1] = r ^ 1;
      l = next;
    }
    return r;
  };
  const unsat = (): SimplifiedCnf => ({ sat: false, numVars: 0, clauses: [], litMap: new Int32Array(2 * n).fill(LIT_FALSE), stats });

  let clauses: number[][] = cnf.clauses.map((c) => Array.from(c));
  const seen = new Int8Array(2 * n);
  /** The clause under the fixed values and substitution: null when satisfied (or a tautology). */
  const normalize = (c: readonly number[]): number[] | null => {
    const out: number[] = [];
    let sat = false;
    for (const l0 of c) {
      const l = find(l0);
      const f = fixed[l >> 1];
      if (f !== 0) {
        if ((f === 1) === ((l & 1) === 0)) {
          sat = true;
          break;
        }
        continue;
      }
      if (seen[l]) continue;
      if (seen[l ^ 1]) {
        sat = true;
        break;
      }
      seen[l] = 1;
      out.push(l);
    }
    for (const l of out) seen[l] = 0;
    return sat ? null : out;
  };
  const fix = (l: number): void => {
    fixed[l >> 1] = l & 1 ? -1 : 1;
  };
  /** Normalizes every clause and propagates units to a fixpoint; false on an empty clause. */
  const settle = (): boolean => {
    for (;;) {
      check();
      const next: number[][] = [];
      let units = 0;
      for (const c of clauses) {
        const d = normalize(c);
        if (d === null) continue;
        if (d.length === 0) return false;
        if (d.length === 1) {
          const f = fixed[d[0] >> 1];
          if (f === 0) {
            fix(d[0]);
            units++;
          } else if ((f === 1) !== ((d[0] & 1) === 0)) return false;
          continue;
        }
        next.push(d);
      }
      clauses = next;
      if (units === 0) return true;
    }
  };

  // The solver propagates the unit clauses (in linear time) and finds the backbone.
  const solver = new Solver();
  for (let v = 0; v < n; v++) solver.newVar(v < cnf.primaryVars);
  for (const c of clauses) if (!solver.addClause(c)) return unsat();
  const rootValues = (): boolean => {
    const values = solver.propagateAssumptions([]);
    if (values === null) return false;
    for (let v = 0; v < n; v++) if (values[v] !== 0) fixed[v] = values[v];
    return true;
  };
  if (!rootValues() || !settle()) return unsat();
  if (!backbone() || !rootValues()) return unsat();
  if (!settle()) return unsat();
  for (let round = 0; round < 4; round++) {
    const found = equivalences();
    if (found < 0) return unsat();
    if (found === 0) break;
    stats.equivalent += found;
    if (!settle()) return unsat();
  }
  eliminateHelpers();
  if (!settle()) return unsat();

  // Number the variables that remain: open, their own representative, not eliminated.
  const index = new Int32Array(n).fill(-1);
  let numVars = 0;
  for (let v = 0; v < n; v++) if (fixed[v] === 0 && find(2 * v) === 2 * v && !eliminated[v]) index[v] = numVars++;
  const litMap = new Int32Array(2 * n);
  for (let l = 0; l < 2 * n; l++) {
    const v = l >> 1;
    if (eliminated[v]) {
      litMap[l] = LIT_ELIMINATED;
      continue;
    }
    const r = find(l);
    const f = fixed[r >> 1];
    if (f !== 0) litMap[l] = (f === 1) === ((r & 1) === 0) ? LIT_TRUE : LIT_FALSE;
    else litMap[l] = 2 * index[r >> 1] + (r & 1);
  }
  return { sat: true, numVars, clauses: clauses.map((c) => Int32Array.from(c, (l) => 2 * index[l >> 1] + (l & 1))), litMap, stats };

  /** Fixes every backbone literal; false when the clauses have no model. */
  function backbone(): boolean {
    // The backbone only speeds counting up (little, measured: ea2468, embtoolkit and automotive2_4
    // counted as fast without it): it gets a tenth of the budget and keeps what it found when that
    // runs out (a SAT call on automotive2_4 takes 20–30 ms, and it needed about 300).
    const stop = Date.now() + (deadline - Date.now()) * BACKBONE_SHARE;
    const perfStop = performance.now() + (stop - Date.now());
    stats.solverCalls++;
    const first = solver.solve([], Infinity, performance.now() + (deadline - Date.now()));
    if (first === 'unknown') throw new PreprocessBudgetExceeded();
    if (first === 'unsat') return false;
    // A candidate is a variable's value in every model found so far.
    const occurs = new Uint8Array(n);
    for (const c of clauses) for (const l of c) occurs[l >> 1] = 1;
    const cand = new Int8Array(n);
    // Options only: a helper is defined by them, and testing every helper too took seconds on the
    // largest models for little more (propagation fixes most helpers of a fixed option).
    for (let v = 0; v < cnf.primaryVars; v++) {
      if (!occurs[v] || fixed[v] !== 0) continue;
      cand[v] = solver.model[v] ? 1 : -1;
      solver.setPhase(v, cand[v] !== 1);
    }
    const values = new Int8Array(n);
    for (let v = 0; v < n; v++) {
      if (cand[v] === 0) continue;
      if (Date.now() > stop) break;
      const l = cand[v] === 1 ? 2 * v : 2 * v + 1;
      // A failed literal (its negation propagates to a conflict) needs no search.
      const r = solver.propagateAssumptions([l ^ 1], values) === null ? 'unsat' : (stats.solverCalls++, solver.solve([l ^ 1], Infinity, perfStop));
      if (r === 'unknown') break;
      if (r === 'unsat') {
        fix(l);
        stats.backbone++;
        if (!solver.addClause([l])) return false;
        cand[v] = 0;
        continue;
      }
      const m = solver.model;
      // Clear the candidates this model contradicts, and ask the next models for the opposite of
      // every remaining candidate: each answer then clears as many as it can.
      for (let u = v; u < cnf.primaryVars; u++) {
        if (cand[u] === 0) continue;
        if ((m[u] === 1) !== (cand[u] === 1)) cand[u] = 0;
        else solver.setPhase(u, cand[u] !== 1);
      }
    }
    return true;
  }

  /**
   * Replaces each strongly connected component of the binary implication graph by its literal of the
   * lowest variable (options come first, so helpers are the ones replaced). Returns how many
   * variables were replaced, or -1 when a literal is equivalent to its negation.
   */
  function equivalences(): number {
    // The implication graph of the binary clauses (CSR): (a ∨ b) is ¬a → b and ¬b → a.
    const deg = new Int32Array(2 * n + 1);
    for (const c of clauses) if (c.length === 2) (deg[c[0] ^ 1]++, deg[c[1] ^ 1]++);
    const start = new Int32Array(2 * n + 1);
    for (let l = 0; l < 2 * n; l++) start[l + 1] = start[l] + deg[l];
    const edge = new Int32Array(start[2 * n]);
    const at = start.slice(0, 2 * n);
    for (const c of clauses) {
      if (c.length !== 2) continue;
      edge[at[c[0] ^ 1]++] = c[1];
      edge[at[c[1] ^ 1]++] = c[0];
    }
    // Tarjan's algorithm, iterative (the graph may be deeper than the call stack).
    const order = new Int32Array(2 * n).fill(-1);
    const low = new Int32Array(2 * n);
    const onStack = new Uint8Array(2 * n);
    const stack: number[] = [];
    const call: number[] = [];
    const next = new Int32Array(2 * n);
    let counter = 0;
    let replaced = 0;
    for (let s = 0; s < 2 * n; s++) {
      if (order[s] >= 0 || deg[s] === 0) continue;
      call.push(s);
      order[s] = low[s] = counter++;
      next[s] = start[s];
      stack.push(s);
      onStack[s] = 1;
      while (call.length > 0) {
        const u = call[call.length - 1];
        if (next[u] < start[u + 1]) {
          const w = edge[next[u]++];
          if (order[w] < 0) {
            order[w] = low[w] = counter++;
            next[w] = start[w];
            stack.push(w);
            onStack[w] = 1;
            call.push(w);
          } else if (onStack[w] && order[w] < low[u]) low[u] = order[w];
          continue;
        }
        call.pop();
        if (call.length > 0) {
          const p = call[call.length - 1];
          if (low[u] < low[p]) low[p] = low[u];
        }
        if (low[u] !== order[u]) continue;
        // u is the root of a component: pop it.
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp.push(w);
        } while (w !== u);
        if (comp.length < 2) continue;
        let r = comp[0];
        for (const l of comp) if (l >> 1 < r >> 1) r = l;
        for (const l of comp) {
          if (l === r) continue;
          if (l === (r ^ 1)) return -1;
          // Each component has its mirror (the negations); set the pair once, from the positive side's view.
          if (find(l) !== find(r)) {
            const a = find(l);
            const b = find(r);
            if (a === (b ^ 1)) return -1;
            rep[a] = b;
            rep[a ^ 1] = b ^ 1;
            replaced++;
          }
        }
      }
      check();
    }
    return replaced;
  }

  /**
   * Eliminates helper variables by resolution (Davis–Putnam) when the resolvents are no more than the
   * clauses they replace and none is long.
   */
  function eliminateHelpers(): void {
    const occ: Array<Set<number>> = Array.from({ length: 2 * n }, () => new Set());
    const live: Array<number[] | null> = clauses.slice();
    live.forEach((c, i) => {
      for (const l of c!) occ[l].add(i);
    });
    const queue: number[] = [];
    for (let v = cnf.primaryVars; v < n; v++) if (fixed[v] === 0 && find(2 * v) === 2 * v) queue.push(v);
    queue.sort((a, b) => occ[2 * a].size * occ[2 * a + 1].size - occ[2 * b].size * occ[2 * b + 1].size);
    const mark = new Int8Array(2 * n);
    let steps = 0;
    for (const v of queue) {
      if ((++steps & 63) === 0) check();
      const P = [...occ[2 * v]];
      const N = [...occ[2 * v + 1]];
      if (P.length > MAX_OCCURRENCES && N.length > MAX_OCCURRENCES) continue;
      const resolvents: number[][] = [];
      let ok = true;
      outer: for (const i of P) {
        const a = live[i]!;
        for (const l of a) if (l >> 1 !== v) mark[l] = 1;
        for (const j of N) {
          const b = live[j]!;
          const out: number[] = [];
          let taut = false;
          for (const l of b) {
            if (l >> 1 === v) continue;
            if (mark[l ^ 1]) {
              taut = true;
              break;
            }
            if (!mark[l]) out.push(l);
          }
          if (taut) continue;
          for (const l of a) if (l >> 1 !== v) out.push(l);
          if (out.length > MAX_RESOLVENT || resolvents.length >= P.length + N.length) {
            ok = false;
            for (const l of a) mark[l] = 0;
            break outer;
          }
          resolvents.push(out);
        }
        for (const l of a) mark[l] = 0;
      }
      if (!ok) continue;
      eliminated[v] = 1;
      stats.eliminated++;
      for (const i of [...P, ...N]) {
        for (const l of live[i]!) occ[l].delete(i);
        live[i] = null;
      }
      for (const c of resolvents) {
        const i = live.length;
        live.push(c);
        for (const l of c) occ[l].add(i);
      }
    }
    clauses = live.filter((c): c is number[] => c !== null);
  }
}
