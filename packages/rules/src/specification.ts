/**
 * The specification: what a shopper's finished configuration sends to the manufacturer. The
 * validator the backend runs on it is in `specification-check.ts`.
 *
 * @packageDocumentation
 */
import type { CompiledProduct } from './api.js';
import type { Option } from './schema/product-file.js';
import type { SelectionOrigin, Selections, SelectionValue, Snapshot, Specification } from './types.js';
import { computeDerived, computeLeadTime, computeQuote } from './pricing.js';

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

/**
 * Thrown when a specification is asked of a configuration that is not complete and valid: some
 * option still needs a value, a value is invalid, or a constraint is violated.
 */
export class IncompleteConfigurationError extends Error {
  override readonly name = 'IncompleteConfigurationError';

  constructor(
    /** Options that still need a value. */
    readonly missing: readonly string[],
    /** Constraints the configuration violates, and options whose value is invalid (as `option: message`). */
    readonly violated: readonly string[] = [],
  ) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`${missing.map((id) => `'${id}'`).join(', ')} ${missing.length === 1 ? 'needs' : 'need'} a value`);
    if (violated.length > 0) parts.push(`not valid: ${violated.join('; ')}`);
    super(`the configuration cannot be ordered yet: ${parts.join('; ') || 'it is incomplete'}`);
  }
}

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

/** Whether an empty value is allowed for `option`, and the value that stands for "empty". */
function emptyValue(option: Option): '' | null | undefined {
  if (option.type === 'text') return option.required ? undefined : '';
  if (option.type === 'file') return option.required ? undefined : null;
  return undefined;
}

export function isEmpty(value: SelectionValue | null): boolean {
  return value === null || value === '';
}

/**
 * The specification of a complete, valid configuration: every option present (text `""` and file
 * `null` when empty), the quote, lead time and derived values computed from the product file, and
 * the product's digest.
 *
 * @throws IncompleteConfigurationError when an option lacks a value, a value is invalid or a
 *   constraint is violated.
 */
export function buildSpecification(product: CompiledProduct, input: SpecificationInput): Specification {
  const values: Record<string, SelectionValue | null> = {};
  const origins: Record<string, SelectionOrigin> = {};
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const option of product.options) {
    const given = Object.hasOwn(input.selections, option.id) ? input.selections[option.id] : undefined;
    const value = given === undefined || isEmpty(given) ? emptyValue(option) : given;
    if (value === undefined) {
      missing.push(option.id);
      continue;
    }
    if (!isEmpty(value)) {
      const check = product.checkValue(option.id, value);
      if (!check.ok) invalid.push(`${option.id}: ${check.message}`);
    }
    values[option.id] = value;
    origins[option.id] = (Object.hasOwn(input.origins, option.id) ? input.origins[option.id] : undefined) ?? (given === undefined ? 'default' : 'user');
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

// ---------------------------------------------------------------------------------------------
// Validating
// ---------------------------------------------------------------------------------------------

/** The outcome of {@link validateSpecification}. */
