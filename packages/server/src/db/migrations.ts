/**
 * Ordered schema migrations. Each runs once, in its own transaction, and is recorded in
 * `c2m_migrations`; append new ones, never edit applied ones.
 */
import type { Db } from './types.js';

interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'specifications and idempotency keys',
    sql: `
      CREATE TABLE specifications (
        seq bigserial UNIQUE,
        id text PRIMARY KEY,
        product_id text NOT NULL,
        product_version text NOT NULL,
        product_digest text NOT NULL,
        body jsonb NOT NULL,
        quote jsonb NOT NULL,
        lead_time_days integer NOT NULL,
        status text NOT NULL CHECK (status IN ('received', 'accepted', 'in_production', 'shipped', 'rejected')),
        note text,
        received_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX specifications_status_seq ON specifications (status, seq DESC);
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        specification_id text NOT NULL REFERENCES specifications (id),
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
      CREATE TABLE specification_events (
        specification_id text NOT NULL REFERENCES specifications (id),
        at timestamptz NOT NULL,
        from_status text NOT NULL,
        to_status text NOT NULL,
        note text
      );
      CREATE INDEX specification_events_spec ON specification_events (specification_id, at);
    `,
  },
  {
    id: 2,
    name: 'the caller of each specification; a table for write probes',
    sql: `
      ALTER TABLE specifications ADD COLUMN scope text;
      UPDATE specifications s SET scope = k.scope FROM idempotency_keys k WHERE k.specification_id = s.id;
      CREATE TABLE c2m_health (id integer PRIMARY KEY, probed_at timestamptz NOT NULL);
    `,
  },
];

/**
 * Brings the schema up to date. Safe when several servers start at once on one PostgreSQL: the
 * first takes an advisory lock, the others wait and then find nothing left to do.
 */
export async function migrate(db: Db): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS c2m_migrations (
    id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    await db.transaction(async (tx) => {
      // Key chosen at random once; scoped to this transaction.
      await tx.query('SELECT pg_advisory_xact_lock(7318092541)');
      const done = await tx.query('SELECT 1 FROM c2m_migrations WHERE id = $1', [m.id]);
      if (done.rows.length > 0) return;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO c2m_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      applied.push(m.id);
    });
  }
  return applied;
}
