/**
 * @c2m/rules: product files and the backtrack-free constraint engine.
 *
 * @packageDocumentation
 */
export * from './types.js';
export type * from './api.js';
export * from './schema/product-file.js';
export { LIMITS } from './limits.js';
