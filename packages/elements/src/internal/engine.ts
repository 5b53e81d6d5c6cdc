/**
 * What the elements use of the engine in the page, in one module imported on demand. `@c2m/rules`'
 * main entry is small and fetches the engine itself when a session opens (only the parts a product
 * needs: the compiled diagram for products with tables, counting on first use).
 */
export { createPageSession, preloadPageEngine } from '@c2m/rules';
