/**
 * @c2m/rules/engine: the synchronous engine, for backends, tools, tests and code that runs a
 * session itself (a worker, a server). A shop page does not import it up front: the main entry's
 * `createPageSession` fetches it on demand.
 *
 * - Read and check a product file: {@link loadProduct} (JSON text → compiled product),
 *   {@link parseProduct} (JSON text), {@link checkProductFile} (an already parsed object). They refuse
 *   exactly the files the complete checks refuse, with brief issues (code, path, params) and no line
 *   or column: on `ok: false`, `@c2m/rules/check` has the same functions with every problem worded,
 *   suggestions and positions. YAML is read by `@c2m/rules/yaml`; tools for manufacturers (code
 *   frames, translated messages, the JSON Schema) are in `@c2m/rules/tooling`.
 * - The product-file schema (`ProductFileSchema` and its parts, zod/mini).
 * - Compile it: {@link compileProduct} / {@link loadProduct}; for pages, ahead of time:
 *   {@link compileForPage} (the compiled product a shop publishes next to the file, which
 *   `createPageSession` opens without the checks, the parser and the model builder).
 * - Configure: {@link createSession} — valid domains, reasons, repairs, undo/redo, quote, lead time,
 *   count, specification; {@link createLocalSession} gives it the asynchronous API of a page.
 * - Pricing, digests and specifications outside a session: {@link computeQuote},
 *   {@link productDigest}, {@link buildSpecification}.
 * - On the backend: `validateSpecification` from `@c2m/rules/backend` re-checks a submitted specification.
 *
 * Every type of the main entry is exported here too.
 *
 * @packageDocumentation
 */
export * from './index.js';
export * from './schema/product-file.js';

export { checkProductFileLean as checkProductFile } from './validate/lean.js';
export { parseProductLean as parseProduct } from './parse/lean.js';
export type { CheckOptions, CheckResult } from './validate/run.js';

export { compileProduct, type CompileOptions } from './engine/compile.js';
export { loadProduct } from './engine/compile.js';
export { compileForPage, type CompileForPageResult } from './engine/compile-for-page.js';
export { createSession } from './engine/create-session.js';
export { evaluateCondition, type Assignment } from './engine/evaluate.js';

export { computeQuote, computeLeadTime, computeDerived } from './pricing-text.js';
export { productDigest, canonicalJson, sha256Hex } from './digest.js';
export { buildSpecification, IncompleteConfigurationError, type SpecificationInput } from './specification.js';
