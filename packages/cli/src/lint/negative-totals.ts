/**
 * `negative-price` and `negative-lead-time`: a sound lower bound of the total over every valid
 * configuration first; only when it is below zero (or cannot be bounded), a search for a valid
 * configuration that shows a negative total.
 *
 * The bound is sound because it follows what a complete configuration must contain: a choice option
 * always has exactly one value (so it adds at least its cheapest available value, which may be
 * positive), a boolean adds its price or nothing, a text/file option its price when it can or must be
 * filled in, and a formula line at least the lower end of its formula over the options' ranges
 * (interval arithmetic, rounded outward).
 */
import { createSession, LIMITS, type CompiledProduct, type Condition, type ProductFile, type Session } from '@c2m/rules/engine';
import { formulaRange, parseExpression, type Expr, type Interval } from '@c2m/rules/tooling';
import { showValue } from '../selections.js';
import type { LintFinding, LintSkipped } from './finding.js';

type Part = 'pricing' | 'leadTime';
type Option = ProductFile['options'][number];

/**
 * The ranges of number options while `condition` holds: narrowed by the range conditions it implies
 * (`{option, min, max}`, alone or in an `all`), the others unchanged. `undefined`: it never holds.
 */
export function rangesWhen(condition: Condition | undefined, ranges: ReadonlyMap<string, Interval>): Map<string, Interval> | undefined {
  const out = new Map(ranges);
  const narrow = (c: Condition): boolean => {
    if (c === false) return false;
    if (typeof c !== 'object') return true;
    if ('all' in c) return c.all.every(narrow);
    if ('option' in c && ('min' in c || 'max' in c) && !('is' in c || 'isNot' in c || 'set' in c)) {
      const r = out.get(c.option);
      if (!r) return true;
      const lo = Math.max(r.lo, c.min ?? -Infinity);
      const hi = Math.min(r.hi, c.max ?? Infinity);
      if (lo > hi) return false;
      out.set(c.option, { lo, hi });
    }
    return true;
  };
  return condition === undefined || narrow(condition) ? out : undefined;
}

const appliesAlways = (o: Option): boolean => (o as { when?: unknown }).when === undefined;

function delta(o: Option, value: unknown, part: Part): number {
  const field = part === 'pricing' ? 'price' : 'leadTime';
  switch (o.type) {
    case 'choice':
      return o.values.find((v) => v.id === value)?.[field] ?? 0;
    case 'boolean':
      return value === true ? (o[field] ?? 0) : 0;
    case 'text':
    case 'file':
      return value === true ? (o[field] ?? 0) : 0;
    case 'number':
      return 0;
  }
}

/**
 * A lower bound of the price (`pricing`) or lead time (`leadTime`) of every valid configuration, from
 * the domains of an empty session; `undefined` when a formula line cannot be bounded.
 */
export function totalLowerBound(product: CompiledProduct, session: Session, part: Part): number | undefined {
  const section = product.file[part];
  if (!section) return 0;
  let bound = section.base;
  const ranges = new Map<string, Interval>();
  for (const d of session.domains()) {
    const o = product.option(d.option)!;
    let least = 0;
    if (d.type === 'choice' || d.type === 'boolean') {
      const available = d.values.filter((v) => v.available).map((v) => delta(o, v.value, part));
      least = available.length > 0 ? Math.min(...available) : 0;
      if (d.type === 'boolean') ranges.set(d.option, { lo: d.values.some((v) => v.available && v.value === false) ? 0 : 1, hi: d.values.some((v) => v.available && v.value === true) ? 1 : 0 });
    } else if (d.type === 'text' || d.type === 'file') {
      const price = delta(o, true, part);
      least = d.canBeSet ? (d.canBeEmpty ? Math.min(0, price) : price) : 0;
    } else if (d.type === 'number') {
      ranges.set(d.option, { lo: d.feasible.min, hi: d.feasible.max });
    }
    // An option that may not apply has no value, and adds nothing.
    bound += appliesAlways(o) ? least : Math.min(0, least);
  }
  const mayBeUnset = (name: string) => {
    const o = product.option(name);
    return o === undefined || !appliesAlways(o);
  };
  for (const line of section.lines) {
    let least: number;
    let always = line.if === undefined;
    if (line.amount !== undefined) least = line.amount;
    else if (line.formula !== undefined) {
      const parsed = parseExpression(line.formula);
      if (!parsed.ok) return undefined;
      // A line applies only where its `if` holds: e.g. `if: {option: thickness, min: 32}` with `thickness - 30`.
      const where = rangesWhen(line.if, ranges);
      if (where === undefined) continue;
      // The line's amount is the formula's value rounded half away from zero.
      const rounded: Expr = { kind: 'call', fn: 'round', args: [parsed.expr], offset: 0 };
      const r = formulaRange(rounded, (name) => {
        if (mayBeUnset(name)) always = false;
        return where.get(name);
      });
      if (r === undefined) return undefined;
      least = r.lo;
      // Beyond the engine's bound the line is left out.
      if (least < -LIMITS.maxMoney) always = false;
    } else continue;
    bound += always ? least : Math.min(0, least);
  }
  return bound;
}

/** The negative-price and negative-lead-time findings, and what could not be proven either way. */
export function negativeTotals(product: CompiledProduct, session: Session): { findings: LintFinding[]; skipped: LintSkipped[] } {
  const findings: LintFinding[] = [];
  const skipped: LintSkipped[] = [];
  const file = product.file;
  for (const part of ['pricing', 'leadTime'] as const) {
    if (!file[part]) continue;
    const bound = totalLowerBound(product, session, part);
    if (bound !== undefined && bound >= 0) continue;
    // Greedy: pick the cheapest available value of every option, then complete.
    const probe = createSession(product, { applyDefaults: false });
    for (const o of product.options) {
      const d = probe.domain(o.id);
      if (d.type !== 'choice' && d.type !== 'boolean') continue;
      const best = d.values.filter((v) => v.available).sort((a, b) => delta(o, a.value, part) - delta(o, b.value, part))[0];
      if (best) probe.select(o.id, best.value);
    }
    probe.autocomplete();
    const total = part === 'pricing' ? probe.quote().total : probe.leadTime().days;
    const rule = part === 'pricing' ? 'negative-price' : 'negative-lead-time';
    if (total < 0) {
      const chosen = Object.entries(probe.selections).map(([k, v]) => `${k} = ${showValue(v)}`);
      findings.push({
        rule,
        severity: 'error',
        path: [part],
        message: `${part === 'pricing' ? 'the price' : 'the lead time'} is ${total}${part === 'pricing' ? ` ${file.product.currency} minor units` : ' days'} for the valid configuration ${chosen.slice(0, 12).join(', ')}${chosen.length > 12 ? ', …' : ''}`,
      });
    } else {
      skipped.push({
        check: rule,
        reason:
          bound === undefined
            ? 'not proven: a formula line cannot be bounded (it divides by a range containing 0), and no negative configuration was found'
            : `not proven: the lower bound is ${bound}, but no negative configuration was found`,
      });
    }
  }
  return { findings, skipped };
}
