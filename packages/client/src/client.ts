/**
 * The typed client of the submission protocol: one idempotency key per specification, retries only
 * where they are safe, timeouts per attempt and in total, abortable, every answer checked.
 *
 * @packageDocumentation
 */
import type { Specification } from '@c2m/rules';
import { issueDetails, parseStructure } from '@c2m/rules/structure';
import {
  InvalidResponseError,
  NetworkError,
  ProblemError,
  TimeoutError,
  isRetryableStatus,
  type ClientError,
} from './errors.js';
import { PROBLEM, PROTOCOL_STRUCTURE, SPECIFICATION_STATUS, SUBMISSION_RECEIPT } from './protocol.generated.js';
import { describeIssue, HEADERS, IDEMPOTENCY_KEY_PATTERN, type Problem, type SpecificationStatus, type SubmissionReceipt } from './protocol.js';
import { randomId, sleep } from './util.js';

/** How failed attempts are retried. */
export interface RetryOptions {
  /** Most attempts in all, the first included. Default 4. */
  limit?: number;
  /** First backoff ceiling; doubles per attempt (full jitter: a random wait in [0, ceiling)). Default 500 ms. */
  baseDelayMs?: number;
  /** Largest backoff ceiling. Default 10 s. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown. Default 60 s. */
  maxRetryAfterMs?: number;
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The manufacturer's endpoint, e.g. `https://maker.example/api`; paths are appended to it. */
  endpoint: string | URL;
  /** Extra headers for every request, or a function computing them (called per attempt). */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** A bearer token for `Authorization`, fetched per attempt so that refreshed tokens are used. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Sent as `X-C2M-Publishable-Key`. */
  publishableKey?: string;
  /** The `fetch` to use. Default: the global one. */
  fetch?: typeof fetch;
  /** Time for one attempt, body included. Default 15 s. */
  timeoutMs?: number;
  /** Time for a whole call, retries and waits included. Default 60 s. */
  totalTimeoutMs?: number;
  /** Retry policy, or `false` for a single attempt. */
  retry?: RetryOptions | false;
  /** Source of randomness for the jitter (tests make it deterministic). Default `Math.random`. */
  random?: () => number;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of {@link Client.submit}. */
export interface SubmitOptions extends CallOptions {
  /**
   * The key that makes the submission happen once. Default: a random key chosen the first time this
   * specification object is submitted and reused for it afterwards (the outbox persists it across reloads).
   */
  idempotencyKey?: string;
}

/** The answer to a submission, plus whether it was a replay of an earlier identical one. */
export type Receipt = SubmissionReceipt & { replayed: boolean; idempotencyKey: string };

/** `{ data }` on success, `{ error }` otherwise: for UI code that prefers values to exceptions. */
export type Result<T> = { data: T; error?: undefined } | { data?: undefined; error: ClientError | Error };

/** A client of one C2M backend. */
export interface Client {
  readonly endpoint: string;
  /** Posts a specification; resolves with the receipt, or rejects with a {@link ClientError} (or the abort reason). */
  submit(spec: Specification, options?: SubmitOptions): Promise<Receipt>;
  /** The current state of a submitted specification. */
  status(id: string, options?: CallOptions): Promise<SpecificationStatus>;
  /** {@link submit} as a `{ data } | { error }` result. */
  trySubmit(spec: Specification, options?: SubmitOptions): Promise<Result<Receipt>>;
  /** {@link status} as a `{ data } | { error }` result. */
  tryStatus(id: string, options?: CallOptions): Promise<Result<SpecificationStatus>>;
}

/**
 * Parses `Retry-After` (seconds or an HTTP date) into milliseconds from `now`; `undefined` when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP date names its day and month; Date.parse alone would also take "-5" as a year.
  const at = /[a-z]{3}/i.test(v) ? Date.parse(v) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Full-jitter exponential backoff: a random wait in [0, min(max, base·2^(attempt−1))). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}

const keys = new WeakMap<object, string>();

const retryable = (e: unknown): boolean =>
  e instanceof NetworkError || (e instanceof TimeoutError && e.scope === 'attempt') || (e instanceof ProblemError && isRetryableStatus(e.status));

/** Creates a client of the backend at `options.endpoint`. */
export function createClient(options: ClientOptions): Client {
  const endpoint = String(options.endpoint).replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(endpoint) && !endpoint.startsWith('/')) {
    throw new TypeError(`endpoint must be an http(s) URL or an absolute path, got "${endpoint}"`);
  }
  const timeoutMs = options.timeoutMs ?? 15_000;
  const totalMs = options.totalTimeoutMs ?? 60_000;
  const retry = options.retry === false ? { limit: 1 } : (options.retry ?? {});
  const limit = Math.max(1, retry.limit ?? 4);
  const baseDelay = retry.baseDelayMs ?? 500;
  const maxDelay = retry.maxDelayMs ?? 10_000;
  const maxRetryAfter = retry.maxRetryAfterMs ?? 60_000;
  const random = options.random ?? Math.random;

  async function headersFor(extra: Record<string, string>): Promise<Headers> {
    const h = new Headers(typeof options.headers === 'function' ? await options.headers() : options.headers);
    h.set('Accept', 'application/json, application/problem+json');
    if (options.publishableKey) h.set(HEADERS.publishableKey, options.publishableKey);
    const token = await options.getToken?.();
    if (token) h.set('Authorization', `Bearer ${token}`);
    for (const [k, v] of Object.entries(extra)) h.set(k, v);
    return h;
  }

  /** One HTTP exchange, body read inside the attempt's timeout. */
  async function attempt(
    method: string,
    path: string,
    body: string | undefined,
    extra: Record<string, string>,
    budgetMs: number,
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; headers: Headers; text: string }> {
    const ctl = new AbortController();
    const ms = Math.min(timeoutMs, budgetMs);
    const timeout = new TimeoutError(ms < timeoutMs ? 'total' : 'attempt', ms < timeoutMs ? totalMs : timeoutMs);
    const timer = setTimeout(() => ctl.abort(timeout), ms);
    const onAbort = () => ctl.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort);
    try {
      const res = await (options.fetch ?? fetch)(endpoint + path, {
        method,
        headers: await headersFor(extra),
        body,
        signal: ctl.signal,
      });
      return { status: res.status, headers: res.headers, text: await res.text() };
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      if (ctl.signal.aborted) throw timeout;
      throw new NetworkError(e instanceof Error ? e.message : 'Network error', { cause: e });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Runs attempts until success, a definitive error, the attempt limit or the total deadline. A
   * success's body is checked with the schema whose root in `PROTOCOL_STRUCTURE` is `answer` (its
   * zod schema's checks, generated from `schema.ts`), which says its type `T`.
   */
  async function call<T>(
    method: string,
    path: string,
    body: string | undefined,
    extra: Record<string, string>,
    answer: number,
    signal: AbortSignal | undefined,
  ): Promise<{ data: T; status: number; headers: Headers }> {
    const deadline = Date.now() + totalMs;
    for (let n = 1; ; n++) {
      signal?.throwIfAborted();
      let error: ClientError;
      try {
        const r = await attempt(method, path, body, extra, deadline - Date.now(), signal);
        if (r.status >= 200 && r.status < 300) {
          let json: unknown;
          try {
            json = JSON.parse(r.text);
          } catch (e) {
            throw Object.assign(new InvalidResponseError(r.status, 'body is not JSON', { cause: e }), { attempts: n });
          }
          const parsed = parseStructure(PROTOCOL_STRUCTURE, json, answer);
          if (!parsed.ok) {
            const issues = parsed.issues.map(issueDetails);
            throw Object.assign(new InvalidResponseError(r.status, describeIssue(issues[0]), { issues }), { attempts: n });
          }
          return { data: parsed.value as T, status: r.status, headers: r.headers };
        }
        error = new ProblemError(toProblem(r.status, r.text), parseRetryAfter(r.headers.get('Retry-After')));
      } catch (e) {
        if (!(e instanceof NetworkError || e instanceof TimeoutError)) throw e;
        error = e;
      }
      error.attempts = n;
      if (!retryable(error) || n >= limit) throw error;
      const retryAfter = error instanceof ProblemError ? error.retryAfterMs : undefined;
      if (retryAfter !== undefined && retryAfter > maxRetryAfter) throw error;
      const wait = retryAfter ?? backoffDelay(n, baseDelay, maxDelay, random);
      // Waiting past the deadline would only end in a timeout: report the real failure instead.
      if (Date.now() + wait >= deadline) throw error;
      await sleep(wait, signal);
    }
  }

  async function submit(spec: Specification, o: SubmitOptions = {}): Promise<Receipt> {
    let key = o.idempotencyKey ?? keys.get(spec);
    if (!key) keys.set(spec, (key = randomId()));
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new TypeError('idempotencyKey must be 16–128 characters from [A-Za-z0-9_-]');
    }
    const r = await call<SubmissionReceipt>(
      'POST',
      '/specifications',
      JSON.stringify(spec),
      { 'Content-Type': 'application/json', [HEADERS.idempotencyKey]: key },
      SUBMISSION_RECEIPT,
      o.signal,
    );
    const replayed = r.status === 200 || r.headers.get(HEADERS.replayed) === 'true';
    return { ...r.data, replayed, idempotencyKey: key };
  }

  async function status(id: string, o: CallOptions = {}): Promise<SpecificationStatus> {
    return (await call<SpecificationStatus>('GET', `/specifications/${encodeURIComponent(id)}`, undefined, {}, SPECIFICATION_STATUS, o.signal)).data;
  }

  const attemptResult = async <T>(p: () => Promise<T>): Promise<Result<T>> => {
    try {
      return { data: await p() };
    } catch (error) {
      return { error: error instanceof Error ? error : new Error(String(error)) };
    }
  };

  return {
    endpoint,
    submit,
    status,
    trySubmit: (spec, o) => attemptResult(() => submit(spec, o)),
    tryStatus: (id, o) => attemptResult(() => status(id, o)),
  };
}

/** The problem document of an error answer; proxies and crashes get a synthesized one. */
function toProblem(status: number, text: string): Problem {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (an HTML page from a proxy): fall through to the synthesized problem
  }
  const parsed = parseStructure(PROTOCOL_STRUCTURE, body, PROBLEM);
  // The status line wins over a body that disagrees with it.
  if (parsed.ok) return { ...(parsed.value as Problem), status };
  return { type: 'about:blank', title: `HTTP ${status}`, status, detail: text.slice(0, 200) || undefined };
}
