/**
 * What the elements use of the engine's main entry, in one module imported on demand: a bundler
 * then keeps only these (and what they need) in the engine's chunk, rather than all of
 * `@c2m/rules`, as a dynamic import of the package itself would.
 */
export { compileProduct, createLocalSession, createSession, loadProduct } from '@c2m/rules/engine';
