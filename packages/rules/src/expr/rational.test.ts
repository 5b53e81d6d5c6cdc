import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as Q from './rational.js';
import type { Rational } from './rational.js';

// Deterministic runs (CI reruns must agree); set FC_SEED to explore other cases locally.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261125) });

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

function r(n: number | bigint, d: number | bigint = 1): Rational {
  const result = Q.rational(BigInt(n), BigInt(d));
  assert.ok(result.ok);
  return result.value;
}

/** Any rational, built from an unnormalized fraction so normalization is exercised too. */
const rationalArb = fc
  .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }))
  .filter(([, d]) => d !== 0n)
  .map(([n, d]) => r(n, d));

/** Small fractions, for which floating point gives an exact reference. */
const smallArb = fc
  .tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }))
  .map(([n, d]) => ({ n, d, q: r(n, d) }));

function assertNormalized(x: Rational): void {
  assert.ok(x.d > 0n, 'denominator positive');
  assert.equal(gcd(x.n, x.d), x.n === 0n ? x.d : 1n, 'lowest terms');
  if (x.n === 0n) assert.equal(x.d, 1n, 'zero is 0/1');
}

/** a == b as fractions, checked by cross-multiplication (independent of normalization). */
function sameValue(a: Rational, n: bigint, d: bigint): boolean {
  return a.n * d === n * a.d;
}

test('results are normalized and agree with fraction arithmetic by cross-multiplication', () => {
  fc.assert(
    fc.property(rationalArb, rationalArb, (a, b) => {
      for (const x of [a, b, Q.add(a, b), Q.sub(a, b), Q.mul(a, b)]) assertNormalized(x);
      assert.ok(sameValue(Q.add(a, b), a.n * b.d + b.n * a.d, a.d * b.d));
      assert.ok(sameValue(Q.sub(a, b), a.n * b.d - b.n * a.d, a.d * b.d));
      assert.ok(sameValue(Q.mul(a, b), a.n * b.n, a.d * b.d));
      const q = Q.div(a, b);
      if (b.n === 0n) assert.equal(q.ok, false);
      else {
        assert.ok(q.ok);
        assertNormalized(q.value);
        assert.ok(sameValue(q.value, a.n * b.d, a.d * b.n));
        assert.ok(Q.equals(Q.mul(q.value, b), a), '(a / b) * b = a');
      }
      const c = Q.compare(a, b);
      assert.equal(c, -Q.compare(b, a));
      assert.equal(c === 0, Q.equals(a, b));
      assert.equal(Q.compare(Q.sub(a, b), Q.ZERO), c);
    }),
    { numRuns: 2000 },
  );
});

test('floor, ceil and round (half away from zero) match floating point on small fractions', () => {
  fc.assert(
    fc.property(smallArb, ({ n, d, q }) => {
      const x = n / d;
      assert.equal(Number(Q.floor(q).n), Math.floor(x) + 0);
      assert.equal(Number(Q.ceil(q).n), Math.ceil(x) + 0);
      assert.equal(Number(Q.round(q).n), Math.sign(x) * Math.round(Math.abs(x)) + 0);
      assert.equal(Q.floor(q).d, 1n);
    }),
    { numRuns: 3000 },
  );
  assert.deepEqual(Q.round(r(5, 2)), r(3));
  assert.deepEqual(Q.round(r(-5, 2)), r(-3));
  assert.deepEqual(Q.round(r(-7, 3)), r(-2));
  assert.deepEqual(Q.floor(r(-1, 3)), r(-1));
  assert.deepEqual(Q.ceil(r(-1, 3)), Q.ZERO);
  assert.deepEqual(Q.roundTo(r(2, 3), 6), r(666667, 1000000));
  assert.deepEqual(Q.roundTo(r(-1, 8), 2), r(-13, 100));
});

test('toNumber is correctly rounded (the reference: one IEEE division of exact operands)', () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n }),
      fc.bigInt({ min: 1n, max: 2n ** 53n }),
      (n, d) => {
        assert.equal(Q.toNumber(r(n, d)), Number(n) / Number(d));
      },
    ),
    { numRuns: 5000 },
  );
  // Beyond 2^53 the naive Number(n) / Number(d) loses precision; toNumber must not.
  const third = r(10n ** 40n, 3n * 10n ** 40n);
  assert.equal(Q.toNumber(third), 1 / 3);
  assert.equal(Q.toNumber(r(10n ** 30n + 1n, 10n ** 30n)), 1);
  assert.equal(Q.toNumber(r(-(10n ** 400n), 1n)), -Infinity);
});

test('fromDecimal reads numbers with up to 6 decimals exactly', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), (micro) => {
      const sign = micro < 0n ? '-' : '';
      const digits = (micro < 0n ? -micro : micro).toString().padStart(7, '0');
      const x = Number(`${sign}${digits.slice(0, -6)}.${digits.slice(-6)}`);
      assert.deepEqual(Q.fromDecimal(x), r(micro, 1_000_000n));
    }),
    { numRuns: 3000 },
  );
  assert.deepEqual(Q.fromDecimal(0.1), r(1, 10));
  assert.deepEqual(Q.add(Q.fromDecimal(0.1), Q.fromDecimal(0.2)), r(3, 10));
  assert.deepEqual(Q.fromDecimal(1e-7), r(1, 10_000_000));
  assert.deepEqual(Q.fromDecimal(1.5e21), r(1_500_000_000_000_000_000_000n));
  assert.deepEqual(Q.fromDecimal(-0), Q.ZERO);
  assert.throws(() => Q.fromDecimal(Number.NaN), RangeError);
  assert.throws(() => Q.fromDecimal(Number.POSITIVE_INFINITY), RangeError);
});

test('division by zero is a result, not an exception', () => {
  assert.deepEqual(Q.div(Q.ONE, Q.ZERO), { ok: false, message: 'division by zero' });
  assert.deepEqual(Q.rational(1n, 0n), { ok: false, message: 'division by zero' });
});

test('toString gives decimals when they terminate and n/d otherwise', () => {
  assert.equal(Q.toString(r(-1, 8)), '-0.125');
  assert.equal(Q.toString(r(25, 2)), '12.5');
  assert.equal(Q.toString(r(1, 3)), '1/3');
  assert.equal(Q.toString(r(-7)), '-7');
  fc.assert(
    fc.property(rationalArb, (x) => {
      const text = Q.toString(x);
      if (!text.includes('/')) assert.deepEqual(Q.parseDecimal(text), x);
    }),
  );
});

test('parseDecimal refuses what is not a plain decimal, and absurd exponents', () => {
  assert.equal(Q.parseDecimal('1e999999'), undefined);
  assert.equal(Q.parseDecimal('0x10'), undefined);
  assert.equal(Q.parseDecimal(''), undefined);
  assert.deepEqual(Q.parseDecimal('-0012.50'), r(25, -2));
});
