/**
 * Direct evaluation of conditions on (possibly partial) assignments: the reference semantics of the
 * product file. The compiled engine must agree with it; the property tests check that it does.
 */
import type { Condition, Option } from '../schema/product-file.js';
import type { SelectionValue } from '../types.js';

/** Option id → value; a missing key (or `undefined`) means "not chosen yet". */
export type Assignment = Readonly<Record<string, SelectionValue | null | undefined>>;

/** Three-valued truth: `undefined` when the options the condition reads are not all chosen. */
export type Truth = boolean | undefined;

/** Numbers in product files have at most 6 decimals: compare them as scaled integers. */
export function micro(n: number): number {
  return Math.round(n * 1e6);
}

function asList(v: string | boolean | Array<string | boolean>): Array<string | boolean> {
  return Array.isArray(v) ? v : [v];
}

/** Whether a text/file value counts as filled in. */
export function isPresent(value: SelectionValue | null | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return false;
  return true;
}

/**
 * Evaluates `cond` on `values`. `optionOf` resolves option ids (the condition has been checked
 * against the file, so every id resolves).
 */
export function evaluateCondition(
  cond: Condition,
  values: Assignment,
  optionOf: (id: string) => Option | undefined,
): Truth {
  if (typeof cond === 'boolean') return cond;
  if ('all' in cond) {
    let result: Truth = true;
    for (const c of cond.all) {
      const t = evaluateCondition(c, values, optionOf);
      if (t === false) return false;
      if (t === undefined) result = undefined;
    }
    return result;
  }
  if ('any' in cond) {
    let result: Truth = false;
    for (const c of cond.any) {
      const t = evaluateCondition(c, values, optionOf);
      if (t === true) return true;
      if (t === undefined) result = undefined;
    }
    return result;
  }
  if ('not' in cond) {
    const t = evaluateCondition(cond.not, values, optionOf);
    return t === undefined ? undefined : !t;
  }
  if ('implies' in cond) {
    const a = evaluateCondition(cond.implies[0], values, optionOf);
    if (a === false) return true;
    const b = evaluateCondition(cond.implies[1], values, optionOf);
    if (b === true) return true;
    return a === true && b === false ? false : undefined;
  }
  if ('iff' in cond) {
    const a = evaluateCondition(cond.iff[0], values, optionOf);
    const b = evaluateCondition(cond.iff[1], values, optionOf);
    return a === undefined || b === undefined ? undefined : a === b;
  }
  const value = values[cond.option];
  if (value === undefined) return undefined;
  if ('is' in cond) return asList(cond.is).some((v) => v === value);
  if ('isNot' in cond) return !asList(cond.isNot).some((v) => v === value);
  if ('set' in cond) return isPresent(value) === cond.set;
  // Range condition on a number option.
  if (typeof value !== 'number') return false;
  const v = micro(value);
  if (cond.min !== undefined && v < micro(cond.min)) return false;
  if (cond.max !== undefined && v > micro(cond.max)) return false;
  return optionOf(cond.option) === undefined ? undefined : true;
}
