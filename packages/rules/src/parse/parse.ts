/**
 * `parseProduct` for JSON text: parse with positions, check, and point every issue at its line and
 * column. The YAML variant lives in `../yaml.ts` so that the YAML parser stays out of browser bundles.
 */
import { checkProductFile, type CheckOptions, type CheckResult } from '../validate/check.js';
import { limitsOf } from '../limits.js';
import { parseJson } from './json.js';
import { attachSources } from './source-map.js';

/** Parses and checks a product file written in JSON. Never throws. */
export function parseProduct(text: string, options: CheckOptions = {}): CheckResult {
  const parsed = parseJson(text, limitsOf(options.limits));
  if (!parsed.ok) return { ok: false, issues: [parsed.issue] };
  const result = checkProductFile(parsed.value, options);
  const issues = attachSources(result.issues, parsed.sourceMap);
  return result.ok ? { ok: true, file: result.file, issues } : { ok: false, issues };
}
