/**
 * What the two component-caching counters (component-counter.ts on clauses, table-counter.ts on
 * tables) share: packing a component's description into a string key, and the cache of counts under
 * those keys.
 */

/** Packs numbers into a string: below 2^15 one UTF-16 unit, larger ones two (the first with the top bit set). */
export class KeyWriter {
  private buf = new Uint16Array(1024);
  private at = 0;

  /** Starts a key of at most `units` code units. */
  start(units: number): void {
    if (this.buf.length < units) this.buf = new Uint16Array(units * 2);
    this.at = 0;
  }

  put(x: number): void {
    if (x < 0x8000) this.buf[this.at++] = x;
    else {
      this.buf[this.at++] = 0x8000 | (x >>> 15);
      this.buf[this.at++] = x & 0x7fff;
    }
  }

  /** One raw 16-bit unit (its meaning follows from what came before). */
  unit(x: number): void {
    this.buf[this.at++] = x;
  }

  text(): string {
    let key = '';
    for (let i = 0; i < this.at; i += 4096) key += String.fromCharCode.apply(null, this.buf.subarray(i, Math.min(this.at, i + 4096)) as unknown as number[]);
    return key;
  }
}

/**
 * Counts of components by key, within a size (key code units plus 16 per entry). Past it, with
 * `generations`, the cache becomes the older generation and a new one starts: counts still in use move
 * back on their next hit, the rest go with the older generation (so up to twice the size is held);
 * without, the cache is cleared.
 */
export class CountCache {
  private cache = new Map<string, bigint>();
  private older = new Map<string, bigint>();
  private units = 0;

  constructor(
    private readonly maxUnits: number,
    private readonly generations: boolean,
  ) {}

  get(key: string): bigint | undefined {
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const old = this.older.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, count: bigint): void {
    if (this.units + key.length > this.maxUnits) {
      this.older = this.generations ? this.cache : new Map();
      this.cache = new Map();
      this.units = 0;
    }
    this.cache.set(key, count);
    this.units += key.length + 16;
  }
}
