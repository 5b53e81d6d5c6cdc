/**
 * The compiled product's JSON form, format 1: what `compileForPage` (compile-for-page.ts) writes and
 * a page reads (read-compiled.ts). Arrays rather than objects keep it small; every reference is an
 * index that the reader checks before use.
 *
 * ```
 * {"c2m":"compiled-product","format":1,"check":"…","digest":"sha256:…","warnings":[…],"product":{…},"model":{…}}
 * ```
 * - `check`: {@link checksum} of the rest (`digest`, `warnings`, `product`, `model`): a page cannot
 *   verify the digest (no SHA-256), but a compiled product damaged on its way (a changed byte, a
 *   copy edited by hand) no longer matches its check, and is not used as it is.
 * - `product`: the checked product file, defaults filled in, as the engine uses it.
 * - `digest`: `productDigest` of `product` (a page computes no SHA-256).
 * - `warnings`: the checks' warnings, which opening the product file would give.
 * - `model`: the engine's finite model (model.ts) without what the reader derives from `product`
 *   (the variables, the rules of each variable, the order of `when`):
 *   - `nodes`: formulas as a graph of nodes, each after its children ({@link NodeJson});
 *   - `rules`: the rules in order ({@link RuleJson}), the internal rules of `when` (index -1) included;
 *   - `when`: per option, the node of its `when`, or -1;
 *   - `formulas`: every formula text of `product` (price and lead-time lines, derived values) with
 *     its tree ({@link ExprJson}), or null for one that does not parse.
 *
 * A format that changes what these mean gets a new number; a reader that does not know the number
 * opens the embedded product file the way it opens any product file.
 */

/** The format this version of the engine writes and reads. */
export const COMPILED_FORMAT = 1;

/**
 * A formula node: `[0, 0|1]` a constant; `[1, v, lo, hi]` "lo ≤ value index of v ≤ hi"; `[2, v, …k]`
 * "value index of v is one of k…" (a mask over every index of v); `[3, …children]` and;
 * `[4, …children]` or; `[5, child]` not; `[6, a, b]` iff. Children are indices of earlier nodes.
 */
export type NodeJson = number[];

/**
 * A rule: `[0, index, node]` a formula; `[1, index, allowed 0|1, vars, cells]` a combination table
 * (`cells`: its rows one after the other, -1 for `*`); `[2, index, guard, vars, coefs, bound]`
 * Σ coefs·k ≥ bound over value indices; `[3, index, guard, nodes, min, max]` a cardinality.
 * `index` is the constraint's position in the file, -1 for the internal rule of an option's `when`.
 */
export type RuleJson = Array<number | number[]>;

/**
 * A formula's tree (expr/print.ts's `Expr`, without source offsets): `["n", numerator, denominator]`
 * (decimal strings), `["v", option]`, `["neg", x]`, `[op, a, b]` with op one of `+ - * /`,
 * `["f", name, …args]`.
 */
export type ExprJson = Array<string | ExprJson>;

/** The `model` of a compiled product. */
export interface ModelJson {
  nodes: NodeJson[];
  rules: RuleJson[];
  when: number[];
  formulas: Array<[string, ExprJson | null]>;
}

/** A compiled product, as parsed from its text. */
export interface CompiledProductJson {
  c2m: 'compiled-product';
  format: number;
  check: string;
  digest: string;
  warnings: unknown[];
  product: unknown;
  model: ModelJson;
}

/** What {@link checksum} covers: everything after the check, as JSON text. */
export function checkedText(json: Pick<CompiledProductJson, 'digest' | 'warnings' | 'product' | 'model'>): string {
  return JSON.stringify([json.digest, json.warnings, json.product, json.model]);
}

/**
 * A 64-bit checksum of `text` (16 hex digits): two lanes of FNV-1a with different multipliers, each
 * mixed at the end. It finds damage, not forgery: whoever can change a compiled product can write
 * its check too (the trust model: read-compiled.ts).
 */
export function checksum(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  a = Math.imul(a ^ (a >>> 15), 0x2c1b3c6d) ^ b;
  b = Math.imul(b ^ (b >>> 13), 0x297a2d39) ^ a;
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
