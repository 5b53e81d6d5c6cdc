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
 */
import type { Condition, Constraint, Option, ProductFile } from '../schema/product-file.js';
import type { FileRef, SelectionValue } from '../types.js';
import { freeVariables, linearize, parseRelation } from '../expr/parse.js';
import { LIMITS, type Limits } from '../limits.js';
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

export const TRUE_F: Formula = { k: 'const', v: true };
export const FALSE_F: Formula = { k: 'const', v: false };

function micro(n: number): number {
  return Math.round(n * 1e6);
}

function makeVar(option: Option, index: number): Var {
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

/**
 * Whether every rule is an allowed-combination table without `when` or "does not apply" (an order
 * book), every option's domain has 1 to `maxDomain` values and the tables `maxRows` rows at most in
 * all: the shape the table search and the table counter work on.
 */
export function onlyAllowedTables(model: Model, maxDomain: number, maxRows: number): boolean {
  if (model.vars.length === 0 || model.when.some((w) => w !== null)) return false;
  if (model.vars.some((v) => v.size < 1 || v.size > maxDomain)) return false;
  let rows = 0;
  for (const r of model.rules) {
    if (r.kind !== 'table' || !r.allowed || r.na !== null) return false;
    rows += r.rows.length;
  }
  return rows <= maxRows;
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

// ---------------------------------------------------------------------------------------------
// Conditions → formulas
// ---------------------------------------------------------------------------------------------

function atomOfValues(v: Var, values: Array<string | boolean>, negate: boolean, path: Array<string | number>): Formula {
  const mask = new Uint8Array(v.size);
  for (const value of values) {
    const i = indexOfValue(v, value);
    if (typeof i === 'string') throw new ModelError(i, path, 'unknown-reference');
    mask[i] = 1;
  }
  if (negate) for (let i = 0; i < mask.length; i++) mask[i] ^= 1;
  return maskAtom(v.index, mask);
}

/** An atom from a mask, folded to a constant when it allows everything or nothing. */
export function maskAtom(v: number, mask: Uint8Array): Formula {
  let count = 0;
  for (const m of mask) count += m;
  if (count === 0) return FALSE_F;
  if (count === mask.length) return TRUE_F;
  return { k: 'atom', v, lo: 0, hi: mask.length - 1, mask };
}

/** An atom "lo ≤ index ≤ hi" over the real values of a number variable, folded when constant. */
export function rangeAtom(v: Var, lo: number, hi: number): Formula {
  lo = Math.max(lo, 0);
  hi = Math.min(hi, v.values - 1);
  if (lo > hi) return FALSE_F;
  if (lo === 0 && hi === v.size - 1) return TRUE_F;
  return { k: 'atom', v: v.index, lo, hi, mask: null };
}

/** "The option does not apply" (false for an option without `when`). */
export function naAtom(v: Var): Formula {
  if (v.na < 0) return FALSE_F;
  if (v.kind === 'number') return { k: 'atom', v: v.index, lo: v.na, hi: v.na, mask: null };
  const mask = new Uint8Array(v.size);
  mask[v.na] = 1;
  return { k: 'atom', v: v.index, lo: 0, hi: v.size - 1, mask };
}

function rangeOf(v: Var, min: number | undefined, max: number | undefined): Formula {
  const lo = min === undefined ? 0 : Math.ceil((micro(min) - v.minMicro) / v.stepMicro);
  const hi = max === undefined ? v.size - 1 : Math.floor((micro(max) - v.minMicro) / v.stepMicro);
  return rangeAtom(v, lo, hi);
}

function and(xs: Formula[]): Formula {
  const out: Formula[] = [];
  for (const x of xs) {
    if (x.k === 'const') {
      if (!x.v) return FALSE_F;
      continue;
    }
    if (x.k === 'and') out.push(...x.xs);
    else out.push(x);
  }
  return out.length === 0 ? TRUE_F : out.length === 1 ? out[0] : { k: 'and', xs: out };
}

function or(xs: Formula[]): Formula {
  const out: Formula[] = [];
  for (const x of xs) {
    if (x.k === 'const') {
      if (x.v) return TRUE_F;
      continue;
    }
    if (x.k === 'or') out.push(...x.xs);
    else out.push(x);
  }
  return out.length === 0 ? FALSE_F : out.length === 1 ? out[0] : { k: 'or', xs: out };
}

export function not(x: Formula): Formula {
  if (x.k === 'const') return x.v ? FALSE_F : TRUE_F;
  if (x.k === 'not') return x.x;
  return { k: 'not', x };
}

export function implies(a: Formula, b: Formula): Formula {
  return or([not(a), b]);
}

function iff(a: Formula, b: Formula): Formula {
  if (a.k === 'const') return a.v ? b : not(b);
  if (b.k === 'const') return b.v ? a : not(a);
  return { k: 'iff', a, b };
}

/** Compiles a condition; `budget` counts nodes so a hostile file cannot blow up memory. */
export function compileCondition(
  cond: Condition,
  varById: Map<string, Var>,
  path: Array<string | number>,
  budget: { nodes: number },
): Formula {
  if (--budget.nodes < 0) throw new ModelError('the product is too large to compile (too many conditions)', path, 'limit');
  if (typeof cond === 'boolean') return cond ? TRUE_F : FALSE_F;
  if ('all' in cond) return and(cond.all.map((c, i) => compileCondition(c, varById, [...path, 'all', i], budget)));
  if ('any' in cond) return or(cond.any.map((c, i) => compileCondition(c, varById, [...path, 'any', i], budget)));
  if ('not' in cond) return not(compileCondition(cond.not, varById, [...path, 'not'], budget));
  if ('implies' in cond) {
    const a = compileCondition(cond.implies[0], varById, [...path, 'implies', 0], budget);
    const b = compileCondition(cond.implies[1], varById, [...path, 'implies', 1], budget);
    return implies(a, b);
  }
  if ('iff' in cond) {
    const a = compileCondition(cond.iff[0], varById, [...path, 'iff', 0], budget);
    const b = compileCondition(cond.iff[1], varById, [...path, 'iff', 1], budget);
    return iff(a, b);
  }
  const v = varById.get(cond.option);
  if (!v) throw new ModelError(`option '${cond.option}' does not exist`, [...path, 'option'], 'unknown-reference');
  if ('is' in cond) return atomOfValues(v, Array.isArray(cond.is) ? cond.is : [cond.is], false, [...path, 'is']);
  if ('isNot' in cond) return atomOfValues(v, Array.isArray(cond.isNot) ? cond.isNot : [cond.isNot], true, [...path, 'isNot']);
  if ('set' in cond) {
    if (v.kind !== 'presence') throw new ModelError(`option '${v.option.id}' is not a text or file option`, [...path, 'set'], 'unknown-reference');
    // `set: false` is the negation of `set: true`: it holds when the option does not apply.
    const mask = Uint8Array.of(cond.set ? 0 : 1, cond.set ? 1 : 0, cond.set ? 0 : 1).subarray(0, v.size);
    return maskAtom(v.index, mask);
  }
  if (v.kind !== 'number') throw new ModelError(`option '${v.option.id}' is not a number option`, [...path, 'option'], 'unknown-reference');
  return rangeOf(v, cond.min, cond.max);
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

// ---------------------------------------------------------------------------------------------
// Linear relations → integer form over value indices
// ---------------------------------------------------------------------------------------------

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * `Σ a_i·x_i op c` over option values becomes one or two `Σ b_i·k_i ≥ bound` over value indices
 * (x_i = min_i + k_i·step_i), scaled to integers.
 */
function linearRules(
  c: Extract<Constraint, { type: 'linear' }>,
  index: number,
  guard: Formula,
  varById: Map<string, Var>,
): Rule[] {
  const path = ['constraints', index, 'relation'];
  const parsed = parseRelation(c.relation);
  if (!parsed.ok) throw new ModelError(`constraint '${c.id}': ${parsed.message}`, path);
  const lin = linearize(parsed.relation, (id) => varById.get(id)?.kind === 'number');
  if (!lin.ok) throw new ModelError(`constraint '${c.id}': ${lin.message}`, path);
  // Work in bigint rationals over micro-units: value_i = (minMicro + k·stepMicro) / 1e6.
  let constNum = lin.constant.n * 1_000_000n;
  let constDen = lin.constant.d;
  const terms: Array<{ v: Var; num: bigint; den: bigint }> = [];
  for (const t of lin.terms) {
    const v = varById.get(t.option)!;
    // a·(minMicro + k·stepMicro) → coefficient a·stepMicro on k, and a·minMicro moved to the right.
    const num = t.coefficient.n * BigInt(v.stepMicro);
    terms.push({ v, num, den: t.coefficient.d });
    const shiftNum = t.coefficient.n * BigInt(v.minMicro);
    const shiftDen = t.coefficient.d;
    constNum = constNum * shiftDen - shiftNum * constDen;
    constDen = constDen * shiftDen;
  }
  // Common denominator.
  let lcm = constDen < 0n ? -constDen : constDen;
  for (const t of terms) lcm = (lcm / gcd(lcm, t.den)) * (t.den < 0n ? -t.den : t.den);
  const coefs = terms.map((t) => (t.num * lcm) / t.den);
  // Make the coefficients coprime to keep numbers small.
  let g = 0n;
  for (const x of coefs) g = gcd(g, x);
  const toNumber = (x: bigint): number => {
    if (x > BigInt(Number.MAX_SAFE_INTEGER) / 1_000_000n || x < -BigInt(Number.MAX_SAFE_INTEGER) / 1_000_000n) {
      throw new ModelError(`constraint '${c.id}': the numbers in this relation are too large`, path, 'limit');
    }
    return Number(x);
  };
  const vars = terms.map((t) => t.v.index);
  // Only checked when every option it names applies (terms that cancel out included).
  guard = and([guard, ...freeVariables(parsed.relation).map((id) => not(naAtom(varById.get(id)!)))]);
  const scope = [...new Set([...vars, ...formulaVars(guard, new Set())])];
  const make = (cs: bigint[], b: bigint): Rule => ({
    kind: 'linear',
    index,
    scope,
    guard,
    vars,
    coefs: cs.map(toNumber),
    bound: toNumber(b),
  });
  // Σ coefs·k is an integer: against a rational right-hand side, ≥ rounds it up and ≤ down.
  const ceilDiv = (a: bigint, b: bigint) => (a >= 0n ? (a + b - 1n) / b : -(-a / b));
  const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));
  // The right-hand side is the rational num / den (den > 0).
  const num = constNum * lcm;
  const den = constDen;
  const norm = (cs: bigint[], b: bigint): [bigint[], bigint] => {
    if (g > 1n) return [cs.map((x) => x / g), ceilDiv(b, g)];
    return [cs, b];
  };
  const ge = () => norm(coefs, ceilDiv(num, den)); // Σ ≥ c
  const le = () => norm(coefs.map((x) => -x), -floorDiv(num, den)); // Σ ≤ c  ⇔  −Σ ≥ −c
  switch (lin.op) {
    case '>=':
      return [make(...ge())];
    case '<=':
      return [make(...le())];
    case '>': {
      // Σ > c ⇔ Σ ≥ floor(c) + 1 for an integer Σ.
      return [make(...norm(coefs, floorDiv(num, den) + 1n))];
    }
    case '<':
      return [make(...norm(coefs.map((x) => -x), -(ceilDiv(num, den) - 1n)))];
    case '==':
      return [make(...ge()), make(...le())];
  }
}

// ---------------------------------------------------------------------------------------------
// The whole model
// ---------------------------------------------------------------------------------------------

function tableRule(c: Extract<Constraint, { type: 'table' }>, index: number, varById: Map<string, Var>): Rule {
  const vars = c.options.map((id, j) => {
    const v = varById.get(id);
    if (!v) throw new ModelError(`constraint '${c.id}': option '${id}' does not exist`, ['constraints', index, 'options', j], 'unknown-reference');
    if (v.kind !== 'choice' && v.kind !== 'boolean') {
      throw new ModelError(`constraint '${c.id}': option '${id}' is not a choice or boolean option`, ['constraints', index, 'options', j], 'unknown-reference');
    }
    return v;
  });
  const rows = c.rows.map((row, r) => {
    const out = new Int32Array(vars.length);
    for (let j = 0; j < vars.length; j++) {
      const cell = row[j];
      if (cell === '*') {
        out[j] = -1;
        continue;
      }
      const i = indexOfValue(vars[j], cell);
      if (typeof i === 'string') throw new ModelError(`constraint '${c.id}': ${i}`, ['constraints', index, 'rows', r, j], 'unknown-reference');
      out[j] = i;
    }
    return out;
  });
  const varIdx = vars.map((v) => v.index);
  let lookup: { col: number; byValue: Int32Array[][] } | null = null;
  if (rows.length > 16) {
    let col = 0;
    vars.forEach((v, j) => {
      if (v.size > vars[col].size) col = j;
    });
    const byValue: Int32Array[][] = Array.from({ length: vars[col].size }, () => []);
    for (const row of rows) {
      if (row[col] >= 0) byValue[row[col]].push(row);
      else for (const group of byValue) group.push(row);
    }
    lookup = { col, byValue };
  }
  const na = vars.some((v) => v.na >= 0) ? Int32Array.from(vars, (v) => v.na) : null;
  return { kind: 'table', index, scope: [...new Set(varIdx)], allowed: c.mode === 'allowed', vars: varIdx, rows, na, lookup };
}

/** Builds the finite model of a (checked) product file. Throws {@link ModelError}. */
export function buildModel(file: ProductFile, limits: Limits = LIMITS): Model {
  const vars = file.options.map(makeVar);
  const varById = new Map(vars.map((v) => [v.option.id, v]));
  const budget = { nodes: limits.maxCompiledNodes };
  const rules: Rule[] = [];
  const cond = (c: Condition | undefined, path: Array<string | number>) =>
    c === undefined ? TRUE_F : compileCondition(c, varById, path, budget);
  file.constraints.forEach((c, index) => {
    const path = ['constraints', index];
    const formulaRule = (f: Formula): Rule => ({ kind: 'formula', index, scope: [...formulaVars(f, new Set())], f });
    switch (c.type) {
      case 'requires':
        rules.push(formulaRule(implies(cond(c.if, [...path, 'if']), cond(c.then, [...path, 'then']))));
        break;
      case 'excludes':
        rules.push(formulaRule(implies(cond(c.if, [...path, 'if']), not(cond(c.then, [...path, 'then'])))));
        break;
      case 'rule':
        rules.push(formulaRule(cond(c.assert, [...path, 'assert'])));
        break;
      case 'domain': {
        const v = varById.get(c.option);
        if (!v) throw new ModelError(`constraint '${c.id}': option '${c.option}' does not exist`, [...path, 'option'], 'unknown-reference');
        let target: Formula;
        if (v.kind === 'number') target = rangeOf(v, c.min, c.max);
        else target = atomOfValues(v, c.values ?? [], false, [...path, 'values']);
        // Only checked when the option applies.
        rules.push(formulaRule(implies(cond(c.if, [...path, 'if']), or([naAtom(v), target]))));
        break;
      }
      case 'table':
        rules.push(tableRule(c, index, varById));
        break;
      case 'linear':
        rules.push(...linearRules(c, index, cond(c.if, [...path, 'if']), varById));
        break;
      case 'cardinality': {
        const guard = cond(c.if, [...path, 'if']);
        const xs = c.of.map((x, i) => cond(x, [...path, 'of', i]));
        const scope = new Set<number>();
        formulaVars(guard, scope);
        for (const x of xs) formulaVars(x, scope);
        rules.push({ kind: 'card', index, scope: [...scope], guard, xs, min: c.min ?? 0, max: c.max ?? xs.length });
        break;
      }
    }
  });
  const when = file.options.map((o, i) => (o.when === undefined ? null : cond(o.when, ['options', i, 'when'])));
  when.forEach((w, v) => {
    if (w === null) return;
    // x does not apply exactly when its condition does not hold.
    const f = iff(naAtom(vars[v]), not(w));
    rules.push({ kind: 'formula', index: -1, scope: [...formulaVars(f, new Set())], f });
  });
  const rulesOf: number[][] = vars.map(() => []);
  rules.forEach((r, i) => {
    for (const v of r.scope) rulesOf[v].push(i);
  });
  // The options a `when` names (not those its formula still reads after folding): the documented rule.
  const reads = file.options.map((o) =>
    o.when === undefined ? [] : conditionOptions(o.when).map((id) => varById.get(id)!.index).sort((a, b) => a - b),
  );
  return { vars, varById, rules, rulesOf, when, order: whenOrder(vars, reads), dependents: dependentsOf(reads) };
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
