/**
 * @c2m/rules: product files and the backtrack-free constraint engine. This entry is what a shop
 * page loads up front, kept small (see `pnpm size`): the types, and sessions whose engine is fetched
 * when a product needs it.
 *
 * - Open a session in the page: {@link createPageSession} (product-file text or object → an
 *   `AsyncSession`), which imports the engine on demand; `createWorkerSession` of
 *   `@c2m/rules/worker` does the same in a module Web Worker, for large products.
 * - Every type of product files and sessions (`ProductFile`, `AsyncSession`, `SessionState`, …).
 * - The synchronous engine (compile, `createSession`, checks, schema, pricing, digests,
 *   specifications) is `@c2m/rules/engine`; the complete checks with worded messages and positions
 *   `@c2m/rules/check`; YAML `@c2m/rules/yaml`; manufacturers' tools `@c2m/rules/tooling`;
 *   re-checking a submitted specification `@c2m/rules/backend`.
 *
 * @packageDocumentation
 */
export type * from './types.js';
export type * from './api.js';
export type * from './schema/product-file.js';
export type { CheckOptions, CheckResult } from './validate/run.js';
export type { CompileOptions } from './engine/compile.js';
export type { LocalizedText } from './localized-text.js';
export { LIMITS, RAISED_LIMITS, type LimitsProfile } from './limits.js';
export { localize } from './localize.js';
export { formatPath } from './issues/path.js';

export { createPageSession, preloadPageEngine, type PageSessionOptions } from './page-session.js';
export { COMPILED_PRODUCT_MEDIA_TYPE, COMPILED_PRODUCT_PREFIX, isCompiledProduct } from './compiled-product.js';
export type { Counter } from './engine/start.js';
export { createLocalSession } from './engine/local-session.js';
