/**
 * `@c2m/rules/check`: the complete product-file checks, for when a file fails. The main entry
 * refuses exactly the same files but keeps its issues brief (code, path, params), so that a shop page
 * downloads little; a page that gets `ok: false` loads this entry and shows every problem as a
 * manufacturer needs it: an English sentence naming the option or constraint at fault (other
 * languages with {@link issueMessage}), suggestions for misspelt keys and ids, the line and column,
 * and a code frame ({@link formatIssues}).
 *
 * ```ts
 * import { loadProduct } from '@c2m/rules/engine';
 * let result = loadProduct(text);
 * if (!result.ok) result = (await import('@c2m/rules/check')).loadProduct(text);
 * ```
 *
 * Backends and tools that report problems to people can use this entry's functions directly: they
 * have the same names, arguments and results as the main entry's.
 *
 * @packageDocumentation
 */
import type { CompileResult, ProductInput } from './api.js';
import type { ProductIssue } from './types.js';
import { issueMessage } from './issues/translate.js';
import type { CompileOptions, ProductParts } from './engine/product.js';
import { compileCheckedWith } from './engine/load.js';
import { completeAnswers } from './engine/unsatisfiable.js';
import { productQuestions } from './engine/questions.js';
import { checkProductFile } from './validate/check.js';
import { parseProduct } from './parse/parse.js';
import { isCompiledInput } from './compiled-product.js';

export { checkProductFile } from './validate/check.js';
export { parseProduct } from './parse/parse.js';
export type { CheckResult } from './validate/run.js';
export { codeFrame, formatIssues, type CodeFrameOptions, type FormatIssuesOptions } from './issues/format.js';
export { issueMessage, issueLocales } from './issues/translate.js';

/** What this entry's products answer: every question (imported here, so that a page's chunks leave them out). */
const COMPLETE: ProductParts = { questions: productQuestions, complete: completeAnswers };

/**
 * Checks and compiles a product file (an object parsed from JSON/YAML), with every problem worded.
 * Never throws.
 */
export function compileProduct(input: unknown, options: CompileOptions = {}): CompileResult {
  const checked = checkProductFile(input, options);
  return checked.ok ? compileCheckedWith(checked.file, checked.issues, options, COMPLETE) : checked;
}

/**
 * Parses (JSON), checks and compiles a product file in one step; every issue is worded and carries
 * its line and column. Never throws.
 */
export function loadProduct(text: string, options: CompileOptions = {}): CompileResult {
  const parsed = parseProduct(text, options);
  return parsed.ok ? compileCheckedWith(parsed.file, parsed.issues, options, COMPLETE) : parsed;
}

/**
 * The product file inside a compiled product that parses (its problems are the file's: paths are
 * into the file, without line and column), or `undefined`: a product file, or text that does not
 * parse (whose syntax error the parser positions).
 */
function embeddedFile(input: ProductInput): { product: unknown } | undefined {
  if (!isCompiledInput(input)) return undefined;
  if (!('text' in input)) return { product: (input.file as { product?: unknown }).product };
  try {
    return { product: (JSON.parse(input.text.replace(/^\uFEFF/, '')) as { product?: unknown }).product };
  } catch {
    return undefined;
  }
}

/**
 * Every problem of a product file a session refused (`createPageSession` answers `ok: false` with
 * brief issues: code, path and params), as the complete checks find them: worded in `locale`
 * (default English), with suggestions, and with line and column when the file is JSON text. Call it
 * with the same input (for a compiled product: the problems of the product file inside it):
 *
 * ```ts
 * const opened = await createPageSession(input);
 * if (!opened.ok) show((await import('@c2m/rules/check')).productProblems(input, { locale: 'zh-CN' }));
 * ```
 *
 * Never throws. (Should the complete checks find no error, which the shop path's checks are tested
 * never to allow, the answer is the list of the file's warnings.)
 */
export function productProblems(input: ProductInput, options: CompileOptions & { locale?: string } = {}): ProductIssue[] {
  const { locale, ...compile } = options;
  const file = embeddedFile(input);
  const issues = (file !== undefined ? compileProduct(file.product, compile) : 'text' in input ? loadProduct(input.text, compile) : compileProduct(input.file, compile)).issues;
  return locale === undefined ? issues : issues.map((issue) => ({ ...issue, message: issueMessage(issue, locale) }));
}
