/**
 * Compiling on the shop path: a product file (its JSON text, or the parsed object) → the engine's
 * compiled product (product.ts), or every problem as a brief ProductIssue.
 */
import type { CompileResult } from '../api.js';
import type { ProductFile } from '../schema/product-file.js';
import type { ProductIssue } from '../types.js';
import { parseProductLean } from '../parse/lean.js';
import { checkProductFileLean as checkProductFile } from '../validate/lean.js';
import { productDigest } from '../digest.js';
import { limitsOf } from '../limits.js';
import { parseFormulas } from '../pricing-text.js';
import { ModelError, type Model } from './model.js';
import { buildModel } from './build-model.js';
import { encode, type Encoding } from './encode.js';
import { Product, type CompileOptions, type ProductParts } from './product.js';

/**
 * `loadProduct` (compile.ts) with the parts given: the shop path's (engine/open.ts) has none. Refuses
 * exactly the files that `loadProduct` of `@c2m/rules/check` refuses, with brief issues.
 */
export function loadWith(text: string, options: CompileOptions, parts: ProductParts): CompileResult {
  const parsed = parseProductLean(text, options);
  if (!parsed.ok) return parsed;
  return compileCheckedWith(parsed.file, parsed.issues, options, parts);
}

/** `compileProduct` (compile.ts) with the parts given: the shop path's (engine/open.ts) has none. */
export function compileWith(input: unknown, options: CompileOptions, parts: ProductParts): CompileResult {
  const checked = checkProductFile(input, options);
  if (!checked.ok) return checked;
  return compileCheckedWith(checked.file, checked.issues, options, parts);
}

/** The shop path's issue of an impossible product: which constraints contradict each other is `@c2m/rules/check`'s to say. */
const briefUnsatisfiable = (): ProductIssue => ({
  code: 'unsatisfiable',
  severity: 'error',
  path: ['constraints'],
  message: 'no configuration satisfies every constraint',
  params: {},
});

/**
 * Compiles a file that `checkProductFile` (or `parseProduct`) has already accepted, with the parts
 * given; `warnings` are carried into the result.
 */
export function compileCheckedWith(file: ProductFile, warnings: ProductIssue[], options: CompileOptions, parts: ProductParts): CompileResult {
  const { complete } = parts;
  const issues: ProductIssue[] = [...warnings];
  let model: Model;
  let main: Encoding;
  try {
    model = buildModel(file, limitsOf(options.limits));
    main = encode(model, { selectors: false, constraintCount: file.constraints.length });
  } catch (e) {
    if (e instanceof ModelError) {
      return { ok: false, issues: [...issues, { code: e.code, severity: 'error', path: e.path, message: e.message }] };
    }
    throw e;
  }
  parseFormulas(file);
  const product = new Product(file, model, main, parts, productDigest);
  const answer = main.solver.solve([], options.maxConflicts ?? 200_000);
  if (answer === 'unsat') return { ok: false, issues: [...issues, complete ? complete.unsatisfiable(file, product.explaining()) : briefUnsatisfiable()] };
  if (answer === 'unknown') {
    issues.push({
      code: 'limit',
      severity: 'warning',
      path: ['constraints'],
      message: 'the constraints are too hard to check for satisfiability within the compile budget',
    });
  }
  return { ok: true, product, issues };
}
