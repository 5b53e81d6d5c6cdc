/**
 * @c2m/rules: product files and the backtrack-free constraint engine. This entry is what a shop
 * page loads up front, kept small (see `pnpm size`).
 *
 * - Read and check a product file: {@link loadProduct} (JSON text → compiled product),
 *   {@link parseProduct} (JSON text), {@link checkProductFile} (an already parsed object). They refuse
 *   exactly the files the complete checks refuse, with brief issues (code, path, params) and no line
 *   or column: a page that gets `ok: false` loads `@c2m/rules/check`, which has the same functions
 *   with every problem worded, suggestions and positions. YAML is read by `@c2m/rules/yaml`; tools for
 *   manufacturers (code frames, translated messages, the JSON Schema) are in `@c2m/rules/tooling`.
 * - Compile it: {@link compileProduct} / {@link loadProduct}.
 * - Configure: {@link createSession} — valid domains, reasons, repairs, undo/redo, quote, lead time,
 *   count, specification.
 * - On the backend: `validateSpecification` from `@c2m/rules/backend` re-checks a submitted specification.
 *
 * @packageDocumentation
 */
import type { CompileResult } from './api.js';
import { parseProductLean } from './parse/lean.js';
import { compileCheckedFile, type CompileOptions } from './engine/compile.js';

export * from './types.js';
export type * from './api.js';
export * from './schema/product-file.js';
export { LIMITS, RAISED_LIMITS, type LimitsProfile } from './limits.js';
export type { LocalizedText } from './localized-text.js';
export { localize } from './localize.js';

export { checkProductFileLean as checkProductFile } from './validate/lean.js';
export { parseProductLean as parseProduct } from './parse/lean.js';
export type { CheckOptions, CheckResult } from './validate/run.js';
export { formatPath } from './issues/issue.js';

export { compileProduct, type CompileOptions } from './engine/compile.js';
export { createSession } from './engine/session.js';
export { createLocalSession } from './engine/local-session.js';
export { evaluateCondition, type Assignment } from './engine/evaluate.js';

export { computeQuote, computeLeadTime, computeDerived } from './pricing.js';
export { productDigest, canonicalJson, sha256Hex } from './digest.js';
export { buildSpecification, IncompleteConfigurationError, type SpecificationInput } from './specification.js';

/**
 * Parses (JSON), checks and compiles a product file in one step. Refuses exactly the files that
 * `loadProduct` of `@c2m/rules/check` refuses, with brief issues; load that entry on `ok: false` to
 * show every problem with its line and column.
 */
export function loadProduct(text: string, options: CompileOptions = {}): CompileResult {
  const parsed = parseProductLean(text, options);
  if (!parsed.ok) return parsed;
  return compileCheckedFile(parsed.file, parsed.issues, options);
}
