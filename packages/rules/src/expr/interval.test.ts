import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formulaRange, type Interval } from './interval.js';
import { evaluate, parseExpression } from './parse.js';
import * as Q from './rational.js';

const expr = (src: string) => {
  const r = parseExpression(src);
  assert.ok(r.ok, src);
  return r.expr;
};
const ranges: Record<string, Interval> = { w: { lo: 120, hi: 240 }, d: { lo: 60, hi: 110 }, t: { lo: -3, hi: 5 } };
const range = (name: string) => ranges[name];

test('formulaRange: the range of a formula over the ranges of its options', () => {
  assert.deepEqual(formulaRange(expr('ceil(w * d / 1000) * 300'), range), { lo: 2400, hi: 8100 });
  assert.deepEqual(formulaRange(expr('w - 2 * d'), range), { lo: -100, hi: 120 });
  assert.deepEqual(formulaRange(expr('abs(t)'), range), { lo: 0, hi: 5 });
  assert.deepEqual(formulaRange(expr('min(w, d) + max(t, 0)'), range), { lo: 60, hi: 115 });
  assert.deepEqual(formulaRange(expr('round(t / 2)'), range), { lo: -2, hi: 3 }, 'rounded half away from zero');
  assert.equal(formulaRange(expr('w / t'), range), undefined, 'a divisor whose range contains 0');
  assert.equal(formulaRange(expr('w + x'), range), undefined, 'an option without a range');
});

test('formulaRange contains every exact value (integers and ends, where float rounding would bite)', () => {
  const sources = ['ceil(w * d / 1000) * 300', 'floor(w / 7) - d / 3', 'round(t * 0.5) * 3 - abs(t - 1)', 'max(w / 10, d) - min(t, 2) * 1.1'];
  fc.assert(
    fc.property(fc.constantFrom(...sources), fc.integer({ min: 120, max: 240 }), fc.integer({ min: 60, max: 110 }), fc.integer({ min: -3, max: 5 }), (src, w, d, t) => {
      const e = expr(src);
      const exact = evaluate(e, (name) => Q.fromInt({ w, d, t }[name as 'w' | 'd' | 't']));
      assert.ok(exact.ok);
      const v = Q.toNumber(exact.value);
      const r = formulaRange(e, range)!;
      assert.ok(r.lo <= v && v <= r.hi, `${src} = ${v} at w=${w} d=${d} t=${t}, range ${r.lo}…${r.hi}`);
    }),
    { seed: 7, numRuns: 500 },
  );
});
