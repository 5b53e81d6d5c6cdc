/**
 * A throw-away PostgreSQL cluster for benchmarks and local runs: initdb in a temp directory, started
 * on 127.0.0.1 as the `postgres` user (PostgreSQL refuses to run as root), stopped and deleted by
 * `stop()`. Needs the PostgreSQL server binaries (Debian: `apt-get install postgresql`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { freePort } from '@c2m/client/testing';
import { userInfo } from 'node:os';
import { join } from 'node:path';

/** Directory holding `initdb` and `pg_ctl`, or `undefined` when PostgreSQL is not installed. */
export function findPostgresBin(): string | undefined {
  const candidates = ['/usr/local/bin', '/usr/bin'];
  try {
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {
    // not a Debian layout
  }
  return candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
}

/** A port nothing listens on, drawn below the kernel's ephemeral range (see @c2m/client/testing). */
export { freePort };

export interface TempCluster {
  url: string;
  stop(): void;
}

/** Starts a cluster, or explains why it cannot (thrown Error). */
export async function startTempCluster(): Promise<TempCluster> {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found');
  const root = userInfo().uid === 0;
  let uid = -1;
  let gid = -1;
  if (root) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) throw new Error('running as root and there is no "postgres" user to run PostgreSQL');
    uid = Number(id.stdout.trim());
    gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  }
  const dir = mkdtempSync('/tmp/c2m-pg-');
  chmodSync(dir, 0o700);
  if (root) chownSync(dir, uid, gid);
  const run = (cmd: string, args: string[]) =>
    root
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  const port = await freePort();
  const data = join(dir, 'data');
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    run('pg_ctl', [
      '-D', data, '-l', join(dir, 'log'), '-w', '-t', '30',
      '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
      'start',
    ]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start PostgreSQL: ${(err as Error).message}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
