/**
 * A product's compiled diagram (mdd.ts), cached per model: the one module both the sessions'
 * compiled form (compiled.ts) and counting (count.ts) use, so that counting does not import the
 * table search a session may need.
 */
import type { Model } from './model.js';
import { compileMdd, DEFAULT_MDD_BUDGET, type Mdd, type MddBudget } from './mdd.js';

/** Most options a diagram is tried for: feature models with thousands of booleans rarely fit. */
const MAX_OPTIONS = 1000;
/** Largest domain of an option in a diagram (number options with many steps make wide nodes). */
const MAX_DOMAIN = 256;

/**
 * Whether a diagram is worth trying: the shape it is for has allowed-combination tables, few enough
 * options and small domains.
 */
export function suitsDiagram(model: Model): boolean {
  if (model.vars.length > MAX_OPTIONS || model.vars.some((v) => v.size > MAX_DOMAIN)) return false;
  return model.rules.some((r) => r.kind === 'table' && r.allowed && r.rows.length >= 8);
}

/** Diagrams compiled so far (null: unsuited or over its budget). */
export const diagrams = new WeakMap<Model, Mdd | null>();

/**
 * The model's diagram, compiled on first use within `budget`; null when unsuited or over budget. A
 * failure is remembered only when it had the full default budget, so a small budget (a short count)
 * does not deprive later sessions of the diagram.
 */
export function diagramOf(model: Model, budget: MddBudget = DEFAULT_MDD_BUDGET): Mdd | null {
  const known = diagrams.get(model);
  if (known !== undefined) return known;
  const d = suitsDiagram(model) ? compileMdd(model, budget) : null;
  if (d !== null || budget.maxMs >= DEFAULT_MDD_BUDGET.maxMs) diagrams.set(model, d);
  return d;
}
