/**
 * What makes two requests "the same request" for idempotency: equal canonical JSON (the one
 * @c2m/rules uses for product digests: keys sorted, no whitespace), whatever their key order or spacing.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@c2m/rules';

/** Deeper bodies are refused while hashing: no request body of the protocol comes close. */
export const MAX_BODY_DEPTH = 64;

/** Thrown by {@link requestHash} for a value nested deeper than {@link MAX_BODY_DEPTH}. */
export class TooDeepError extends Error {
  override name = 'TooDeepError';
}

/** Hex SHA-256 of the canonical JSON of a parsed request body. */
export function requestHash(value: unknown): string {
  let text: string;
  try {
    text = canonicalJson(value, { maxDepth: MAX_BODY_DEPTH });
  } catch (err) {
    if (err instanceof RangeError) throw new TooDeepError(`nested deeper than ${MAX_BODY_DEPTH} levels`);
    throw err;
  }
  return createHash('sha256').update(text).digest('hex');
}
