/**
 * The digest that names one exact product file: `sha256:` + hex SHA-256 of its canonical JSON.
 *
 * The shopper's browser, the CLI and the backend must all compute the same digest, and the browser's
 * `crypto.subtle.digest` is asynchronous, while specifications are built synchronously. So the hash is
 * a small pure-TypeScript SHA-256 (FIPS 180-4) that runs the same everywhere; its tests compare it
 * with node:crypto.
 *
 * @packageDocumentation
 */
import type { ProductFile } from './schema/product-file.js';

/** Nesting deeper than this is refused by {@link canonicalJson}; product files are far shallower. */
const MAX_CANONICAL_DEPTH = 256;

/** Orders strings by Unicode code point (`Array#sort` alone orders by UTF-16 code unit). */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    // Both are the same astral character: skip its low surrogate too.
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** UTF-16 order and code-point order differ only for strings with surrogates. */
const SURROGATE = /[\uD800-\uDFFF]/;

function sortKeys(keys: string[]): string[] {
  return keys.some((k) => SURROGATE.test(k)) ? keys.sort(compareCodePoints) : keys.sort();
}

function describePath(path: ReadonlyArray<string | number>): string {
  return path.length === 0 ? '(root)' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}

/** An encoding failure; the path is collected on the way out, so the happy path pays nothing. */
class CanonicalError {
  readonly path: Array<string | number> = [];
  constructor(
    readonly kind: 'type' | 'range',
    readonly message: string,
  ) {}
}

/** Strings that JSON writes as they are, between quotes: most ids and labels. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function quote(text: string): string {
  return PLAIN.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** Strings, finite numbers, booleans and nulls only: what JSON.stringify writes canonically. */
function isScalarArray(items: readonly unknown[]): boolean {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const t = typeof item;
    if (t === 'string' || t === 'boolean' || item === null) continue;
    if (t === 'number' && Number.isFinite(item)) continue;
    return false;
  }
  return true;
}

/**
 * The canonical text of `value`. Built by string concatenation, not an array joined at the end:
 * V8 keeps the pieces as a rope and flattens it once, several times faster on large files.
 */
function canonical(value: unknown, depth: number, maxDepth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalError('type', `non-finite number ${String(value)}`);
      // JSON.stringify gives the shortest round-trip form and writes -0 as 0, as canonical JSON wants.
      return JSON.stringify(value);
    case 'object': {
      if (depth >= maxDepth) throw new CanonicalError('range', `nesting deeper than ${maxDepth}`);
      if (Array.isArray(value)) {
        // Rows of tables are most of a large file: an array of plain scalars is already canonical as
        // JSON.stringify writes it, and that is much faster than item by item.
        if (isScalarArray(value)) return JSON.stringify(value);
        let text = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) text += ',';
          const item: unknown = value[i];
          // Like JSON.stringify: an undefined array item becomes null, so indices keep their meaning.
          if (item === undefined) text += 'null';
          else {
            try {
              text += canonical(item, depth + 1, maxDepth);
            } catch (e) {
              if (e instanceof CanonicalError) e.path.unshift(i);
              throw e;
            }
          }
        }
        return text + ']';
      }
      const record = value as Record<string, unknown>;
      let text = '{';
      let first = true;
      for (const key of sortKeys(Object.keys(record))) {
        const item = record[key];
        if (item === undefined) continue;
        text += first ? `${quote(key)}:` : `,${quote(key)}:`;
        first = false;
        try {
          text += canonical(item, depth + 1, maxDepth);
        } catch (e) {
          if (e instanceof CanonicalError) e.path.unshift(key);
          throw e;
        }
      }
      return text + '}';
    }
    default:
      throw new CanonicalError('type', `cannot encode a ${typeof value}`);
  }
}

/**
 * The canonical JSON text of a JSON value: object keys sorted by Unicode code point, no whitespace,
 * properties whose value is `undefined` left out. Two values that mean the same JSON give the same text.
 *
 * @param options.maxDepth Deepest nesting accepted; default 256 (a backend refusing request bodies
 *   may ask for less, and gets the check in the same walk).
 * @throws TypeError on a non-finite number, a bigint, a function or a symbol (with the path);
 *   RangeError when nested deeper than `maxDepth` levels (this also catches cycles).
 */
export function canonicalJson(value: unknown, options: { maxDepth?: number } = {}): string {
  try {
    return canonical(value, 0, Math.min(options.maxDepth ?? MAX_CANONICAL_DEPTH, MAX_CANONICAL_DEPTH));
  } catch (e) {
    if (!(e instanceof CanonicalError)) throw e;
    const message = `canonicalJson: ${e.message} at ${describePath(e.path)}`;
    throw e.kind === 'range' ? new RangeError(message) : new TypeError(message);
  }
}

// ---------------------------------------------------------------------------------------------
// SHA-256 (FIPS 180-4)
// ---------------------------------------------------------------------------------------------

/** The first 64 primes, whose roots give SHA-256's constants. */
const PRIMES: number[] = [];
for (let n = 2; PRIMES.length < 64; n++) if (PRIMES.every((p) => n % p !== 0)) PRIMES.push(n);

/**
 * The first 32 bits of the fractional part of `root(p)`: FIPS 180-4's way of choosing the
 * constants, computed here instead of spelt out (0.5 KB less to download). Exact wherever
 * `Math.cbrt`/`Math.sqrt` are within a thousand ulps: the roots here are below 8 (ulp 2^-50), and
 * none of the 72 lies closer than 2^-39 to a place where its first 32 bits would change. The tests
 * compare every constant with the standard's table.
 */
const fraction32 = (x: number): number => ((x % 1) * 2 ** 32) >>> 0;

/** @internal First 32 bits of the fractional parts of the cube roots of the first 64 primes. */
export const K = Uint32Array.from(PRIMES, (p) => fraction32(Math.cbrt(p)));
/** @internal First 32 bits of the fractional parts of the square roots of the first 8 primes: the initial hash value. */
export const H0 = Uint32Array.from(PRIMES.slice(0, 8), (p) => fraction32(Math.sqrt(p)));

/** Hashes whole 64-byte blocks of `bytes` from `offset` into the state `h`, using `w` as scratch. */
function compress(h: Uint32Array, w: Uint32Array, bytes: Uint8Array, offset: number, end: number): void {
  for (let p = offset; p < end; p += 64) {
    for (let i = 0; i < 16; i++) {
      const j = p + i * 4;
      w[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = h[0]! + a;
    h[1] = h[1]! + b;
    h[2] = h[2]! + c;
    h[3] = h[3]! + d;
    h[4] = h[4]! + e;
    h[5] = h[5]! + f;
    h[6] = h[6]! + g;
    h[7] = h[7]! + hh;
  }
}

/** Hex SHA-256 of raw bytes. */
export function sha256HexOfBytes(bytes: Uint8Array): string {
  const h = H0.slice();
  const w = new Uint32Array(64);
  const whole = bytes.length - (bytes.length % 64);
  compress(h, w, bytes, 0, whole);
  // The tail, the 0x80 marker and the 64-bit big-endian bit length fill one or two final blocks.
  const rest = bytes.length - whole;
  const tail = new Uint8Array(rest < 56 ? 64 : 128);
  tail.set(bytes.subarray(whole));
  tail[rest] = 0x80;
  const bits = bytes.length * 8;
  const view = new DataView(tail.buffer);
  view.setUint32(tail.length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(tail.length - 4, bits >>> 0);
  compress(h, w, tail, 0, tail.length);
  let hex = '';
  for (let i = 0; i < 8; i++) hex += h[i]!.toString(16).padStart(8, '0');
  return hex;
}

const encoder = new TextEncoder();

/**
 * Hex SHA-256 of the UTF-8 encoding of `text`. Synchronous and pure, so it gives the same answer in
 * the browser, Node and the CLI. A lone surrogate is encoded as U+FFFD, as `TextEncoder` and
 * Node's `Buffer` both do.
 */
export function sha256Hex(text: string): string {
  return sha256HexOfBytes(encoder.encode(text));
}

/**
 * The digest of a product file (defaults filled in): `sha256:` + hex SHA-256 of its canonical JSON.
 * A specification carries it so the backend knows exactly which file the shopper configured.
 *
 * `$schema` is left out: it only tells editors where the JSON Schema is, so moving that hint (say,
 * from unpkg to a local copy) is not a new version of the product. A file without `$schema` has the
 * same digest as before this rule.
 */
export function productDigest(file: ProductFile): string {
  const { $schema: _editorHint, ...product } = file;
  return `sha256:${sha256Hex(canonicalJson(product))}`;
}
