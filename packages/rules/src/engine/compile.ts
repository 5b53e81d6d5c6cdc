/**
 * `compileProduct`: a checked product file → the engine's compiled product (finite model + SAT
 * encoding), or every problem as a ProductIssue; products that answer every question, manufacturers'
 * (`canHold`, `isImplied`) included. The compiled product itself and the shop path's compiling are
 * in product.ts, which a page loads without this module.
 */
import type { CompileResult } from '../api.js';
import type { ProductFile } from '../schema/product-file.js';
import type { ProductIssue } from '../types.js';
import type { CompileOptions, CompleteAnswers } from './product.js';
import { compileCheckedWith, compileWith, loadWith } from './load.js';
import { productQuestions } from './questions.js';

export * from './product.js';
export { compileWith } from './load.js';

/**
 * Checks and compiles a product file (an object parsed from JSON/YAML, or a {@link ProductFile}).
 * Never throws: every problem is returned as a {@link ProductIssue}.
 */
export function compileProduct(input: unknown, options: CompileOptions = {}): CompileResult {
  return compileWith(input, options, { questions: productQuestions });
}

/**
 * Compiles a file that `checkProductFile` (or `parseProduct`) has already accepted; `warnings` are
 * carried into the result.
 */
export function compileCheckedFile(file: ProductFile, warnings: ProductIssue[], options: CompileOptions = {}, complete?: CompleteAnswers): CompileResult {
  return compileCheckedWith(file, warnings, options, complete ? { questions: productQuestions, complete } : { questions: productQuestions });
}

/**
 * Parses (JSON), checks and compiles a product file in one step. Refuses exactly the files that
 * `loadProduct` of `@c2m/rules/check` refuses, with brief issues; load that entry on `ok: false` to
 * show every problem with its line and column.
 */
export function loadProduct(text: string, options: CompileOptions = {}): CompileResult {
  return loadWith(text, options, { questions: productQuestions });
}
