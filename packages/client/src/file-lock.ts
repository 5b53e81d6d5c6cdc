/**
 * One process per outbox file, enforced: a lock file beside it names the process that holds it (pid,
 * host, boot). A lock whose process is provably gone (same host, and another boot or no such pid) is
 * taken over; a live one is a precise error. Node only.
 *
 * @packageDocumentation
 */
import { readFileSync, rmSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { randomId } from './util.js';

/** The outbox file cannot be used: not an outbox file, or held by another process. */
export class OutboxFileError extends Error {
  override name = 'OutboxFileError';
}

interface LockHolder {
  pid: number;
  host: string;
  /** Linux's boot id: a pid from an earlier boot names nobody. */
  boot?: string;
  token: string;
  since: string;
}

let boot: string | undefined | null = null;
function bootId(): string | undefined {
  if (boot === null) {
    try {
      boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
    } catch {
      boot = undefined; // not Linux: the pid alone decides
    }
  }
  return boot;
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string' ? (h as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the holder's process may still run. Only "no" is a proof; another host is never proven gone. */
function mayBeAlive(h: LockHolder): boolean {
  if (h.host !== hostname()) return true;
  const here = bootId();
  if (h.boot !== undefined && here !== undefined && h.boot !== here) return false;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

/** A held lock: {@link release} removes the lock file if it is still ours. */
export interface FileLock {
  readonly path: string;
  release(): Promise<void>;
  /** Synchronous release, for the process's `exit` event. */
  releaseSync(): void;
}

/**
 * Takes the lock `lockPath` for this process. A lock file left by a process that is gone (crash,
 * `kill -9`, power cut) is taken over; an unreadable one (the holder died while writing it) too.
 */
export async function acquireFileLock(lockPath: string, what: string): Promise<FileLock> {
  const me: LockHolder = { pid: process.pid, host: hostname(), boot: bootId(), token: randomId(), since: new Date().toISOString() };
  const text = `${JSON.stringify(me)}\n`;
  for (let tries = 0; tries < 8; tries++) {
    try {
      await writeFile(lockPath, text, { flag: 'wx' });
      return held(lockPath, me.token);
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw e;
    }
    let found: string;
    try {
      found = await readFile(lockPath, 'utf8');
    } catch (e) {
      if (errno(e) === 'ENOENT') continue; // released meanwhile
      throw e;
    }
    const holder = parseHolder(found);
    if (holder && mayBeAlive(holder) && holder.pid !== process.pid) {
      throw new OutboxFileError(
        `${what} is in use by process ${holder.pid} on ${holder.host} since ${holder.since} (lock file ${lockPath}). ` +
          'An outbox file serves one process at a time; if that process is gone, delete the lock file.',
      );
    }
    // Gone (or our own leftover): move the stale lock aside, and make sure it was the stale one we moved.
    const aside = `${lockPath}.${me.token}.stale`;
    try {
      await rename(lockPath, aside);
    } catch (e) {
      if (errno(e) === 'ENOENT') continue;
      throw e;
    }
    const moved = await readFile(aside, 'utf8').catch(() => found);
    await rm(aside, { force: true });
    if (moved !== found) {
      // Another process took the stale lock over in between: its lock goes back, and it wins.
      await writeFile(lockPath, moved, { flag: 'wx' }).catch(() => undefined);
    }
  }
  throw new OutboxFileError(`could not take the lock ${lockPath}: other processes keep taking it`);
}

function held(path: string, token: string): FileLock {
  const ours = (text: string) => parseHolder(text)?.token === token;
  return {
    path,
    async release() {
      const text = await readFile(path, 'utf8').catch(() => '');
      if (ours(text)) await rm(path, { force: true });
    },
    releaseSync() {
      try {
        if (ours(readFileSync(path, 'utf8'))) rmSync(path, { force: true });
      } catch {
        // already gone, or the folder is: nothing to release at exit
      }
    },
  };
}
