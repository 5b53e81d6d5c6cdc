import fs from 'node:fs';
import { cpSync, mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
const dir = mkdtempSync('/tmp/h14/pgl-');
cpSync('/tmp/c2m-pglite-template-0.5.16-m2', dir, { recursive: true });
const fds = new Set<number>();
let full = false;
const openSync = fs.openSync;
(fs as any).openSync = function (path: any, ...rest: any[]) { const fd = (openSync as any).call(fs, path, ...rest); if (String(path).startsWith(dir)) fds.add(fd); return fd; };
const writeSync = fs.writeSync;
(fs as any).writeSync = function (fd: number, buf: any, off: any, len: any, pos: any) {
  if (full && fds.has(fd)) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  return (writeSync as any).call(fs, fd, buf, off, len, pos);
};
const q = async (db: PGlite, name: string, sql: string, params: unknown[] = []) => {
  try { const r = await db.query(sql, params); console.log(name, 'ok', JSON.stringify(r.rows)); } catch (e) { console.log(name, 'error', (e as any).code, (e as Error).message); await db.exec('SELECT 1').catch((e) => console.log('reset failed', (e as Error).message)); }
};
let db = await PGlite.create(dir);
await db.exec('CREATE TABLE big (b text)');
await q(db, 'first', 'INSERT INTO big VALUES ($1)', ['small-1']);
full = true;
await q(db, 'small insert', 'INSERT INTO big VALUES ($1)', ['x']);
await q(db, 'small insert 2', 'INSERT INTO big VALUES ($1)', ['y']);
await q(db, 'select', 'SELECT count(*)::int AS n FROM big');
// reopen while still full
try { const d2 = await PGlite.create(dir); console.log('reopened while full'); await q(d2, 'sel2', 'SELECT 1'); } catch (e) { console.log('reopen while full failed', (e as Error).message); }
full = false;
const t0 = Date.now();
const closing = db.close().then(() => console.log('old closed', Date.now() - t0), (e) => console.log('old close error', (e as Error).message));
await Promise.race([closing, new Promise((r) => setTimeout(r, 3000))]);
db = await PGlite.create(dir);
console.log('reopened');
await q(db, 'count after reopen', 'SELECT count(*)::int AS n, array_agg(b) AS b FROM big');
await q(db, 'insert after reopen', 'INSERT INTO big VALUES ($1)', [randomBytes(300000).toString('base64')]);
await q(db, 'count', 'SELECT count(*)::int AS n FROM big');
console.log('rss MB', Math.round(process.memoryUsage().rss / 1e6));
await db.close();
