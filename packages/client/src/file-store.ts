/**
 * The Node outbox store: one file, written as an append-only journal. The first line is a snapshot of
 * every entry; each change appends one line (`{"id", "put": entry}` or `{"id", "delete": true}`) and
 * syncs it to disk before the change resolves, so a change costs the same with 10 entries or 10,000.
 * When the journal has grown past the size of a snapshot, it is compacted: a new snapshot is written to
 * a temporary file that is renamed over the old one, so a crash leaves the old or the new file, never
 * half of one. A crash in the middle of an append leaves a torn last line, which the next start ignores.
 *
 * The file serves one process at a time (a lock file beside it, see `file-lock.ts`): the entries live
 * in memory and the file is only written, and the leases of a process that is gone are void at once.
 *
 * @packageDocumentation
 */
import { mkdir, open, readdir, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { acquireFileLock, OutboxFileError, type FileLock } from './file-lock.js';
import type { OutboxEntry, OutboxStore } from './store.js';

/** An outbox store in a file, as returned by {@link fileStore}. */
export interface FileOutboxStore extends OutboxStore {
  /** The absolute path of the file. */
  readonly path: string;
  /**
   * Closes the file and releases its lock once every store of this path in the process is closed.
   * The lock is also released when the process exits.
   */
  close(): Promise<void>;
}

const FORMAT = 2;
/** Compaction happens when the journal holds more change lines than this or than live entries. */
const MIN_RECORDS_BEFORE_COMPACTION = 64;

interface Header {
  c2mOutbox: typeof FORMAT;
  entries: OutboxEntry[];
}

type JournalRecord = { id: string; put: OutboxEntry } | { id: string; delete: true };

const copy = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

let tmpCounter = 0;
const tempName = (path: string) => `${path}.${process.pid}.${++tmpCounter}.tmp`;

/** Temporary files of a compaction or a lock take-over, left behind by a process killed in the middle. */
async function removeLeftovers(path: string): Promise<void> {
  const base = basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const leftover = new RegExp(`^${base}\\.(\\d+\\.\\d+\\.tmp|lock\\.[A-Za-z0-9-]+\\.stale)$`);
  for (const name of await readdir(dirname(path))) {
    if (leftover.test(name)) await rm(join(dirname(path), name), { force: true });
  }
}

/** The entries of the file's text, and how many bytes of it are whole lines. */
function parseJournal(path: string, buffer: Buffer): { entries: Map<string, OutboxEntry>; goodBytes: number; records: number; rewrite: boolean } {
  const entries = new Map<string, OutboxEntry>();
  if (buffer.length === 0) return { entries, goodBytes: 0, records: 0, rewrite: true };
  const text = buffer.toString('utf8');
  const firstNewline = text.indexOf('\n');
  const first = firstNewline < 0 ? text : text.slice(0, firstNewline);
  let header: unknown;
  try {
    header = JSON.parse(first);
  } catch (e) {
    throw new OutboxFileError(`${path} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  const h = header as Partial<Header> & { version?: unknown; entries?: unknown };
  if (h && typeof h === 'object' && h.version === 1 && h.entries && typeof h.entries === 'object' && !Array.isArray(h.entries)) {
    // The first format: one JSON document rewritten on every change. Read it, and write it anew.
    for (const [id, e] of Object.entries(h.entries as Record<string, OutboxEntry>)) entries.set(id, e);
    return { entries, goodBytes: buffer.length, records: 0, rewrite: true };
  }
  if (!h || typeof h !== 'object' || h.c2mOutbox !== FORMAT || !Array.isArray(h.entries) || firstNewline < 0) {
    throw new OutboxFileError(`${path} is not a c2m outbox file (expected a first line {"c2mOutbox": ${FORMAT}, "entries": […]})`);
  }
  for (const e of h.entries) entries.set(e.id, e);
  // Only lines ending in a newline count: a crash in the middle of an append leaves a torn last line.
  const end = buffer.lastIndexOf(0x0a) + 1;
  const lines = buffer.subarray(0, end).toString('utf8').split('\n');
  let records = 0;
  for (let n = 1; n < lines.length - 1; n++) {
    let r: JournalRecord;
    try {
      r = JSON.parse(lines[n]!) as JournalRecord;
    } catch (e) {
      throw new OutboxFileError(`${path}:${n + 1} is not a journal line: ${(e as Error).message}`, { cause: e });
    }
    if (!r || typeof r.id !== 'string' || !('put' in r || 'delete' in r)) {
      throw new OutboxFileError(`${path}:${n + 1} is not a journal line (expected {"id", "put"} or {"id", "delete"})`);
    }
    if ('put' in r) entries.set(r.id, r.put);
    else entries.delete(r.id);
    records++;
  }
  return { entries, goodBytes: end, records, rewrite: false };
}

/** The open file of one path, shared by every {@link fileStore} of that path in this process. */
class Journal {
  #fd: FileHandle | undefined;
  /** Bytes of whole lines: where the next line goes, and where a failed append is cut back to. */
  #size = 0;
  #records = 0;
  /** An append failed and could not be cut back: the next change writes a snapshot first. */
  #broken = false;

  private constructor(
    readonly path: string,
    readonly entries: Map<string, OutboxEntry>,
    readonly lock: FileLock,
  ) {}

  static async open(path: string): Promise<Journal> {
    await mkdir(dirname(path), { recursive: true });
    const lock = await acquireFileLock(`${path}.lock`, path);
    heldLocks.add(lock);
    try {
      await removeLeftovers(path);
      let buffer: Buffer;
      try {
        buffer = await readFile(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        buffer = Buffer.alloc(0);
      }
      const parsed = parseJournal(path, buffer);
      // We hold the file alone now, so whoever wrote a lease into it is gone: its deliveries are ours
      // to take over at once (the idempotency key makes a repeat harmless).
      for (const [id, e] of parsed.entries) {
        if (e.lease) {
          const { lease: _void, ...rest } = e;
          parsed.entries.set(id, rest);
        }
      }
      const journal = new Journal(path, parsed.entries, lock);
      if (parsed.rewrite) await journal.compact();
      else {
        journal.#fd = await open(path, 'a');
        if (parsed.goodBytes < buffer.length) await journal.#fd.truncate(parsed.goodBytes);
        journal.#size = parsed.goodBytes;
        journal.#records = parsed.records;
      }
      return journal;
    } catch (e) {
      heldLocks.delete(lock);
      await lock.release();
      throw e;
    }
  }

  /** Appends one change and syncs it; the entries in memory change only once it is on disk. */
  async append(record: JournalRecord): Promise<void> {
    if (this.#broken || !this.#fd) await this.compact();
    const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    try {
      const { bytesWritten } = await this.#fd!.write(line);
      if (bytesWritten !== line.length) throw new Error(`short write to ${this.path} (${bytesWritten} of ${line.length} bytes)`);
      await this.#fd!.datasync();
    } catch (e) {
      // Cut the partial line off, so that the next line does not continue it.
      await this.#fd!.truncate(this.#size).catch(() => {
        this.#broken = true;
      });
      throw e;
    }
    this.#size += line.length;
    this.#records++;
    if ('put' in record) this.entries.set(record.id, record.put);
    else this.entries.delete(record.id);
    if (this.#records > Math.max(MIN_RECORDS_BEFORE_COMPACTION, this.entries.size)) {
      // The change is already safe in the journal: a failed compaction (disk full) is tried again later.
      await this.compact().catch(() => undefined);
    }
  }

  /** Writes a snapshot of every entry to a temporary file and renames it over the journal. */
  async compact(): Promise<void> {
    const header: Header = { c2mOutbox: FORMAT, entries: [...this.entries.values()] };
    const text = `${JSON.stringify(header)}\n`;
    const tmp = tempName(this.path);
    try {
      await writeFile(tmp, text, { flush: true });
      await rename(tmp, this.path);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    await syncFolder(dirname(this.path));
    const old = this.#fd;
    this.#fd = await open(this.path, 'a');
    await old?.close().catch(() => undefined);
    this.#size = Buffer.byteLength(text);
    this.#records = 0;
    this.#broken = false;
  }

  async close(): Promise<void> {
    await this.#fd?.close().catch(() => undefined);
    this.#fd = undefined;
    heldLocks.delete(this.lock);
    await this.lock.release();
  }
}

/** Makes a rename durable where the platform allows syncing a folder (not on Windows). */
async function syncFolder(path: string): Promise<void> {
  let fd: FileHandle | undefined;
  try {
    fd = await open(path, 'r');
    await fd.sync();
  } catch {
    // best effort
  } finally {
    await fd?.close().catch(() => undefined);
  }
}

interface Shared {
  queue: Promise<unknown>;
  journal: Promise<Journal> | undefined;
  refs: number;
}

const shared = new Map<string, Shared>();
/** Locks held by this process, released synchronously when it exits. */
const heldLocks = new Set<FileLock>();
let exitHook = false;

function sharedOf(path: string): Shared {
  let s = shared.get(path);
  if (!s) {
    s = { queue: Promise.resolve(), journal: undefined, refs: 0 };
    shared.set(path, s);
  }
  if (!exitHook) {
    exitHook = true;
    // A process that exits normally leaves no lock behind (a killed one leaves one that the next start takes over).
    process.once('exit', () => {
      for (const lock of heldLocks) lock.releaseSync();
    });
  }
  return s;
}

/**
 * An outbox store in one file, for CLIs, servers and kiosks that must not lose a submission when the
 * process stops. Every change is on disk (synced) before it resolves; a crash at any point leaves a
 * readable file. One process uses a file at a time: another process gets an {@link OutboxFileError}
 * naming the holder, and a process that died (crash, `kill -9`) is taken over at the next start,
 * with its deliveries in flight resumed at once. Within a process, every store of one path shares
 * the open file.
 */
export function fileStore(path: string): FileOutboxStore {
  const full = resolve(path);
  const s = sharedOf(full);
  s.refs++;
  let closed = false;
  // One operation at a time per file, so that read-modify-write cycles cannot interleave.
  const serial = <T>(fn: (j: Journal) => Promise<T> | T): Promise<T> => {
    const run = s.queue.then(async () => {
      if (closed) throw new Error(`the outbox store of ${full} is closed`);
      s.journal ??= Journal.open(full).catch((e: unknown) => {
        s.journal = undefined; // a file that could not be opened is tried afresh next time
        throw e;
      });
      return fn(await s.journal);
    });
    s.queue = run.catch(() => undefined);
    return run;
  };
  return {
    path: full,
    list: () => serial((j) => [...j.entries.values()].map(copy)),
    get: (id) => serial((j) => copy(j.entries.get(id))),
    update: (id, fn) =>
      serial(async (j) => {
        const next = fn(copy(j.entries.get(id)));
        if (next) await j.append({ id, put: JSON.parse(JSON.stringify(next)) as OutboxEntry });
        return copy(j.entries.get(id));
      }),
    delete: (id) =>
      serial(async (j) => {
        if (j.entries.has(id)) await j.append({ id, delete: true });
      }),
    async close() {
      if (closed) return;
      await serial(() => undefined).catch(() => undefined);
      closed = true;
      if (--s.refs > 0) return;
      shared.delete(full);
      const j = await s.journal?.catch(() => undefined);
      await j?.close();
    },
  };
}
