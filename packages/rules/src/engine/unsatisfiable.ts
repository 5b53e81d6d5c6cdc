/**
 * Why a product has no valid configuration at all: a minimal set of constraints that contradict each
 * other (deletion over the solver's unsatisfiable cores, one selector per constraint), and for one
 * constraint that cannot hold on its own, the reason in the options' terms ("'slim-chest' cannot
 * hold: chest ≤ 140 but it needs ≥ waist + 100 (at least 150)"). The issue points at a constraint of
 * the conflict, so that a code frame shows one of them.
 */
import type { Constraint, ProductFile } from '../schema/product-file.js';
import type { ProductIssue } from '../types.js';
import type { Expr, RelationOperator } from '../expr/parse.js';
import { parseRelation, printExpression } from '../expr/parse.js';
import { formulaRange, type Interval } from '../expr/interval.js';
import type { IssueParams } from '../issues/messages.js';
import type { Encoding } from './encode.js';
import type { CompleteAnswers } from './compile.js';
import { cardinalityViolation } from './cardinality.js';

/** Solver conflicts allowed per step of the minimization; a step that runs out keeps its constraint. */
const BUDGET = 50_000;

/**
 * The indices of a set of constraints that cannot all hold, minimal when every deletion step was
 * decided (removing any one of them leaves a satisfiable set); `undefined` when the constraints
 * together are not proven contradictory within the budget. `ex` must be built with selectors.
 */
export function minimalConflict(ex: Encoding, constraintCount: number): number[] | undefined {
  const s = ex.solver;
  const selectors = ex.selectors!;
  const owner = new Map<number, number>();
  selectors.forEach((v, i) => owner.set(2 * v, i));
  const assume = (cs: readonly number[]) => cs.map((i) => 2 * selectors[i]!);
  const fromConflict = () => [...new Set(s.conflict.map((l) => owner.get(l)).filter((i): i is number => i !== undefined))].sort((a, b) => a - b);
  if (s.solve(assume(Array.from({ length: constraintCount }, (_, i) => i)), BUDGET) !== 'unsat') return undefined;
  let core = fromConflict();
  for (const i of [...core]) {
    if (!core.includes(i)) continue;
    const without = core.filter((x) => x !== i);
    // Unsatisfiable without it: it is not needed (and the new conflict may drop others too).
    if (s.solve(assume(without), BUDGET) === 'unsat') core = fromConflict();
  }
  return core;
}

const show = (n: number): string => String(Number(n.toFixed(6)));

const MIRROR: Record<RelationOperator, RelationOperator> = { '>=': '<=', '<=': '>=', '>': '<', '<': '>', '==': '==' };
const SYMBOL: Record<RelationOperator, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '==': '=' };

/**
 * Why a linear relation holds for no values of its options, from the options' declared ranges:
 * the side with options cannot reach what the other side needs. `undefined` when the ranges alone do
 * not show it (the step grid, or an option on both sides).
 */
function linearReason(file: ProductFile, relation: string): IssueParams | undefined {
  const parsed = parseRelation(relation);
  if (!parsed.ok) return undefined;
  let { left, op, right } = parsed.relation;
  const hasOption = (e: Expr): boolean =>
    e.kind === 'variable' || (e.kind === 'negate' ? hasOption(e.operand) : e.kind === 'binary' ? hasOption(e.left) || hasOption(e.right) : e.kind === 'call' && e.args.some(hasOption));
  // Speak about the side with options: `100 <= chest - waist` is read as `chest - waist >= 100`.
  if (!hasOption(left) && hasOption(right)) [left, op, right] = [right, MIRROR[op], left];
  const range = (id: string): Interval | undefined => {
    const o = file.options.find((x) => x.id === id);
    return o?.type === 'number' ? { lo: o.min, hi: o.max } : undefined;
  };
  const l = formulaRange(left, range);
  const r = formulaRange(right, range);
  if (!l || !r) return undefined;
  const constant = !hasOption(right);
  const need = `${SYMBOL[op]} ${printExpression(right)}`;
  const atLeast = (): IssueParams => ({ have: `${printExpression(left)} ≤ ${show(l.hi)}`, need, ...(constant ? { kind: 'bound' } : { kind: 'bound-at-least', least: show(r.lo) }) });
  const atMost = (): IssueParams => ({ have: `${printExpression(left)} ≥ ${show(l.lo)}`, need, ...(constant ? { kind: 'bound' } : { kind: 'bound-at-most', most: show(r.hi) }) });
  if ((op === '>=' || op === '==') && l.hi < r.lo) return atLeast();
  if (op === '>' && l.hi <= r.lo) return atLeast();
  if ((op === '<=' || op === '==') && l.lo > r.hi) return atMost();
  if (op === '<' && l.lo >= r.hi) return atMost();
  return undefined;
}

/** Why a domain restriction of a number option excludes every declared value of it. */
function domainReason(file: ProductFile, k: Extract<Constraint, { type: 'domain' }>): IssueParams | undefined {
  const o = file.options.find((x) => x.id === k.option);
  if (o?.type !== 'number') return undefined;
  if (k.max !== undefined && k.max < o.min) return { kind: 'bound', have: `${o.id} ≥ ${show(o.min)}`, need: `≤ ${show(k.max)}` };
  if (k.min !== undefined && k.min > o.max) return { kind: 'bound', have: `${o.id} ≤ ${show(o.max)}`, need: `≥ ${show(k.min)}` };
  return undefined;
}

/**
 * The English message of an `unsatisfiable` issue. Written here rather than rendered from the message
 * catalog, which the main entry does not carry; the catalogs (`issueMessage`) have the same wording
 * for every language, and a test keeps the two equal.
 */
function english(p: IssueParams): string {
  switch (p.kind) {
    case 'conflict':
      return `no configuration satisfies every constraint: ${p.list} contradict each other`;
    case 'single':
      return `constraint '${p.constraint}' cannot hold for any value of its options`;
    case 'bound':
    case 'bound-at-least':
    case 'bound-at-most': {
      const extra = p.kind === 'bound-at-least' ? ` (at least ${p.least})` : p.kind === 'bound-at-most' ? ` (at most ${p.most})` : '';
      return `'${p.constraint}' cannot hold: ${p.have} but it needs ${p.need}${extra}`;
    }
    default:
      return 'no configuration satisfies every constraint';
  }
}

/** The `unsatisfiable` issue of a product whose constraints admit no configuration. */
export function unsatisfiableIssue(file: ProductFile, explaining: Encoding): ProductIssue {
  const core = minimalConflict(explaining, file.constraints.length);
  if (core === undefined || core.length === 0) {
    return { code: 'unsatisfiable', severity: 'error', path: ['constraints'], message: english({}), params: {} };
  }
  const first = core[0]!;
  const k = file.constraints[first]!;
  if (core.length === 1) {
    const why = k.type === 'linear' ? linearReason(file, k.relation) : k.type === 'domain' ? domainReason(file, k) : undefined;
    const params: IssueParams = { constraint: k.id, constraints: k.id, ...(why ?? { kind: 'single' }) };
    const path = k.type === 'linear' && why ? ['constraints', first, 'relation'] : ['constraints', first];
    return { code: 'unsatisfiable', severity: 'error', path, message: english(params), params };
  }
  const ids = core.map((i) => file.constraints[i]!.id);
  const params: IssueParams = { kind: 'conflict', constraints: ids.join(','), list: ids.map((id) => `'${id}'`).join(', '), count: ids.length };
  return { code: 'unsatisfiable', severity: 'error', path: ['constraints', first], message: english(params), params };
}

/** What `@c2m/rules/check` adds to the products it compiles (see {@link CompleteAnswers}). */
export const completeAnswers: CompleteAnswers = { unsatisfiable: unsatisfiableIssue, cardinalityViolation };
