/**
 * What makes two requests "the same request" for idempotency: equal canonical JSON (the one
 * @c2m/rules uses for product digests: keys sorted, no whitespace), whatever their key order or spacing.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@c2m/rules';

/** Deeper bodies are refused before hashing: no request body of the protocol comes close. */
export const MAX_BODY_DEPTH = 64;

/** Thrown by {@link requestHash} for a value nested deeper than {@link MAX_BODY_DEPTH}. */
export class TooDeepError extends Error {
  override name = 'TooDeepError';
}

function deeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (limit === 0) return true;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (deeperThan(v, limit - 1)) return true;
  return false;
}

/** Hex SHA-256 of the canonical JSON of a parsed request body. */
export function requestHash(value: unknown): string {
  if (deeperThan(value, MAX_BODY_DEPTH)) throw new TooDeepError(`nested deeper than ${MAX_BODY_DEPTH} levels`);
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
