/**
 * The file's derived values, a module of its own: a page's first state needs prices and lead times
 * (pricing.ts), and derived values only in a specification (built after it: engine/later.ts).
 */
import type { ProductFile } from './schema/product-file.js';
import type { Assignment } from './engine/evaluate.js';
import * as Q from './expr/rational.js';
import { applicableValues, formulaValue, prepare } from './pricing.js';

/** The file's derived values on `values` (see `computeDerived` of pricing-text.ts), for a file whose formulas are prepared. */
export function computeDerived(file: ProductFile, given: Assignment): Record<string, number> {
  const p = prepare(file);
  const { values } = applicableValues(file, given);
  const out: Record<string, number> = {};
  for (const d of file.derived) {
    const value = formulaValue(p, d.formula, values);
    const n = value === undefined ? undefined : Q.toNumber(Q.roundTo(value, 6));
    // Infinity would travel as JSON null; an absurd value has no place in a specification.
    if (n !== undefined && Number.isFinite(n)) out[d.id] = n;
  }
  return out;
}
