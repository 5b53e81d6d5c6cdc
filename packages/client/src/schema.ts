/**
 * `@c2m/client/schema`: the submission protocol's wire types (openapi.yaml) as zod schemas, the
 * one definition of the protocol: the TypeScript types of `@c2m/client` are inferred from them, the
 * reference backend checks requests with them, and the description the client checks answers with
 * (`protocol.generated.ts`, read without zod) is generated from them.
 *
 * Written with `zod/mini` (zod 4's tree-shakable API), so nothing is compiled with `new Function`.
 * A shop page does not need this entry: the client checks answers without zod.
 *
 * @packageDocumentation
 */
import * as z from 'zod/mini';

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
