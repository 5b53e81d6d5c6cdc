/**
 * Building formulas of the model (model.ts), folded as they are built: what compiling a product file
 * (build-model.ts) and manufacturers' questions need, a module of its own so that a page's runtime,
 * which reads formulas already built (read-compiled.ts), does not carry it.
 */
import type { Formula, Var } from './model.js';

export const TRUE_F: Formula = { k: 'const', v: true };
export const FALSE_F: Formula = { k: 'const', v: false };

/** An atom from a mask, folded to a constant when it allows everything or nothing. */
export function maskAtom(v: number, mask: Uint8Array): Formula {
  let count = 0;
  for (const m of mask) count += m;
  if (count === 0) return FALSE_F;
  if (count === mask.length) return TRUE_F;
  return { k: 'atom', v, lo: 0, hi: mask.length - 1, mask };
}

/** An atom "lo ≤ index ≤ hi" over the real values of a number variable, folded when constant. */
export function rangeAtom(v: Var, lo: number, hi: number): Formula {
  lo = Math.max(lo, 0);
  hi = Math.min(hi, v.values - 1);
  if (lo > hi) return FALSE_F;
  if (lo === 0 && hi === v.size - 1) return TRUE_F;
  return { k: 'atom', v: v.index, lo, hi, mask: null };
}

/** "The option does not apply" (false for an option without `when`). */
export function naAtom(v: Var): Formula {
  if (v.na < 0) return FALSE_F;
  if (v.kind === 'number') return { k: 'atom', v: v.index, lo: v.na, hi: v.na, mask: null };
  const mask = new Uint8Array(v.size);
  mask[v.na] = 1;
  return { k: 'atom', v: v.index, lo: 0, hi: v.size - 1, mask };
}

export function not(x: Formula): Formula {
  if (x.k === 'const') return x.v ? FALSE_F : TRUE_F;
  if (x.k === 'not') return x.x;
  return { k: 'not', x };
}
