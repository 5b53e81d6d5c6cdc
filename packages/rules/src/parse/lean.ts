/**
 * Product files in JSON for the shop path: the platform's `JSON.parse` (fast, and no parser of ours
 * to download) with what it lacks added around it, so that it accepts exactly the texts `parseJson`
 * accepts: the size limit before parsing, a leading byte-order mark skipped, and a key written
 * twice in one object refused (`JSON.parse` silently keeps the last, so the file would mean something
 * else here than in the manufacturer's tools). Nesting deeper than the format allows is refused by
 * the checks. What the shop path leaves out is where things are: a page that gets `ok: false` loads
 * `@c2m/rules/check` to show every problem with its line and column.
 */
import { LIMITS, limitsOf, type Limits } from '../limits.js';
import type { ProductIssue } from '../types.js';
import { checkProductFileLean, leanIssue } from '../validate/lean.js';
import type { CheckOptions, CheckResult } from '../validate/run.js';
import { oversizeBytes } from './size.js';

/** The outcome of {@link parseJsonLean}. */
export type LeanJsonResult = { ok: true; value: unknown } | { ok: false; issue: ProductIssue };

/** Every string of a JSON text, and whether a `:` follows it (then it is a key). */
const STRING = /"(?:[^"\\]|\\.)*"(\s*:)?/g;

/** Keys written in a JSON text that `JSON.parse` accepted (so every `"` outside a string opens one). */
function keysWritten(text: string): number {
  let keys = 0;
  STRING.lastIndex = 0;
  for (let m = STRING.exec(text); m !== null; m = STRING.exec(text)) if (m[1] !== undefined) keys++;
  return keys;
}

/** Parses JSON text with the guarantees of `parseJson` but without positions. Never throws. */
export function parseJsonLean(text: string, limits: Limits = LIMITS): LeanJsonResult {
  const bytes = oversizeBytes(text, limits);
  if (bytes !== undefined) return { ok: false, issue: leanIssue('limit', [], { kind: 'file-bytes', bytes, max: limits.maxFileBytes }) };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  // Keys of objects as parsed, counted by the reviver (`this` is the object or array holding `key`).
  // The root comes once, held by a wrapper object; that call is not a key of the file.
  let keys = -1;
  try {
    value = JSON.parse(body, function (this: unknown, _key: string, v: unknown) {
      if (!Array.isArray(this)) keys++;
      return v;
    });
  } catch (error) {
    // The reviver's walk is recursive in some engines: nesting far beyond the format's overflows it.
    if (error instanceof RangeError) return { ok: false, issue: leanIssue('limit', [], { kind: 'depth', max: LIMITS.maxDepth }) };
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, issue: leanIssue('syntax', [], { kind: 'json', detail }) };
  }
  // A key written twice is a key of the text that no object kept.
  if (keysWritten(body) !== keys) return { ok: false, issue: leanIssue('syntax', [], { kind: 'duplicate-key' }) };
  return { ok: true, value };
}

/**
 * Parses and checks a product file written in JSON, with the verdict of `parseProduct` from
 * `@c2m/rules/check` (`ok` exactly when it finds no error) and brief issues without positions.
 */
export function parseProductLean(text: string, options: CheckOptions = {}): CheckResult {
  const parsed = parseJsonLean(text, limitsOf(options.limits));
  return parsed.ok ? checkProductFileLean(parsed.value, options) : { ok: false, issues: [parsed.issue] };
}
