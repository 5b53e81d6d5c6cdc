/**
 * The product file's checks that JSON Schema cannot say, as plain functions: the zod schema
 * (`product-file.ts`) refines with them, and the shop path's structural checks
 * (`structure.generated.ts`, interpreted by `../validate/structure.ts`) call the very same ones, by
 * name. A refinement the generator does not find here stops it (`scripts/write-structure.ts`).
 */

/** Not NaN or ±Infinity (zod's numbers refuse those already; said again for JSON Schema readers). */
export const finite = (n: number): boolean => Number.isFinite(n);
/** Within ±1e12, where 6 decimals are still exact in a double. */
export const withinRange = (n: number): boolean => Math.abs(n) <= 1e12;
/** At most 6 decimals, so that number options can be computed exactly in millionths. */
export const sixDecimals = (n: number): boolean => Number.isInteger(Math.round(n * 1e6)) && Math.abs(Math.round(n * 1e6) - n * 1e6) < 1e-3;
/** Greater than 0 (a number option's step). */
export const positive = (n: number): boolean => n > 0;
