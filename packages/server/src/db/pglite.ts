import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './types.js';

function wrap(q: Pick<Transaction, 'query' | 'exec'>): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const r = await q.query<R>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
  };
}

/**
 * Opens (or creates, with its parent directories) an embedded PGlite database in `dataDir`. PGlite
 * runs one statement at a time, so a transaction holds the whole database until it ends: keep
 * transactions short.
 *
 * Every statement goes through one queue here, so that after a failed statement nothing else
 * reaches PGlite before it is reset. PGlite 0.5 (single-user PostgreSQL) is left in a state where
 * the next extended-protocol query never returns, and the process spins at 100 % CPU, after a
 * statement failed to write (disk full); a simple-protocol statement first puts it right. The
 * same instance then works again as soon as there is space.
 */
export async function openPglite(dataDir: string): Promise<Db> {
  const memory = dataDir === 'memory://';
  if (!memory) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(memory ? undefined : dataDir);
  const base = wrap(pg);
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
  const reset = () => pg.exec('SELECT 1').then(
    () => undefined,
    () => undefined,
  );
  return {
    kind: 'pglite',
    query: <R>(sql: string, params?: readonly unknown[]) =>
      exclusive(async () => {
        try {
          return await base.query<R>(sql, params);
        } catch (err) {
          await reset();
          throw err;
        }
      }),
    exec: (sql) => exclusive(() => base.exec(sql)),
    // PGlite's own transaction ends a failed one with a simple-protocol ROLLBACK: that is the reset.
    transaction: (fn) => exclusive(() => pg.transaction((tx) => fn(wrap(tx)))),
    close: () => exclusive(() => pg.close()),
  };
}
