/**
 * Price, lead time and derived values of a (possibly partial) configuration, computed exactly from
 * the product file: the base, each chosen value's delta, then the file's conditional lines and
 * formulas. The session, the specification builder and the backend's validator all call these
 * functions, so a quote shown to a shopper is the quote the factory checks.
 *
 * Money is integer minor units and lead time whole days; formula lines are computed on exact
 * rationals and rounded half away from zero.
 *
 * Formulas arrive parsed ({@link prepareFormulas}): compiling a file parses them (pricing-text.ts,
 * which also has the public functions for any file), a compiled product carries them parsed. This
 * module has no parser, so that a page given a compiled product downloads none.
 *
 * @packageDocumentation
 */
import type { AdjustmentLine, ChoiceValue, LeadTime, Option, Pricing, ProductFile } from './schema/product-file.js';
import type { LeadTimeQuote, Quote, QuoteLine } from './types.js';
import type { LocalizedText } from './localized-text.js';
import { applicability, evaluateCondition, isPresent, type Applies, type Assignment } from './engine/evaluate.js';
import { LIMITS } from './limits.js';
import { localize } from './localize.js';
import type { Expr } from './expr/print.js';
import { evaluateValue } from './expr/evaluate.js';
import * as Q from './expr/rational.js';
import type { Rational } from './expr/rational.js';

/** Labels of the base line when the file gives none. */
const DEFAULT_BASE_LABEL: Readonly<Record<'price' | 'leadTime', LocalizedText>> = {
  price: { en: 'Base price', 'zh-CN': '基础价格' },
  leadTime: { en: 'Production time', 'zh-CN': '基础生产周期' },
};

/** What the pricing functions need of a product file, computed once per file object. */
interface Prepared {
  optionById: Map<string, Option>;
  /** Choice option id → value id → value, so a quote costs O(options), not O(values). */
  choiceValues: Map<string, Map<string, ChoiceValue>>;
  /** Formula text → its tree (`undefined`: it does not parse; the product-file checks report that). */
  formulas: ReadonlyMap<string, Expr | undefined>;
}

/** Largest amount a formula line may come to; larger results leave the line out. */
const MAX_AMOUNT = Q.fromInt(LIMITS.maxMoney);

const prepared = new WeakMap<ProductFile, Prepared>();

/** Every formula text of a product file: its price and lead-time lines' and its derived values'. */
export function formulaTexts(file: ProductFile): string[] {
  const texts: string[] = [];
  for (const line of [...(file.pricing?.lines ?? []), ...(file.leadTime?.lines ?? [])]) if (line.formula !== undefined) texts.push(line.formula);
  for (const d of file.derived) texts.push(d.formula);
  return texts;
}

/**
 * Gives the pricing functions the trees of `file`'s formulas ({@link formulaTexts}): parsed from
 * their text (pricing-text.ts, compiling) or read from a compiled product (which a page receives with
 * its formulas already parsed, so that it needs no parser). Once per file object; later calls keep
 * the first trees.
 */
export function prepareFormulas(file: ProductFile, formulas: ReadonlyMap<string, Expr | undefined>): void {
  if (prepared.has(file)) return;
  const choiceValues = new Map<string, Map<string, ChoiceValue>>();
  for (const o of file.options) if (o.type === 'choice') choiceValues.set(o.id, new Map(o.values.map((v) => [v.id, v])));
  prepared.set(file, { optionById: new Map(file.options.map((o) => [o.id, o])), choiceValues, formulas });
}

/** Whether {@link prepareFormulas} has been given `file`. */
export function hasFormulas(file: ProductFile): boolean {
  return prepared.has(file);
}

function prepare(file: ProductFile): Prepared {
  const p = prepared.get(file);
  // Every product file reaches pricing through compiling (which parses its formulas) or a compiled
  // product (which carries them parsed): a file that came neither way is a bug, never a quote without its formula lines.
  if (p === undefined) throw new TypeError('c2m: the product file\'s formulas were not prepared (compute quotes with computeQuote of @c2m/rules/engine)');
  return p;
}

/**
 * The exact value of a formula on `values`: numbers as written (exact decimals), booleans as 0/1.
 * `undefined` when the formula cannot be computed yet (it reads an option without a value) or at
 * all (it does not parse, divides by zero, or reads a choice/text/file option; the product-file
 * checks report those).
 */
function formulaValue(p: Prepared, formula: string, values: Assignment): Rational | undefined {
  const expr = p.formulas.get(formula);
  if (expr === undefined) return undefined;
  return evaluateValue(expr, (id) => {
    const option = p.optionById.get(id);
    const value = values[id];
    if (option?.type === 'number' && typeof value === 'number' && Number.isFinite(value)) return Q.fromDecimal(value);
    if (option?.type === 'boolean' && typeof value === 'boolean') return value ? Q.ONE : Q.ZERO;
    return undefined;
  });
}

/**
 * `values` without the options whose `when` does not hold (they have no value: no delta, and a
 * formula reading one is not computed), and what conditions need to know of them.
 */
function applicableValues(file: ProductFile, values: Assignment): { values: Assignment; applies: Applies } {
  const applies = applicability(file.options, values);
  let out: Record<string, Assignment[string]> | undefined;
  for (const o of file.options) {
    if (o.when === undefined || applies(o.id) !== false || values[o.id] === undefined) continue;
    out ??= { ...values };
    delete out[o.id];
  }
  return { values: out ?? values, applies };
}

/** The amount of a pricing/lead-time line, or `undefined` when it does not apply (yet). */
function lineAmount(p: Prepared, line: AdjustmentLine, values: Assignment, applies: Applies): number | undefined {
  if (line.if !== undefined && evaluateCondition(line.if, values, (id) => p.optionById.get(id), applies) !== true) return undefined;
  if (line.amount !== undefined) return line.amount;
  if (line.formula === undefined) return undefined;
  const value = formulaValue(p, line.formula, values);
  if (value === undefined) return undefined;
  const amount = Q.round(value);
  // Beyond any real price or lead time (a hostile or absurd value): no line rather than Infinity.
  return Q.compare(Q.abs(amount), MAX_AMOUNT) > 0 ? undefined : Q.toNumber(amount);
}

type DeltaField = 'price' | 'leadTime';

/** The delta that the chosen value of `option` adds, with its line label; `undefined` when none. */
function optionDelta(
  p: Prepared,
  option: Option,
  value: Assignment[string],
  field: DeltaField,
  locale: string,
  defaultLocale: string,
): { amount: number; label: string } | undefined {
  const optionLabel = localize(option.label, locale, defaultLocale);
  switch (option.type) {
    case 'choice': {
      if (typeof value !== 'string') return undefined;
      const chosen = p.choiceValues.get(option.id)?.get(value);
      const amount = chosen?.[field];
      if (chosen === undefined || amount === undefined) return undefined;
      return { amount, label: `${optionLabel}: ${localize(chosen.label, locale, defaultLocale)}` };
    }
    case 'boolean':
      return value === true && option[field] !== undefined ? { amount: option[field], label: optionLabel } : undefined;
    case 'text':
    case 'file':
      return isPresent(value) === true && option[field] !== undefined ? { amount: option[field], label: optionLabel } : undefined;
    case 'number':
      // A number option's price is a formula line (e.g. area × price per m²), not a per-value delta.
      return undefined;
  }
}

function computeLines(
  file: ProductFile,
  section: Pricing | LeadTime | undefined,
  field: DeltaField,
  given: Assignment,
  locale: string,
): QuoteLine[] {
  const p = prepare(file);
  const { values, applies } = applicableValues(file, given);
  const defaultLocale = file.product.defaultLocale;
  const lines: QuoteLine[] = [
    {
      id: 'base',
      kind: 'base',
      label: localize(section?.baseLabel ?? DEFAULT_BASE_LABEL[field], locale, defaultLocale),
      amount: section?.base ?? 0,
    },
  ];
  for (const option of file.options) {
    const delta = optionDelta(p, option, values[option.id], field, locale, defaultLocale);
    if (delta !== undefined) lines.push({ id: option.id, kind: 'option', label: delta.label, amount: delta.amount, option: option.id });
  }
  for (const line of section?.lines ?? []) {
    const amount = lineAmount(p, line, values, applies);
    if (amount !== undefined) lines.push({ id: line.id, kind: 'line', label: localize(line.label, locale, defaultLocale), amount });
  }
  return lines;
}

function sum(lines: readonly QuoteLine[]): number {
  // Sum as bigint so that many large lines cannot lose a minor unit to floating point.
  let total = 0n;
  for (const line of lines) total += BigInt(line.amount);
  return Number(total);
}

/**
 * The price of `values` (see `computeQuote` of pricing-text.ts, the public one), for a file whose
 * formulas are prepared ({@link prepareFormulas}).
 */
export function computeQuote(file: ProductFile, values: Assignment, locale: string): Quote {
  const lines = computeLines(file, file.pricing, 'price', values, locale);
  return { currency: file.product.currency, lines, total: sum(lines) };
}

/** The lead time of `values` in days (see `computeLeadTime` of pricing-text.ts), for a file whose formulas are prepared. */
export function computeLeadTime(file: ProductFile, values: Assignment, locale: string): LeadTimeQuote {
  const lines = computeLines(file, file.leadTime, 'leadTime', values, locale);
  return { days: sum(lines), lines };
}

/** The file's derived values on `values` (see `computeDerived` of pricing-text.ts), for a file whose formulas are prepared. */
export function computeDerived(file: ProductFile, given: Assignment): Record<string, number> {
  const p = prepare(file);
  const { values } = applicableValues(file, given);
  const out: Record<string, number> = {};
  for (const d of file.derived) {
    const value = formulaValue(p, d.formula, values);
    const n = value === undefined ? undefined : Q.toNumber(Q.roundTo(value, 6));
    // Infinity would travel as JSON null; an absurd value has no place in a specification.
    if (n !== undefined && Number.isFinite(n)) out[d.id] = n;
  }
  return out;
}
