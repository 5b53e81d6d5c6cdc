/**
 * The validator the backend runs on a submitted specification. The validator trusts nothing from the client: it re-checks the
 * shape, the product version and digest, every value, every constraint, and recomputes the quote,
 * the lead time and the derived values with the same code that produced them in the browser.
 *
 * @packageDocumentation
 */
import { z } from 'zod';
import type { CompiledProduct } from './api.js';
import type {
  LeadTimeQuote,
  Quote,
  QuoteLine,
  SelectionValue,
  Specification,
  SpecificationIssue,
  SpecificationIssueCode,
} from './types.js';
import { LIMITS, RAISED_LIMITS } from './limits.js';
import { localize } from './localize.js';
import { computeDerived, computeLeadTime, computeQuote } from './pricing-text.js';
import { applicability } from './engine/evaluate.js';
import { findUnstorableText } from './validate/text-safety.js';

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

/** Largest snapshot image, as base64 text (about 3 MB of image). */
export const MAX_SNAPSHOT_BASE64 = 4 * 1024 * 1024;
const MAX_HTTPS_URL = 2048;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL = /^data:([a-z]+\/[a-z0-9.+-]+)(;[a-z0-9-]+=[a-z0-9-]+)*;base64,([A-Za-z0-9+/]*={0,2})$/;
const HTTPS_URL = /^https:\/\/[^\s/?#]+[^\s]*$/i;

function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64.test(text);
}

/** An `https:` URL or a base64 `data:` URL; nothing a backend could be tricked into reading locally. */
const SafeUrl = z
  .string()
  .max(MAX_SNAPSHOT_BASE64 + 256)
  .refine((url) => (url.startsWith('data:') ? DATA_URL.test(url) : url.length <= MAX_HTTPS_URL && HTTPS_URL.test(url)), {
    message: `must be an https: URL (at most ${MAX_HTTPS_URL} characters) or a base64 data: URL`,
  });

const Key = z.string().min(1).max(64);
const Label = z.string().max(2 * LIMITS.maxTextLength + 2);

const FileRefSchema = z.strictObject({
  name: z.string().min(1).max(255),
  type: z.string().max(127).regex(/^[a-z]+\/[a-z0-9.+-]+$/, { message: 'must be a media type such as "image/png"' }),
  bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  width: z.number().int().min(0).max(65536).optional(),
  height: z.number().int().min(0).max(65536).optional(),
  url: SafeUrl.optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a lowercase hex SHA-256' }).optional(),
});

const SelectionValueSchema = z.union([
  // Text options count code points; a string of astral characters has two UTF-16 units each.
  z.string().max(2 * LIMITS.maxTextLength),
  z.number(),
  z.boolean(),
  FileRefSchema,
  z.null(),
]);

/** A record with at most `RAISED_LIMITS.maxOptions` entries. */
function boundedRecord<T extends z.ZodType>(value: T) {
  // Products loaded with the raised limits have up to RAISED_LIMITS.maxOptions options.
  return z.record(Key, value).refine((r) => Object.keys(r).length <= RAISED_LIMITS.maxOptions, {
    message: `at most ${RAISED_LIMITS.maxOptions} entries`,
  });
}

const QuoteLineSchema = z.strictObject({
  id: Key,
  kind: z.enum(['base', 'option', 'line']),
  label: Label,
  amount: z.number().int(),
  option: Key.optional(),
});
const MAX_LINES = 1 + RAISED_LIMITS.maxOptions + LIMITS.maxPricingLines;

const SnapshotSchema = z
  .strictObject({
    type: z.enum(['image/png', 'image/jpeg', 'image/webp']),
    data: z
      .string()
      .max(MAX_SNAPSHOT_BASE64, { message: `must be at most ${MAX_SNAPSHOT_BASE64} characters of base64` })
      .refine(isBase64, { message: 'must be base64' })
      .optional(),
    url: SafeUrl.optional(),
  })
  .refine((s) => s.data !== undefined || s.url !== undefined, { message: 'needs data or url' });

/**
 * The shape of a {@link Specification}: strict (no unknown keys anywhere), with bounded sizes, so
 * that a backend can parse any request body with it before looking at the content.
 */
export const SpecificationSchema = z.strictObject({
  specVersion: z.literal(1),
  product: z.strictObject({
    id: Key,
    version: z.string().min(1).max(64),
    digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, { message: 'must be "sha256:" and 64 lowercase hex digits' }),
  }),
  selections: boundedRecord(SelectionValueSchema),
  origins: boundedRecord(z.enum(['user', 'default', 'auto'])),
  derived: boundedRecord(z.number()),
  quote: z.strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as "CNY"' }),
    lines: z.array(QuoteLineSchema).max(MAX_LINES),
    total: z.number().int(),
  }),
  leadTime: z.strictObject({
    days: z.number().int(),
    lines: z.array(QuoteLineSchema).max(MAX_LINES),
  }),
  locale: z
    .string()
    .max(35)
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'must be a BCP 47 language tag such as "en" or "zh-CN"' }),
  snapshot: SnapshotSchema.optional(),
  createdAt: z.iso.datetime({ offset: true }),
});

// The schema and the public interface must describe the same thing.
type Parsed = z.output<typeof SpecificationSchema>;
const _parsedIsSpecification = (p: Parsed): Specification => p;
void _parsedIsSpecification;

/**
 * The verdict on a submitted specification. When valid, `specification` is the parsed one with the
 * backend's own `quote` and `leadTime` (equal in ids, amounts and days; labels in the backend's words).
 */
export type SpecificationValidation =
  | { ok: true; specification: Specification }
  | { ok: false; issues: SpecificationIssue[] };

/** A value for a message: JSON, shortened; a field that is not there is "absent". */
function show(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The fields of a line that are part of the contract. The label is not: it is text for people, in
 * the shopper's language, and a backend writes its own (its receipt carries its own quote).
 */
const LINE_FIELDS = ['amount', 'option'] as const;

/** Lines are matched by kind and id (an option and a pricing line may share an id), never by position. */
const lineKey = (line: QuoteLine): string => `${line.kind}:${line.id}`;

/**
 * Compares submitted lines with recomputed ones, matched by kind and id: one issue per missing,
 * unexpected or repeated line and per differing field. Their order does not matter.
 */
function compareLines(
  expected: readonly QuoteLine[],
  actual: readonly QuoteLine[],
  path: Array<string | number>,
  code: SpecificationIssueCode,
  issues: SpecificationIssue[],
): void {
  const submitted = new Map<string, number>();
  actual.forEach((line, i) => {
    const first = submitted.get(lineKey(line));
    if (first === undefined) submitted.set(lineKey(line), i);
    else issues.push({ code, path: [...path, i], message: `line '${line.id}' is listed twice (first at ${first})` });
  });
  const known = new Set<string>();
  for (const e of expected) {
    known.add(lineKey(e));
    const i = submitted.get(lineKey(e));
    if (i === undefined) {
      issues.push({ code, path: [...path], message: `line '${e.id}' (${e.amount}) is missing` });
      continue;
    }
    const a = actual[i]!;
    for (const field of LINE_FIELDS) {
      if (e[field] !== a[field]) {
        issues.push({ code, path: [...path, i, field], message: `line '${e.id}': ${field} should be ${show(e[field])}, not ${show(a[field])}` });
      }
    }
  }
  actual.forEach((line, i) => {
    if (!known.has(lineKey(line)) && submitted.get(lineKey(line)) === i) {
      issues.push({ code, path: [...path, i], message: `unexpected line '${line.id}' (${line.amount}): the product file gives no such line` });
    }
  });
}

function compareQuote(expected: Quote, actual: Quote, issues: SpecificationIssue[]): void {
  const code = 'quote-mismatch';
  if (expected.currency !== actual.currency) {
    issues.push({ code, path: ['quote', 'currency'], message: `the currency is ${expected.currency}, not ${show(actual.currency)}` });
  }
  compareLines(expected.lines, actual.lines, ['quote', 'lines'], code, issues);
  if (expected.total !== actual.total) {
    issues.push({ code, path: ['quote', 'total'], message: `the total is ${expected.total}, not ${actual.total}` });
  }
}

function compareLeadTime(expected: LeadTimeQuote, actual: LeadTimeQuote, issues: SpecificationIssue[]): void {
  const code = 'lead-time-mismatch';
  compareLines(expected.lines, actual.lines, ['leadTime', 'lines'], code, issues);
  if (expected.days !== actual.days) {
    issues.push({ code, path: ['leadTime', 'days'], message: `the lead time is ${expected.days} days, not ${actual.days}` });
  }
}

function compareDerived(expected: Record<string, number>, actual: Record<string, number>, issues: SpecificationIssue[]): void {
  const code = 'derived-mismatch';
  for (const [id, value] of Object.entries(expected)) {
    if (!Object.hasOwn(actual, id)) issues.push({ code, path: ['derived', id], message: `derived value '${id}' (${value}) is missing` });
    else if (actual[id] !== value) issues.push({ code, path: ['derived', id], message: `derived value '${id}' is ${value}, not ${actual[id]}` });
  }
  for (const id of Object.keys(actual)) {
    if (!Object.hasOwn(expected, id)) issues.push({ code, path: ['derived', id], message: `there is no derived value '${id}'` });
  }
}

/**
 * A `"__proto__"` key in a record of the parsed JSON: zod's records drop it silently, and a key the
 * client sent must never vanish without a word.
 */
function protoKeys(spec: unknown): SpecificationIssue[] {
  const out: SpecificationIssue[] = [];
  if (typeof spec !== 'object' || spec === null) return out;
  for (const key of ['selections', 'origins', 'derived']) {
    const record: unknown = Object.hasOwn(spec, key) ? (spec as Record<string, unknown>)[key] : undefined;
    if (typeof record === 'object' && record !== null && Object.hasOwn(record, '__proto__')) {
      out.push({ code: 'schema', path: [key, '__proto__'], message: `the key "__proto__" is not allowed` });
    }
  }
  return out;
}

/**
 * Every string and key of the submitted JSON that no database can store (U+0000, unpaired
 * surrogates): refused here, with its place, rather than by the database on every retry.
 */
function unstorableText(spec: unknown): SpecificationIssue[] {
  return findUnstorableText(spec).map((t) => {
    const what =
      t.kind === 'nul-character'
        ? `character ${t.position} is U+0000 (NUL), which no database can store`
        : `character ${t.position} is an unpaired surrogate (${t.codePoint}), which is not valid Unicode text`;
    return {
      code: t.path[0] === 'selections' && !t.key ? 'invalid-value' : 'schema',
      path: t.path,
      message: t.key ? `the key ${show(t.path[t.path.length - 1])}: ${what}` : what,
    };
  });
}

/**
 * Checks a submitted specification against the product, trusting nothing in it: its shape; product
 * id, version and digest; that every option that applies is present, and no unknown one nor one
 * whose `when` does not hold; each value; every constraint; and the quote, lead time and derived
 * values, recomputed and compared field by field (lines matched by id; labels are the backend's to
 * write and not compared). Text that no database can store (U+0000, unpaired surrogates) is refused
 * with its path.
 * Reports every problem (each with the path of the field at fault), not just the first.
 */
export function validateSpecification(product: CompiledProduct, spec: unknown): SpecificationValidation {
  const parsed = SpecificationSchema.safeParse(spec);
  const smuggled = [...protoKeys(spec), ...unstorableText(spec)];
  if (!parsed.success || smuggled.length > 0) {
    const issues: SpecificationIssue[] = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({
          code: 'schema',
          path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
          message: i.message,
        }));
    return { ok: false, issues: [...smuggled, ...issues] };
  }
  const s: Specification = parsed.data;
  const file = product.file;
  // The schema allows records as large as the raised limits; a product within the default limits
  // is held to those.
  const maxEntries = Math.max(LIMITS.maxOptions, file.options.length);
  const oversized = (['selections', 'origins', 'derived'] as const).filter((key) => Object.keys(s[key]).length > maxEntries);
  if (oversized.length > 0) {
    return { ok: false, issues: oversized.map((key) => ({ code: 'schema', path: [key], message: `at most ${maxEntries} entries` })) };
  }
  const issues: SpecificationIssue[] = [];

  if (s.product.id !== file.product.id) {
    issues.push({ code: 'product-mismatch', path: ['product', 'id'], message: `this is product '${file.product.id}', not ${show(s.product.id)}` });
  }
  if (s.product.version !== file.product.version) {
    issues.push({
      code: 'product-mismatch',
      path: ['product', 'version'],
      message: `the product is at version ${show(file.product.version)}, not ${show(s.product.version)}`,
    });
  }
  if (s.product.digest !== product.digest) {
    issues.push({
      code: 'digest-mismatch',
      path: ['product', 'digest'],
      message: `the specification was made for another product file (digest ${s.product.digest}, expected ${product.digest})`,
    });
  }

  for (const id of Object.keys(s.selections)) {
    if (product.option(id) === undefined) issues.push({ code: 'unknown-option', path: ['selections', id], message: `there is no option '${id}'` });
  }
  for (const id of Object.keys(s.origins)) {
    if (product.option(id) === undefined) issues.push({ code: 'unknown-option', path: ['origins', id], message: `there is no option '${id}'` });
  }

  const values: Record<string, SelectionValue | null> = {};
  let valuesOk = true;
  // An option whose `when` does not hold on the submitted values has no value.
  const applies = applicability(product.options, s.selections);
  for (const option of product.options) {
    if (applies(option.id) === false) {
      for (const key of ['selections', 'origins'] as const) {
        if (!Object.hasOwn(s[key], option.id)) continue;
        issues.push({
          code: 'not-applicable',
          path: [key, option.id],
          message: `option '${option.id}' does not apply to this configuration (its 'when' does not hold), so it has no value`,
        });
      }
      continue;
    }
    if (!Object.hasOwn(s.selections, option.id)) {
      issues.push({ code: 'missing-option', path: ['selections', option.id], message: `option '${option.id}' has no value` });
      valuesOk = false;
      continue;
    }
    const value = s.selections[option.id]!;
    values[option.id] = value;
    // An empty text is "" and an empty file null; the engine checks every other value.
    const empty = (option.type === 'text' && value === '') || (option.type === 'file' && value === null);
    if (empty) {
      if (option.required) {
        issues.push({ code: 'missing-option', path: ['selections', option.id], message: `option '${option.id}' is required but empty` });
      }
      continue;
    }
    const check = product.checkValue(option.id, value);
    if (!check.ok) {
      issues.push({ code: 'invalid-value', path: ['selections', option.id], message: check.message });
      valuesOk = false;
    }
  }

  // The constraints can only be checked on a complete assignment of valid values.
  if (valuesOk) {
    for (const c of product.violations(values)) {
      issues.push({
        code: 'constraint',
        path: ['selections'],
        constraint: c.id,
        message: `constraint '${c.id}' is violated: ${localize(c.message, 'en', file.product.defaultLocale)}`,
      });
    }
  }

  const quote = computeQuote(file, values, s.locale);
  const leadTime = computeLeadTime(file, values, s.locale);
  compareQuote(quote, s.quote, issues);
  compareLeadTime(leadTime, s.leadTime, issues);
  compareDerived(computeDerived(file, values), s.derived, issues);

  // Equal in every compared field; the labels and the order of the lines are the backend's own.
  return issues.length === 0 ? { ok: true, specification: { ...s, quote, leadTime } } : { ok: false, issues };
}
