/**
 * Exact counting of valid configurations (bigint), bounded by a time budget: past it, the answer
 * says so.
 *
 * Four ways, the first that applies: a product made of allowed-combination tables only (an order
 * book) by its diagram when its sessions compiled one, else by the table counter (table-counter.ts:
 * compact-table propagation, components and a cache over the options); a product with a compiled
 * diagram (mdd.ts, compiled.ts) is counted in one pass over it; models whose rules all have an exact
 * clause encoding (everything but linear relations) by the component-caching counter on clauses
 * (count-cnf.ts, component-counter.ts; a count that takes many components switches to the clauses
 * preprocessed, count-preprocess.ts), as sharpSAT does; the others by the search over options
 * below, with forward checking, arc consistency on tables, components and a cache of residual
 * components.
 */
import type { CountResult } from '../types.js';
import type { Formula, Model, Rule } from './model.js';
import { checkRule } from './model.js';
import { countingClauses, type CountingCnf } from './count-cnf.js';
import { LIT_ELIMINATED, LIT_FALSE, LIT_TRUE, PreprocessBudgetExceeded, simplifyCnf } from './count-preprocess.js';
import { ComponentCounter, CountBudgetExceeded } from './component-counter.js';
import { diagramOf, diagrams } from './diagram.js';
import { suitsTableCounter, TableCountBudgetExceeded, TableCounter } from './table-counter.js';
import { DEFAULT_MDD_BUDGET } from './mdd.js';

class OutOfBudget extends Error {}

/** Three-valued truth over current domains: 1 true, 0 false, -1 unknown. */
type T3 = 1 | 0 | -1;

class Counter {
  private readonly cache = new Map<string, bigint>();
  private readonly deadline: number;
  private nodes = 0;
  /** Current value of each variable with a single-value domain. */
  private readonly w: Int32Array;

  constructor(
    private readonly model: Model,
    deadline: number,
  ) {
    this.deadline = deadline;
    this.w = new Int32Array(model.vars.length);
  }

  private tick(): void {
    if ((++this.nodes & 255) === 0 && Date.now() > this.deadline) throw new OutOfBudget();
  }

  private atom(f: Extract<Formula, { k: 'atom' }>, doms: Uint8Array[], sizes: Int32Array): T3 {
    const d = doms[f.v];
    let inside = 0;
    for (let k = 0; k < d.length; k++) {
      if (!d[k]) continue;
      const ok = f.mask ? f.mask[k] === 1 : k >= f.lo && k <= f.hi;
      if (ok) inside++;
      else if (inside > 0) return -1;
    }
    if (inside === 0) return 0;
    return inside === sizes[f.v] ? 1 : -1;
  }

  private truth(f: Formula, doms: Uint8Array[], sizes: Int32Array): T3 {
    switch (f.k) {
      case 'const':
        return f.v ? 1 : 0;
      case 'atom':
        return this.atom(f, doms, sizes);
      case 'not': {
        const t = this.truth(f.x, doms, sizes);
        return t === -1 ? -1 : t === 1 ? 0 : 1;
      }
      case 'and': {
        let r: T3 = 1;
        for (const x of f.xs) {
          const t = this.truth(x, doms, sizes);
          if (t === 0) return 0;
          if (t === -1) r = -1;
        }
        return r;
      }
      case 'or': {
        let r: T3 = 0;
        for (const x of f.xs) {
          const t = this.truth(x, doms, sizes);
          if (t === 1) return 1;
          if (t === -1) r = -1;
        }
        return r;
      }
      case 'iff': {
        const a = this.truth(f.a, doms, sizes);
        const b = this.truth(f.b, doms, sizes);
        return a === -1 || b === -1 ? -1 : a === b ? 1 : 0;
      }
    }
  }

  /** Whether the rule holds for every combination of the current domains (sound, not complete). */
  private entailed(r: Rule, doms: Uint8Array[], sizes: Int32Array): boolean {
    switch (r.kind) {
      case 'formula':
        return this.truth(r.f, doms, sizes) === 1;
      case 'table': {
        const fits = (row: Int32Array, wildOnly: boolean) =>
          r.vars.every((v, j) => {
            if (row[j] < 0) return true;
            if (sizes[v] === 1) return doms[v][row[j]] === 1;
            return wildOnly ? false : doms[v][row[j]] === 1;
          });
        return r.allowed ? r.rows.some((row) => fits(row, true)) : !r.rows.some((row) => fits(row, false));
      }
      case 'linear': {
        if (this.truth(r.guard, doms, sizes) === 0) return true;
        let min = 0;
        for (let i = 0; i < r.vars.length; i++) {
          const d = doms[r.vars[i]];
          let lo = -1;
          let hi = -1;
          for (let k = 0; k < d.length; k++) if (d[k]) (lo < 0 && (lo = k), (hi = k));
          min += r.coefs[i] > 0 ? r.coefs[i] * lo : r.coefs[i] * hi;
        }
        return min >= r.bound;
      }
      case 'card': {
        if (this.truth(r.guard, doms, sizes) === 0) return true;
        let yes = 0;
        let maybe = 0;
        for (const x of r.xs) {
          const t = this.truth(x, doms, sizes);
          if (t === 1) yes++;
          else if (t === -1) maybe++;
        }
        return yes >= r.min && yes + maybe <= r.max;
      }
    }
  }

  /**
   * Forward checking inside `vars` until nothing changes. Returns false on a wiped-out domain or a
   * violated rule. Mutates `doms` (copy-on-write by the caller) and `sizes`.
   */
  private propagate(vars: number[], doms: Uint8Array[], sizes: Int32Array): boolean {
    const { rules, rulesOf } = this.model;
    const queue = new Set<number>();
    for (const v of vars) for (const ri of rulesOf[v]) queue.add(ri);
    while (queue.size > 0) {
      const ri: number = queue.values().next().value!;
      queue.delete(ri);
      const r = rules[ri];
      let free = -1;
      let nFree = 0;
      for (const v of r.scope) {
        if (sizes[v] !== 1) {
          free = v;
          if (++nFree > 1) break;
        }
      }
      if (nFree > 1) {
        if (r.kind === 'table' && r.allowed) {
          const changed = this.tableConsistency(r, doms, sizes);
          if (changed === null) return false;
          for (const v of changed) for (const rj of rulesOf[v]) if (rj !== ri) queue.add(rj);
        }
        continue;
      }
      for (const v of r.scope) if (sizes[v] === 1) this.w[v] = doms[v].indexOf(1);
      if (nFree === 0) {
        if (!checkRule(r, this.w)) return false;
        continue;
      }
      const d = doms[free];
      let copy: Uint8Array | null = null;
      for (let k = 0; k < d.length; k++) {
        if (!d[k]) continue;
        this.w[free] = k;
        if (!checkRule(r, this.w)) {
          copy ??= d.slice();
          copy[k] = 0;
          sizes[free]--;
        }
      }
      if (copy) {
        doms[free] = copy;
        if (sizes[free] === 0) return false;
        for (const rj of rulesOf[free]) if (rj !== ri) queue.add(rj);
      }
    }
    return true;
  }

  /**
   * Generalized arc consistency for an allowed table: keep only values that some row compatible
   * with the current domains uses. Returns the variables whose domains shrank, or null on a wipe-out.
   */
  private tableConsistency(r: Extract<Rule, { kind: 'table' }>, doms: Uint8Array[], sizes: Int32Array): number[] | null {
    // A column that may not apply may escape the table: then no value needs a row.
    if (r.na && r.vars.some((v, j) => r.na![j] >= 0 && doms[v][r.na![j]] === 1)) return [];
    const supported = r.vars.map((v) => new Uint8Array(doms[v].length));
    const full = new Uint8Array(r.vars.length);
    let any = false;
    for (const row of r.rows) {
      let ok = true;
      for (let j = 0; j < r.vars.length; j++) {
        if (row[j] >= 0 && doms[r.vars[j]][row[j]] !== 1) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      any = true;
      for (let j = 0; j < r.vars.length; j++) {
        if (row[j] < 0) full[j] = 1;
        else supported[j][row[j]] = 1;
      }
    }
    if (!any) return null;
    const changed: number[] = [];
    for (let j = 0; j < r.vars.length; j++) {
      if (full[j]) continue;
      const v = r.vars[j];
      const d = doms[v];
      let copy: Uint8Array | null = null;
      for (let k = 0; k < d.length; k++) {
        if (d[k] && !supported[j][k]) {
          copy ??= d.slice();
          copy[k] = 0;
          sizes[v]--;
        }
      }
      if (copy) {
        if (sizes[v] === 0) return null;
        doms[v] = copy;
        changed.push(v);
      }
    }
    return changed;
  }

  /** Number of assignments of `vars` (within their domains) satisfying every rule. */
  count(vars: number[], doms: Uint8Array[], sizes: Int32Array): bigint {
    this.tick();
    if (!this.propagate(vars, doms, sizes)) return 0n;
    const free = vars.filter((v) => sizes[v] > 1);
    if (free.length === 0) return 1n;
    const { rules, rulesOf } = this.model;
    // Components over the rules still open.
    const active = new Set<number>();
    for (const v of free) {
      for (const ri of rulesOf[v]) {
        if (active.has(ri)) continue;
        const r = rules[ri];
        if (!this.entailed(r, doms, sizes)) active.add(ri);
      }
    }
    const parent = new Map<number, number>(free.map((v) => [v, v]));
    const find = (x: number): number => {
      while (parent.get(x) !== x) {
        const p = parent.get(parent.get(x)!)!;
        parent.set(x, p);
        x = p;
      }
      return x;
    };
    for (const ri of active) {
      let first = -1;
      for (const v of rules[ri].scope) {
        if (sizes[v] === 1 || !parent.has(v)) continue;
        if (first < 0) first = v;
        else parent.set(find(v), find(first));
      }
    }
    const groups = new Map<number, number[]>();
    for (const v of free) {
      const root = find(v);
      let g = groups.get(root);
      if (!g) groups.set(root, (g = []));
      g.push(v);
    }
    let total = 1n;
    for (const group of groups.values()) {
      const c = this.component(group, doms, sizes, active);
      if (c === 0n) return 0n;
      total *= c;
    }
    return total;
  }

  private component(vars: number[], doms: Uint8Array[], sizes: Int32Array, active: Set<number>): bigint {
    if (vars.length === 1 && this.model.rulesOf[vars[0]].every((ri) => !active.has(ri))) return BigInt(sizes[vars[0]]);
    // The residual problem: the domains of the component, and each open rule with its fixed part.
    const inComp = new Set(vars);
    const parts: string[] = [];
    for (const v of vars) parts.push(`${v}:${doms[v].join('')}`);
    const seen = new Set<number>();
    for (const v of vars) {
      for (const ri of this.model.rulesOf[v]) {
        if (!active.has(ri) || seen.has(ri)) continue;
        seen.add(ri);
        const fixed = this.model.rules[ri].scope.filter((u) => !inComp.has(u)).map((u) => doms[u].indexOf(1));
        parts.push(`r${ri}=${fixed.join('.')}`);
      }
    }
    const key = parts.join('|');
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    // Branch on the variable in most open rules (ties: the smallest domain).
    let best = vars[0];
    let bestScore = -Infinity;
    for (const v of vars) {
      let deg = 0;
      for (const ri of this.model.rulesOf[v]) if (active.has(ri)) deg++;
      const score = deg / sizes[v];
      if (score > bestScore) {
        bestScore = score;
        best = v;
      }
    }
    let total = 0n;
    const d = doms[best];
    for (let k = 0; k < d.length; k++) {
      if (!d[k]) continue;
      const childDoms = doms.slice();
      const childSizes = sizes.slice();
      const one = new Uint8Array(d.length);
      one[k] = 1;
      childDoms[best] = one;
      childSizes[best] = 1;
      total += this.count(vars, childDoms, childSizes);
    }
    this.cache.set(key, total);
    return total;
  }
}

/**
 * The clause counting of a model: its clauses and a counter over them as built (its cache serves
 * later counts too), and, once a count took more than {@link rawNodes} components, a counter over
 * the preprocessed clauses (count-preprocess.ts) that serves every later count.
 */
export interface ClauseCounting {
  cnf: CountingCnf;
  /** Dropped (with its cache) once the preprocessed clauses take over. */
  raw: ComponentCounter | null;
  simplified?: { counter: ComponentCounter; litMap: Int32Array } | { counter: null };
}

/**
 * Components the counter over the clauses as built may visit before the preprocessed clauses take
 * over: a few per variable. Preprocessing costs tens to hundreds of milliseconds (about a second on
 * automotive2_4), which the models counted in fewer components never recover. Measured components
 * per variable with no selection: busybox 0.9, uClinux-base 1.5, embtoolkit 2.5, automotive2_4 0.45
 * (of 50,184 variables): they stay; ea2468 53 (85,000 components; 62,000 preprocessed, each cheaper)
 * and linux-2.6.33.3 (no answer) switch.
 */
function rawNodes(cnf: CountingCnf): number {
  return Math.max(5_000, 4 * cnf.numVars);
}

const clauseCounters = new WeakMap<Model, ClauseCounting | null>();

export function clauseCountingOf(model: Model): ClauseCounting | null {
  let entry = clauseCounters.get(model);
  if (entry === undefined) {
    const cnf = countingClauses(model);
    entry = cnf && { cnf, raw: new ComponentCounter(cnf) };
    clauseCounters.set(model, entry);
  }
  return entry;
}

/**
 * The number of configurations extending the assumptions (literals of the clauses as built), by the
 * clause counters (`maxRawNodes`: see {@link rawNodes}; tests lower it).
 */
export function countClauses(c: ClauseCounting, assumptions: number[], deadline: number, maxRawNodes = rawNodes(c.cnf)): bigint {
  if (!c.simplified) {
    try {
      return c.raw!.count(assumptions, deadline, maxRawNodes);
    } catch (e) {
      if (!(e instanceof CountBudgetExceeded) || Date.now() > deadline) throw e;
    }
    const s = simplifyCnf(c.cnf, deadline);
    c.simplified = s.sat ? { counter: new ComponentCounter({ ...c.cnf, numVars: s.numVars, primaryVars: s.numVars, clauses: s.clauses }), litMap: s.litMap } : { counter: null };
    c.raw = null;
  }
  const { simplified } = c;
  if (simplified.counter === null) return 0n;
  const mapped: number[] = [];
  for (const l of assumptions) {
    const m = simplified.litMap[l];
    if (m === LIT_FALSE) return 0n;
    if (m === LIT_ELIMINATED) throw new Error('internal: a selection names an eliminated helper variable');
    if (m !== LIT_TRUE) mapped.push(m);
  }
  return simplified.counter.count(mapped, deadline);
}

/** The table counter of a model (its cache serves later counts too), or null when it does not suit it. */
const tableCounters = new WeakMap<Model, TableCounter | null>();

function tableCounterOf(model: Model): TableCounter | null {
  let counter = tableCounters.get(model);
  if (counter === undefined) tableCounters.set(model, (counter = suitsTableCounter(model) ? new TableCounter(model) : null));
  return counter;
}

/** Counts the complete valid configurations that extend `sel` (value index per variable, -1 = free). */
export function countConfigurations(model: Model, sel: Int32Array, budgetMs: number): CountResult {
  const start = Date.now();
  try {
    // A diagram the sessions compiled counts in one pass (checked first, so that an order book that
    // has one never builds its table counter).
    const compiled = diagrams.get(model);
    if (compiled) return { exact: true, count: compiled.count(sel), elapsedMs: Date.now() - start };
    // An order book without one: order books whose diagram is not small rarely compile one within a
    // count's budget, so the table counter does not wait for it.
    const tables = tableCounterOf(model);
    if (tables) return { exact: true, count: tables.count(sel, start + budgetMs), elapsedMs: Date.now() - start };
    // A compiled diagram counts in one pass; try one (within part of the budget) for the shapes it suits.
    const mdd = diagramOf(model, { ...DEFAULT_MDD_BUDGET, maxMs: Math.min(DEFAULT_MDD_BUDGET.maxMs, budgetMs / 2) });
    if (mdd) return { exact: true, count: mdd.count(sel), elapsedMs: Date.now() - start };
    const clauses = clauseCountingOf(model);
    if (clauses) {
      const assumptions: number[] = [];
      for (let v = 0; v < sel.length; v++) if (sel[v] >= 0) assumptions.push(...clauses.cnf.valueLits(v, sel[v]));
      return { exact: true, count: countClauses(clauses, assumptions, start + budgetMs), elapsedMs: Date.now() - start };
    }
    return { exact: true, count: countOptions(model, sel, start + budgetMs), elapsedMs: Date.now() - start };
  } catch (e) {
    if (e instanceof OutOfBudget || e instanceof CountBudgetExceeded || e instanceof PreprocessBudgetExceeded || e instanceof TableCountBudgetExceeded) return { exact: false, reason: 'budget', elapsedMs: Date.now() - start };
    // A search deeper than the JavaScript stack cannot finish either; the interrupted counter's
    // watch lists may be half-updated, so it is rebuilt next time.
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      clauseCounters.delete(model);
      return { exact: false, reason: 'budget', elapsedMs: Date.now() - start };
    }
    throw e;
  }
}

/** The option-level counter (for models with linear relations). Throws OutOfBudget past `deadline`. */
export function countOptions(model: Model, sel: Int32Array, deadline: number): bigint {
  const counter = new Counter(model, deadline);
  const doms = model.vars.map((v) => {
    const d = new Uint8Array(v.size);
    if (sel[v.index] >= 0) d[sel[v.index]] = 1;
    else d.fill(1);
    return d;
  });
  const sizes = Int32Array.from(model.vars, (v) => (sel[v.index] >= 0 ? 1 : v.size));
  return counter.count(
    model.vars.map((v) => v.index),
    doms,
    sizes,
  );
}
