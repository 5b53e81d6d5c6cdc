/**
 * Text that cannot be stored: U+0000, which no PostgreSQL `text` or `jsonb` value may hold, and
 * unpaired surrogates, which are not Unicode at all (UTF-8 cannot encode them: a JSON encoder
 * escapes them and a strict parser refuses the escape; a text encoder silently turns them into
 * U+FFFD). A product file or a specification carrying either would be accepted by every check and
 * then refused by the database on every retry, so both are refused up front, with their place.
 */
import type { IssueFactory } from '../issues/issue.js';
import type { ProductIssue } from '../types.js';

/** Where a string stops being storable text. */
export interface UnstorableCharacter {
  kind: 'nul-character' | 'lone-surrogate';
  /** 1-based position, counted in characters (code points), as a person counts them. */
  position: number;
  /** The offending code unit as `U+XXXX`. */
  codePoint: string;
}

// Code units, not code points (no `u` flag): finds both halves of a pair too, so it is only a fast filter.
const SUSPECT = /[\u0000\ud800-\udfff]/;

/** The first NUL or unpaired surrogate in `text`, or undefined when it is storable text. */
export function findUnstorableCharacter(text: string): UnstorableCharacter | undefined {
  if (!SUSPECT.test(text)) return undefined;
  let position = 0;
  for (let i = 0; i < text.length; i++) {
    position++;
    const unit = text.charCodeAt(i);
    if (unit === 0) return { kind: 'nul-character', position, codePoint: 'U+0000' };
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    return { kind: 'lone-surrogate', position, codePoint: `U+${unit.toString(16).toUpperCase()}` };
  }
  return undefined;
}

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
