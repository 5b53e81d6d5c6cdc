/**
 * Text that cannot be stored: U+0000, which no PostgreSQL `text` or `jsonb` value may hold, and
 * unpaired surrogates, which are not Unicode at all (UTF-8 cannot encode them: a JSON encoder
 * escapes them and a strict parser refuses the escape; a text encoder silently turns them into
 * U+FFFD). A product file or a specification carrying either would be accepted by every check and
 * then refused by the database on every retry, so both are refused up front, with their place.
 */
import type { IssueFactory } from '../issues/issue.js';
import type { ProductIssue } from '../types.js';
import { findUnstorableCharacter, type UnstorableCharacter } from './unstorable.js';

export { findUnstorableCharacter, type UnstorableCharacter };

/** A string (or object key) of a JSON value that is not storable text, with its path. */
export interface UnstorableText extends UnstorableCharacter {
  path: Array<string | number>;
  /** True when the object key at `path` is at fault rather than a string value. */
  key: boolean;
}

/**
 * Every string value and object key in `value` that is not storable text, up to `max` of them.
 * Iterative (safe on any depth); values already visited are skipped, so a cycle ends the walk.
 */
export function findUnstorableText(value: unknown, max = 100): UnstorableText[] {
  const found: UnstorableText[] = [];
  const seen = new Set<object>();
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  while (stack.length > 0 && found.length < max) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const bad = findUnstorableCharacter(v);
      if (bad) found.push({ ...bad, path, key: false });
      continue;
    }
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const bad = findUnstorableCharacter(key);
      if (bad) found.push({ ...bad, path: [...path, key], key: true });
      else stack.push({ value: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return found;
}

/** Product-file check: one `invalid-value` issue per text (label, message, id, key …) that cannot be stored. */
export function checkTextSafety(file: unknown, mk: IssueFactory, out: ProductIssue[]): void {
  for (const t of findUnstorableText(file)) {
    out.push(mk('invalid-value', t.path, { kind: t.kind, position: t.position, codePoint: t.codePoint }));
  }
}
