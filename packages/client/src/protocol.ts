/**
 * The submission protocol's wire types (packages/client/openapi.yaml), its constants, and the words
 * for what a body got wrong. The types are inferred from the zod schemas of `@c2m/client/schema`
 * (the one definition, which the reference backend checks requests with); the client checks every
 * answer with a description generated from those schemas (`protocol.generated.ts`), without zod,
 * so that a shop page downloads no zod for it.
 *
 * @packageDocumentation
 */
export type {
  FieldError,
  Problem,
  SpecificationList,
  SpecificationListItem,
  SpecificationState,
  SpecificationStatus,
  StatusUpdate,
  SubmissionReceipt,
  WireQuote,
} from './schema.js';

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

/** Converts a JSON path (`["selections", "top"]`) to the JSON Pointer the protocol uses (`/selections/top`). */
export function toJsonPointer(path: ReadonlyArray<string | number>): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

const unitOf = (origin: string | undefined): string => (origin === 'string' ? ' characters' : origin === 'array' ? ' items' : '');

/**
 * A structural issue with what it says was expected: zod's issues (`z.core.$ZodIssue`) and the
 * client's own checks of an answer (`StructureIssue` of `@c2m/rules/structure`) both are one.
 */
export interface BodyIssue {
  code: string;
  path: readonly PropertyKey[];
  /** `invalid_type`: the type expected (`int` for an integer). */
  expected?: string;
  /** `invalid_value`: the values allowed. */
  values?: readonly unknown[];
  /** `unrecognized_keys`: the members not allowed. */
  keys?: readonly string[];
  /** `invalid_format`: the format (`datetime`; `regex` for a pattern). */
  format?: string;
  /** `too_small`/`too_big`: the bound, and what was measured (`string`, `array`, `number`). */
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
}

/**
 * One line about what a checked body got wrong, e.g. `quote.total: expected an integer` or
 * `status: expected one of "received", "accepted", …`. Neither zod/mini nor the client's own checks
 * carry a message catalog, so the words are here.
 */
export function describeIssue(issue: BodyIssue | undefined): string {
  if (!issue) return 'body: invalid';
  const at = issue.path.map(String).join('.') || 'body';
  switch (issue.code) {
    case 'invalid_type':
      return `${at}: expected ${issue.expected === 'int' ? 'an integer' : (issue.expected ?? 'a value')}`;
    case 'invalid_value':
      return `${at}: expected one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys': {
      const keys = issue.keys ?? [];
      return `${at}: unknown member${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`;
    }
    case 'invalid_format':
      return `${at}: not a valid ${issue.format === 'regex' || issue.format === undefined ? 'value' : issue.format}`;
    case 'too_big':
      return `${at}: at most ${String(issue.maximum)}${unitOf(issue.origin)}`;
    case 'too_small':
      return `${at}: at least ${String(issue.minimum)}${unitOf(issue.origin)}`;
    default:
      return `${at}: invalid`;
  }
}
