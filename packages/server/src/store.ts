/**
 * Specifications and idempotency records in SQL. A submission writes the idempotency record and
 * the specification in one statement (hence one transaction): either both exist or neither, and a
 * second request with the same key can never create a second order.
 */
import { randomBytes } from 'node:crypto';
import type { Quote, Specification } from '@c2m/rules';
import type { SpecificationListItem, SpecificationState, SpecificationStatus, SubmissionReceipt } from '@c2m/client';
import type { Db } from './db/types.js';
import { canTransition } from './status.js';

export type { SubmissionReceipt, SpecificationStatus, SpecificationListItem };

/** A specification that passed re-validation, ready to store. */
export interface AcceptedSubmission {
  /** Who the idempotency key belongs to (e.g. the publishable key); keys of different scopes never collide. */
  scope: string;
  key: string;
  /** Hex SHA-256 of the canonical JSON of the request body. */
  requestHash: string;
  specification: Specification;
  /** The server's own quote and lead time (authoritative). */
  quote: Quote;
  leadTimeDays: number;
}

export type SubmitOutcome =
  | { kind: 'created'; receipt: SubmissionReceipt }
  | { kind: 'replayed'; receipt: SubmissionReceipt }
  | { kind: 'key-reused' };

export type TransitionOutcome =
  | { kind: 'ok'; status: SpecificationStatus }
  | { kind: 'not-found' }
  | { kind: 'invalid'; from: SpecificationState };

const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const ID_LENGTH = 26;
/** Random bytes fetched in batches: a randomBytes call per id was visible in the server's CPU profile. */
let entropy = Buffer.alloc(0);
let entropyAt = 0;

/** Specification ids: `spc_` and 26 base32 characters (130 random bits), unguessable. */
export function newSpecificationId(): string {
  if (entropyAt + ID_LENGTH > entropy.length) {
    entropy = randomBytes(ID_LENGTH * 256);
    entropyAt = 0;
  }
  let id = 'spc_';
  for (let i = 0; i < ID_LENGTH; i++) id += ID_ALPHABET[entropy[entropyAt + i]! & 31];
  entropyAt += ID_LENGTH;
  return id;
}

const INSERT = `
WITH k AS (
  INSERT INTO idempotency_keys (scope, key, request_hash, specification_id, response)
  VALUES ($1, $2, $3, $4, $5::jsonb)
  ON CONFLICT (scope, key) DO NOTHING
  RETURNING specification_id
), s AS (
  INSERT INTO specifications (id, product_id, product_version, product_digest, body, quote, lead_time_days,
    status, received_at, updated_at, scope)
  SELECT k.specification_id, $6, $7, $8, $9::jsonb, $10::jsonb, $11, 'received', $12::timestamptz, $12::timestamptz, $1 FROM k
  RETURNING id
)
SELECT count(*)::int AS created FROM s`;

/**
 * One page of the listing. The inner query takes at most `limit + 1` rows, newest first, without
 * their snapshot, with the size of each item (its JSON texts, and 256 bytes for the rest of the
 * status); the outer one keeps the rows that start within `$4` bytes (always the first), and
 * says how many the inner one found, so that a page cut by size still has a next page.
 * `ORDER BY s.seq` is the bigint column: ordering by a text alias of it sorts "10" before "9".
 */
const LIST = `
SELECT id, status, received_at, updated_at, quote, product_id, product_version, note, body, snapshot_type, snapshot_url,
  cursor, fetched
FROM (
  SELECT p.*, sum(p.size) OVER (ORDER BY p.seq DESC) AS running, (count(*) OVER ())::int AS fetched
  FROM (
    SELECT s.id, s.status, s.received_at, s.updated_at, s.quote, s.product_id, s.product_version, s.note, s.seq,
      s.seq::text AS cursor,
      s.body - 'snapshot' AS body,
      s.body->'snapshot'->>'type' AS snapshot_type,
      CASE WHEN s.body->'snapshot'->'data' IS NOT NULL OR s.body->'snapshot'->>'url' LIKE 'data:%' THEN NULL
        ELSE s.body->'snapshot'->>'url' END AS snapshot_url,
      octet_length((s.body - 'snapshot')::text) + octet_length(s.quote::text) + octet_length(coalesce(s.note, '')) + 256 AS size
    FROM specifications s
    WHERE ($1::text IS NULL OR s.status = $1) AND ($2::bigint IS NULL OR s.seq < $2::bigint)
    ORDER BY s.seq DESC
    LIMIT $3
  ) p
) w
WHERE running - size < $4::bigint OR running = size
ORDER BY seq DESC`;

const PROBE = 'INSERT INTO c2m_health (id, probed_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at';

const FIND_KEY = 'SELECT request_hash, response FROM idempotency_keys WHERE scope = $1 AND key = $2';

const STATUS_COLUMNS = 'id, status, received_at, updated_at, quote, product_id, product_version, note';

interface StatusRow {
  id: string;
  status: SpecificationState;
  received_at: Date | string;
  updated_at: Date | string;
  quote: Quote;
  product_id: string;
  product_version: string;
  note: string | null;
}

interface ListRow extends StatusRow {
  body: Specification;
  snapshot_type: string | null;
  snapshot_url: string | null;
  cursor: string;
  fetched: number;
}

function iso(t: Date | string): string {
  return (t instanceof Date ? t : new Date(t)).toISOString();
}

function toStatus(r: StatusRow): SpecificationStatus {
  const s: SpecificationStatus = {
    id: r.id,
    status: r.status,
    receivedAt: iso(r.received_at),
    updatedAt: iso(r.updated_at),
    quote: r.quote,
    product: { id: r.product_id, version: r.product_version },
  };
  if (r.note !== null) s.note = r.note;
  return s;
}

export class SpecificationStore {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * Stores a validated specification under its idempotency key, or finds the earlier answer for the
   * key. Concurrent requests with one key: the database's unique key lets exactly one insert; the
   * others wait for it to commit and then read its answer.
   */
  async submit(s: AcceptedSubmission): Promise<SubmitOutcome> {
    const receipt: SubmissionReceipt = {
      id: newSpecificationId(),
      status: 'received',
      receivedAt: new Date().toISOString(),
      quote: s.quote,
    };
    const body = JSON.stringify(s.specification);
    const { product } = s.specification;
    // Twice at most: a key found missing after a conflict was pruned in between; inserting again is right.
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = await this.#db.query<{ created: number }>(INSERT, [
        s.scope, s.key, s.requestHash, receipt.id, JSON.stringify(receipt),
        product.id, product.version, product.digest, body, JSON.stringify(s.quote), s.leadTimeDays, receipt.receivedAt,
      ]);
      if (r.rows[0]?.created === 1) return { kind: 'created', receipt };
      const found = await this.findKey(s.scope, s.key);
      if (found === undefined) continue;
      if (found.requestHash !== s.requestHash) return { kind: 'key-reused' };
      return { kind: 'replayed', receipt: found.receipt };
    }
    throw new Error('idempotency key vanished twice during one submission');
  }

  /** The earlier answer for an idempotency key, if any. */
  async findKey(scope: string, key: string): Promise<{ requestHash: string; receipt: SubmissionReceipt } | undefined> {
    const r = await this.#db.query<{ request_hash: string; response: SubmissionReceipt }>(FIND_KEY, [scope, key]);
    const row = r.rows[0];
    return row === undefined ? undefined : { requestHash: row.request_hash, receipt: row.response };
  }

  /** The status of a specification, whoever submitted it (manufacturer side). */
  async get(id: string): Promise<SpecificationStatus | undefined> {
    const r = await this.#db.query<StatusRow>(`SELECT ${STATUS_COLUMNS} FROM specifications WHERE id = $1`, [id]);
    return r.rows[0] === undefined ? undefined : toStatus(r.rows[0]);
  }

  /**
   * The status of a specification for the caller of `scope`: only one submitted in that scope (the
   * same publishable key, the same token subject), or without any credential. Otherwise undefined,
   * as if it did not exist. Orders stored before scopes were recorded are readable by any caller.
   */
  async getFor(id: string, scope: string): Promise<SpecificationStatus | undefined> {
    const r = await this.#db.query<StatusRow>(
      `SELECT ${STATUS_COLUMNS} FROM specifications WHERE id = $1 AND (scope IS NULL OR scope = 'public' OR scope = $2)`,
      [id, scope],
    );
    return r.rows[0] === undefined ? undefined : toStatus(r.rows[0]);
  }

  /**
   * Newest first, optionally only one state. `cursor` is the `nextCursor` of the previous page
   * (an opaque sequence number); `nextCursor` is `null` on the last page.
   *
   * A page is bounded in items (`limit`) and in bytes (`maxBytes`, at least one item): the
   * database sums the size of each specification and sends only the rows that fit. Snapshot images
   * never come with the page: a specification with an inline image (base64 `data` or a `data:` URL)
   * lists `snapshot.url` as `snapshotUrl(id)`, where the manufacturer fetches it on its own.
   */
  async list(options: {
    status?: SpecificationState;
    limit: number;
    cursor?: string;
    /** Default 8 MiB. */
    maxBytes?: number;
    /** Default `/specifications/{id}/snapshot`. */
    snapshotUrl?: (id: string) => string;
  }): Promise<{ items: SpecificationListItem[]; nextCursor: string | null }> {
    const before = options.cursor === undefined ? null : decodeCursor(options.cursor);
    const { maxBytes = 8 * 1024 * 1024, snapshotUrl = (id: string) => `/specifications/${id}/snapshot` } = options;
    const r = await this.#db.query<ListRow>(LIST, [options.status ?? null, before, options.limit + 1, maxBytes]);
    const rows = r.rows.slice(0, options.limit);
    // More rows than this page holds: the one past `limit`, or rows left out for size.
    const more = rows.length > 0 && rows[0]!.fetched > rows.length;
    return {
      items: rows.map((row) => {
        const specification = row.body as unknown as Record<string, unknown>;
        if (row.snapshot_type !== null) {
          const url = row.snapshot_url ?? snapshotUrl(row.id);
          specification.snapshot = { type: row.snapshot_type, url };
        }
        return { ...toStatus(row), specification };
      }),
      nextCursor: more ? encodeCursor(rows[rows.length - 1]!.cursor) : null,
    };
  }

  /** The snapshot image a specification carries inline (base64 `data` or a `data:` URL), decoded. */
  async snapshot(id: string): Promise<{ type: string; data: Buffer } | undefined> {
    const r = await this.#db.query<{ snapshot: { type?: unknown; data?: unknown; url?: unknown } | null }>(
      "SELECT body->'snapshot' AS snapshot FROM specifications WHERE id = $1",
      [id],
    );
    const s = r.rows[0]?.snapshot;
    if (!s || typeof s.type !== 'string') return undefined;
    if (typeof s.data === 'string') return { type: s.type, data: Buffer.from(s.data, 'base64') };
    const m = typeof s.url === 'string' ? /^data:[^,]*;base64,(.*)$/s.exec(s.url) : null;
    return m ? { type: s.type, data: Buffer.from(m[1]!, 'base64') } : undefined;
  }

  /** A small write, to tell whether the database can write again after a failure. */
  async probe(): Promise<void> {
    await this.#db.query(PROBE);
  }

  /** Moves a specification to `to` if its life cycle allows it; the change is recorded as an event. */
  async transition(id: string, to: SpecificationState, note?: string): Promise<TransitionOutcome> {
    return this.#db.transaction(async (tx) => {
      const cur = await tx.query<{ status: SpecificationState }>('SELECT status FROM specifications WHERE id = $1 FOR UPDATE', [id]);
      const from = cur.rows[0]?.status;
      if (from === undefined) return { kind: 'not-found' };
      if (!canTransition(from, to)) return { kind: 'invalid', from };
      const now = new Date().toISOString();
      const r = await tx.query<StatusRow>(
        `UPDATE specifications SET status = $2, note = CASE WHEN $3::text IS NULL AND status = $2 THEN note ELSE $3::text END,
           updated_at = CASE WHEN status = $2 THEN updated_at ELSE $4::timestamptz END
         WHERE id = $1 RETURNING ${STATUS_COLUMNS}`,
        [id, to, note ?? null, now],
      );
      if (from !== to) {
        await tx.query(
          'INSERT INTO specification_events (specification_id, at, from_status, to_status, note) VALUES ($1, $2::timestamptz, $3, $4, $5)',
          [id, now, from, to, note ?? null],
        );
      }
      return { kind: 'ok', status: toStatus(r.rows[0]) };
    });
  }

  /** Forgets idempotency keys older than `hours` (the protocol promises at least 24). */
  async pruneKeys(hours: number): Promise<number> {
    const r = await this.#db.query(
      "DELETE FROM idempotency_keys WHERE created_at < now() - ($1::int * interval '1 hour')",
      [hours],
    );
    return r.rowCount;
  }

  /** How many specifications are stored (tests, health checks). */
  async count(): Promise<number> {
    const r = await this.#db.query<{ n: number }>('SELECT count(*)::int AS n FROM specifications');
    return r.rows[0].n;
  }
}

function encodeCursor(seq: string): string {
  return Buffer.from(`s:${seq}`).toString('base64url');
}

/** `null` for a cursor that is not one of ours; the caller answers 400. */
export function decodeCursor(cursor: string): string | null {
  const text = Buffer.from(cursor, 'base64url').toString();
  const m = /^s:(\d{1,18})$/.exec(text);
  return m === null ? null : m[1];
}
