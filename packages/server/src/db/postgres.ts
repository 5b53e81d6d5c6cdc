import pg from 'pg';
import { createHash } from 'node:crypto';
import type { Db, Queryable, QueryResult } from './types.js';

/** Statements are prepared once per connection, named after their text. */
const names = new Map<string, string>();
function statementName(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    name = 'c2m_' + createHash('sha1').update(sql).digest('hex').slice(0, 16);
    names.set(sql, name);
  }
  return name;
}

function wrap(q: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const r = await q.query({ name: statementName(sql), text: sql, values: params as unknown[] });
      return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await q.query(sql);
    },
  };
}

/** A schema name we are willing to interpolate into SQL. */
const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Connects a pool to a PostgreSQL server. With `schema`, every connection uses that schema (created
 * when missing), so that several test runs or tenants can share one database.
 */
export async function openPostgres(url: string, options: { schema?: string; poolSize?: number } = {}): Promise<Db> {
  const { schema, poolSize = 10 } = options;
  if (schema !== undefined) {
    if (!SCHEMA.test(schema)) throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and "_"`);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener the
  // process would crash. The next query gets a fresh connection.
  pool.on('error', () => {});
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
