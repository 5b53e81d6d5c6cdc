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

/** Reopen attempts after a failure are at least this far apart: each one compiles PostgreSQL again. */
const REOPEN_INTERVAL_MS = 1_000;
/** How long closing a broken instance may take before it is left to the garbage collector. */
const CLOSE_TIMEOUT_MS = 2_000;

/** "Try again soon", as PostgreSQL says while starting up (SQLSTATE 57P03): a 503 for the request. */
function starting(reason: string): Error {
  return Object.assign(new Error(`the embedded database is not open: ${reason}`), { code: '57P03' });
}

/**
 * Opens (or creates, with its parent directories) an embedded PGlite database in `dataDir`. PGlite
 * runs one statement at a time, so a transaction holds the whole database until it ends: keep
 * transactions short.
 *
 * A full or failing disk must not take the server down with it. Every statement goes through one
 * queue here, so that after a failed one nothing else reaches PGlite before it is checked:
 * - PGlite 0.5 (single-user PostgreSQL) is left in a state where the next extended-protocol query
 *   never returns, and the process spins at 100 % CPU, after a statement failed to write (disk
 *   full). A simple-protocol statement puts it right; the instance works again once there is space.
 * - When even that fails (a write to the write-ahead log failed: PostgreSQL would restart), the
 *   instance is closed and the database opened again, which replays the log as after a crash. Until
 *   that succeeds (there is space again), statements fail at once with SQLSTATE 57P03 (503 for the
 *   client), and a new attempt is made at most once a second.
 */
export async function openPglite(dataDir: string): Promise<Db> {
  const memory = dataDir === 'memory://';
  if (!memory) mkdirSync(dataDir, { recursive: true });
  const create = () => PGlite.create(memory ? undefined : dataDir);
  let pg: PGlite | undefined = await create();
  let down = '';
  let lastAttempt = 0;
  let closed = false;

  async function instance(): Promise<PGlite> {
    if (pg !== undefined) return pg;
    if (closed) throw new Error('the database is closed');
    if (memory) throw starting(down);
    if (Date.now() - lastAttempt < REOPEN_INTERVAL_MS) throw starting(down);
    lastAttempt = Date.now();
    try {
      pg = await create();
      return pg;
    } catch (err) {
      down = `it could not be opened again after "${down}": ${(err as Error).message}`;
      throw starting(down);
    }
  }

  /** After a failed statement: puts the instance right, or drops it when it cannot be (true). */
  async function recover(broken: PGlite, cause: unknown): Promise<boolean> {
    try {
      await broken.exec('SELECT 1');
      return false;
    } catch {
      pg = undefined;
      down = (cause as Error)?.message ?? String(cause);
      lastAttempt = 0;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        broken.close().catch(() => undefined),
        new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      return true;
    }
  }

  let tail: Promise<unknown> = Promise.resolve();
  /**
   * Runs `fn` on the instance when every statement before it has ended (and been checked), after a
   * turn of the event loop. PGlite computes in this thread and answers through promises only: one
   * statement after the other would run as one long chain of microtasks, and while a queue of
   * requests drains nothing else would run (no socket read, no timer, no /healthz, no load shedding).
   */
  const exclusive = <T>(fn: (pg: PGlite) => Promise<T>): Promise<T> => {
    const run = tail.then(async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const current = await instance();
      try {
        return await fn(current);
      } catch (err) {
        // A statement of a broken instance failed for the instance's sake, not its own: retryable.
        if (await recover(current, err)) throw Object.assign(starting(`it failed and is being opened again: ${(err as Error).message}`), { cause: err });
        throw err;
      }
    });
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  return {
    kind: 'pglite',
    query: <R>(sql: string, params?: readonly unknown[]) => exclusive((p) => wrap(p).query<R>(sql, params)),
    exec: (sql) => exclusive((p) => wrap(p).exec(sql)),
    // PGlite's own transaction ends a failed one with a simple-protocol ROLLBACK.
    transaction: (fn) => exclusive((p) => p.transaction((tx) => fn(wrap(tx)))),
    close: () =>
      tail.then(async () => {
        closed = true;
        await pg?.close();
        pg = undefined;
      }),
  };
}
