/**
 * Manufacturers' questions of a compiled product: whether a condition can hold, whether a constraint
 * is implied by the others (`CompiledProduct.canHold`, `isImplied`). Products of
 * `@c2m/rules/engine` and `@c2m/rules/check` answer them; a shop page's never need to, so this
 * module is not in its bundle.
 */
import { maskAtom, naAtom, not } from './atoms.js';
import { ModelError, type Formula, type Rule } from './model.js';
import { compileCondition } from './build-model.js';
import { lit } from './sat.js';
import type { Encoding } from './encode.js';
import type { Condition } from '../schema/product-file.js';
import type { Product, ProductQuestions } from './product.js';

function canHold(product: Product, condition: Condition, options: { ignore?: readonly string[]; maxConflicts?: number }): boolean | undefined {
  let f: Formula;
  try {
    f = compileCondition(condition, product.model.varById, [], { nodes: 1_000_000 });
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    // A condition naming what does not exist holds nowhere; one too large to build is undecided.
    return e.code === 'limit' ? undefined : false;
  }
  return satisfiable(product, [f], new Set(options.ignore ?? []), options.maxConflicts);
}

function isImplied(product: Product, constraintId: string, options: { maxConflicts?: number }): boolean | undefined {
  const index = product.file.constraints.findIndex((c) => c.id === constraintId);
  if (index < 0) return undefined;
  const ignore = new Set([constraintId]);
  let implied: boolean | undefined = true;
  for (const r of product.model.rules) {
    if (r.index !== index) continue;
    const violation = violationOf(product, r);
    if (violation === undefined) return undefined;
    const possible = satisfiable(product, [violation.f], ignore, options.maxConflicts, violation.extra);
    if (possible === undefined) implied = undefined;
    else if (possible) return false;
  }
  return implied;
}

/** A formula true exactly when the rule is violated (linear: plus one guarded linear constraint). */
function violationOf(product: Product, r: Rule): { f: Formula; extra?: (ex: Encoding) => number[] } | undefined {
  switch (r.kind) {
    case 'formula':
      return { f: not(r.f) };
    case 'table': {
      const rowMatch = (row: Int32Array): Formula => {
        const parts: Formula[] = [];
        row.forEach((k, j) => {
          if (k < 0) return;
          const mask = new Uint8Array(product.model.vars[r.vars[j]].size);
          mask[k] = 1;
          parts.push(maskAtom(r.vars[j], mask));
        });
        return parts.length === 0 ? { k: 'const', v: true } : { k: 'and', xs: parts };
      };
      const anyRow: Formula = r.rows.length === 0 ? { k: 'const', v: false } : { k: 'or', xs: r.rows.map(rowMatch) };
      // Violated only when every option it names applies.
      const applies = r.vars.filter((_, j) => r.na !== null && r.na[j] >= 0).map((v) => not(naAtom(product.model.vars[v])));
      return { f: { k: 'and', xs: [...applies, r.allowed ? not(anyRow) : anyRow] } };
    }
    case 'linear':
      // Violated: the guard holds and Σ coefs·k ≤ bound − 1, i.e. −Σ ≥ 1 − bound.
      return {
        f: r.guard,
        extra: (ex) => {
          const g = ex.solver.newVar(false);
          ex.solver.addLinear(
            r.vars.map((v) => ex.base[v]),
            r.coefs.map((c) => -c),
            1 - r.bound,
            [lit(g, true)],
          );
          return [lit(g, true)];
        },
      };
    case 'card':
      return product.parts.complete?.cardinalityViolation(r);
  }
}

/** Whether the formulas can all hold with every constraint not in `ignore` enforced. */
function satisfiable(product: Product, fs: Formula[], ignore: ReadonlySet<string>, maxConflicts = 100_000, extra?: (ex: Encoding) => number[]): boolean | undefined {
  const ex = product.explaining();
  const assumptions: number[] = [];
  product.file.constraints.forEach((c, i) => {
    if (!ignore.has(c.id)) assumptions.push(2 * ex.selectors![i]);
  });
  for (const f of fs) {
    const l = ex.literalOf(f);
    if (l === false) return false;
    if (l !== true) assumptions.push(l);
  }
  if (extra) assumptions.push(...extra(ex));
  const r = ex.solver.solve(assumptions, maxConflicts);
  return r === 'unknown' ? undefined : r === 'sat';
}

export const productQuestions: ProductQuestions = { canHold, isImplied };
