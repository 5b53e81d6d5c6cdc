/**
 * Exact rational numbers on bigint. Formulas and linear relations are computed exactly, so that a
 * price never depends on binary floating point (0.1 + 0.2) and the browser and the backend always
 * agree to the last minor unit.
 *
 * A {@link Rational} is always normalized: `d > 0` and `gcd(|n|, d) = 1`, so equal numbers have equal
 * fields. Build them with {@link rational}, {@link fromInt} or {@link fromDecimal}, never by hand.
 *
 * @packageDocumentation
 */

/** An exact rational number `n / d`, normalized (`d > 0`, lowest terms). */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

/** Either a value or the reason there is none (division by zero). */
export type RationalResult = { ok: true; value: Rational } | { ok: false; message: string };

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function make(n: bigint, d: bigint): Rational {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g === 1n ? { n, d } : { n: n / g, d: d / g };
}

export const ZERO: Rational = { n: 0n, d: 1n };
export const ONE: Rational = { n: 1n, d: 1n };

/**
 * `n / d`. Division by zero gives a result error, not an exception, since it can come from a
 * manufacturer's formula.
 */
export function rational(n: bigint, d: bigint = 1n): RationalResult {
  if (d === 0n) return { ok: false, message: 'division by zero' };
  return { ok: true, value: make(n, d) };
}

/** An integer as a rational. */
export function fromInt(n: bigint | number): Rational {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`fromInt: ${n} is not a safe integer`);
  return { n: BigInt(n), d: 1n };
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * Parses a plain decimal text such as `12`, `-0.125` or `1.5e-7` exactly.
 * Returns `undefined` for anything else.
 */
export function parseDecimal(text: string): Rational | undefined {
  const m = DECIMAL.exec(text);
  if (m === null) return undefined;
  const [, sign, whole, frac = '', exp = '0'] = m;
  const e = Number(exp) - frac.length;
  // Product-file numbers are within ±1e12 with 6 decimals; anything far beyond is refused, not computed.
  if (!Number.isSafeInteger(e) || Math.abs(e) > 400) return undefined;
  let n = BigInt(whole! + frac);
  if (sign === '-') n = -n;
  return e >= 0 ? { n: n * 10n ** BigInt(e), d: 1n } : make(n, 10n ** BigInt(-e));
}

/**
 * The decimal that a JavaScript number prints as, exactly: `fromDecimal(0.1)` is 1/10, not the binary
 * double nearest to it. Numbers in product files and selections have at most 6 decimals, and those
 * always print (and so convert) exactly.
 *
 * @throws RangeError for NaN and ±Infinity.
 */
export function fromDecimal(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`fromDecimal: ${x} is not a finite number`);
  if (Number.isSafeInteger(x)) return { n: BigInt(x), d: 1n };
  // String(x) is the shortest text that reads back as x; it may use an exponent (1e-7, 1e+21).
  const r = parseDecimal(String(x));
  if (r === undefined) throw new RangeError(`fromDecimal: cannot read ${x}`);
  return r;
}

export function add(a: Rational, b: Rational): Rational {
  if (a.d === b.d) return make(a.n + b.n, a.d);
  return make(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function sub(a: Rational, b: Rational): Rational {
  return add(a, neg(b));
}

export function mul(a: Rational, b: Rational): Rational {
  return make(a.n * b.n, a.d * b.d);
}

/** `a / b`; a result error when `b` is zero. */
export function div(a: Rational, b: Rational): RationalResult {
  if (b.n === 0n) return { ok: false, message: 'division by zero' };
  return { ok: true, value: make(a.n * b.d, a.d * b.n) };
}

export function neg(a: Rational): Rational {
  return { n: -a.n, d: a.d };
}

export function abs(a: Rational): Rational {
  return a.n < 0n ? neg(a) : a;
}

/** −1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function equals(a: Rational, b: Rational): boolean {
  return a.n === b.n && a.d === b.d;
}

export function isZero(a: Rational): boolean {
  return a.n === 0n;
}

export function isInteger(a: Rational): boolean {
  return a.d === 1n;
}

export function min(a: Rational, b: Rational): Rational {
  return compare(a, b) <= 0 ? a : b;
}

export function max(a: Rational, b: Rational): Rational {
  return compare(a, b) >= 0 ? a : b;
}

/** The largest integer ≤ a. */
export function floor(a: Rational): Rational {
  if (a.d === 1n) return a;
  // bigint division truncates toward zero; step down for negative non-integers.
  const q = a.n / a.d;
  return { n: a.n < 0n ? q - 1n : q, d: 1n };
}

/** The smallest integer ≥ a. */
export function ceil(a: Rational): Rational {
  if (a.d === 1n) return a;
  const q = a.n / a.d;
  return { n: a.n > 0n ? q + 1n : q, d: 1n };
}

/** The nearest integer; halves go away from zero (2.5 → 3, −2.5 → −3), as prices are rounded. */
export function round(a: Rational): Rational {
  if (a.d === 1n) return a;
  const m = a.n < 0n ? -a.n : a.n;
  const q = (2n * m + a.d) / (2n * a.d);
  return { n: a.n < 0n ? -q : q, d: 1n };
}

/** `a` rounded (half away from zero) to `decimals` decimals. */
export function roundTo(a: Rational, decimals: number): Rational {
  const scale = 10n ** BigInt(decimals);
  const r = round(mul(a, { n: scale, d: 1n }));
  return make(r.n, scale);
}

/**
 * Formulas refuse intermediate values beyond this magnitude (numerator or denominator of 4096 bits),
 * so that a hostile formula cannot make bigint arithmetic crawl. Real formulas stay far below it.
 */
export const MAX_MAGNITUDE = 1n << 4096n;

/** Whether `a` has a numerator or denominator beyond {@link MAX_MAGNITUDE}. */
export function isTooLarge(a: Rational): boolean {
  return a.d > MAX_MAGNITUDE || a.n > MAX_MAGNITUDE || -a.n > MAX_MAGNITUDE;
}

/** The integer value of an integer rational, as a bigint. */
export function toBigInt(a: Rational): bigint {
  if (a.d !== 1n) throw new RangeError('toBigInt: not an integer');
  return a.n;
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** The nearest JavaScript number (correctly rounded, ties to even, as `Number("…")` would give). */
export function toNumber(a: Rational): number {
  // Number(bigint) is correctly rounded already.
  if (a.d === 1n) return Number(a.n);
  const negative = a.n < 0n;
  const m = negative ? -a.n : a.n;
  // Scale so that the integer quotient has 55–56 bits, then add a sticky bit for the remainder:
  // no rounding boundary of a 53-bit double lies strictly between the quotient and the true value,
  // so rounding the sticky integer once rounds the true value correctly.
  const shift = 55 - (bitLength(m) - bitLength(a.d));
  if (Math.abs(shift) > 1000) return Number(a.n) / Number(a.d);
  const num = shift >= 0 ? m << BigInt(shift) : m;
  const den = shift >= 0 ? a.d : a.d << BigInt(-shift);
  const sticky = ((num / den) << 1n) | (num % den === 0n ? 0n : 1n);
  const value = Number(sticky) * 2 ** -(shift + 1);
  return negative ? -value : value;
}

/** Decimal text when the number has a finite decimal expansion, else `n/d`. For messages and printing. */
export function toString(a: Rational): string {
  if (a.d === 1n) return a.n.toString();
  let d = a.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) return `${a.n}/${a.d}`;
  const places = Math.max(twos, fives);
  const scaled = (a.n * 10n ** BigInt(places)) / a.d;
  const sign = scaled < 0n ? '-' : '';
  const digits = (scaled < 0n ? -scaled : scaled).toString().padStart(places + 1, '0');
  return `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}
