/**
 * Why a value is unavailable, and the smallest set of selections to give up to make it available.
 *
 * Reasons are minimal against every rule: first the selections are shrunk with every constraint in
 * force (deletion over the solver's unsatisfiable cores), so that changing any selection a reason
 * names really makes the value possible; then the constraints are shrunk for those selections, on a
 * small encoding of the rules of a first core (a call there takes microseconds, where the full
 * encoding of a large model needs a descent through every option).
 *
 * Repairs are minimum hitting sets over the solver's cores, found by the generic implicit
 * hitting-set loop of hitting-set.ts.
 *
 * Both are bounded in solver work and in time: when a budget runs out the answer is what was found
 * so far, marked as not minimal — never a hang.
 */
import { encode, type Encoding } from './encode.js';
import { grow, SAT_FREE_CHECKS, smallestRepair, type Verdict } from './hitting-set.js';
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
  let checks = 0;
  for (const item of [...items]) {
    if (!items.includes(item)) continue;
    if (++checks > SAT_FREE_CHECKS && now() > deadline) return { items, minimal: false };
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
 * smallest is returned and `status.minimal` is set to false. The search is the generic implicit
 * hitting-set loop (hitting-set.ts) over the solver's cores.
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
  const target = main.valueLits(v, k);
  const items: number[] = [];
  for (let u = 0; u < sel.length; u++) if (u !== v && sel[u] >= 0) items.push(u);
  const owner = new Map<number, number>();
  for (const u of items) for (const l of main.valueLits(u, sel[u])) owner.set(l, u);
  const keeping = (keep: readonly number[]) => [...target, ...keep.flatMap((u) => main.valueLits(u, sel[u]))];
  /** The solver's answer for `v = k` with the selections of `keep`; a known witness answers first. */
  const check = (keep: readonly number[]): Verdict => {
    if (witnessed?.(sel, v, k, keep)) return 'possible';
    const r = s.solve(keeping(keep), CONFLICTS, deadline);
    return r === 'sat' ? 'possible' : r === 'unsat' ? [...coreOf(s.conflict, owner)] : undefined;
  };
  // The fallback's questions are cheaper (a tenth of the conflicts) and have their own time.
  const works = (keep: readonly number[]) => witnessed?.(sel, v, k, keep) || s.solve(keeping(keep), CONFLICTS / 10, deadline + FALLBACK_MS) === 'sat';
  const found = smallestRepair({ items, check, deadline, freeChecks: SAT_FREE_CHECKS, fallback: (learnt) => grow(items, learnt, works, deadline + FALLBACK_MS) });
  if (!found) return null;
  if (status) status.minimal = found.minimal;
  return found.drop;
}
