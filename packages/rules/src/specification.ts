/**
 * The specification: what a shopper's finished configuration sends to the manufacturer. The
 * validator the backend runs on it is in `specification-check.ts`.
 *
 * @packageDocumentation
 */
import type { CompiledProduct } from './api.js';
import type { SelectionOrigin, Selections, SelectionValue, Snapshot, Specification } from './types.js';
import { computeDerived, computeLeadTime, computeQuote } from './pricing.js';
import { IncompleteConfigurationError } from './errors.js';
import { completeConfiguration, isEmpty } from './completion.js';

export { IncompleteConfigurationError };

/** What {@link buildSpecification} needs besides the product. */
export interface SpecificationInput {
  selections: Readonly<Selections>;
  origins: Readonly<Record<string, SelectionOrigin>>;
  /** BCP 47 tag of the shopper's language; labels in the quote are in this language. */
  locale: string;
  snapshot?: Snapshot;
  /** The creation time (default: now). */
  now?: Date;
}

/**
 * The specification of a complete, valid configuration: every option that applies present (text
 * `""` and file `null` when empty; options whose `when` does not hold left out), the quote, lead time
 * and derived values computed from the product file, and the product's digest.
 *
 * @throws IncompleteConfigurationError when an option lacks a value, a value is invalid or given to
 *   an option that does not apply, or a constraint is violated.
 */
export function buildSpecification(product: CompiledProduct, input: SpecificationInput): Specification {
  const { values, missing, notApplicable } = completeConfiguration(product.options, input.selections);
  const origins: Record<string, SelectionOrigin> = {};
  const invalid = notApplicable.map((id) => `${id}: option '${id}' does not apply (its 'when' does not hold)`);
  for (const [id, value] of Object.entries(values)) {
    const given = Object.hasOwn(input.selections, id) ? input.selections[id] : undefined;
    if (value !== null && !isEmpty(value)) {
      const check = product.checkValue(id, value);
      if (!check.ok) invalid.push(`${id}: ${check.message}`);
    }
    origins[id] = (Object.hasOwn(input.origins, id) ? input.origins[id] : undefined) ?? (given === undefined ? 'default' : 'user');
  }
  if (missing.length > 0 || invalid.length > 0) throw new IncompleteConfigurationError(missing, invalid);
  const violated = product.violations(values).map((c) => c.id);
  if (violated.length > 0) throw new IncompleteConfigurationError([], violated.map((id) => `constraint '${id}'`));

  const file = product.file;
  const spec: Specification = {
    specVersion: 1,
    product: { id: file.product.id, version: file.product.version, digest: product.digest },
    selections: values,
    origins,
    derived: computeDerived(file, values),
    quote: computeQuote(file, values, input.locale),
    leadTime: computeLeadTime(file, values, input.locale),
    locale: input.locale,
    createdAt: (input.now ?? new Date()).toISOString(),
  };
  if (input.snapshot !== undefined) spec.snapshot = input.snapshot;
  return spec;
}
