/** Parsing, checking and compiling a product file's JSON text in one step, on the shop path. */
import type { CompileResult } from '../api.js';
import { parseProductLean } from '../parse/lean.js';
import { compileCheckedWith, type CompileOptions, type ProductParts } from './product.js';

/**
 * `loadProduct` (compile.ts) with the parts given: the shop path's (engine/open.ts) has none. Refuses
 * exactly the files that `loadProduct` of `@c2m/rules/check` refuses, with brief issues.
 */
export function loadWith(text: string, options: CompileOptions, parts: ProductParts): CompileResult {
  const parsed = parseProductLean(text, options);
  if (!parsed.ok) return parsed;
  return compileCheckedWith(parsed.file, parsed.issues, options, parts);
}
