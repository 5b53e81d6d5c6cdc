/**
 * What makes two requests "the same request" for idempotency: equal canonical JSON (the one
 * @c2m/rules uses for product digests: keys sorted, no whitespace), whatever their key order or spacing.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@c2m/rules/engine';

/** Deeper bodies are refused while hashing: no request body of the protocol comes close. */
export const MAX_BODY_DEPTH = 64;

/**
 * Thrown by {@link requestHash} for a body that has no canonical form: nested deeper than
 * {@link MAX_BODY_DEPTH}, or with a number out of range (`1e400` parses as Infinity). The message
 * completes "the body …".
 */
export class InvalidBodyError extends Error {
  override name = 'InvalidBodyError';
}

/** Hex SHA-256 of the canonical JSON of a parsed request body. */
export function requestHash(value: unknown): string {
  let text: string;
  try {
    text = canonicalJson(value, { maxDepth: MAX_BODY_DEPTH });
  } catch (err) {
    if (err instanceof RangeError) throw new InvalidBodyError(`is nested deeper than ${MAX_BODY_DEPTH} levels`);
    const number = err instanceof TypeError ? /non-finite number (\S+) at (.*)$/.exec(err.message) : null;
    if (number) {
      // `.quote.total`, `.lines[2]` → `/quote/total`, `/lines/2`: the JSON Pointers the protocol uses.
      const pointer = number[2]!.replace(/\[(\d+)\]/g, '/$1').replace(/\./g, '/');
      throw new InvalidBodyError(`has a number out of range at ${pointer} (it reads as ${number[1]})`);
    }
    throw err;
  }
  return createHash('sha256').update(text).digest('hex');
}
