/**
 * The finite model of a product: every option becomes a variable over value indices, every
 * condition a formula over "option ∈ set" atoms, every constraint a check on complete assignments.
 * The SAT encoding (encode.ts), the counter (count.ts) and the specification validator all read
 * this one model, so they agree on what a product allows.
 *
 * An option with `when` has one more value index, `na` ("does not apply", no value), and an internal
 * rule `x = na ⇔ ¬when`. Everything built on value indices then follows the semantics of `when`
 * without knowing about it: an atom asserting a value excludes `na` (false when the option does not
 * apply), its negation includes it; a non-applicable option counts once; witnesses, flips and the
 * counter see "no value" as one more value. Tables and linear relations are only checked when every
 * option they name applies (see `Rule`).
 *
 * This module is the model and what reads it; building it from a product file is build-model.ts,
 * which a page given a compiled product (read-compiled.ts) does without.
 */
import type { Option } from '../schema/product-file.js';
import type { FileRef, SelectionValue } from '../types.js';
import { LIMITS } from '../limits.js';
import { conditionOptions, readOrder } from './evaluate.js';

/** How an option's values are indexed. */
export type VarKind = 'choice' | 'boolean' | 'number' | 'presence';

/** One option as a finite variable. */
export interface Var {
  index: number;
  option: Option;
  kind: VarKind;
  /**
   * Number of value indices: the option's values, plus `na` for an option with `when`.
   * choice: one per value; boolean: 0 = false, 1 = true; presence: 0 = empty, 1 = set; number: steps.
   */
  size: number;
  /** Number of real values (`size` without `na`). */
  values: number;
  /** The value index meaning "the option does not apply" (= `values`), or -1 for an option without `when`. */
  na: number;
  /** number options: min and step in micro-units (value = (minMicro + k·stepMicro) / 1e6). */
  minMicro: number;
  stepMicro: number;
  /** choice options: value id → index. */
  valueIndex: ReadonlyMap<string, number>;
}

/** A formula over atoms "option index ∈ allowed value indices". */
export type Formula =
  | { k: 'const'; v: boolean }
  | { k: 'atom'; v: number; lo: number; hi: number; mask: Uint8Array | null }
  | { k: 'and'; xs: Formula[] }
  | { k: 'or'; xs: Formula[] }
  | { k: 'not'; x: Formula }
  | { k: 'iff'; a: Formula; b: Formula };

/** A constraint ready for checking and encoding. `index` is its position in the file. */
export type Rule =
  | { kind: 'formula'; index: number; scope: number[]; f: Formula }
  | {
      kind: 'table';
      index: number;
      scope: number[];
      allowed: boolean;
      vars: number[];
      rows: Int32Array[];
      /** Per column: its `na` index, or -1; null when no column has `when`. A table holds when a column does not apply. */
      na: Int32Array | null;
      /** Rows by their value in column `col` (wildcard rows in every group), so a check scans few rows. */
      lookup: { col: number; byValue: Int32Array[][] } | null;
    }
  | { kind: 'linear'; index: number; scope: number[]; guard: Formula; vars: number[]; coefs: number[]; bound: number }
  | { kind: 'card'; index: number; scope: number[]; guard: Formula; xs: Formula[]; min: number; max: number };

/**
 * The finite model. Rules with `index` -1 are internal (an option's `when`): always enforced, never
 * named in explanations or violations.
 */
export interface Model {
  vars: Var[];
  varById: Map<string, Var>;
  rules: Rule[];
  /** Rules reading each variable. */
  rulesOf: number[][];
  /** Per variable: its `when` as a formula, or null. */
  when: Array<Formula | null>;
  /** Every variable, each after the variables its `when` reads (file order otherwise). */
  order: number[];
  /** Per variable: the variables whose `when` reads it, directly or through other `when`s. */
  dependents: number[][];
}

/** A product file that cannot be compiled: thrown inside compile and turned into a ProductIssue. */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly path: Array<string | number>,
    readonly code: 'limit' | 'formula' | 'unknown-reference' | 'invalid-value' = 'formula',
  ) {
    super(message);
  }
}

export function micro(n: number): number {
  return Math.round(n * 1e6);
}

/** The variable of the option at `index` of the file. Throws {@link ModelError} for a number option with too many values. */
export function makeVar(option: Option, index: number): Var {
  const v = realVar(option, index);
  if (option.when === undefined) return v;
  return { ...v, size: v.values + 1, na: v.values };
}

/** The value index of options that are not choices: never read (shared, so that a large model allocates none). */
const NO_VALUE_INDEX: ReadonlyMap<string, number> = new Map();

function realVar(option: Option, index: number): Var {
  // Every variable is built with the same properties in the same order (one object shape for all),
  // without spreading a base object: a model of tens of thousands of options builds them quickly.
  const make = (kind: VarKind, values: number, valueIndex: ReadonlyMap<string, number>, minMicro = 0, stepMicro = 1): Var => ({
    index,
    option,
    kind,
    size: values,
    values,
    na: -1,
    minMicro,
    stepMicro,
    valueIndex,
  });
  switch (option.type) {
    case 'choice':
      return make('choice', option.values.length, new Map(option.values.map((v, i) => [v.id, i])));
    case 'boolean':
      return make('boolean', 2, NO_VALUE_INDEX);
    case 'text':
    case 'file':
      return make('presence', 2, NO_VALUE_INDEX);
    case 'number': {
      const minMicro = micro(option.min);
      const stepMicro = micro(option.step);
      const size = Math.floor((micro(option.max) - minMicro) / stepMicro) + 1;
      if (!(size >= 1) || size > LIMITS.maxNumberValues) {
        throw new ModelError(
          `option '${option.id}' has ${size} values between min and max; at most ${LIMITS.maxNumberValues} are allowed (use a larger step)`,
          ['options', index],
          'limit',
        );
      }
      return make('number', size, NO_VALUE_INDEX, minMicro, stepMicro);
    }
  }
}

/** Rows of the model's combination tables, in all (`allowedOnly`: of its allowed-combination tables). */
export function tableRows(model: Model, allowedOnly = false): number {
  let rows = 0;
  for (const r of model.rules) if (r.kind === 'table' && (r.allowed || !allowedOnly)) rows += r.rows.length;
  return rows;
}

/** The value index of a value of this variable, or an error message. */
export function indexOfValue(v: Var, value: SelectionValue | null | undefined): number | string {
  switch (v.kind) {
    case 'choice': {
      if (typeof value !== 'string') return `option '${v.option.id}' needs a value id`;
      const i = v.valueIndex.get(value);
      return i === undefined ? `'${value}' is not a value of option '${v.option.id}'` : i;
    }
    case 'boolean':
      return typeof value === 'boolean' ? (value ? 1 : 0) : `option '${v.option.id}' needs true or false`;
    case 'presence':
      return value === undefined || value === null || value === '' ? 0 : 1;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `option '${v.option.id}' needs a number`;
      const offset = micro(value) - v.minMicro;
      if (offset < 0 || offset % v.stepMicro !== 0 || offset / v.stepMicro >= v.values) {
        const o = v.option as Extract<Option, { type: 'number' }>;
        return `${value} is not an allowed value of option '${o.id}' (${o.min} to ${o.max} in steps of ${o.step})`;
      }
      return offset / v.stepMicro;
    }
  }
}

/** The value of a value index (presence: `true` = set). */
export function valueOfIndex(v: Var, k: number): string | boolean | number {
  switch (v.kind) {
    case 'choice':
      return (v.option as Extract<Option, { type: 'choice' }>).values[k].id;
    case 'boolean':
    case 'presence':
      return k === 1;
    case 'number':
      return (v.minMicro + k * v.stepMicro) / 1e6;
  }
}

export function isFileRef(value: unknown): value is FileRef {
  return typeof value === 'object' && value !== null && typeof (value as FileRef).name === 'string';
}

/** Truth of a formula on a partial assignment (`-1`: no value yet); `undefined` when it depends on one. */
export function evalPartial(f: Formula, w: ArrayLike<number>): boolean | undefined {
  switch (f.k) {
    case 'const':
      return f.v;
    case 'atom': {
      const x = w[f.v];
      if (x < 0) return undefined;
      return f.mask ? f.mask[x] === 1 : x >= f.lo && x <= f.hi;
    }
    case 'and':
    case 'or': {
      const stop = f.k === 'or';
      let result: boolean | undefined = !stop;
      for (const x of f.xs) {
        const t = evalPartial(x, w);
        if (t === stop) return stop;
        if (t === undefined) result = undefined;
      }
      return result;
    }
    case 'not': {
      const t = evalPartial(f.x, w);
      return t === undefined ? undefined : !t;
    }
    case 'iff': {
      const a = evalPartial(f.a, w);
      const b = evalPartial(f.b, w);
      return a === undefined || b === undefined ? undefined : a === b;
    }
  }
}

/** Truth of a formula on a complete assignment of value indices. */
export function evalFormula(f: Formula, w: ArrayLike<number>): boolean {
  switch (f.k) {
    case 'const':
      return f.v;
    case 'atom': {
      const x = w[f.v];
      return f.mask ? f.mask[x] === 1 : x >= f.lo && x <= f.hi;
    }
    case 'and':
      for (const x of f.xs) if (!evalFormula(x, w)) return false;
      return true;
    case 'or':
      for (const x of f.xs) if (evalFormula(x, w)) return true;
      return false;
    case 'not':
      return !evalFormula(f.x, w);
    case 'iff':
      return evalFormula(f.a, w) === evalFormula(f.b, w);
  }
}

export function formulaVars(f: Formula, out: Set<number>): Set<number> {
  switch (f.k) {
    case 'atom':
      out.add(f.v);
      break;
    case 'and':
    case 'or':
      for (const x of f.xs) formulaVars(x, out);
      break;
    case 'not':
      formulaVars(f.x, out);
      break;
    case 'iff':
      formulaVars(f.a, out);
      formulaVars(f.b, out);
      break;
  }
  return out;
}

/** Whether a complete assignment satisfies a rule. */
export function checkRule(r: Rule, w: ArrayLike<number>): boolean {
  switch (r.kind) {
    case 'formula':
      return evalFormula(r.f, w);
    case 'table': {
      if (r.na) for (let j = 0; j < r.vars.length; j++) if (r.na[j] >= 0 && w[r.vars[j]] === r.na[j]) return true;
      let match = false;
      const rows = r.lookup ? r.lookup.byValue[w[r.vars[r.lookup.col]]] : r.rows;
      for (const row of rows) {
        let ok = true;
        for (let j = 0; j < r.vars.length; j++) {
          if (row[j] >= 0 && row[j] !== w[r.vars[j]]) {
            ok = false;
            break;
          }
        }
        if (ok) {
          match = true;
          break;
        }
      }
      return match === r.allowed;
    }
    case 'linear': {
      if (!evalFormula(r.guard, w)) return true;
      let sum = 0;
      for (let i = 0; i < r.vars.length; i++) sum += r.coefs[i] * w[r.vars[i]];
      return sum >= r.bound;
    }
    case 'card': {
      if (!evalFormula(r.guard, w)) return true;
      let n = 0;
      for (const x of r.xs) if (evalFormula(x, w)) n++;
      return n >= r.min && n <= r.max;
    }
  }
}

/** Per variable, the rules that read it (`Model.rulesOf`). */
export function rulesOf(vars: readonly Var[], rules: readonly Rule[]): number[][] {
  const of: number[][] = vars.map(() => []);
  rules.forEach((r, i) => {
    for (const v of r.scope) of[v].push(i);
  });
  return of;
}

/**
 * The order of the variables and their dependents by `when` (`Model.order`, `Model.dependents`),
 * from the options' `when` conditions. Throws {@link ModelError} for a cycle.
 */
export function whenStructure(options: readonly Option[], vars: readonly Var[], varById: ReadonlyMap<string, Var>): Pick<Model, 'order' | 'dependents'> {
  // The options a `when` names (not those its formula still reads after folding): the documented rule.
  const reads = options.map((o) =>
    o.when === undefined ? [] : conditionOptions(o.when).map((id) => varById.get(id)!.index).sort((a, b) => a - b),
  );
  return { order: whenOrder(vars, reads), dependents: dependentsOf(reads) };
}

/** Per table column: its `na` index, or -1; null when no column has `when` (`Rule` of kind `table`). */
export function tableNa(vars: readonly Var[]): Int32Array | null {
  return vars.some((v) => v.na >= 0) ? Int32Array.from(vars, (v) => v.na) : null;
}

/** A table's rows grouped by their value in its widest column (`Rule` of kind `table`), when it has enough rows to need it. */
export function tableLookup(vars: readonly Var[], rows: readonly Int32Array[]): { col: number; byValue: Int32Array[][] } | null {
  if (rows.length <= 16) return null;
  let col = 0;
  vars.forEach((v, j) => {
    if (v.size > vars[col].size) col = j;
  });
  const byValue: Int32Array[][] = Array.from({ length: vars[col].size }, () => []);
  for (const row of rows) {
    if (row[col] >= 0) byValue[row[col]].push(row);
    else for (const group of byValue) group.push(row);
  }
  return { col, byValue };
}

/** Every variable after the variables its `when` reads (file order otherwise); a cycle has no meaning. */
function whenOrder(vars: readonly Var[], reads: readonly number[][]): number[] {
  const { order, cycle } = readOrder(reads);
  if (cycle) {
    const v = cycle[0];
    throw new ModelError(
      cycle.length === 1
        ? `the 'when' of option '${vars[v].option.id}' names the option itself`
        : `the 'when' conditions of options ${[...cycle, v].map((u) => `'${vars[u].option.id}'`).join(' → ')} name each other in a cycle`,
      ['options', v, 'when'],
      'invalid-value',
    );
  }
  return order;
}

/** Per variable: the variables whose `when` reads it, directly or transitively. */
function dependentsOf(reads: readonly number[][]): number[][] {
  const direct: number[][] = reads.map(() => []);
  reads.forEach((us, v) => {
    for (const u of us) direct[u].push(v);
  });
  return direct.map((first, u) => {
    if (first.length === 0) return first;
    const seen = new Set<number>([u]);
    const queue = [...first];
    for (let i = 0; i < queue.length; i++) {
      const v = queue[i];
      if (seen.has(v)) continue;
      seen.add(v);
      queue.push(...direct[v]);
    }
    seen.delete(u);
    return [...seen].sort((a, b) => a - b);
  });
}
