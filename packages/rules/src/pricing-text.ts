/**
 * The pricing functions (pricing.ts) for any checked product file: its formulas parsed from their
 * text on first use. What `@c2m/rules/engine` and the backend export; the engine's own sessions get
 * their files' formulas prepared when the product is compiled (or read from a compiled product, on
 * a page that has no parser).
 *
 * @packageDocumentation
 */
import type { ProductFile } from './schema/product-file.js';
import type { LeadTimeQuote, Quote } from './types.js';
import type { Assignment } from './engine/evaluate.js';
import type { Expr } from './expr/print.js';
import { parseExpression } from './expr/parse.js';
import * as pricing from './pricing.js';

/** Gives the pricing functions `file`'s formulas, parsed from their text, unless they have them. */
export function parseFormulas(file: ProductFile): void {
  if (pricing.hasFormulas(file)) return;
  const formulas = new Map<string, Expr | undefined>();
  for (const text of pricing.formulaTexts(file)) {
    if (formulas.has(text)) continue;
    const parsed = parseExpression(text);
    formulas.set(text, parsed.ok ? parsed.expr : undefined);
  }
  pricing.prepareFormulas(file, formulas);
}

/**
 * The price of `values` in integer minor units of the product's currency: the base, each chosen
 * value's price, then every `pricing.lines` entry whose `if` holds (formulas rounded half away from
 * zero). On a partial configuration, lines whose condition or formula reads an option not chosen
 * yet are left out: the quote prices what is chosen so far. So are formula lines that cannot be
 * computed (division by zero, an amount beyond `LIMITS.maxMoney`, an option that does not apply).
 * Options whose `when` does not hold add nothing, whatever `values` says of them.
 */
export function computeQuote(file: ProductFile, values: Assignment, locale: string): Quote {
  parseFormulas(file);
  return pricing.computeQuote(file, values, locale);
}

/** The lead time of `values` in days, built like {@link computeQuote} from `leadTime`. */
export function computeLeadTime(file: ProductFile, values: Assignment, locale: string): LeadTimeQuote {
  parseFormulas(file);
  return pricing.computeLeadTime(file, values, locale);
}

/**
 * The file's derived values (`derived`) on `values`, by id, rounded half away from zero to 6
 * decimals. Values whose formula cannot be computed (yet), or that exceed the range of a
 * JavaScript number, are left out.
 */
export function computeDerived(file: ProductFile, given: Assignment): Record<string, number> {
  parseFormulas(file);
  return pricing.computeDerived(file, given);
}
