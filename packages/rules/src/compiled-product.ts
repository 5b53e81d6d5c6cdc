/**
 * The compiled product, as far as a page needs to know it before fetching anything: how to tell it
 * from a product file. A compiled product is a product file checked and compiled ahead of time
 * (`c2m compile`, `compileForPage` of `@c2m/rules/engine`) and published next to it: the checked
 * file, the engine's model, the formulas already parsed and the file's digest, in one JSON text that
 * starts with {@link COMPILED_PRODUCT_PREFIX}. `createPageSession` and `createWorkerSession` accept
 * it wherever they accept a product file, and open it without the checks, the parser, the model
 * builder or SHA-256 (see docs/developers/engine.md, "The compiled product").
 */
import type { ProductInput } from './api.js';

/** The media type to serve a compiled product with (`Content-Type`). */
export const COMPILED_PRODUCT_MEDIA_TYPE = 'application/vnd.c2m.compiled+json';

/** How every compiled product's text begins (its marker, written first so that no parsing is needed to see it). */
export const COMPILED_PRODUCT_PREFIX = '{"c2m":"compiled-product"';

/**
 * Whether `text` is a compiled product rather than a product file: a test of its first bytes (a
 * byte-order mark and white space before them allowed), no parsing. A text that says it is one and
 * is broken is still one: opening it gives the precise problem.
 */
export function isCompiledProduct(text: string): boolean {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  return text.startsWith(COMPILED_PRODUCT_PREFIX, i);
}

/** Whether `input` is a compiled product (its text's first bytes, or the parsed object's marker) rather than a product file. */
export function isCompiledInput(input: ProductInput): boolean {
  if ('text' in input) return isCompiledProduct(input.text);
  const { file } = input;
  return typeof file === 'object' && file !== null && (file as { c2m?: unknown }).c2m === 'compiled-product';
}
