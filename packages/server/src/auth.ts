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

/**
 * Failed authentications per client address, in fixed windows: an address that fails `max` times
 * within `windowMs` is refused (429) until its window ends, right key or not, so keys cannot be
 * guessed at the speed of the network. At most `maxAddresses` are remembered (the oldest are
 * forgotten first), so a flood of addresses cannot grow memory.
 */
export class FailureLimiter {
  readonly #windows = new Map<string, { start: number; failures: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    readonly now: () => number = Date.now,
    readonly maxAddresses = 10_000,
  ) {}

  /** Seconds until `address` may try again, or 0 when it may now. */
  blockedFor(address: string): number {
    const w = this.#windows.get(address);
    if (w === undefined || w.failures < this.max) return 0;
    const left = w.start + this.windowMs - this.now();
    if (left > 0) return Math.ceil(left / 1000);
    this.#windows.delete(address);
    return 0;
  }

  /** Records a failed authentication from `address`. */
  failed(address: string): void {
    const now = this.now();
    let w = this.#windows.get(address);
    if (w === undefined || now - w.start >= this.windowMs) {
      this.#windows.delete(address);
      w = { start: now, failures: 0 };
      this.#windows.set(address, w);
      if (this.#windows.size > this.maxAddresses) this.#windows.delete(this.#windows.keys().next().value!);
    }
    w.failures++;
  }
}
