/**
 * The shape of an order book, which the table search (table-search.ts) and the table counter
 * (table-counter.ts) work on: a module of their own, so that a page's runtime, which fetches those
 * only for products of that shape, does not carry it.
 */
import type { Model } from './model.js';

/**
 * Whether every rule is an allowed-combination table without `when` or "does not apply" (an order
 * book), every option's domain has 1 to `maxDomain` values and the tables `maxRows` rows at most in
 * all: the shape the table search and the table counter work on.
 */
export function onlyAllowedTables(model: Model, maxDomain: number, maxRows: number): boolean {
  if (model.vars.length === 0 || model.when.some((w) => w !== null)) return false;
  if (model.vars.some((v) => v.size < 1 || v.size > maxDomain)) return false;
  let rows = 0;
  for (const r of model.rules) {
    if (r.kind !== 'table' || !r.allowed || r.na !== null) return false;
    rows += r.rows.length;
  }
  return rows <= maxRows;
}
