/**
 * The shape of conditions, checked by hand. A condition is a union of ten forms; zod's union error
 * cannot tell which form the manufacturer meant, so the form is chosen from the keys that are present
 * (`option` + `is` → an "is" test, `all` → a conjunction …) and only that form's rules are reported.
 */
import * as z from 'zod/mini';
import { Decimal, Id, ValueOrValues } from '../schema/product-file.js';
import { LIMITS } from '../limits.js';
import { expectedParams, receivedParams } from '../issues/issue.js';
import type { IssueFactory } from '../issues/issue.js';
import type { ProductIssue } from '../types.js';
import { mapZodIssues } from './zod-issues.js';
import { suggest } from './suggest.js';

type Path = Array<string | number>;

const COMBINATORS = ['all', 'any', 'not', 'implies', 'iff'] as const;
const TESTS = ['is', 'isNot', 'set', 'min', 'max'] as const;
const CONDITION_KEYS = ['option', ...TESTS, ...COMBINATORS];
const Bool = z.boolean();

/**
 * The length of the prefix of `path` that is the root of a condition, or -1 when `path` is not inside
 * a condition. Roots: a constraint's `if`/`then`/`assert`, each `of[i]` of a cardinality, a line's
 * `if`, an option's `when`.
 */
export function conditionRootLength(path: readonly (string | number)[]): number {
  const [a, b, c, d] = path;
  if (a === 'options' && typeof b === 'number' && c === 'when') return 3;
  if (a === 'constraints' && typeof b === 'number') {
    if (c === 'if' || c === 'then' || c === 'assert') return 3;
    if (c === 'of' && typeof d === 'number') return 4;
  }
  if ((a === 'pricing' || a === 'leadTime') && b === 'lines' && typeof c === 'number' && d === 'if') return 4;
  return -1;
}

function leaf(schema: z.ZodMiniType, value: unknown, path: Path, data: unknown, mk: IssueFactory, out: ProductIssue[]): void {
  const r = schema.safeParse(value);
  if (!r.success) mapZodIssues(r.error.issues, path, data, mk, out);
}

/** Checks that `value` (found at `path` in `data`) is a well-formed condition; iterative over sub-conditions. */
export function checkConditionShape(value: unknown, path: Path, data: unknown, mk: IssueFactory, out: ProductIssue[]): void {
  const stack: Array<[unknown, Path]> = [[value, path]];
  while (stack.length > 0) {
    const [v, p] = stack.pop()!;
    if (typeof v === 'boolean') continue;
    if (v === undefined) {
      out.push(mk('required', p, { key: String(p[p.length - 1] ?? '') }));
      continue;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      out.push(mk('type', p, { kind: 'condition', ...receivedParams(v) }));
      continue;
    }
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    const suggested = new Set<string>();
    for (const key of keys) {
      if (!CONDITION_KEYS.includes(key)) {
        const suggestion = suggest(key, CONDITION_KEYS);
        if (suggestion) suggested.add(suggestion);
        out.push(mk('unknown-key', [...p, key], suggestion ? { kind: 'suggest', key, suggestion } : { key }));
      }
    }
    const combinators = COMBINATORS.filter((k) => Object.hasOwn(obj, k));
    const tests = TESTS.filter((k) => Object.hasOwn(obj, k));
    const hasOption = Object.hasOwn(obj, 'option');
    const forms = combinators.length + (hasOption || tests.length > 0 ? 1 : 0);
    const testForms = tests.filter((t) => t !== 'max' || !tests.includes('min')).length;
    if (forms > 1 || testForms > 1) {
      const present = [...(hasOption ? ['option'] : []), ...tests, ...combinators].map((k) => `'${k}'`).join(', ');
      out.push(mk('invalid-value', p, { kind: 'condition-forms', keys: present }));
      continue;
    }
    if (combinators.length === 1) {
      const key = combinators[0]!;
      const inner = obj[key];
      if (key === 'not') {
        stack.push([inner, [...p, key]]);
        continue;
      }
      if (!Array.isArray(inner)) {
        out.push(mk('type', [...p, key], { ...expectedParams(['conditions']), ...receivedParams(inner) }));
        continue;
      }
      if (key === 'implies' || key === 'iff') {
        if (inner.length !== 2) {
          out.push(mk('invalid-value', [...p, key], { kind: 'tuple', count: 2 }));
          continue;
        }
      } else if (inner.length === 0) {
        out.push(mk('invalid-value', [...p, key], { kind: 'too-few', minimum: 1 }));
        continue;
      } else if (inner.length > LIMITS.maxConditionArity) {
        out.push(mk('invalid-value', [...p, key], { kind: 'too-many', maximum: LIMITS.maxConditionArity, count: inner.length }));
        continue;
      }
      for (let i = inner.length - 1; i >= 0; i--) stack.push([inner[i], [...p, key, i]]);
      continue;
    }
    if (!hasOption) {
      // A misspelt `option` was reported as an unknown key with a suggestion already.
      if (tests.length > 0) {
        if (!suggested.has('option')) out.push(mk('required', [...p, 'option'], { key: 'option' }));
      }
      else out.push(mk('required', p, { kind: 'condition-form', key: 'option' }));
      continue;
    }
    leaf(Id, obj.option, [...p, 'option'], data, mk, out);
    if (tests.length === 0) {
      out.push(mk('required', p, { kind: 'condition-test', key: 'is', option: typeof obj.option === 'string' ? obj.option : '?' }));
      continue;
    }
    for (const t of tests) {
      const schema = t === 'is' || t === 'isNot' ? ValueOrValues : t === 'set' ? Bool : Decimal;
      leaf(schema, obj[t], [...p, t], data, mk, out);
    }
  }
}
