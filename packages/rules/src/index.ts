/**
 * @c2m/rules: product files and the backtrack-free constraint engine.
 *
 * - Read and check a product file: {@link parseProduct} (JSON text; YAML through `@c2m/rules/yaml`),
 *   {@link checkProductFile} (an already parsed object). Tools for manufacturers (issues with code
 *   frames, translated issue messages, the JSON Schema) are in `@c2m/rules/tooling`.
 * - Compile it: {@link compileProduct} / {@link loadProduct}.
 * - Configure: {@link createSession} — valid domains, reasons, repairs, undo/redo, quote, lead time,
 *   count, specification.
 * - On the backend: `validateSpecification` from `@c2m/rules/backend` re-checks a submitted specification.
 *
 * @packageDocumentation
 */
import type { CompileResult } from './api.js';
import { parseProduct } from './parse/parse.js';
import { compileCheckedFile, type CompileOptions } from './engine/compile.js';

export * from './types.js';
export type * from './api.js';
export * from './schema/product-file.js';
export { LIMITS, RAISED_LIMITS, type LimitsProfile } from './limits.js';
export type { LocalizedText } from './localized-text.js';
export { localize } from './localize.js';

export { checkProductFile, type CheckOptions, type CheckResult } from './validate/check.js';
export { parseProduct } from './parse/parse.js';
export { formatPath } from './issues/issue.js';

export { compileProduct, type CompileOptions } from './engine/compile.js';
export { createSession } from './engine/session.js';
export { createLocalSession } from './engine/local-session.js';
export { evaluateCondition, type Assignment } from './engine/evaluate.js';

export { computeQuote, computeLeadTime, computeDerived } from './pricing.js';
export { productDigest, canonicalJson, sha256Hex } from './digest.js';
export { buildSpecification, IncompleteConfigurationError, type SpecificationInput } from './specification.js';

/**
 * Parses (JSON), checks and compiles a product file in one step; issues carry line and column.
 */
export function loadProduct(text: string, options: CompileOptions = {}): CompileResult {
  const parsed = parseProduct(text, options);
  if (!parsed.ok) return parsed;
  return compileCheckedFile(parsed.file, parsed.issues, options);
}
