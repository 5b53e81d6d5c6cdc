/**
 * A configuration session: the shopper's selections over a compiled product, with valid domains,
 * reasons, repairs, undo/redo, prices and the final specification.
 *
 * Three kinds of values make up a configuration:
 * - the shopper's selections (and selections restored from a link): hard; availability is computed
 *   against them only;
 * - preferences — the file's defaults, then values `autocomplete` chose — filling the options the
 *   shopper has not chosen, in file order (an option after the options its `when` reads), each kept
 *   only when it is consistent with the shopper's selections and the values kept before it. A
 *   preference that is not consistent gives way to the first value that is (numbers: the nearest);
 * - nothing, for an option whose `when` does not hold.
 *
 * A selection of an option that depends (by `when`) on the option being changed gives way too when
 * it no longer fits; the domains of such a "controlling" option are computed without those
 * selections, so that what a domain offers is exactly what `select` accepts.
 */
import type { ChangeResult, CompiledProduct, Session, SessionOptions } from '../api.js';
import type { Option } from '../schema/product-file.js';
import type {
  CountResult,
  FileRef,
  LeadTimeQuote,
  OptionDomain,
  Quote,
  Reason,
  Repair,
  SelectionOrigin,
  Selections,
  SelectionValue,
  Snapshot,
  Specification,
  ValueState,
} from '../types.js';
import { LIMITS } from '../limits.js';
import { computeLeadTime, computeQuote } from '../pricing.js';
import { completeConfiguration } from '../completion.js';
import { Product } from './product.js';
import { DomainEngine, type DomainState, type Sel, type Witness } from './domains.js';
import { evalPartial, indexOfValue, valueOfIndex, type Model, type Var } from './model.js';
import { neg } from './sat.js';
import type { Encoding } from './encode.js';
import type { DomainSource } from './compiled.js';

/** What the shopper did; everything else follows from it and the product file. */
export interface Snap {
  /** The shopper's selections, including those restored from a link. */
  user: Selections;
  /** Option ids of `user` in the order they were chosen. */
  order: string[];
  /** Values `autocomplete` chose: preferences, after the defaults. */
  autos: Record<string, SelectionValue>;
}

/** The configuration a snapshot stands for. */
export interface Resolved {
  /** The shopper's selections as value indices. */
  user: Sel;
  /** Every variable's value index: chosen, preferred, `na` (does not apply), or -1 (none yet). */
  values: Sel;
  /** Current values of the options that apply, in file order. */
  selections: Selections;
  origins: Record<string, SelectionOrigin>;
  /** Per variable: 1 when the option applies in every valid completion of `values`. */
  applicable: Uint8Array;
  /** Variables whose preference (or earlier value) gave way, with the values before them: to explain why. */
  gaveWay: Map<number, Sel>;
  /** Some value is not the shopper's. */
  soft: boolean;
}

const CACHE_SIZE = 64;

function defaultOf(o: Option): SelectionValue | undefined {
  return 'default' in o ? o.default : undefined;
}

/** A cache key of a selection state: its selected variables and their values (most are not selected). */
function selectionKey(sel: Sel): string {
  let key = '';
  for (let v = 0; v < sel.length; v++) if (sel[v] >= 0) key += `${v}:${sel[v]},`;
  return key;
}

/** What a discrete domain shows besides availability, as one number: 0 does not apply, 1 applies with no value, 2 + k has value k. */
function builtCode(applicable: boolean, selected: number): number {
  return applicable ? selected + 2 : 0;
}

/** Whether two availability arrays hold the same marks (states share the arrays that did not change). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Engines are per compiled product: sessions of one product share the solver and its witnesses. */
const engines = new WeakMap<Product, DomainEngine>();

function engineOf(p: Product): DomainEngine {
  let e = engines.get(p);
  if (!e) engines.set(p, (e = new DomainEngine(p.main)));
  return e;
}

/**
 * What a session does with modules of their own, which a page fetches only for the products that
 * need them (engine/open.ts); `createSession` (create-session.ts) always has both. Either way the
 * answers are the same: the diagram only makes domains faster.
 */
export interface SessionParts {
  /**
   * The product's compiled diagram or table search as a source of domains (diagram-source.ts), or
   * null when it has neither; `satPath` answers what the table search cannot within its budget.
   */
  diagram?: (model: Model, satPath: () => DomainSource) => DomainSource | null;
  /** Exact counting (count.ts). A session without it refuses `count` with an error. */
  count?: (model: Model, sel: Int32Array, budgetMs: number) => CountResult;
  /**
   * Changes (`select`, `setMany`, `clear`, `applyRepair`, `autocomplete`), reasons and repairs, and
   * the specification: what a page session needs only after its first state is shown (later.ts,
   * fetched after opening). A session without them throws where it needs them.
   */
  later?: LaterParts;
}

/**
 * What the parts fetched after opening (engine/later.ts) read and do of a session: its state and the
 * steps the first state is made of. Internal to the engine: sessions are used through `Session`.
 */
export interface SessionCore {
  readonly product: Product;
  readonly locale: string;
  /** What the shopper did: the selections, their order, and what `autocomplete` chose. */
  readonly snap: Snap;
  /** The configuration `snap` stands for. */
  readonly current: Resolved;
  /** The SAT path: solves under assumptions (autocomplete, bisections, witnesses of reasons). */
  readonly engine: DomainEngine;
  /** Domains, "is this possible" and witnesses: the diagram or the SAT path. */
  readonly source: DomainSource;
  /** Reasons given since the last change (`explain` is cached per state). */
  readonly explanations: Map<string, Reason | null>;
  variable(option: string): Var | undefined;
  /** The value indices of `selections` (what is not an option's value is left out). */
  selOf(selections: Selections): Sel;
  /** The selections the domain, reasons and repairs of variable `v` are computed against. */
  viewSel(v: number): Sel;
  isAvailable(option: string, value: SelectionValue): boolean;
  /** Steers the next solves of `enc` towards value index `want(x)` (-1: no wish) of each variable without a value. */
  prefer(enc: Encoding, values: Sel, want: (x: Var) => number): void;
  /** Makes `next` the current snapshot, one undo step, and tells the listeners. */
  commit(next: Snap): void;
}

/**
 * The parts of {@link SessionParts.later} (engine/later.ts): the session's calls that a page makes
 * only after its first state is shown, each over the session's {@link SessionCore}.
 */
export interface LaterParts {
  setMany(session: SessionCore, values: Record<string, SelectionValue | undefined>): ChangeResult;
  explain(session: SessionCore, option: string, value: SelectionValue): Reason | null;
  repair(session: SessionCore, option: string, value: SelectionValue): Repair | null;
  autocomplete(session: SessionCore): void;
  toSpecification(session: SessionCore, options: { snapshot?: Snapshot; now?: Date }): Specification;
}

/** Where domains come from: the compiled diagram or the table search when the product suits one, else the SAT path. */
function domainSourceOf(p: Product, parts: SessionParts): DomainSource {
  return parts.diagram?.(p.model, () => engineOf(p)) ?? engineOf(p);
}

class ConfigSession implements Session, SessionCore {
  readonly product: Product;
  locale: string;
  snap: Snap;
  private history: Snap[] = [];
  private future: Snap[] = [];
  /** The SAT path: solves under assumptions (autocomplete, bisections). */
  readonly engine: DomainEngine;
  /** Domains, "is this possible" and witnesses: the diagram or the SAT path. */
  readonly source: DomainSource;
  private readonly cache = new Map<string, DomainState>();
  private last: DomainState | null = null;
  private readonly listeners = new Set<(s: Session) => void>();
  readonly explanations = new Map<string, Reason | null>();
  private readonly applyDefaults: boolean;
  private readonly resolutions = new WeakMap<Snap, Resolved>();
  /** Whether values may need placing besides the shopper's: the product has defaults (applied) or `when`s. */
  private readonly placing: boolean;
  /** "Every option applies", shared by the resolutions of products without `when`. */
  private readonly allApply: Uint8Array;
  /** Feasible bounds of number options with `when` over the values they have when they apply. */
  private readonly realBounds = new WeakMap<DomainState, Map<number, [number, number]>>();

  constructor(
    product: Product,
    options: SessionOptions,
    private readonly parts: SessionParts,
  ) {
    this.product = product;
    this.engine = engineOf(product);
    this.source = domainSourceOf(product, parts);
    this.locale = options.locale ?? product.file.product.defaultLocale;
    this.applyDefaults = options.applyDefaults ?? true;
    this.placing = product.model.when.some((w) => w !== null) || (this.applyDefaults && product.options.some((o) => defaultOf(o) !== undefined));
    this.allApply = new Uint8Array(product.model.vars.length).fill(1);
    const n = product.model.vars.length;
    this.built = { domain: new Array<OptionDomain | undefined>(n).fill(undefined), avail: new Array<Uint8Array | null>(n).fill(null), code: new Int32Array(n) };
    this.snap = this.initial(options.selections ?? {});
  }

  get selections(): Readonly<Selections> {
    return this.current.selections;
  }
  get origins(): Readonly<Record<string, SelectionOrigin>> {
    return this.current.origins;
  }
  get canUndo(): boolean {
    return this.history.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }

  // --- selection state ------------------------------------------------------------------------

  variable(option: string): Var | undefined {
    return this.product.model.varById.get(option);
  }

  selOf(selections: Selections): Sel {
    const vars = this.product.model.vars;
    const sel = new Int32Array(vars.length).fill(-1);
    for (const [id, value] of Object.entries(selections)) {
      const v = this.variable(id);
      if (!v) continue;
      const k = indexOfValue(v, value);
      if (typeof k === 'number') sel[v.index] = k;
    }
    return sel;
  }

  private stateOf(sel: Sel): DomainState {
    const key = selectionKey(sel);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    // The previous state bounds this one when this one only adds selections to it.
    let prev: DomainState | null = this.last;
    if (prev) {
      for (let v = 0; v < sel.length; v++) {
        if (prev.sel[v] >= 0 && prev.sel[v] !== sel[v]) {
          prev = null;
          break;
        }
      }
    }
    const state = this.source.compute(sel, prev);
    if (!state) throw new Error('c2m: internal error: the selections have no valid completion');
    this.cache.set(key, state);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.last = state;
    return state;
  }

  get current(): Resolved {
    return this.resolve(this.snap);
  }

  /**
   * The shopper's selections other than those of options whose `when` reads `v` (directly or
   * through other `when`s): what the domain, reasons and repairs of `v` are computed against, since
   * a change of `v` lets those selections give way.
   */
  viewSel(v: number): Sel {
    const user = this.current.user;
    let sel: Sel | null = null;
    for (const u of this.product.model.dependents[v]) {
      if (user[u] < 0) continue;
      sel ??= user.slice();
      sel[u] = -1;
    }
    return sel ?? user;
  }

  /** Start state: given selections that are valid and jointly possible. */
  private initial(given: Selections): Snap {
    const snap: Snap = { user: {}, order: [], autos: {} };
    const sel = new Int32Array(this.product.model.vars.length).fill(-1);
    for (const [id, value] of Object.entries(given)) {
      const v = this.variable(id);
      if (!v || !this.product.checkValue(id, value).ok) continue;
      const k = indexOfValue(v, value);
      if (typeof k !== 'number' || sel[v.index] >= 0) continue;
      if (!this.source.possible(sel, v.index, k)) continue;
      sel[v.index] = k;
      snap.user[id] = value;
      snap.order.push(id);
    }
    return snap;
  }

  private preference(x: Var, snap: Snap): { value: SelectionValue; origin: SelectionOrigin } | undefined {
    const id = x.option.id;
    const d = this.applyDefaults ? defaultOf(x.option) : undefined;
    if (d !== undefined && this.product.checkValue(id, d).ok) return { value: d, origin: 'default' };
    const a = snap.autos[id];
    return a === undefined ? undefined : { value: a, origin: 'auto' };
  }

  /** The shopper's selections, then each preference that fits, in resolution order. */
  private resolve(snap: Snap): Resolved {
    const hit = this.resolutions.get(snap);
    if (hit) return hit;
    const { vars, when, order } = this.product.model;
    const user = this.selOf(snap.user);
    // Nothing to place (no default, nothing autocompleted, no `when`): the shopper's selections are the values.
    if (!this.placing && Object.keys(snap.autos).length === 0) {
      const origins: Record<string, SelectionOrigin> = {};
      for (const id of Object.keys(snap.user)) origins[id] = 'user';
      const resolved: Resolved = { user, values: user, selections: snap.user, origins, applicable: this.allApply, gaveWay: new Map(), soft: false };
      this.resolutions.set(snap, resolved);
      return resolved;
    }
    const values = user.slice();
    const prefs = vars.map((x) => (values[x.index] < 0 ? this.preference(x, snap) : undefined));
    // A witness leaning towards the preferences: most of them then fit without a check of their own.
    let first: Witness | null | undefined = null;
    if (prefs.some((p) => p !== undefined)) {
      this.prefer(this.product.preferring(), values, (x) => {
        const k = prefs[x.index] && indexOfValue(x, prefs[x.index]!.value);
        return typeof k === 'number' ? k : -1;
      });
      first = this.quietSolve(this.lits(values));
    }
    first ??= this.source.witnessFor(values);
    if (!first) throw new Error('c2m: internal error: the selections have no valid completion');
    let w: Witness = first;
    const chosen = new Map<number, { value: SelectionValue; origin: SelectionOrigin }>();
    const gaveWay = new Map<number, Sel>();
    /** Places `v`'s value; false when whether it applies is not settled yet. */
    const place = (v: number): boolean => {
      const x = vars[v];
      const cond = when[v];
      if (cond) {
        // Whether it applies: by its condition, or else because the rules leave no other way.
        let holds = evalPartial(cond, values);
        if (holds === undefined && w[v] !== x.na && !this.fit(values, v, x.na)) holds = true;
        else if (holds === undefined && w[v] === x.na && !this.canApply(values, v)) holds = false;
        if (holds === undefined) return false;
        if (!holds) {
          values[v] = x.na;
          return true;
        }
      }
      const pref = prefs[v];
      const p = pref ? indexOfValue(x, pref.value) : undefined;
      if (!pref || typeof p !== 'number') return true;
      const fits = w[v] === p ? w : this.fit(values, v, p);
      if (fits) {
        values[v] = p;
        w = fits;
        chosen.set(v, pref);
        return true;
      }
      gaveWay.set(v, values.slice());
      // The witness extends `values` and the option applies there: its value fits, so some value does.
      const k = this.substitute(values, v, p, w);
      if (k < 0) return true;
      values[v] = k;
      if (w[v] !== k) w = this.fit(values, v, k) ?? this.source.witnessFor(values) ?? w;
      const value = x.kind === 'presence' ? (x.option.type === 'text' ? '' : undefined) : (valueOfIndex(x, k) as SelectionValue);
      if (value !== undefined) chosen.set(v, { value, origin: 'auto' });
      return true;
    };
    // In order; an option whose applicability later values settle is placed in a later round.
    let pending = order.filter((v) => values[v] < 0);
    for (let progress = true; progress && pending.length > 0; ) {
      const before = pending.length;
      pending = pending.filter((v) => !place(v));
      progress = pending.length < before;
    }
    const applicable = new Uint8Array(vars.length);
    for (const x of vars) {
      const v = x.index;
      const k = values[v];
      applicable[v] = x.na < 0 || (k >= 0 ? k !== x.na : w[v] !== x.na && !this.fit(values, v, x.na)) ? 1 : 0;
    }
    return this.resolved(snap, { user, values, chosen, gaveWay, applicable });
  }

  /** The current values of a resolution, remembered for its snapshot. */
  private resolved(
    snap: Snap,
    r: Omit<Resolved, 'selections' | 'origins' | 'soft'> & { chosen: ReadonlyMap<number, { value: SelectionValue; origin: SelectionOrigin }> },
  ): Resolved {
    const selections: Selections = {};
    const origins: Record<string, SelectionOrigin> = {};
    for (const x of this.product.model.vars) {
      const id = x.option.id;
      if (Object.hasOwn(snap.user, id)) {
        selections[id] = snap.user[id];
        origins[id] = 'user';
      } else if (r.applicable[x.index] && r.chosen.has(x.index)) {
        const c = r.chosen.get(x.index)!;
        selections[id] = c.value;
        origins[id] = c.origin;
      }
    }
    const resolved: Resolved = { user: r.user, values: r.values, selections, origins, applicable: r.applicable, gaveWay: r.gaveWay, soft: r.chosen.size > 0 };
    this.resolutions.set(snap, resolved);
    return resolved;
  }

  /**
   * Solves without adding to the engine's pool of witnesses: resolving preferences asks many similar
   * questions, whose witnesses would crowd out the varied ones the domains are proven with.
   * `undefined` when the budget ran out.
   */
  private quietSolve(assumptions: number[]): Int32Array | null | undefined {
    const enc = this.product.preferring();
    const r = enc.solver.solve(assumptions, 50_000);
    if (r !== 'sat') return r === 'unsat' ? null : undefined;
    return Int32Array.from(this.product.model.vars, (x) => enc.modelValue(x.index));
  }

  /** A valid configuration extending `values` (but for `v`'s own) with `v` = `k`, or null (also when undecided). */
  private fit(values: Sel, v: number, k: number): Witness | null {
    if (!(this.source instanceof DomainEngine)) {
      const sel = values.slice();
      sel[v] = k;
      return this.source.witnessFor(sel);
    }
    return this.quietSolve([...this.lits(values, v), ...this.product.preferring().valueLits(v, k)]) ?? null;
  }

  /** Assumption literals of `values`, but `except`'s own, in the encoding for placing preferences. */
  private lits(values: Sel, except = -1): number[] {
    const out: number[] = [];
    const enc = this.product.preferring();
    for (let u = 0; u < values.length; u++) if (values[u] >= 0 && u !== except) out.push(...enc.valueLits(u, values[u]));
    return out;
  }

  /** Whether option `v` (with `when`) applies in some valid configuration extending `values`. */
  private canApply(values: Sel, v: number): boolean {
    const na = this.product.preferring().valueLits(v, this.product.model.vars[v].na)[0];
    return this.quietSolve([...this.lits(values), neg(na)]) !== null;
  }

  /**
   * A value of `v` fitting `values` in place of its preference `p` (which does not fit): the first
   * value in file order (boolean: the other one; number: the nearest to `p`, the smaller on a tie;
   * text: empty, or none when it must be filled in). `w` extends `values`.
   */
  private substitute(values: Sel, v: number, p: number, w: Witness): number {
    const x = this.product.model.vars[v];
    switch (x.kind) {
      case 'choice':
        for (let k = 0; k < w[v]; k++) if (k !== p && this.fit(values, v, k)) return k;
        return w[v];
      case 'boolean':
        return w[v];
      case 'presence':
        return w[v] === 0 ? 0 : -1;
      case 'number':
        return this.nearest(values, v, p, w[v]);
    }
  }

  /** The value of number variable `v` nearest to `p` that fits `values`; `known` fits. */
  private nearest(values: Sel, v: number, p: number, known: number): number {
    const x = this.product.model.vars[v];
    const base = this.lits(values);
    // Whether some value within distance d of p fits: monotone in d, so bisect.
    let lo = 1;
    let hi = Math.abs(known - p);
    while (lo < hi) {
      const d = (lo + hi) >> 1;
      const w = this.quietSolve([...base, ...this.rangeLits(this.product.preferring(), v, Math.max(0, p - d), Math.min(x.values - 1, p + d))]);
      if (w === undefined) return known;
      if (w === null) lo = d + 1;
      else hi = d;
    }
    return p - hi >= 0 && this.fit(values, v, p - hi) ? p - hi : p + hi;
  }

  /** Assumption literals "lo ≤ v ≤ hi" for a number variable, in `enc`. */
  private rangeLits(enc: Encoding, v: number, lo: number, hi: number): number[] {
    const out: number[] = [];
    const ge = enc.solver.geLit(enc.base[v], lo);
    if (ge !== null) out.push(ge);
    const gt = enc.solver.geLit(enc.base[v], hi + 1);
    if (gt !== null) out.push(neg(gt));
    return out;
  }

  commit(next: Snap): void {
    this.history.push(this.snap);
    if (this.history.length > 200) this.history.shift();
    this.future = [];
    this.snap = next;
    this.emit();
  }

  private emit(): void {
    this.explanations.clear();
    for (const l of this.listeners) l(this);
  }

  // --- domains --------------------------------------------------------------------------------

  domain(option: string): OptionDomain {
    const v = this.variable(option);
    if (!v) throw new RangeError(`c2m: there is no option '${option}'`);
    return this.domainOf(v, this.viewState(v.index));
  }

  domains(): OptionDomain[] {
    const r = this.current;
    const main = this.stateOf(r.user);
    const { vars, dependents } = this.product.model;
    const selected = this.selectedIndices(r);
    const n = vars.length;
    const out = new Array<OptionDomain>(n);
    // Most domains are the ones built last (see `discreteDomain`): that is checked here on flat
    // arrays, without reading any option's own objects (on a model of thousands of options, reading
    // them costs more than the rest).
    const { code, avail, domain } = this.built;
    for (let v = 0; v < n; v++) {
      const st = dependents[v].length === 0 ? main : this.viewState(v);
      const d = domain[v];
      if (d !== undefined && avail[v] === st.avail[v] && code[v] === builtCode(r.applicable[v] === 1, selected[v])) out[v] = d;
      else out[v] = this.domainOf(vars[v], st, r, selected);
    }
    return out;
  }

  /** The domain state `v` is shown from (see {@link viewSel}). */
  private viewState(v: number): DomainState {
    return this.stateOf(this.viewSel(v));
  }

  /** Feasible [lo, hi] value indices of a number variable over the values it has when it applies; null when none. */
  private feasible(v: Var, st: DomainState): [number, number] | null {
    const lo = st.lo[v.index];
    const hi = st.hi[v.index];
    if (v.na < 0 || hi < v.na) return [lo, hi];
    if (lo === v.na) return null;
    let known = this.realBounds.get(st);
    if (!known) this.realBounds.set(st, (known = new Map()));
    const hit = known.get(v.index);
    if (hit) return hit;
    // "Does not apply" is the index above the maximum: bisect for the largest value it can have.
    const others = this.engine.assumptions(st.sel, v.index);
    let low = lo;
    let high = v.values - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      const w = this.engine.solve([...others, ...this.rangeLits(this.product.main, v.index, mid, v.values - 1)]);
      if (w === undefined) break;
      if (w === null) high = mid - 1;
      else low = w[v.index];
    }
    const bounds: [number, number] = [lo, low];
    known.set(v.index, bounds);
    return bounds;
  }

  private domainOf(v: Var, st: DomainState, r = this.current, selected = this.selectedIndices(r)): OptionDomain {
    const o = v.option;
    const applicable = r.applicable[v.index] === 1;
    if (o.type === 'choice' || o.type === 'boolean') return this.discreteDomain(v, st, applicable, applicable ? selected[v.index] : -1);
    const value = applicable ? r.selections[o.id] : undefined;
    switch (o.type) {
      case 'number': {
        const bounds = this.feasible(v, st);
        return {
          type: 'number',
          option: o.id,
          applicable,
          min: o.min,
          max: o.max,
          step: o.step,
          // No value it could have (it cannot apply): an empty range, one step below the minimum.
          feasible: bounds
            ? { min: valueOfIndex(v, bounds[0]) as number, max: valueOfIndex(v, bounds[1]) as number }
            : { min: o.min, max: (v.minMicro - v.stepMicro) / 1e6 },
          ...(value !== undefined ? { selected: value as number } : {}),
        };
      }
      case 'text':
      case 'file': {
        const a = st.avail[v.index]!;
        return {
          type: o.type,
          option: o.id,
          applicable,
          canBeSet: a[1] === 1,
          // A required text or file may not stay empty in a complete configuration.
          canBeEmpty: a[0] === 1 && !o.required,
          ...(value !== undefined ? { selected: value as string | FileRef } : {}),
        };
      }
    }
  }

  /** The domain of a choice or boolean variable; `selected` is the current value's index (-1: none). */
  private discreteDomain(v: Var, st: DomainState, applicable: boolean, selected: number): OptionDomain {
    const o = v.option as Extract<Option, { type: 'choice' | 'boolean' }>;
    const a = st.avail[v.index]!;
    // The domain built last for this option, while what it was built from is the same: a UI reads
    // every domain after every click, and on a large model most of them do not change.
    const built = this.built;
    const c = builtCode(applicable, selected);
    const memo = built.domain[v.index];
    if (memo !== undefined && built.code[v.index] === c && sameBytes(built.avail[v.index]!, a)) {
      built.avail[v.index] = a;
      return memo;
    }
    const values: ValueState[] = [];
    let count = 0;
    let only: string | boolean | undefined;
    // Booleans list true first.
    for (let i = 0; i < v.values; i++) {
      const k = o.type === 'boolean' ? 1 - i : i;
      const value = valueOfIndex(v, k) as string | boolean;
      const available = a[k] === 1;
      if (available) {
        count++;
        only = value;
      }
      values.push(this.valueState(v, k, value, available, selected === k));
    }
    const domain: OptionDomain = Object.freeze({
      type: o.type,
      option: o.id,
      applicable,
      values: Object.freeze(values) as ValueState[],
      ...(selected >= 0 ? { selected: valueOfIndex(v, selected) as string | boolean } : {}),
      ...(count === 1 && selected < 0 && applicable ? { forced: only } : {}),
    });
    built.domain[v.index] = domain;
    built.avail[v.index] = a;
    built.code[v.index] = c;
    return domain;
  }

  /**
   * Per resolution: the value index of every choice and boolean option that has a current value
   * (-1: none), read from its selections once (looking each option up by id, after every click,
   * costs more than the rest of building the domains of a large model).
   */
  private readonly selectedByResolution = new WeakMap<Resolved, Int32Array>();
  private selectedIndices(r: Resolved): Int32Array {
    let out = this.selectedByResolution.get(r);
    if (out) return out;
    out = new Int32Array(this.product.model.vars.length).fill(-1);
    for (const [id, value] of Object.entries(r.selections)) {
      const x = this.variable(id);
      const k = x && (x.kind === 'choice' || x.kind === 'boolean') ? indexOfValue(x, value) : undefined;
      if (typeof k === 'number') out[x!.index] = k;
    }
    this.selectedByResolution.set(r, out);
    return out;
  }

  /**
   * Per choice or boolean variable: its domain as last built and what it was built from (the
   * availability array and {@link builtCode}). Domains are immutable (frozen, like their value
   * states), so one that did not change is handed out again.
   */
  private readonly built: { domain: Array<OptionDomain | undefined>; avail: Array<Uint8Array | null>; code: Int32Array };

  /**
   * Value states are immutable and interned: a UI reads thousands of them after every click, and
   * allocating them anew each time keeps the garbage collector busy.
   */
  private readonly valueStates = new Map<number, ValueState>();
  private valueState(v: Var, k: number, value: string | boolean, available: boolean, selected: boolean): ValueState {
    const key = ((v.index * LIMITS.maxValuesPerOption + k) << 2) | (available ? 2 : 0) | (selected ? 1 : 0);
    let state = this.valueStates.get(key);
    if (!state) this.valueStates.set(key, (state = Object.freeze({ value, available, selected })));
    return state;
  }

  isAvailable(option: string, value: SelectionValue): boolean {
    const v = this.variable(option);
    if (!v || !this.product.checkValue(option, value).ok) return false;
    const k = indexOfValue(v, value) as number;
    const st = this.viewState(v.index);
    if (v.kind === 'number') {
      const bounds = this.feasible(v, st);
      if (!bounds || k < bounds[0] || k > bounds[1]) return false;
      return this.source.possible(st.sel, v.index, k);
    }
    return st.avail[v.index]![k] === 1;
  }

  // --- changes --------------------------------------------------------------------------------

  select(option: string, value: SelectionValue): ChangeResult {
    return this.setMany({ [option]: value });
  }

  clear(option: string): void {
    if (!(option in this.snap.user) && !(option in this.snap.autos)) return;
    this.setMany({ [option]: undefined });
  }

  setMany(values: Record<string, SelectionValue | undefined>): ChangeResult {
    return this.later.setMany(this, values);
  }

  reset(): void {
    this.commit(this.initial({}));
  }

  undo(): boolean {
    const prev = this.history.pop();
    if (!prev) return false;
    this.future.push(this.snap);
    this.snap = prev;
    this.emit();
    return true;
  }

  redo(): boolean {
    const next = this.future.pop();
    if (!next) return false;
    this.history.push(this.snap);
    this.snap = next;
    this.emit();
    return true;
  }

  // --- reasons and repairs --------------------------------------------------------------------

  explain(option: string, value: SelectionValue): Reason | null {
    return this.later.explain(this, option, value);
  }

  repair(option: string, value: SelectionValue): Repair | null {
    return this.later.repair(this, option, value);
  }

  applyRepair(r: Repair): ChangeResult {
    const values: Record<string, SelectionValue | undefined> = {};
    for (const c of r.changes) values[c.option] = c.to;
    values[r.target.option] = r.target.value;
    return this.setMany(values);
  }

  /** The parts fetched after opening (see {@link SessionParts.later}). */
  private get later(): LaterParts {
    if (!this.parts.later) throw new Error('c2m: changes, reasons and specifications are not loaded yet (use the session through its AsyncSession)');
    return this.parts.later;
  }

  // --- completion -----------------------------------------------------------------------------

  /** Steers the next solves of `enc` towards value index `want(x)` (-1: no wish) of each variable without a value. */
  prefer(enc: Encoding, values: Sel, want: (x: Var) => number): void {
    const s = enc.solver;
    for (const x of this.product.model.vars) {
      const v = x.index;
      const k = values[v] < 0 ? want(x) : -1;
      if (k < 0) continue;
      if (x.kind === 'number') for (let j = 1; j < x.size; j++) s.setPhase(s.geLit(enc.base[v], j)! >> 1, j <= k);
      else if (enc.oneHot[v]) for (let j = 0; j < x.size; j++) s.setPhase(enc.valueLit(v, j) >> 1, j === k);
      else s.setPhase(enc.base[v], k === 1);
    }
  }

  autocomplete(): void {
    this.later.autocomplete(this);
  }

  isComplete(): boolean {
    const { values, missing } = completeConfiguration(this.product.options, this.current.selections);
    return missing.length === 0 && this.product.violations(values).length === 0;
  }

  quote(): Quote {
    return computeQuote(this.product.file, this.current.selections, this.locale);
  }

  leadTime(): LeadTimeQuote {
    return computeLeadTime(this.product.file, this.current.selections, this.locale);
  }

  count(options: { budgetMs?: number } = {}): CountResult {
    if (!this.parts.count) throw new Error('c2m: this session was opened without counting (count through its AsyncSession, which loads it)');
    return this.parts.count(this.product.model, this.current.user, options.budgetMs ?? 2000);
  }

  toSpecification(options: { snapshot?: Snapshot; now?: Date } = {}): Specification {
    return this.later.toSpecification(this, options);
  }

  subscribe(listener: (session: Session) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Starts a configuration session over a compiled product with the parts given (`parts` is read again
 * on every use, so a part added later, e.g. counting fetched on demand, takes effect then).
 */
export function createSessionWith(product: CompiledProduct, options: SessionOptions, parts: SessionParts): Session {
  if (!(product instanceof Product)) throw new TypeError('c2m: createSession needs a product from compileProduct()');
  return new ConfigSession(product, options, parts);
}
