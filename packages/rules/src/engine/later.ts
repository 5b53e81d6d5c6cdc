/**
 * What a page session needs only after its first domains are shown, a chunk of its own that
 * engine/start.ts fetches once the session is open: the work of a change (setting values, refusing
 * one with why and how, the defaults that gave way), reasons and repairs (on the SAT path, and
 * worded for the session), `autocomplete`, and the specification a finished configuration sends.
 * The first state (domains, defaults, `when`, price and lead time) needs none of it. Until it is in,
 * the session's asynchronous calls that need it wait for it (local-session.ts).
 */
import type { ChangeResult } from '../api.js';
import type { DefaultChange, Reason, Repair, SelectionOrigin, Selections, SelectionValue, Snapshot, Specification } from '../types.js';
import { localize } from '../localize.js';
import { buildSpecification } from '../specification.js';
import { completeConfiguration } from '../completion.js';
import { IncompleteConfigurationError } from '../errors.js';
import { explain, repair, type Witnessed } from './explain.js';
import { indexOfValue, valueOfIndex } from './model.js';
import { neg } from './sat.js';
import type { Sel } from './domains.js';
import type { LaterParts, Resolved, SessionCore, Snap } from './session.js';

function sameValue(a: SelectionValue | undefined, b: SelectionValue | undefined): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

/** Satisfiable questions of reasons and repairs that a kept witness of the session's domains answers. */
function witnessed(s: SessionCore): Witnessed {
  return (sel, v, k, keep) => s.engine.hasWitness(sel, v, k, keep);
}

/** Why `value` cannot join `sel`; the selections it names take their values from `valueOf`. */
function reasonFor(s: SessionCore, sel: Sel, option: string, value: SelectionValue, valueOf: (option: string) => SelectionValue | undefined): Reason | null {
  const { vars, varById } = s.product.model;
  const v = varById.get(option)!;
  const k = indexOfValue(v, value);
  if (typeof k !== 'number') return null;
  // "Does not apply" follows from the other values: an explanation names those instead.
  // (Only the selected options are read: on a large model most are not.)
  const given = sel.slice();
  const order = s.snap.order.map((id) => varById.get(id)?.index).filter((u): u is number => u !== undefined);
  const listed = new Set(order);
  for (let u = 0; u < given.length; u++) {
    if (given[u] < 0) continue;
    if (given[u] === vars[u].na) given[u] = -1;
    else if (!listed.has(u)) order.push(u);
  }
  // An order book's own source answers on its tables; what it cannot (undefined), the SAT path does.
  const own = s.source.explain?.(given, v.index, k, order);
  const raw = own !== undefined ? own : explain(s.product.explaining(), given, v.index, k, order, s.product.main, undefined, witnessed(s));
  if (!raw) return null;
  const file = s.product.file;
  return {
    constraints: raw.constraints.map((i) => {
      const c = file.constraints[i];
      return { id: c.id, type: c.type, message: localize(c.message, s.locale, file.product.defaultLocale) };
    }),
    selections: raw.selections.map((u) => {
      const id = vars[u].option.id;
      return { option: id, value: valueOf(id) ?? (valueOfIndex(vars[u], given[u]) as SelectionValue) };
    }),
    minimal: raw.minimal,
  };
}

/** The fewest selections of `sel` to clear so that `value` can join the rest (see `Session.repair`). */
function repairFor(s: SessionCore, sel: Sel, option: string, value: SelectionValue): Repair | null {
  const { vars, varById } = s.product.model;
  const v = varById.get(option)!;
  const k = indexOfValue(v, value);
  if (typeof k !== 'number') return null;
  const status = { minimal: true };
  const own = s.source.repair?.(sel, v.index, k, status);
  const drop = own !== undefined ? own : repair(s.product.main, sel, v.index, k, status, undefined, witnessed(s));
  if (!drop) return null;
  return {
    ...(status.minimal ? {} : { minimal: false }),
    target: { option, value },
    changes: drop.map((u) => {
      const id = vars[u].option.id;
      return { option: id, from: s.snap.user[id] };
    }),
  };
}

/** `Session.setMany`: the change in one undo step, or why it cannot be made. */
function setMany(s: SessionCore, values: Record<string, SelectionValue | undefined>): ChangeResult {
  const { model } = s.product;
  const next: Snap = { user: { ...s.snap.user }, order: [...s.snap.order], autos: { ...s.snap.autos } };
  const changed: string[] = [];
  for (const [id, value] of Object.entries(values)) {
    if (!s.variable(id)) return { ok: false, error: 'unknown-option', message: `there is no option '${id}'` };
    next.order = next.order.filter((x) => x !== id);
    // The shopper's word replaces what autocomplete chose, a clear included.
    delete next.autos[id];
    if (value === undefined) {
      delete next.user[id];
      continue;
    }
    const check = s.product.checkValue(id, value);
    if (!check.ok) return { ok: false, error: 'invalid-value', message: check.message };
    next.user[id] = value;
    next.order.push(id);
    changed.push(id);
  }
  // Selections of options whose `when` reads a changed option give way when they no longer fit.
  const yielding = new Set<number>();
  for (const id of Object.keys(values)) for (const u of model.dependents[s.variable(id)!.index]) yielding.add(u);
  const deps = [...yielding].filter((u) => Object.hasOwn(next.user, model.vars[u].option.id) && !Object.hasOwn(values, model.vars[u].option.id)).sort((a, b) => a - b);
  const kept: Selections = { ...next.user };
  for (const u of deps) delete kept[model.vars[u].option.id];
  const sel = s.selOf(kept);
  if (s.source.witnessFor(sel) === null) return refusal(s, sel, changed, next.user);
  const dropped = new Map<number, Sel>();
  for (const u of deps) {
    const id = model.vars[u].option.id;
    const k = indexOfValue(model.vars[u], next.user[id]) as number;
    if (s.source.possible(sel, u, k)) sel[u] = k;
    else {
      dropped.set(u, sel.slice());
      delete next.user[id];
      next.order = next.order.filter((x) => x !== id);
    }
  }
  const before = s.current;
  s.commit(next);
  const defaults = changesBetween(s, before, s.current, new Set(changed), dropped);
  return defaults.length > 0 ? { ok: true, defaults } : { ok: true };
}

/** Why a change cannot be made: the first changed value that cannot join the others, with why and how. */
function refusal(s: SessionCore, sel: Sel, changed: string[], wanted: Selections): ChangeResult {
  const id = changed.find((c) => !s.source.possible(sel, s.variable(c)!.index, sel[s.variable(c)!.index])) ?? changed[0];
  const value = wanted[id];
  const current = s.current.selections;
  const reason = reasonFor(s, sel, id, value, (x) => wanted[x] ?? current[x]) ?? undefined;
  const label = localize(s.product.option(id)!.label, s.locale, s.product.file.product.defaultLocale);
  return {
    ok: false,
    error: 'unavailable',
    message: `${label}: ${String(typeof value === 'object' ? value.name : value)} is not available with the other selections`,
    ...(reason ? { reason } : {}),
    repair: repairFor(s, s.viewSel(s.variable(id)!.index), id, value),
  };
}

/**
 * The values that changed without the shopper choosing them, for options that apply before and
 * after: defaults that gave way or came back, and selections of dependent options that gave way.
 */
function changesBetween(s: SessionCore, before: Resolved, after: Resolved, changed: ReadonlySet<string>, dropped: ReadonlyMap<number, Sel>): DefaultChange[] {
  const out: DefaultChange[] = [];
  // Only the shopper's selections, before and after: nothing else could move.
  if (!before.soft && !after.soft && dropped.size === 0) return out;
  for (const x of s.product.model.vars) {
    const v = x.index;
    const id = x.option.id;
    if (changed.has(id) || after.origins[id] === 'user' || !before.applicable[v] || !after.applicable[v]) continue;
    const from = before.selections[id];
    const to = after.selections[id];
    if (sameValue(from, to)) continue;
    const change: DefaultChange = { option: id };
    if (from !== undefined) change.from = from;
    if (to !== undefined) change.to = to;
    const prefix = dropped.get(v) ?? after.gaveWay.get(v);
    if (from !== undefined && prefix) {
      const k = indexOfValue(x, from);
      if (typeof k === 'number' && !s.source.possible(prefix, v, k)) {
        const reason = reasonFor(s, prefix, id, from, (x) => after.selections[x]);
        if (reason) change.reason = reason;
      }
    }
    out.push(change);
  }
  return out;
}

/** `Session.explain`, cached per state. */
function explainValue(s: SessionCore, option: string, value: SelectionValue): Reason | null {
  const cacheKey = `${option}\u0000${JSON.stringify(value)}`;
  if (s.explanations.has(cacheKey)) return s.explanations.get(cacheKey)!;
  const v = s.variable(option);
  let reason: Reason | null = null;
  if (v && s.product.checkValue(option, value).ok && !s.isAvailable(option, value)) {
    const current = s.current.selections;
    reason = reasonFor(s, s.viewSel(v.index), option, value, (x) => current[x]);
  }
  s.explanations.set(cacheKey, reason);
  return reason;
}

/** `Session.repair`. */
function repairValue(s: SessionCore, option: string, value: SelectionValue): Repair | null {
  const v = s.variable(option);
  if (!v || !s.product.checkValue(option, value).ok) return null;
  return repairFor(s, s.viewSel(v.index), option, value);
}

/** `Session.autocomplete`: every option without a value that applies, filled (defaults first). */
function autocomplete(s: SessionCore): void {
  const r = s.current;
  const enc = s.product.main;
  // Prefer defaults, then the first value (texts: empty), through the solver's phases.
  s.prefer(enc, r.values, (x) => {
    const d = 'default' in x.option ? x.option.default : undefined;
    const k = d !== undefined ? indexOfValue(x, d) : 0;
    return typeof k === 'number' ? k : 0;
  });
  // Texts and files cannot be made up: leave them empty where every other option can still be filled.
  const base = s.engine.assumptions(r.values);
  const empty: number[] = [];
  for (const x of s.product.model.vars) if (x.kind === 'presence' && r.values[x.index] < 0) empty.push(neg(enc.valueLit(x.index, 1)));
  const w = (empty.length > 0 ? s.engine.solve([...base, ...empty]) : null) ?? s.engine.solve(base);
  if (!w) return;
  const autos = { ...s.snap.autos };
  let changed = false;
  for (const x of s.product.model.vars) {
    const v = x.index;
    if (r.values[v] >= 0 || w[v] === x.na) continue;
    if (x.kind === 'presence') {
      // Text and files cannot be made up; an empty one is filled in only when it may stay empty.
      if (w[v] === 0 && x.option.type === 'text' && !x.option.required) {
        autos[x.option.id] = '';
        changed = true;
      }
      continue;
    }
    autos[x.option.id] = valueOfIndex(x, w[v]) as SelectionValue;
    changed = true;
  }
  if (changed) s.commit({ ...s.snap, autos });
}

/** `Session.toSpecification`. */
function toSpecification(s: SessionCore, options: { snapshot?: Snapshot; now?: Date }): Specification {
  const r = s.current;
  const { values, missing } = completeConfiguration(s.product.options, r.selections);
  if (missing.length > 0 || s.product.violations(values).length > 0) throw new IncompleteConfigurationError(missing);
  const selections: Selections = {};
  const origins: Record<string, SelectionOrigin> = {};
  for (const [id, value] of Object.entries(values)) {
    if (value !== null) selections[id] = value;
    origins[id] = r.origins[id] ?? 'auto';
  }
  return buildSpecification(s.product, {
    selections,
    origins,
    locale: s.locale,
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

export const laterParts: LaterParts = { setMany, explain: explainValue, repair: repairValue, autocomplete, toSpecification };
