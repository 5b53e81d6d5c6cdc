/**
 * Direct evaluation of conditions on (possibly partial) assignments: the reference semantics of the
 * product file. The compiled engine must agree with it; the property tests check that it does.
 *
 * Options with `when`: an option whose condition does not hold does not apply and has no value. In
 * conditions, a test asserting a value of it (`is`, `min`/`max`, `set: true`) is false and its
 * negation (`isNot`, `set: false`) true, whatever `values` holds for it.
 */
import type { Condition, Option } from '../schema/product-file.js';
import type { SelectionValue } from '../types.js';

/** Option id → value; a missing key (or `undefined`) means "not chosen yet". */
export type Assignment = Readonly<Record<string, SelectionValue | null | undefined>>;

/** Three-valued truth: `undefined` when the options the condition reads are not all chosen. */
export type Truth = boolean | undefined;

/** Whether an option applies: `false` when its `when` does not hold, `undefined` while that is not known. */
export type Applies = (option: string) => Truth;

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
 * against the file, so every id resolves). `applies` (from {@link applicability}) says which options
 * do not apply; without it every option applies.
 */
export function evaluateCondition(
  cond: Condition,
  values: Assignment,
  optionOf: (id: string) => Option | undefined,
  applies?: Applies,
): Truth {
  if (typeof cond === 'boolean') return cond;
  if ('all' in cond) {
    let result: Truth = true;
    for (const c of cond.all) {
      const t = evaluateCondition(c, values, optionOf, applies);
      if (t === false) return false;
      if (t === undefined) result = undefined;
    }
    return result;
  }
  if ('any' in cond) {
    let result: Truth = false;
    for (const c of cond.any) {
      const t = evaluateCondition(c, values, optionOf, applies);
      if (t === true) return true;
      if (t === undefined) result = undefined;
    }
    return result;
  }
  if ('not' in cond) {
    const t = evaluateCondition(cond.not, values, optionOf, applies);
    return t === undefined ? undefined : !t;
  }
  if ('implies' in cond) {
    const a = evaluateCondition(cond.implies[0], values, optionOf, applies);
    if (a === false) return true;
    const b = evaluateCondition(cond.implies[1], values, optionOf, applies);
    if (b === true) return true;
    return a === true && b === false ? false : undefined;
  }
  if ('iff' in cond) {
    const a = evaluateCondition(cond.iff[0], values, optionOf, applies);
    const b = evaluateCondition(cond.iff[1], values, optionOf, applies);
    return a === undefined || b === undefined ? undefined : a === b;
  }
  if (applies?.(cond.option) === false) {
    // No value: a test asserting one is false, its negation true.
    if ('isNot' in cond) return true;
    if ('set' in cond) return !cond.set;
    return false;
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

/** The option ids a condition reads, each once, in the order first met (iterative: conditions nest deep). */
export function conditionOptions(cond: Condition): string[] {
  const out = new Set<string>();
  const stack: Condition[] = [cond];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (typeof c === 'boolean') continue;
    if ('all' in c) stack.push(...c.all);
    else if ('any' in c) stack.push(...c.any);
    else if ('not' in c) stack.push(c.not);
    else if ('implies' in c) stack.push(...c.implies);
    else if ('iff' in c) stack.push(...c.iff);
    else out.add(c.option);
  }
  return [...out];
}

/**
 * Indices `0…n-1`, each after the indices it reads (`reads[i]`): repeatedly the smallest index whose
 * reads all came before, so the order is file order wherever the reads allow. `cycle` is null, or a
 * cycle (each index reads the next, the last reads the first); indices caught in or behind a cycle
 * come last, in index order, so the order lists every index once.
 */
export function readOrder(reads: ReadonlyArray<readonly number[]>): { order: number[]; cycle: number[] | null } {
  const n = reads.length;
  if (reads.every((us) => us.length === 0)) return { order: reads.map((_, i) => i), cycle: null };
  const placed = new Uint8Array(n);
  const order: number[] = [];
  // After each index placed, look again from the first one not placed (quadratic at worst, and only
  // for products with `when`s).
  let first = 0;
  for (let v = 0; v < n; v++) {
    if (placed[v] || !reads[v].every((u) => placed[u] && u !== v)) continue;
    placed[v] = 1;
    order.push(v);
    while (placed[first]) first++;
    v = first - 1;
  }
  if (order.length === n) return { order, cycle: null };
  const rest = reads.map((_, i) => i).filter((i) => !placed[i]);
  // Every index left reads one that is left: walk those reads until one repeats.
  const path: number[] = [];
  const at = new Map<number, number>();
  for (let v = rest[0]; !at.has(v); v = reads[v].find((u) => !placed[u])!) {
    at.set(v, path.length);
    path.push(v);
  }
  const repeated = reads[path[path.length - 1]].find((u) => !placed[u])!;
  return { order: [...order, ...rest], cycle: path.slice(at.get(repeated)) };
}

interface WhenInfo {
  byId: Map<string, Option>;
  /** Option indices, each after the options its `when` reads. */
  order: number[];
}
const whenInfos = new WeakMap<readonly Option[], WhenInfo>();

function whenInfo(options: readonly Option[]): WhenInfo {
  let info = whenInfos.get(options);
  if (!info) {
    const byId = new Map(options.map((o) => [o.id, o]));
    const index = new Map(options.map((o, i) => [o.id, i]));
    const reads = options.map((o) =>
      o.when === undefined ? [] : conditionOptions(o.when).map((id) => index.get(id)).filter((i): i is number => i !== undefined),
    );
    info = { byId, order: readOrder(reads).order };
    whenInfos.set(options, info);
  }
  return info;
}

/**
 * Which options apply on (possibly partial) `values`: an option without `when` always does; one with
 * `when` exactly when its condition holds on `values` (read with this same rule). `undefined` while
 * the condition reads an option without a value. Values given for options that do not apply are
 * ignored by the conditions that read them.
 */
export function applicability(options: readonly Option[], values: Assignment): Applies {
  const info = whenInfo(options);
  const known = new Map<string, Truth>();
  const applies: Applies = (id) => (known.has(id) ? known.get(id) : info.byId.get(id)?.when === undefined ? true : undefined);
  const optionOf = (id: string) => info.byId.get(id);
  for (const i of info.order) {
    const o = options[i];
    if (o.when !== undefined) known.set(o.id, evaluateCondition(o.when, values, optionOf, applies));
  }
  return applies;
}
