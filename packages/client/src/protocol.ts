/**
 * The submission protocol's wire types (packages/client/openapi.yaml), as zod schemas and the
 * TypeScript types inferred from them. The client checks every response body with these; the
 * reference backend imports the same types, so both ends speak one contract.
 *
 * Written with `zod/mini` (zod 4's tree-shakable API): a shop page that submits specifications
 * bundles only the parts of zod these schemas use, and nothing is compiled with `new Function`.
 *
 * @packageDocumentation
 */
import * as z from 'zod/mini';

/** Prefix of the `type` URI of every problem the protocol defines: `urn:c2m:problem:<code>`. */
export const PROBLEM_TYPE_PREFIX = 'urn:c2m:problem:';

/** Codes of the problems the protocol defines (the part of `type` after {@link PROBLEM_TYPE_PREFIX}). */
export type ProblemCode =
  | 'invalid-request'
  | 'invalid-idempotency-key'
  | 'unauthorized'
  | 'not-found'
  | 'idempotency-key-reused'
  | 'request-in-progress'
  | 'request-timeout'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'specification-rejected'
  | 'invalid-status-transition'
  | 'rate-limited'
  | 'internal-error'
  | 'unavailable';

/** The `type` URI of a protocol problem, e.g. `problemType('specification-rejected')`. */
export const problemType = (code: ProblemCode): string => PROBLEM_TYPE_PREFIX + code;

/** A valid `Idempotency-Key`: 16–128 characters from `[A-Za-z0-9_-]` (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** Header names of the protocol. */
export const HEADERS = {
  idempotencyKey: 'Idempotency-Key',
  replayed: 'Idempotent-Replayed',
  publishableKey: 'X-C2M-Publishable-Key',
} as const;

/** Life cycle of a submitted specification; `shipped` and `rejected` are final. */
export const SpecificationState = z.enum(['received', 'accepted', 'in_production', 'shipped', 'rejected']);
export type SpecificationState = z.infer<typeof SpecificationState>;

// Response schemas are `z.object` (unknown keys stripped, not refused) so that a backend may add
// members without breaking older clients.
const money = z.number().check(z.int());
const timestamp = z.iso.datetime({ offset: true });
const note = z.optional(z.string().check(z.maxLength(2000)));

/** A quote line as sent on the wire (see `QuoteLine` in @c2m/rules). */
export const WireQuoteLine = z.object({
  id: z.string(),
  kind: z.enum(['base', 'option', 'line']),
  label: z.string(),
  amount: money,
  option: z.optional(z.string()),
});

/** A quote as sent on the wire: integer minor units (see `Quote` in @c2m/rules). */
export const WireQuote = z.object({
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
  lines: z.array(WireQuoteLine),
  total: money,
});
export type WireQuote = z.infer<typeof WireQuote>;

/** Server-chosen specification id. */
export const SpecificationId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/));

/** `201`/`200` answer to `POST /specifications`. */
export const SubmissionReceipt = z.object({
  id: SpecificationId,
  status: SpecificationState,
  receivedAt: timestamp,
  /** The manufacturer's own (authoritative) quote. */
  quote: WireQuote,
});
export type SubmissionReceipt = z.infer<typeof SubmissionReceipt>;

/** Answer to `GET /specifications/{id}` and `POST /specifications/{id}/status`. */
export const SpecificationStatus = z.object({
  id: SpecificationId,
  status: SpecificationState,
  receivedAt: timestamp,
  updatedAt: timestamp,
  quote: WireQuote,
  product: z.object({ id: z.string(), version: z.string() }),
  note,
});
export type SpecificationStatus = z.infer<typeof SpecificationStatus>;

/**
 * One entry of the manufacturer's list: its status plus the specification as submitted. The
 * specification is checked only for being an object here; the backend validates it with @c2m/rules.
 */
export const SpecificationListItem = z.extend(SpecificationStatus, {
  specification: z.record(z.string(), z.unknown()),
});
export type SpecificationListItem = z.infer<typeof SpecificationListItem>;

/** Answer to `GET /specifications` (manufacturer). */
export const SpecificationList = z.object({
  items: z.array(SpecificationListItem),
  nextCursor: z.nullable(z.string()),
});
export type SpecificationList = z.infer<typeof SpecificationList>;

/** Body of `POST /specifications/{id}/status` (manufacturer). */
export const StatusUpdate = z.strictObject({
  status: SpecificationState,
  note,
});
export type StatusUpdate = z.infer<typeof StatusUpdate>;

/** One field at fault in a rejected specification. */
export const FieldError = z.object({
  /** RFC 6901 JSON Pointer into the submitted body, e.g. `/selections/top`. */
  path: z.string(),
  /** A `SpecificationIssueCode` of @c2m/rules, or another code a backend defines. */
  code: z.string(),
  /** The violated constraint's id, for `code: "constraint"`. */
  constraint: z.optional(z.string()),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details, with the protocol's `errors` extension. Other members are kept. */
export const Problem = z.looseObject({
  type: z._default(z.string(), 'about:blank'),
  title: z._default(z.string(), ''),
  status: z.number().check(z.int(), z.gte(400), z.lte(599)),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  errors: z.optional(z.array(FieldError)),
});
export type Problem = z.infer<typeof Problem>;

/** Converts a JSON path (`["selections", "top"]`) to the JSON Pointer the protocol uses (`/selections/top`). */
export function toJsonPointer(path: ReadonlyArray<string | number>): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

const unitOf = (origin: string): string => (origin === 'string' ? ' characters' : origin === 'array' ? ' items' : '');

/**
 * One line about what a body checked with these schemas got wrong, e.g.
 * `quote.total: expected an integer` or `status: expected one of "received", "accepted", …`.
 * zod/mini carries no message catalog (that is most of classic zod's size), so the words are here.
 */
export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'body: invalid';
  const at = issue.path.map(String).join('.') || 'body';
  switch (issue.code) {
    case 'invalid_type':
      return `${at}: expected ${issue.expected === 'int' ? 'an integer' : issue.expected}`;
    case 'invalid_value':
      return `${at}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `${at}: unknown member${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_format':
      return `${at}: not a valid ${issue.format === 'regex' ? 'value' : issue.format}`;
    case 'too_big':
      return `${at}: at most ${String(issue.maximum)}${unitOf(issue.origin)}`;
    case 'too_small':
      return `${at}: at least ${String(issue.minimum)}${unitOf(issue.origin)}`;
    default:
      return `${at}: invalid`;
  }
}
