/**
 * The one SQL surface the server needs, implemented by embedded PGlite and by a real PostgreSQL
 * server. Both speak the same dialect, so the store and the migrations are written once.
 */

/** Rows returned by a statement and how many rows it changed. */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** Something statements can run on: the database itself or an open transaction. */
export interface Queryable {
  /** One statement with `$1…$n` parameters (pass JSON as a string and cast it, `$1::jsonb`). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A database connection (PGlite) or pool (PostgreSQL). */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Where the data lives: a PGlite data directory, or a PostgreSQL connection URL. */
export type DatabaseConfig =
  | {
      /** Directory of the embedded database; created when missing. `memory://` keeps it in memory. */
      dataDir: string;
    }
  | {
      /** `postgres://user:password@host:port/database` */
      url: string;
      /** Schema to use (created when missing); default `public`. */
      schema?: string;
      /** Connections in the pool; default 10. */
      poolSize?: number;
    };
