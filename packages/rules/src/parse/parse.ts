/**
 * `parseProduct` for JSON text: parse with positions, check, and point every issue at its line and
 * column. The YAML variant lives in `../yaml.ts` so that the YAML parser stays out of browser bundles.
 */
import { checkProductFile, type CheckOptions, type CheckResult } from '../validate/check.js';
import { limitsOf } from '../limits.js';
import { parseJson } from './json.js';
import { parseJsonLean } from './lean.js';
import { attachSources } from './source-map.js';

/**
 * Parses and checks a product file written in JSON. Never throws.
 *
 * Positions are needed only to place issues: a text that the platform's parser reads (with the
 * guarantees of ours, see `lean.ts`: they accept the same texts and build the same value) and whose
 * value has no issue is read once, without them. Recording where every key and value was written
 * costs half the parse of a large file, and more in garbage collection. Otherwise the text is read
 * again by the positioned parser, and the answer is exactly what it gives.
 */
export function parseProduct(text: string, options: CheckOptions = {}): CheckResult {
  const lean = parseJsonLean(text, limitsOf(options.limits));
  if (lean.ok) {
    const result = checkProductFile(lean.value, options);
    if (result.ok && result.issues.length === 0) return result;
  }
  return parseWithPositions(text, options);
}

/** Parses with positions and checks: every issue points at its line and column. */
function parseWithPositions(text: string, options: CheckOptions): CheckResult {
  const parsed = parseJson(text, limitsOf(options.limits));
  if (!parsed.ok) return { ok: false, issues: [parsed.issue] };
  const result = checkProductFile(parsed.value, options);
  const issues = attachSources(result.issues, parsed.sourceMap);
  return result.ok ? { ok: true, file: result.file, issues } : { ok: false, issues };
}
