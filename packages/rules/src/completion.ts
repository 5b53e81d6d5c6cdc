/**
 * A configuration made complete the way a specification is: what a session needs to tell whether
 * it can be ordered (on the shop path, before its first domains are shown), apart from building the
 * specification itself (specification.ts, which a page fetches later).
 */
import type { Option } from './schema/product-file.js';
import type { Selections, SelectionValue } from './types.js';
import { applicability } from './engine/evaluate.js';

/** Whether an empty value is allowed for `option`, and the value that stands for "empty". */
function emptyValue(option: Option): '' | null | undefined {
  if (option.type === 'text') return option.required ? undefined : '';
  if (option.type === 'file') return option.required ? undefined : null;
  return undefined;
}

/** Whether a value stands for "empty" (a text's `""`, no file). */
export function isEmpty(value: SelectionValue | null): boolean {
  return value === null || value === '';
}

/** The values of a configuration made complete, with what keeps it from being complete. */
export interface CompletedConfiguration {
  /** Every option that applies: its value, `""` for an empty text and `null` for no file. */
  values: Record<string, SelectionValue | null>;
  /** Options that apply but have no value (and may not stay empty). */
  missing: string[];
  /** Options that do not apply (their `when` does not hold) yet were given a value. */
  notApplicable: string[];
}

/**
 * Completes `selections` the way a specification does: an option without a value that may stay
 * empty (text, file) is empty; an option whose `when` does not hold is left out.
 */
export function completeConfiguration(options: readonly Option[], selections: Readonly<Selections>): CompletedConfiguration {
  const filled: Record<string, SelectionValue | null> = {};
  for (const option of options) {
    const given = Object.hasOwn(selections, option.id) ? selections[option.id] : undefined;
    const value = given === undefined || isEmpty(given) ? emptyValue(option) : given;
    if (value !== undefined) filled[option.id] = value;
  }
  const applies = applicability(options, filled);
  const out: CompletedConfiguration = { values: {}, missing: [], notApplicable: [] };
  for (const option of options) {
    if (applies(option.id) === false) {
      if (Object.hasOwn(selections, option.id) && selections[option.id] !== undefined) out.notApplicable.push(option.id);
      continue;
    }
    if (Object.hasOwn(filled, option.id)) out.values[option.id] = filled[option.id]!;
    else out.missing.push(option.id);
  }
  return out;
}
