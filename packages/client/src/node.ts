/**
 * `@c2m/client/node`: what only Node has. A file-backed outbox store, for CLIs, servers and kiosks
 * that must not lose a submission when the process stops.
 *
 * @packageDocumentation
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { OutboxEntry, OutboxStore } from './store.js';

interface FileContent {
  version: 1;
  entries: Record<string, OutboxEntry>;
}

/** The file is not an outbox file (not JSON, or not the expected shape). */
export class OutboxFileError extends Error {
  override name = 'OutboxFileError';
}

let tmpCounter = 0;

/**
 * An outbox store in one JSON file. Every write goes to a temporary file that is then renamed over
 * the real one, so a crash leaves the old or the new content, never half of it. Operations are
 * serialized within the process; do not share one file between processes.
 */
export function fileStore(path: string): OutboxStore {
  let queue: Promise<unknown> = Promise.resolve();
  // One operation at a time, so that read-modify-write cycles cannot interleave.
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  async function read(): Promise<FileContent> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw e;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new OutboxFileError(`${path} is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
    const c = data as FileContent;
    if (!c || c.version !== 1 || typeof c.entries !== 'object' || c.entries === null || Array.isArray(c.entries)) {
      throw new OutboxFileError(`${path} is not a c2m outbox file (expected {"version": 1, "entries": {…}})`);
    }
    return c;
  }

  async function write(c: FileContent): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${++tmpCounter}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify(c), { flush: true });
      await rename(tmp, path);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  return {
    list: () => serial(async () => Object.values((await read()).entries)),
    get: (id) => serial(async () => (await read()).entries[id]),
    update: (id, fn) =>
      serial(async () => {
        const c = await read();
        const next = fn(c.entries[id]);
        if (!next) return c.entries[id];
        c.entries[id] = JSON.parse(JSON.stringify(next)) as OutboxEntry;
        await write(c);
        return c.entries[id];
      }),
    delete: (id) =>
      serial(async () => {
        const c = await read();
        if (!(id in c.entries)) return;
        delete c.entries[id];
        await write(c);
      }),
  };
}
