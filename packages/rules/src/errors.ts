/**
 * Errors of @c2m/rules that cross module (and thread) boundaries: small, with no dependencies, so
 * that the page side of a worker session can rebuild them from plain data.
 *
 * @packageDocumentation
 */

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
