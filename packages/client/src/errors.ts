/**
 * What can go wrong when talking to a C2M backend, as classes a UI can tell apart with `instanceof`.
 * Each keeps the underlying error as `cause`, and how many attempts were made.
 *
 * @packageDocumentation
 */
import { PROBLEM_TYPE_PREFIX, type BodyIssue, type FieldError, type Problem, type ProblemCode } from './protocol.js';

/** Base class of every error the client throws (an abort rethrows the signal's own reason instead). */
export class C2mClientError extends Error {
  override name = 'C2mClientError';
  /** HTTP attempts made before giving up (0 when none was sent). */
  attempts = 0;
}

/** The server answered with an error status; `problem` is its RFC 9457 document (synthesized if the body was not one). */
export class ProblemError extends C2mClientError {
  override name = 'ProblemError';
  readonly status: number;
  readonly problem: Problem;
  /** `Retry-After` of the answer, in milliseconds from when it arrived. */
  readonly retryAfterMs: number | undefined;

  constructor(problem: Problem, retryAfterMs?: number) {
    super(`${problem.status} ${problem.title || 'HTTP error'}${problem.detail ? `: ${problem.detail}` : ''}`);
    this.status = problem.status;
    this.problem = problem;
    this.retryAfterMs = retryAfterMs;
  }

  /** The protocol's problem code (`specification-rejected`, …), or `undefined` for other problem types. */
  get code(): ProblemCode | undefined {
    const t = this.problem.type;
    return t.startsWith(PROBLEM_TYPE_PREFIX) ? (t.slice(PROBLEM_TYPE_PREFIX.length) as ProblemCode) : undefined;
  }

  /** Per-field errors of a rejected specification (`[]` when none). */
  get errors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

/**
 * The request never got an HTTP answer: offline, DNS, refused or reset connection, CORS refusal.
 * `cause` is the `fetch` error; `code` its system error code when the runtime gives one (Node does,
 * browsers do not), e.g. `ENOTFOUND` for an unknown host or `ECONNREFUSED` when nothing listens.
 */
export class NetworkError extends C2mClientError {
  override name = 'NetworkError';
  readonly code: string | undefined;

  constructor(message: string, options?: { cause?: unknown }) {
    const found = systemCause(options?.cause);
    super(found && !message.includes(found.message) ? `${message}: ${found.message}` : message, options);
    this.code = found?.code;
  }
}

/**
 * What a `fetch` error says underneath (undici wraps it: "fetch failed" ← "connect ECONNREFUSED …"):
 * the innermost message, and the system error code where there is one.
 */
function systemCause(e: unknown): { code: string | undefined; message: string } | undefined {
  let found: { code: string | undefined; message: string } | undefined;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    // An AggregateError (one error per address tried) may carry the code only on its members.
    const inner = e instanceof AggregateError ? e.errors.find((x): x is Error => x instanceof Error) : undefined;
    const code = [e, inner].map((x) => (x as { code?: unknown } | undefined)?.code).find((c): c is string => typeof c === 'string');
    const message = e.message || inner?.message;
    if (depth > 0 && (code !== undefined || message)) found = { code: code ?? found?.code, message: message || code! };
    e = e.cause;
  }
  return found;
}

/** An attempt (`scope: "attempt"`) or the whole call with its retries (`scope: "total"`) took too long. */
export class TimeoutError extends C2mClientError {
  override name = 'TimeoutError';
  constructor(
    readonly scope: 'attempt' | 'total',
    readonly timeoutMs: number,
  ) {
    super(`${scope === 'total' ? 'Request with retries' : 'Request'} timed out after ${timeoutMs} ms`);
  }
}

/**
 * A success status whose body is not what the protocol promises (not JSON, or the wrong shape). The
 * message words the first problem (`quote.total: expected an integer`); `issues` has them all.
 */
export class InvalidResponseError extends C2mClientError {
  override name = 'InvalidResponseError';
  /** What the body got wrong, in order (`[]` when it is not JSON): see `describeIssue`. */
  readonly issues: readonly BodyIssue[];
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown; issues?: readonly BodyIssue[] },
  ) {
    super(`Invalid response (HTTP ${status}): ${message}`, options);
    this.issues = options?.issues ?? [];
  }
}

/** Every error a client call can reject with, besides an abort (the signal's reason). */
export type ClientError = ProblemError | NetworkError | TimeoutError | InvalidResponseError;

/** Statuses worth another attempt with the same idempotency key. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 425 || status === 429 || status >= 500;
