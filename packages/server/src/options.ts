import type { LimitsProfile } from '@c2m/rules';
import type { DatabaseConfig } from './db/types.js';

/** Bounds that keep one client, or a crowd, from exhausting the server. */
export interface ServerLimits {
  /** Largest request body, in bytes (an embedded snapshot image counts). Default 1 MiB. */
  maxBodyBytes?: number;
  /** Time to receive a whole request, headers and body. Default 30 s. */
  requestTimeoutMs?: number;
  /** Time to receive the request headers (enforced to within a second). Default 10 s. */
  headersTimeoutMs?: number;
  /**
   * How long an idle keep-alive connection stays open. Longer than the idle timeout of the load
   * balancers and clients in front (60 s for many), so that they close first: a connection the
   * server closes just as a client reuses it fails that client's request. Default 65 s.
   */
  keepAliveTimeoutMs?: number;
  /**
   * Time a body still arriving after the headers gets before the minimum rate applies: each
   * `minBodyBytesPerSecond` bytes received then extend it by one second. A slower body is cut with
   * 408 and its connection closed. Default 10 s.
   */
  bodyTimeoutMs?: number;
  /** See `bodyTimeoutMs`; 0 makes `bodyTimeoutMs` a total deadline. Default 1024. */
  minBodyBytesPerSecond?: number;
  /** Bodies one client address may have arriving at once; more get 429. Default 16. */
  maxSlowBodiesPerAddress?: number;
  /**
   * Requests processed at once (re-validation and the database); others wait their turn in a
   * queue. `/healthz` and product files never wait. Default 64.
   */
  maxConcurrentRequests?: number;
  /** Longest wait for a turn: a request that would wait longer gets 503 with `Retry-After`. Default 1 s. */
  maxQueueMs?: number;
  /** Longest queue, whatever the expected wait. Default 4096. */
  maxQueuedRequests?: number;
  /** Failed authentications per client address and minute; beyond it, 429 until the minute ends. Default 20. */
  maxAuthFailuresPerMinute?: number;
  /**
   * Connections the operating system holds for the server until it accepts them (capped by Linux's
   * `net.core.somaxconn`). A burst larger than this is not refused by the server but dropped by the
   * kernel, and clients wait seconds to send their connection again. Default 4096.
   */
  acceptBacklog?: number;
  /** Largest listing page, in bytes of specifications (at least one is listed). Default 8 MiB. */
  maxListBytes?: number;
  /** How long `close()` waits for requests in flight before cutting connections. Default 10 s. */
  shutdownTimeoutMs?: number;
  /** Idempotency keys are remembered at least this long (the protocol promises 24 h). Default 48 h. */
  idempotencyTtlHours?: number;
}

/** A line of the server's log. */
export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  msg: string;
  [key: string]: unknown;
}

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** Directory of product files (`*.json`, `*.yaml`, `*.yml`); every version kept there stays orderable. */
  productsDir: string;
  /** Where specifications are stored: a PGlite data directory, or a PostgreSQL URL. */
  database: DatabaseConfig;
  /** Browser origins allowed to call the shop endpoints, e.g. `["https://shop.example"]`; `["*"]` for any. */
  cors?: { origins: readonly string[] };
  /** Secret keys of the manufacturer's own systems (listing, status changes), sent as `Authorization: Bearer`. */
  manufacturerKeys?: readonly string[];
  /**
   * Publishable keys of the shops allowed to submit (`X-C2M-Publishable-Key`). When set, shop calls
   * without one of them get 401; idempotency keys are scoped per publishable key.
   */
  publishableKeys?: readonly string[];
  /**
   * Checks the optional `Authorization: Bearer` token of shop calls (a signed-in shopper, or the
   * shop). Gets the token, or `undefined` when there is none; returns who it is (idempotency keys
   * are then scoped to it) or `null` to refuse the call with 401. Without it, tokens are ignored.
   */
  verifyToken?: (token: string | undefined) => string | null | Promise<string | null>;
  limits?: ServerLimits;
  /**
   * Limits the product files must keep: `'default'` (what a shop page loads) or `'raised'` (up to
   * 25,000 options, 60,000 constraints and 32 MiB, for very large models; see `RAISED_LIMITS` of
   * `@c2m/rules`). Files over the limits are skipped with their issues logged. Default `'default'`.
   */
  productLimits?: LimitsProfile;
  /** Path prefix of every endpoint, e.g. `/api`. Default none. */
  basePath?: string;
  /**
   * Addresses of your reverse proxies or load balancers. A request from one of them is counted (for
   * limits per client address) as coming from the nearest address in `X-Forwarded-For` that is not
   * one of them. Default none: the connection's address.
   */
  trustedProxies?: readonly string[];
  /** Where log lines go. Default: nowhere. */
  log?: (entry: LogEntry) => void;
}

export const DEFAULT_LIMITS: Required<ServerLimits> = {
  maxBodyBytes: 1024 * 1024,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 65_000,
  bodyTimeoutMs: 10_000,
  minBodyBytesPerSecond: 1024,
  maxSlowBodiesPerAddress: 16,
  maxConcurrentRequests: 64,
  maxQueueMs: 1_000,
  maxQueuedRequests: 4096,
  maxAuthFailuresPerMinute: 20,
  acceptBacklog: 4096,
  maxListBytes: 8 * 1024 * 1024,
  shutdownTimeoutMs: 10_000,
  idempotencyTtlHours: 48,
};
