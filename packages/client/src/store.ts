/**
 * Where the outbox keeps its entries: the interface every store implements, and the in-memory one.
 *
 * @packageDocumentation
 */
import type { Specification } from '@c2m/rules';
import type { Problem } from './protocol.js';
import type { Receipt } from './client.js';

/** Life cycle of an outbox entry: `pending → delivering → delivered | failed` (and back to `pending` on a transient error). */
export type OutboxState = 'pending' | 'delivering' | 'delivered' | 'failed';

/** Why the last attempt of an entry failed, as plain data (it is stored). */
export interface OutboxError {
  /** The error class: `ProblemError`, `NetworkError`, `TimeoutError`, `InvalidResponseError`. */
  name: string;
  message: string;
  /** HTTP status, when there was an answer. */
  status?: number;
  /** The system error code of a `NetworkError` where the runtime gives one (Node): `ENOTFOUND`, `ECONNREFUSED`, … */
  code?: string;
  /** The problem document, e.g. a `specification-rejected` with its per-field `errors`. */
  problem?: Problem;
}

/** One specification waiting for, or done with, delivery. Plain data, so any store can keep it. */
export interface OutboxEntry {
  id: string;
  /** Chosen once when the entry is created; every attempt, in every tab and after every reload, sends it. */
  idempotencyKey: string;
  spec: Specification;
  state: OutboxState;
  /** Delivery rounds that failed with a transient error. */
  attempts: number;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  /** Not before this time (epoch ms) will the next automatic attempt start. */
  nextAttemptAt: number;
  /** Set once delivered. */
  receipt?: Receipt;
  /** The last error (kept on a failed entry for the UI). */
  error?: OutboxError;
  /** Who is delivering it and until when (epoch ms): keeps two tabs from sending at once. */
  lease?: { owner: string; until: number };
}

/**
 * Persistent storage of outbox entries. `update` must be atomic (no other `update` of the same
 * entry in between its read and its write), also across tabs when the store is shared by tabs.
 */
export interface OutboxStore {
  list(): Promise<OutboxEntry[]>;
  get(id: string): Promise<OutboxEntry | undefined>;
  /**
   * Reads the entry, calls `fn` synchronously with it and writes what `fn` returns; `undefined`
   * leaves it unchanged. Resolves with the stored entry afterwards.
   */
  update(id: string, fn: (entry: OutboxEntry | undefined) => OutboxEntry | undefined): Promise<OutboxEntry | undefined>;
  delete(id: string): Promise<void>;
}

// Entries are copied in and out so that callers never share objects with the store, as with a real one.
const copy = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

/** A store that lives as long as the page or process: for tests and for servers that need no durability. */
export function memoryStore(): OutboxStore {
  const entries = new Map<string, OutboxEntry>();
  return {
    list: async () => [...entries.values()].map(copy),
    get: async (id) => copy(entries.get(id)),
    async update(id, fn) {
      const next = fn(copy(entries.get(id)));
      if (next) entries.set(id, copy(next));
      return copy(entries.get(id));
    },
    async delete(id) {
      entries.delete(id);
    },
  };
}
