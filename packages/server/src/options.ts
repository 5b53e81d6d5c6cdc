import type { LimitsProfile } from '@c2m/rules';
import type { DatabaseConfig } from './db/types.js';

/** Bounds that keep one client from exhausting the server. */
export interface ServerLimits {
  /** Largest request body, in bytes (an embedded snapshot image counts). Default 1 MiB. */
  maxBodyBytes?: number;
  /** Time to receive a whole request, headers and body. Default 30 s. */
  requestTimeoutMs?: number;
  /** Time to receive the request headers. Default 10 s. */
  headersTimeoutMs?: number;
  /** How long `close()` waits for requests in flight before cutting connections. Default 10 s. */
  shutdownTimeoutMs?: number;
  /** Requests handled at once; beyond it the server answers 503 with `Retry-After` (clients retry). Default 512. */
  maxConcurrentRequests?: number;
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
  /** Where log lines go. Default: nowhere. */
  log?: (entry: LogEntry) => void;
}

export const DEFAULT_LIMITS: Required<ServerLimits> = {
  maxBodyBytes: 1024 * 1024,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  shutdownTimeoutMs: 10_000,
  idempotencyTtlHours: 48,
  maxConcurrentRequests: 512,
};
