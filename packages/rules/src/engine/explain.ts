/**
 * Why a value is unavailable, and the smallest set of selections to give up to make it available.
 *
 * Reasons are minimal against every rule: first the selections are shrunk with every constraint in
 * force (deletion over the solver's unsatisfiable cores), so that changing any selection a reason
 * names really makes the value possible; then the constraints are shrunk for those selections, on a
 * small encoding of the rules of a first core (a call there takes microseconds, where the full
 * encoding of a large model needs a descent through every option).
 *
 * Repairs are minimum hitting sets over cores (implicit hitting sets): a first pass collects
 * disjoint cores cheaply, then the smallest set hitting every core is tried, and every failure adds
 * a core. The hitting sets come from a bounded branch and bound.
 *
 * Both are bounded in solver work and in time: when a budget runs out the answer is what was found
 * so far, marked as not minimal — never a hang.
 */
import { encode, type Encoding } from './encode.js';
import type { SolveResult } from './sat.js';
import type { Sel } from './domains.js';
import type { Formula, Model, Rule, Var } from './model.js';

/** Solver conflicts allowed per call. */
const CONFLICTS = 20_000;
/**
 * Time for one explanation and for one repair, in milliseconds: a refused selection (both, and the
 * refusal itself) stays under a second. The calls an answer cannot do without (the first core of
 * each step) may run past an explanation's budget by {@link GRACE_MS} in all.
 */
export const EXPLAIN_BUDGET_MS = 250;
export const REPAIR_BUDGET_MS = 300;
const GRACE_MS = 100;
/** Time for the fallback when a repair's budget ran out. */
const FALLBACK_MS = 100;
/** Branch-and-bound nodes for one minimum hitting set. */
const HITTING_SET_NODES = 200_000;

/**
 * Whether a known valid configuration (a witness of the domains) has `v = k` and the selections of
 * `keep` (their values in `sel`): a satisfiable question answered without the solver.
 */
export type Witnessed = (sel: Sel, v: number, k: number, keep: Iterable<number>) => boolean;

/** An explanation in model terms: constraint indices (file order) and selected variables. */
export interface RawReason {
  constraints: number[];
  selections: number[];
  minimal: boolean;
}

const now = (): number => performance.now();

/** The selections (variables) named by the assumptions of the solver's last unsatisfiable answer. */
function coreOf(conflict: readonly number[], owner: ReadonlyMap<number, number>): Set<number> {
  const out = new Set<number>();
  for (const l of conflict) {
    const u = owner.get(l);
    if (u !== undefined) out.add(u);
  }
  return out;
}

/**
 * Explains why variable `v` cannot take index `k` given the selections of the other variables.
 * `order` lists the selected variables in the order the deletion tries to drop them. Returns null
 * when the value is in fact possible.
 *
 * `ex` is the encoding with a selector per constraint. `main`, the encoding without selectors, makes
 * the first step (selections, every rule in force) cheaper; without it `ex` is used with every
 * selector on. `budgetMs` bounds the time (a reason found by then is returned with `minimal: false`).
 */
export function explain(
  ex: Encoding,
  sel: Sel,
  v: number,
  k: number,
  order: readonly number[],
  main?: Encoding,
  budgetMs = EXPLAIN_BUDGET_MS,
  witnessed?: Witnessed,
): RawReason | null {
  const deadline = now() + budgetMs;
  const allSelectors = enabling(ex);
  let minimal = true;

  // 1. The selections, minimal with every rule in force.
  const hard = main ?? ex;
  const prefix = main ? [] : allSelectors;
  const target = hard.valueLits(v, k);
  const owner = new Map<number, number>();
  const litsOf = new Map<number, number[]>();
  for (const u of order) {
    if (u === v || sel[u] < 0) continue;
    const ls = hard.valueLits(u, sel[u]);
    litsOf.set(u, ls);
    for (const l of ls) owner.set(l, u);
  }
  const withSelections = (us: Iterable<number>): number[] => {
    const out = [...prefix, ...target];
    for (const u of us) out.push(...litsOf.get(u)!);
    return out;
  };
  const first = hard.solver.solve(withSelections(litsOf.keys()), CONFLICTS, deadline + GRACE_MS);
  if (first === 'sat') return null;
  if (first === 'unknown') return { constraints: [], selections: [...litsOf.keys()], minimal: false };
  const firstSelections = coreOf(hard.solver.conflict, owner);
  const selections = shrink(
    [...litsOf.keys()].filter((u) => firstSelections.has(u)),
    (fewer) => (witnessed?.(sel, v, k, fewer) ? null : answer(hard.solver.solve(withSelections(fewer), CONFLICTS, deadline), hard, owner)),
    deadline,
  );
  const sels = selections.items;
  minimal &&= selections.minimal;

  // 2. The constraints, minimal for those selections. The full encoding with every constraint
  // enabled gives a first core (the selectors come first, so that consecutive questions keep their
  // levels); the deletion then runs on a small encoding of that core's rules alone, where a call
  // takes microseconds instead of a descent through the whole model.
  const exTarget = ex.valueLits(v, k);
  const exSelections = sels.flatMap((u) => ex.valueLits(u, sel[u]));
  const everything = ex.solver.solve([...allSelectors, ...exTarget, ...exSelections], CONFLICTS, deadline + GRACE_MS);
  if (everything !== 'unsat') return { constraints: [], selections: sels, minimal: false };
  const firstCore = coreOf(ex.solver.conflict, selectorOwners(ex));
  const cone = encodeCone(ex.model, firstCore, [v, ...sels]);
  const enc = cone.enc;
  const sub = enc.selectors!;
  const subOwners = selectorOwners(enc);
  const coneTarget = enc.valueLits(cone.position[v], k);
  const coneSelections = sels.flatMap((u) => enc.valueLits(cone.position[u], sel[u]));
  const withConstraints = (cs: readonly number[]) => [...coneTarget, ...coneSelections, ...cs.map((i) => 2 * sub[i])];
  const all = Array.from(sub.keys());
  const check = enc.solver.solve(withConstraints(all), CONFLICTS, deadline + GRACE_MS);
  if (check !== 'unsat') return { constraints: [...firstCore].sort((a, b) => a - b), selections: sels, minimal: false };
  const core = coreOf(enc.solver.conflict, subOwners);
  const constraints = shrink(
    all.filter((i) => core.has(i)),
    (fewer) => answer(enc.solver.solve(withConstraints(fewer), CONFLICTS, deadline), enc, subOwners),
    deadline,
  );
  minimal &&= constraints.minimal;
  return { constraints: constraints.items.map((i) => cone.constraints[i]).sort((a, b) => a - b), selections: sels, minimal };
}

/** Per encoding: the literals enabling every constraint, in constraint order (built once). */
const enablingAll = new WeakMap<Encoding, number[]>();

function enabling(enc: Encoding): number[] {
  let out = enablingAll.get(enc);
  if (!out) enablingAll.set(enc, (out = Array.from(enc.selectors!, (s) => 2 * s)));
  return out;
}

/** Per encoding: each selector literal's constraint index (built once: large models have tens of thousands). */
const owners = new WeakMap<Encoding, Map<number, number>>();

/** Per selector literal of an encoding, its constraint's index. */
function selectorOwners(enc: Encoding): Map<number, number> {
  let out = owners.get(enc);
  if (out) return out;
  out = new Map<number, number>();
  for (let i = 0; i < enc.selectors!.length; i++) out.set(2 * enc.selectors![i], i);
  owners.set(enc, out);
  return out;
}

/** A model's rules by constraint index, and its internal rules (`when`s), built once per model. */
const rulesByConstraint = new WeakMap<Model, { of: Map<number, Rule[]>; internal: Rule[] }>();

function rulesOfConstraints(model: Model): { of: Map<number, Rule[]>; internal: Rule[] } {
  let out = rulesByConstraint.get(model);
  if (out) return out;
  out = { of: new Map(), internal: [] };
  for (const r of model.rules) {
    if (r.index < 0) out.internal.push(r);
    else {
      const list = out.of.get(r.index);
      if (list) list.push(r);
      else out.of.set(r.index, [r]);
    }
  }
  rulesByConstraint.set(model, out);
  return out;
}

/** A solver's answer for {@link shrink}: the core (as owners) when unsatisfiable, null when satisfiable, undefined when out of budget. */
function answer(r: SolveResult, enc: Encoding, owner: ReadonlyMap<number, number>): Set<number> | null | undefined {
  return r === 'unsat' ? coreOf(enc.solver.conflict, owner) : r === 'sat' ? null : undefined;
}

/**
 * Deletion: tries to leave out each item in turn; when the question stays unsatisfiable without it,
 * keeps only the items of the new core. `minimal` is false when a call or the time ran out.
 */
function shrink(items: number[], without: (fewer: number[]) => Set<number> | null | undefined, deadline: number): { items: number[]; minimal: boolean } {
  let minimal = true;
  for (const item of [...items]) {
    if (!items.includes(item)) continue;
    if (now() > deadline) return { items, minimal: false };
    const fewer = items.filter((x) => x !== item);
    const core = without(fewer);
    if (core) items = fewer.filter((x) => core.has(x));
    else if (core === undefined) minimal = false;
  }
  return { items, minimal };
}

/** A small encoding of some constraints of a model, with a selector each. */
interface Cone {
  enc: Encoding;
  /** Its constraint i is the model's constraint `constraints[i]`. */
  constraints: number[];
  /** The model's variable u is its variable `position[u]` (-1: not in it). */
  position: Int32Array;
}

/** Encodes the rules of the constraints `constraints` over the variables they read and `extra`. */
function encodeCone(model: Model, constraints: ReadonlySet<number>, extra: readonly number[]): Cone {
  const position = new Int32Array(model.vars.length).fill(-1);
  const vars: Var[] = [];
  const take = (u: number) => {
    if (position[u] >= 0) return;
    position[u] = vars.length;
    vars.push({ ...model.vars[u], index: vars.length });
  };
  for (const u of extra) take(u);
  const list = [...constraints].sort((a, b) => a - b);
  const constraintIndex = new Map(list.map((c, i) => [c, i]));
  const indexed = rulesOfConstraints(model);
  // In the model's order (constraint by constraint, each constraint's rules as built).
  const chosen = list.flatMap((c) => indexed.of.get(c) ?? []);
  for (const r of chosen) for (const u of r.scope) take(u);
  // The internal rules (an option's `when`, index -1) of every option taken, and of the options they read.
  const internal = indexed.internal;
  for (let grown = true; grown; ) {
    grown = false;
    for (const r of internal) {
      if (chosen.includes(r) || !r.scope.some((u) => position[u] >= 0)) continue;
      chosen.push(r);
      for (const u of r.scope) take(u);
      grown = true;
    }
  }
  const rules = chosen.map((r) => remapRule(r, position, r.index < 0 ? -1 : constraintIndex.get(r.index)!));
  const rulesOf: number[][] = vars.map(() => []);
  rules.forEach((r, i) => r.scope.forEach((u) => rulesOf[u].push(i)));
  const sub: Model = { vars, varById: new Map(), rules, rulesOf, when: vars.map(() => null), order: vars.map((_, i) => i), dependents: vars.map(() => []) };
  return { enc: encode(sub, { selectors: true, constraintCount: list.length }), constraints: list, position };
}

/** A rule over renumbered variables, with a new constraint index. */
function remapRule(r: Rule, position: Int32Array, index: number): Rule {
  const f = (x: Formula): Formula => remapFormula(x, position);
  const scope = r.scope.map((u) => position[u]);
  switch (r.kind) {
    case 'formula':
      return { kind: 'formula', index, scope, f: f(r.f) };
    case 'table':
      return { ...r, index, scope, vars: r.vars.map((u) => position[u]) };
    case 'linear':
      return { ...r, index, scope, guard: f(r.guard), vars: r.vars.map((u) => position[u]) };
    case 'card':
      return { ...r, index, scope, guard: f(r.guard), xs: r.xs.map(f) };
  }
}

function remapFormula(f: Formula, position: Int32Array): Formula {
  switch (f.k) {
    case 'const':
      return f;
    case 'atom':
      return { ...f, v: position[f.v] };
    case 'and':
    case 'or':
      return { k: f.k, xs: f.xs.map((x) => remapFormula(x, position)) };
    case 'not':
      return { k: 'not', x: remapFormula(f.x, position) };
    case 'iff':
      return { k: 'iff', a: remapFormula(f.a, position), b: remapFormula(f.b, position) };
  }
}

/** Whether {@link repair} proved its answer the smallest (`false`: a budget ran out first). */
export interface RepairStatus {
  minimal: boolean;
}

/**
 * The fewest selected variables to clear so that `v = k` becomes possible, or null when no valid
 * configuration has `v = k`. Among equally small repairs, the one keeping the variables that come
 * first (lowest index) wins. When a budget runs out, a repair that works but may not be the
 * smallest is returned and `status.minimal` is set to false.
 */
export function repair(
  main: Encoding,
  sel: Sel,
  v: number,
  k: number,
  status?: RepairStatus,
  budgetMs = REPAIR_BUDGET_MS,
  witnessed?: Witnessed,
): number[] | null {
  const deadline = now() + budgetMs;
  const s = main.solver;
  /** The solver's answer for `v = k` with the selections of `keep`; a known witness answers `sat` first. */
  const solveKeeping = (keep: readonly number[], until: number): SolveResult =>
    witnessed?.(sel, v, k, keep) ? 'sat' : s.solve(keeping(keep), CONFLICTS, until);
  const target = main.valueLits(v, k);
  const items: number[] = [];
  for (let u = 0; u < sel.length; u++) if (u !== v && sel[u] >= 0) items.push(u);
  const owner = new Map<number, number>();
  for (const u of items) for (const l of main.valueLits(u, sel[u])) owner.set(l, u);
  const keeping = (keep: readonly number[]) => [...target, ...keep.flatMap((u) => main.valueLits(u, sel[u]))];
  const done = (drop: number[], minimal: boolean): number[] => {
    if (status) status.minimal = minimal;
    return drop.sort((a, b) => a - b);
  };

  // Disjoint cores first: each costs one call and raises the lower bound by one. A core with no
  // selection in it means that no valid configuration has the value at all.
  const cores: number[][] = [];
  /** A repair that works, when the smallest could not be found in time. */
  const giveUp = (): number[] => done(fallback(main, sel, target, items, cores, deadline + FALLBACK_MS, (keep) => witnessed?.(sel, v, k, keep) ?? false), false);
  let rest = items;
  for (;;) {
    if (now() > deadline) return giveUp();
    const r = solveKeeping(rest, deadline);
    if (r === 'sat') break;
    if (r === 'unknown') return giveUp();
    const core = coreOf(s.conflict, owner);
    if (core.size === 0) return null;
    cores.push([...core]);
    rest = rest.filter((u) => !core.has(u));
  }
  // Then the implicit hitting sets. A hitting set that drops every selection of every core keeps
  // exactly what the last call found possible.
  for (let round = 0; ; round++) {
    if (now() > deadline) return giveUp();
    const hit = minimumHittingSet(cores);
    if (!hit.exact) return giveUp();
    if (round === 0 && hit.set.length === new Set(cores.flat()).size) return done(hit.set, true);
    const dropped = new Set(hit.set);
    const keep = items.filter((u) => !dropped.has(u));
    const r = solveKeeping(keep, deadline);
    if (r === 'sat') return done(hit.set, true);
    if (r === 'unknown') return giveUp();
    const core = [...coreOf(s.conflict, owner)];
    if (core.length === 0) return null;
    cores.push(core);
  }
}

/**
 * A repair that works, when the smallest could not be found in time: keep everything but a greedy
 * hitting set of the cores found so far if that works (else nothing), then take back what can be
 * taken back, first options first. Every call is bounded; what could not be checked in time stays
 * dropped, so the answer always works.
 */
function fallback(
  main: Encoding,
  sel: Sel,
  target: number[],
  items: readonly number[],
  cores: number[][],
  deadline: number,
  witnessed: (keep: readonly number[]) => boolean,
): number[] {
  const lits = (us: readonly number[]) => [...target, ...us.flatMap((u) => main.valueLits(u, sel[u]))];
  const works = (us: readonly number[]) => witnessed(us) || main.solver.solve(lits(us), CONFLICTS / 10, deadline) === 'sat';
  const hit = new Set(greedyHittingSet(cores));
  let kept = items.filter((u) => !hit.has(u));
  if (!works(kept)) kept = [];
  const keptSet = new Set(kept);
  for (const u of items) {
    if (keptSet.has(u)) continue;
    if (now() > deadline) break;
    if (works([...kept, u])) {
      kept.push(u);
      keptSet.add(u);
    }
  }
  return items.filter((u) => !keptSet.has(u));
}

/** Repeatedly takes the element in most unhit cores (ties: the highest). */
function greedyHittingSet(cores: number[][]): number[] {
  const chosen = new Set<number>();
  for (;;) {
    const counts = new Map<number, number>();
    for (const c of cores) {
      if (c.some((u) => chosen.has(u))) continue;
      for (const u of c) counts.set(u, (counts.get(u) ?? 0) + 1);
    }
    if (counts.size === 0) return [...chosen];
    let best = -1;
    let bestCount = 0;
    for (const [u, n] of counts) if (n > bestCount || (n === bestCount && u > best)) [best, bestCount] = [u, n];
    chosen.add(best);
  }
}

/**
 * A smallest set hitting every core; among the smallest, the one that takes the highest elements
 * (so that the options first in the file are kept): the first in a search that decides elements
 * from the highest down, taking each before leaving it out, by increasing size. Bounded by a node
 * budget (`exact: false` and a greedy answer when it runs out).
 */
export function minimumHittingSet(cores: number[][], maxNodes = HITTING_SET_NODES): { set: number[]; exact: boolean } {
  if (cores.length === 0) return { set: [], exact: true };
  const elements = [...new Set(cores.flat())].sort((a, b) => b - a);
  const position = new Map(elements.map((e, i) => [e, i]));
  // Cores as element positions, and for each position the cores containing it.
  const cs = cores.map((c) => [...new Set(c.map((u) => position.get(u)!))].sort((a, b) => a - b));
  const coresOf: number[][] = elements.map(() => []);
  cs.forEach((c, i) => c.forEach((p) => coresOf[p].push(i)));
  const hitBy = new Int32Array(cs.length);
  const chosen: number[] = [];
  let nodes = 0;

  /** Disjoint unhit cores, counting only positions ≥ from (the rest are decided): a lower bound. */
  const lowerBound = (from: number): number => {
    const used = new Uint8Array(elements.length);
    let bound = 0;
    for (let i = 0; i < cs.length; i++) {
      if (hitBy[i] > 0) continue;
      let free = false;
      let clash = false;
      for (const p of cs[i]) {
        if (p < from) continue;
        free = true;
        if (used[p]) clash = true;
      }
      if (!free) return Infinity;
      if (clash) continue;
      for (const p of cs[i]) if (p >= from) used[p] = 1;
      bound++;
    }
    return bound;
  };
  const search = (from: number, size: number): boolean | null => {
    if (++nodes > maxNodes) return null;
    const bound = lowerBound(from);
    if (bound === 0) return true;
    if (chosen.length + bound > size || from >= elements.length) return false;
    // Take elements[from] (if it hits an unhit core), then leave it out.
    if (coresOf[from].some((i) => hitBy[i] === 0)) {
      chosen.push(from);
      for (const i of coresOf[from]) hitBy[i]++;
      const r = search(from + 1, size);
      if (r !== false) return r;
      for (const i of coresOf[from]) hitBy[i]--;
      chosen.pop();
    }
    return search(from + 1, size);
  };
  for (let size = lowerBound(0); size <= elements.length; size++) {
    const r = search(0, size);
    if (r === true) return { set: chosen.map((p) => elements[p]), exact: true };
    if (r === null) return { set: greedyHittingSet(cores), exact: false };
  }
  return { set: greedyHittingSet(cores), exact: false };
}
