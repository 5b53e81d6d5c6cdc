/**
 * A configuration session: the shopper's selections over a compiled product, with valid domains,
 * reasons, repairs, undo/redo, prices and the final specification.
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
import { localize } from '../localize.js';
import { LIMITS } from '../limits.js';
import { computeLeadTime, computeQuote } from '../pricing.js';
import { buildSpecification, IncompleteConfigurationError } from '../specification.js';
import { Product } from './compile.js';
import { DomainEngine, type DomainState, type Sel } from './domains.js';
import { explain, repair } from './explain.js';
import { indexOfValue, valueOfIndex, type Var } from './model.js';
import { countConfigurations } from './count.js';
import { DiagramDomains, diagramOf, type DomainSource } from './compiled.js';

interface Snap {
  selections: Selections;
  origins: Record<string, SelectionOrigin>;
  /** Option ids in the order they were selected. */
  order: string[];
}

const CACHE_SIZE = 64;

function defaultOf(o: Option): SelectionValue | undefined {
  return 'default' in o ? o.default : undefined;
}

/** Engines are per compiled product: sessions of one product share the solver and its witnesses. */
const engines = new WeakMap<Product, DomainEngine>();

function engineOf(p: Product): DomainEngine {
  let e = engines.get(p);
  if (!e) engines.set(p, (e = new DomainEngine(p.main)));
  return e;
}

/** Where domains come from: the compiled diagram when the product has one (compiled.ts), else the SAT path. */
function domainSourceOf(p: Product): DomainSource {
  const mdd = diagramOf(p.model);
  return mdd ? new DiagramDomains(p.model, mdd) : engineOf(p);
}

class ConfigSession implements Session {
  readonly product: Product;
  locale: string;
  private snap: Snap = { selections: {}, origins: {}, order: [] };
  private history: Snap[] = [];
  private future: Snap[] = [];
  private readonly engine: DomainEngine;
  private readonly source: DomainSource;
  private readonly cache = new Map<string, DomainState>();
  private last: DomainState | null = null;
  private readonly listeners = new Set<(s: Session) => void>();
  private readonly explanations = new Map<string, Reason | null>();
  private readonly applyDefaults: boolean;

  constructor(product: Product, options: SessionOptions) {
    this.product = product;
    this.engine = engineOf(product);
    this.source = domainSourceOf(product);
    this.locale = options.locale ?? product.file.product.defaultLocale;
    this.applyDefaults = options.applyDefaults ?? true;
    this.snap = this.initial(options.selections ?? {});
  }

  get selections(): Readonly<Selections> {
    return this.snap.selections;
  }
  get origins(): Readonly<Record<string, SelectionOrigin>> {
    return this.snap.origins;
  }
  get canUndo(): boolean {
    return this.history.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }

  // --- selection state ------------------------------------------------------------------------

  private variable(option: string): Var | undefined {
    return this.product.model.varById.get(option);
  }

  private selOf(selections: Selections): Sel {
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

  private key(sel: Sel): string {
    return sel.join(',');
  }

  private stateOf(sel: Sel): DomainState {
    const key = this.key(sel);
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

  private get state(): DomainState {
    return this.stateOf(this.selOf(this.snap.selections));
  }

  /** Start state: given selections that are valid and jointly possible, then defaults. */
  private initial(given: Selections): Snap {
    const snap: Snap = { selections: {}, origins: {}, order: [] };
    const sel = new Int32Array(this.product.model.vars.length).fill(-1);
    const tryAdd = (id: string, value: SelectionValue, origin: SelectionOrigin) => {
      const v = this.variable(id);
      if (!v || !this.product.checkValue(id, value).ok) return;
      const k = indexOfValue(v, value);
      if (typeof k !== 'number' || sel[v.index] >= 0) return;
      if (!this.source.possible(sel, v.index, k)) return;
      sel[v.index] = k;
      snap.selections[id] = value;
      snap.origins[id] = origin;
      snap.order.push(id);
    };
    for (const [id, value] of Object.entries(given)) tryAdd(id, value, 'user');
    if (this.applyDefaults) {
      for (const o of this.product.options) {
        const value = defaultOf(o);
      if (value !== undefined && !(o.id in snap.selections)) tryAdd(o.id, value, 'default');
      }
    }
    return snap;
  }

  private commit(next: Snap): void {
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
    return this.domainOf(v, this.state);
  }

  domains(): OptionDomain[] {
    const st = this.state;
    return this.product.model.vars.map((v) => this.domainOf(v, st));
  }

  private domainOf(v: Var, st: DomainState): OptionDomain {
    const o = v.option;
    const selected = this.snap.selections[o.id];
    switch (o.type) {
      case 'number':
        return {
          type: 'number',
          option: o.id,
          applicable: true,
          min: o.min,
          max: o.max,
          step: o.step,
          feasible: { min: valueOfIndex(v, st.lo[v.index]) as number, max: valueOfIndex(v, st.hi[v.index]) as number },
          ...(selected !== undefined ? { selected: selected as number } : {}),
        };
      case 'text':
      case 'file': {
        const a = st.avail[v.index]!;
        return {
          type: o.type,
          option: o.id,
          applicable: true,
          canBeSet: a[1] === 1,
          canBeEmpty: a[0] === 1,
          ...(selected !== undefined ? { selected: selected as string | FileRef } : {}),
        };
      }
      default: {
        const a = st.avail[v.index]!;
        const values: ValueState[] = [];
        const order = o.type === 'boolean' ? [1, 0] : Array.from({ length: v.size }, (_, k) => k);
        let count = 0;
        let only: string | boolean | undefined;
        for (const k of order) {
          const value = valueOfIndex(v, k) as string | boolean;
          const available = a[k] === 1;
          if (available) {
            count++;
            only = value;
          }
          values.push(this.valueState(v, k, value, available, selected === value));
        }
        return {
          type: o.type,
          option: o.id,
          applicable: true,
          values,
          ...(selected !== undefined ? { selected: selected as string | boolean } : {}),
          ...(count === 1 && selected === undefined ? { forced: only } : {}),
        };
      }
    }
  }

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
    const st = this.state;
    if (v.kind === 'number') {
      if (k < st.lo[v.index] || k > st.hi[v.index]) return false;
      return this.source.possible(st.sel, v.index, k);
    }
    return st.avail[v.index]![k] === 1;
  }

  // --- changes --------------------------------------------------------------------------------

  select(option: string, value: SelectionValue): ChangeResult {
    return this.setMany({ [option]: value });
  }

  clear(option: string): void {
    if (!(option in this.snap.selections)) return;
    this.setMany({ [option]: undefined });
  }

  setMany(values: Record<string, SelectionValue | undefined>): ChangeResult {
    const next: Snap = {
      selections: { ...this.snap.selections },
      origins: { ...this.snap.origins },
      order: [...this.snap.order],
    };
    const changed: string[] = [];
    for (const [id, value] of Object.entries(values)) {
      if (!this.variable(id)) return { ok: false, error: 'unknown-option', message: `there is no option '${id}'` };
      next.order = next.order.filter((x) => x !== id);
      if (value === undefined) {
        delete next.selections[id];
        delete next.origins[id];
        continue;
      }
      const check = this.product.checkValue(id, value);
      if (!check.ok) return { ok: false, error: 'invalid-value', message: check.message };
      next.selections[id] = value;
      next.origins[id] = 'user';
      next.order.push(id);
      changed.push(id);
    }
    const sel = this.selOf(next.selections);
    if (this.source.witnessFor(sel) === null) {
      // Name the first changed value that cannot join the others, with why and how.
      const id = changed.find((c) => !this.source.possible(sel, this.variable(c)!.index, sel[this.variable(c)!.index])) ?? changed[0];
      const value = next.selections[id];
      const reason = this.reasonFor(sel, id, value) ?? undefined;
      const label = localize(this.product.option(id)!.label, this.locale, this.product.file.product.defaultLocale);
      return {
        ok: false,
        error: 'unavailable',
        message: `${label}: ${String(typeof value === 'object' ? value.name : value)} is not available with the other selections`,
        ...(reason ? { reason } : {}),
        repair: this.repairFor(this.selOf(this.snap.selections), id, value),
      };
    }
    this.commit(next);
    return { ok: true };
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
    const cacheKey = `${option}\u0000${JSON.stringify(value)}`;
    if (this.explanations.has(cacheKey)) return this.explanations.get(cacheKey)!;
    const v = this.variable(option);
    let reason: Reason | null = null;
    if (v && this.product.checkValue(option, value).ok && !this.isAvailable(option, value)) {
      reason = this.reasonFor(this.selOf(this.snap.selections), option, value);
    }
    this.explanations.set(cacheKey, reason);
    return reason;
  }

  private reasonFor(sel: Sel, option: string, value: SelectionValue): Reason | null {
    const v = this.variable(option)!;
    const k = indexOfValue(v, value);
    if (typeof k !== 'number') return null;
    const order = this.snap.order.map((id) => this.variable(id)?.index).filter((u): u is number => u !== undefined);
    for (let u = 0; u < sel.length; u++) if (sel[u] >= 0 && !order.includes(u)) order.push(u);
    const raw = explain(this.product.explaining(), sel, v.index, k, order, this.product.main);
    if (!raw) return null;
    const file = this.product.file;
    return {
      constraints: raw.constraints.map((i) => {
        const c = file.constraints[i];
        return { id: c.id, type: c.type, message: localize(c.message, this.locale, file.product.defaultLocale) };
      }),
      selections: raw.selections.map((u) => {
        const id = this.product.model.vars[u].option.id;
        return { option: id, value: this.snap.selections[id] ?? (valueOfIndex(this.product.model.vars[u], sel[u]) as SelectionValue) };
      }),
      minimal: raw.minimal,
    };
  }

  repair(option: string, value: SelectionValue): Repair | null {
    if (!this.variable(option) || !this.product.checkValue(option, value).ok) return null;
    return this.repairFor(this.selOf(this.snap.selections), option, value);
  }

  private repairFor(sel: Sel, option: string, value: SelectionValue): Repair | null {
    const v = this.variable(option)!;
    const k = indexOfValue(v, value);
    if (typeof k !== 'number') return null;
    const status = { minimal: true };
    const drop = repair(this.product.main, sel, v.index, k, status);
    if (!drop) return null;
    return {
      ...(status.minimal ? {} : { minimal: false }),
      target: { option, value },
      changes: drop.map((u) => {
        const id = this.product.model.vars[u].option.id;
        return { option: id, from: this.snap.selections[id] };
      }),
    };
  }

  applyRepair(r: Repair): ChangeResult {
    const values: Record<string, SelectionValue | undefined> = {};
    for (const c of r.changes) values[c.option] = c.to;
    values[r.target.option] = r.target.value;
    return this.setMany(values);
  }

  // --- completion -----------------------------------------------------------------------------

  autocomplete(): void {
    const sel = this.selOf(this.snap.selections);
    const s = this.product.main.solver;
    const enc = this.product.main;
    // Prefer defaults, then the first value, through the solver's phases.
    for (const v of this.product.model.vars) {
      if (sel[v.index] >= 0) continue;
      const o = v.option;
      const preferred = defaultOf(o);
      if (v.kind === 'choice') {
        const want = preferred !== undefined ? v.valueIndex.get(preferred as string) ?? 0 : 0;
        for (let k = 0; k < v.size; k++) s.setPhase(enc.base[v.index] + k, k === want);
      } else if (v.kind === 'boolean') {
        s.setPhase(enc.base[v.index], preferred === true);
      } else if (v.kind === 'presence') {
        s.setPhase(enc.base[v.index], false);
      } else {
        const k = preferred !== undefined ? indexOfValue(v, preferred) : 0;
        const want = typeof k === 'number' ? k : 0;
        for (let j = 1; j < v.size; j++) s.setPhase((enc.solver.geLit(enc.base[v.index], j)! >> 1), j <= want);
      }
    }
    const w = this.engine.solve(this.engine.assumptions(sel));
    if (!w) return;
    const next: Snap = { selections: { ...this.snap.selections }, origins: { ...this.snap.origins }, order: [...this.snap.order] };
    let changed = false;
    for (const v of this.product.model.vars) {
      if (sel[v.index] >= 0) continue;
      if (v.kind === 'presence') {
        // Text and files cannot be made up; an empty one is filled in only when it may stay empty.
        if (w[v.index] === 0 && v.option.type === 'text' && !v.option.required) {
          next.selections[v.option.id] = '';
          next.origins[v.option.id] = 'auto';
          changed = true;
        }
        continue;
      }
      const value = valueOfIndex(v, w[v.index]) as SelectionValue;
      next.selections[v.option.id] = value;
      next.origins[v.option.id] = value === defaultOf(v.option) ? 'default' : 'auto';
      changed = true;
    }
    if (changed) this.commit(next);
  }

  /** Values of a complete configuration (text `""` and file `null` when empty), or null. */
  private completeValues(): Record<string, SelectionValue | null> | null {
    const out: Record<string, SelectionValue | null> = {};
    for (const o of this.product.options) {
      const value = this.snap.selections[o.id];
      if (value !== undefined) out[o.id] = value;
      else if (o.type === 'text') {
        if (o.required) return null;
        out[o.id] = '';
      } else if (o.type === 'file') {
        if (o.required) return null;
        out[o.id] = null;
      } else return null;
    }
    for (const o of this.product.options) {
      if ((o.type === 'text' || o.type === 'file') && o.required && (out[o.id] === '' || out[o.id] === null)) return null;
    }
    return out;
  }

  isComplete(): boolean {
    const values = this.completeValues();
    return values !== null && this.product.violations(values).length === 0;
  }

  quote(): Quote {
    return computeQuote(this.product.file, this.snap.selections, this.locale);
  }

  leadTime(): LeadTimeQuote {
    return computeLeadTime(this.product.file, this.snap.selections, this.locale);
  }

  count(options: { budgetMs?: number } = {}): CountResult {
    return countConfigurations(this.product.model, this.selOf(this.snap.selections), options.budgetMs ?? 2000);
  }

  toSpecification(options: { snapshot?: Snapshot; now?: Date } = {}): Specification {
    const values = this.completeValues();
    if (values === null || this.product.violations(values).length > 0) {
      const missing = this.product.options.filter((o) => values === null && this.snap.selections[o.id] === undefined).map((o) => o.id);
      throw new IncompleteConfigurationError(missing);
    }
    const selections: Selections = {};
    const origins: Record<string, SelectionOrigin> = {};
    for (const [id, value] of Object.entries(values)) {
      if (value !== null) selections[id] = value;
      origins[id] = this.snap.origins[id] ?? 'auto';
    }
    return buildSpecification(this.product, {
      selections,
      origins,
      locale: this.locale,
      ...(options.snapshot ? { snapshot: options.snapshot } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  subscribe(listener: (session: Session) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Starts a configuration session over a compiled product. */
export function createSession(product: CompiledProduct, options: SessionOptions = {}): Session {
  if (!(product instanceof Product)) throw new TypeError('c2m: createSession needs a product from compileProduct()');
  return new ConfigSession(product, options);
}
