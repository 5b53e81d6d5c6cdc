import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * A set of secrets checked in constant time: each candidate is hashed, so neither the length nor
 * the content of a key leaks through timing.
 */
export class KeySet {
  readonly #hashes: Buffer[];
  constructor(keys: readonly string[] = []) {
    this.#hashes = keys.filter((k) => k.length > 0).map((k) => createHash('sha256').update(k).digest());
  }
  get empty(): boolean {
    return this.#hashes.length === 0;
  }
  has(candidate: string | undefined | null): boolean {
    if (!candidate) return false;
    const h = createHash('sha256').update(candidate).digest();
    let found = false;
    for (const k of this.#hashes) found = timingSafeEqual(h, k) || found;
    return found;
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearer(header: string | undefined | null): string | undefined {
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m?.[1];
}
