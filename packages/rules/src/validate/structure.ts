/**
 * The shop path's structural checks of a product file, without zod: a small interpreter of the
 * description in `../schema/structure.generated.ts`, which `scripts/write-structure.ts` generates
 * from the zod schema (`../schema/product-file.ts`, the one definition of the format). It does what
 * zod's parse does with that schema, step for step: the same verdict, the same parsed value (a new
 * object and array for every one of the input's, defaults filled in, the first union option that
 * passes), and issues with zod's codes and paths, in zod's order. Tests hold it to that
 * (`structure.test.ts`, a differential property test against zod; a stale description fails
 * `structure.test.ts` too). Why: zod's core with the schema is ≈ 12 KB min+gzip of what a shop page
 * would download; this and its table are ≈ 3. @c2m/client checks the server's answers with it too
 * (through `@c2m/rules/structure`, its own generated description), so a page has no zod at all.
 */

/** A check of a string, number or array, in the order zod runs them. */
export type StructureCheck =
  | readonly ['min' | 'max', number]
  | readonly ['ge' | 'gt' | 'le' | 'lt', number]
  | readonly ['re', RegExp]
  | readonly ['re', RegExp, string]
  | readonly ['int']
  | readonly ['fn', (value: never) => boolean];

/**
 * One schema node; children are indexes into the node table.
 * `s` string, `n` number, `b` boolean, `l` one of these values (literal, enum), `a` array,
 * `t` tuple, `o` object (without a mode: no other keys, zod's strictObject; `strip`: other keys
 * dropped, zod's object; `keep`: other keys kept as they are, zod's looseObject), `r` record (key
 * node, value node), `u` union (the first option that passes), `d` discriminated union (key, [value,
 * option] pairs), `?` optional, `N` nullable, `=` default (node, the value when absent). A `re` check
 * may name its format (`datetime`): zod's string formats that are a pattern and nothing else.
 */
export type StructureNode =
  | readonly ['s' | 'n', readonly StructureCheck[]]
  | readonly ['b']
  | readonly ['l', readonly unknown[]]
  | readonly ['a', number, readonly StructureCheck[]]
  | readonly ['t', readonly number[]]
  | readonly ['o', Readonly<Record<string, number>>]
  | readonly ['o', Readonly<Record<string, number>>, 'strip' | 'keep']
  | readonly ['r', number, number]
  | readonly ['u', readonly number[]]
  | readonly ['d', string, ReadonlyArray<readonly [unknown, number]>]
  | readonly ['?' | 'N', number]
  | readonly ['=', number, unknown];

/**
 * A structural problem, as zod would report it: its code, path, and for unknown keys the keys.
 * {@link issueDetails} adds what was expected (the shop path needs only the code and path, and
 * does not carry the code that works the rest out).
 */
export interface StructureIssue {
  code: string;
  path: PropertyKey[];
  keys?: string[];
  /** zod's `continue`: true when later checks of the same value still run, false when none do. */
  continue?: boolean;
  /** The node or check that refused the value, and the value (for {@link issueDetails}). */
  at?: StructureNode | StructureCheck;
  input?: unknown;
}

/**
 * The members of zod's issue that say what was expected, enough to word it: `expected` (and
 * `format`) for `invalid_type`, `values` for `invalid_value`, `format` for `invalid_format`,
 * `minimum`/`maximum` and `origin` (what was measured: `string`, `array`, `number`, `int`) for
 * `too_small`/`too_big`.
 */
export interface StructureIssueDetails extends StructureIssue {
  expected?: string;
  values?: readonly unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  origin?: string;
}

/** The outcome: the parsed value, or the issues. */
export type StructureResult = { ok: true; value: unknown } | { ok: false; issues: StructureIssue[] };

type Issues = StructureIssue[];

const isObject = (v: unknown): v is Record<PropertyKey, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** zod's `isPlainObject` (what a record accepts). */
function isPlainObject(o: unknown): o is Record<PropertyKey, unknown> {
  if (!isObject(o)) return false;
  const ctor = o.constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const prot: unknown = ctor.prototype;
  return isObject(prot) && Object.prototype.hasOwnProperty.call(prot, 'isPrototypeOf');
}

/** Whether an issue stops the checks that follow (`continue` not true). */
const aborting = (issues: Issues, from: number) => issues.slice(from).some((i) => i.continue !== true);

/** Runs `checks` on a value of the right type, as zod's check loop does (which run after an issue). */
function runChecks(checks: readonly StructureCheck[], value: unknown, path: PropertyKey[], issues: Issues, start: number): void {
  let aborted = aborting(issues, start);
  for (const check of checks) {
    const [kind, arg] = check;
    if (kind === 'min' || kind === 'max') {
      // Length checks run after an issue too (even on a value of the wrong type that has a
      // length), unless one said stop.
      if (value == null || (value as { length?: unknown }).length === undefined || issues.slice(start).some((i) => i.continue === false)) continue;
    } else if (aborted) continue;
    const before = issues.length;
    const n = value as number;
    const length = (value as { length: number }).length;
    const fail = (code: string, stop?: false) => issues.push({ code, path, continue: stop ?? true, at: check, input: value });
    if (kind === 'min') length < arg && fail('too_small');
    else if (kind === 'max') length > arg && fail('too_big');
    else if (kind === 're') (arg.lastIndex = 0), arg.test(value as string) || fail('invalid_format');
    else if (kind === 'ge') n < arg && fail('too_small');
    else if (kind === 'gt') n <= arg && fail('too_small');
    else if (kind === 'le') n > arg && fail('too_big');
    else if (kind === 'lt') n >= arg && fail('too_big');
    else if (kind === 'fn') arg(value as never) || fail('custom');
    else if (!Number.isInteger(n)) fail('invalid_type', false);
    else if (!Number.isSafeInteger(n)) fail(n > 0 ? 'too_big' : 'too_small');
    if (!aborted) aborted = aborting(issues, before);
  }
}

/** Parses `value` with node `i`, pushing issues; returns the parsed value. */
function run(nodes: readonly StructureNode[], i: number, value: unknown, path: PropertyKey[], issues: Issues): unknown {
  const node = nodes[i]!;
  const start = issues.length;
  const type = () => {
    issues.push({ code: 'invalid_type', path, at: node });
    return value;
  };
  const at = (key: PropertyKey) => [...path, key];
  switch (node[0]) {
    case 's':
    case 'n':
      if (node[0] === 's' ? typeof value !== 'string' : typeof value !== 'number' || !Number.isFinite(value)) type();
      runChecks(node[1], value, path, issues, start);
      return value;
    case 'b':
      return typeof value === 'boolean' ? value : type();
    case 'l':
      if (!node[1].includes(value)) issues.push({ code: 'invalid_value', path, at: node });
      return value;
    case 'a': {
      if (!Array.isArray(value)) {
        type();
        runChecks(node[2], value, path, issues, start);
        return value;
      }
      const out: unknown[] = Array(value.length);
      for (let k = 0; k < value.length; k++) out[k] = run(nodes, node[1], value[k], at(k), issues);
      runChecks(node[2], value, path, issues, start);
      return out;
    }
    case 't': {
      if (!Array.isArray(value)) return type();
      const items = node[1];
      if (value.length < items.length) {
        issues.push({ code: 'too_small', path, at: node });
        return [];
      }
      if (value.length > items.length) issues.push({ code: 'too_big', path, at: node });
      return items.map((item, k) => run(nodes, item, value[k], at(k), issues));
    }
    case 'o': {
      if (!isObject(value)) return type();
      const out: Record<string, unknown> = {};
      const shape = node[1];
      for (const key of Object.keys(shape)) {
        const child = shape[key]!;
        const kind = nodes[child]![0];
        const present = key in value;
        // An absent optional key stays absent; an absent defaulted one gets its default.
        if (!present && kind === '?') continue;
        const before = issues.length;
        const result = run(nodes, child, value[key], at(key), issues);
        if (!present && kind !== '=') {
          if (issues.length === before) issues.push({ code: 'invalid_type', path: at(key) });
          continue;
        }
        if (result !== undefined || present || kind === '=') out[key] = result;
      }
      const mode = node[2];
      if (mode === 'strip') return out;
      const unknown: string[] = [];
      for (const key in value) if (!Object.hasOwn(shape, key)) unknown.push(key);
      // Kept as they are, but an own `__proto__` (it would set the copy's prototype).
      if (mode === 'keep') for (const key of unknown) key === '__proto__' || (out[key] = value[key]);
      else if (unknown.length > 0) issues.push({ code: 'unrecognized_keys', path, keys: unknown, continue: true });
      return out;
    }
    case 'r': {
      if (!isPlainObject(value)) return type();
      const out: Record<PropertyKey, unknown> = {};
      for (const key of Reflect.ownKeys(value)) {
        if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(value, key)) continue;
        const keyIssues: Issues = [];
        run(nodes, node[1], key, [], keyIssues);
        if (keyIssues.length > 0) issues.push({ code: 'invalid_key', path: at(key) });
        else out[key] = run(nodes, node[2], value[key], at(key), issues);
      }
      return out;
    }
    case 'u': {
      const results: Array<[unknown, Issues]> = [];
      for (const option of node[1]) {
        const own: Issues = [];
        const result = run(nodes, option, value, path, own);
        if (own.length === 0) return result;
        results.push([result, own]);
      }
      // zod: when exactly one option failed without stopping, its issues are the union's.
      const going = results.filter(([, own]) => !aborting(own, 0));
      if (going.length === 1) {
        issues.push(...going[0]![1]);
        return going[0]![0];
      }
      issues.push({ code: 'invalid_union', path });
      return value;
    }
    case 'd': {
      if (!isObject(value)) return type();
      const option = node[2].find(([v]) => v === value[node[1]]);
      if (option) return run(nodes, option[1], value, path, issues);
      issues.push({ code: 'invalid_union', path: at(node[1]) });
      return value;
    }
    case '?':
      return value === undefined ? value : run(nodes, node[1], value, path, issues);
    case 'N':
      return value === null ? value : run(nodes, node[1], value, path, issues);
    case '=': {
      const result = value === undefined ? undefined : run(nodes, node[1], value, path, issues);
      if (result !== undefined) return result;
      const fallback = node[2];
      return Array.isArray(fallback) ? [...(fallback as unknown[])] : isObject(fallback) ? { ...fallback } : fallback;
    }
  }
}

/**
 * Parses `data` with the description `nodes`, from node `root` (a description of several schemas
 * has one root each), as zod's `safeParse` does with its schema.
 */
export function parseStructure(nodes: readonly StructureNode[], data: unknown, root = 0): StructureResult {
  const issues: Issues = [];
  const value = run(nodes, root, data, [], issues);
  return issues.length === 0 ? { ok: true, value } : { ok: false, issues };
}

/** zod's `expected` of a value of the wrong type, by node kind. */
const EXPECTED: Readonly<Record<string, string>> = { s: 'string', n: 'number', b: 'boolean', a: 'array', t: 'tuple', o: 'object', r: 'record', d: 'object', int: 'int' };

/**
 * `issue` with what was expected, as zod's issue says it (`expected`, `values`, `format`,
 * `minimum`/`maximum`, `origin`): for wording it (the client's `describeIssue`).
 */
export function issueDetails(issue: StructureIssue): StructureIssueDetails {
  const { at, input, ...rest } = issue;
  if (!at) return rest;
  const [kind, arg] = at as readonly [string, unknown, unknown?];
  const big = issue.code === 'too_big';
  switch (issue.code) {
    case 'invalid_type':
      return { ...rest, expected: EXPECTED[kind], ...(kind === 'int' && { format: 'safeint' }) };
    case 'invalid_value':
      return { ...rest, values: arg as unknown[] };
    case 'invalid_format':
      return { ...rest, format: (at[2] as string | undefined) ?? 'regex', origin: 'string' };
    case 'too_small':
    case 'too_big': {
      const [bound, origin] =
        kind === 'int'
          ? [big ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER, 'int']
          : kind === 't'
            ? [(arg as number[]).length, 'array']
            : [arg as number, kind === 'min' || kind === 'max' ? (Array.isArray(input) ? 'array' : typeof input === 'string' ? 'string' : 'unknown') : 'number'];
      return { ...rest, [big ? 'maximum' : 'minimum']: bound, origin };
    }
  }
  return rest;
}
