/** Parsing, checking and compiling a product file's JSON text in one step, on the shop path. */
import type { CompileResult } from '../api.js';
import { parseProductLean } from '../parse/lean.js';
import { compileCheckedFile, type CompileOptions } from './compile.js';

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
