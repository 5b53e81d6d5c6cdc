/**
 * The range a formula can take when its options vary over ranges (interval arithmetic). Used where an
 * answer about every configuration is needed without enumerating them: why a linear relation can
 * never hold, a lower bound of a price. Computed in floating point and rounded outward, so a range
 * always contains every exact value.
 *
 * @packageDocumentation
 */
import type { Expr } from './parse.js';

/** A closed interval of reals, `lo ≤ hi`. */
export interface Interval {
  lo: number;
  hi: number;
}

/** Widened by a relative epsilon, so that floating-point rounding never makes a range too narrow. */
export function widen(x: Interval): Interval {
  return { lo: x.lo - 1e-9 * Math.max(1, Math.abs(x.lo)), hi: x.hi + 1e-9 * Math.max(1, Math.abs(x.hi)) };
}

/** Rounds half away from zero, as the engine rounds formula results. */
const roundHalfAway = (x: number): number => Math.sign(x) * Math.floor(Math.abs(x) + 0.5);

function corners(a: Interval, b: Interval, f: (x: number, y: number) => number): Interval {
  const v = [f(a.lo, b.lo), f(a.lo, b.hi), f(a.hi, b.lo), f(a.hi, b.hi)];
  return { lo: Math.min(...v), hi: Math.max(...v) };
}

/**
 * The range of `expr` when each option it reads lies in `range(option)`; `undefined` when it cannot be
 * bounded: an option without a range, or a division by a range that contains 0.
 */
export function formulaRange(expr: Expr, range: (option: string) => Interval | undefined): Interval | undefined {
  switch (expr.kind) {
    case 'number': {
      const v = Number(expr.value.n) / Number(expr.value.d);
      return { lo: v, hi: v };
    }
    case 'variable':
      return range(expr.name);
    case 'negate': {
      const x = formulaRange(expr.operand, range);
      return x && { lo: -x.hi, hi: -x.lo };
    }
    case 'binary': {
      const a = formulaRange(expr.left, range);
      const b = formulaRange(expr.right, range);
      if (!a || !b) return undefined;
      switch (expr.op) {
        case '+':
          return { lo: a.lo + b.lo, hi: a.hi + b.hi };
        case '-':
          return { lo: a.lo - b.hi, hi: a.hi - b.lo };
        case '*':
          return corners(a, b, (x, y) => x * y);
        case '/':
          return b.lo <= 0 && b.hi >= 0 ? undefined : corners(a, b, (x, y) => x / y);
      }
    }
    case 'call': {
      const xs: Interval[] = [];
      for (const arg of expr.args) {
        const r = formulaRange(arg, range);
        if (!r) return undefined;
        xs.push(r);
      }
      const x = xs[0]!;
      switch (expr.fn) {
        case 'min':
          return { lo: Math.min(...xs.map((a) => a.lo)), hi: Math.min(...xs.map((a) => a.hi)) };
        case 'max':
          return { lo: Math.max(...xs.map((a) => a.lo)), hi: Math.max(...xs.map((a) => a.hi)) };
        case 'floor':
        case 'ceil':
        case 'round': {
          // Non-decreasing functions: the widened ends map to ends that contain every exact value.
          const f = expr.fn === 'floor' ? Math.floor : expr.fn === 'ceil' ? Math.ceil : roundHalfAway;
          const w = widen(x);
          return { lo: f(w.lo), hi: f(w.hi) };
        }
        case 'abs':
          return x.lo >= 0 ? x : x.hi <= 0 ? { lo: -x.hi, hi: -x.lo } : { lo: 0, hi: Math.max(-x.lo, x.hi) };
      }
    }
  }
}
