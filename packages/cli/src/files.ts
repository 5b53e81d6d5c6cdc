/** Reading and writing the files a command names, with errors a manufacturer can act on. */
import { mkdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Io } from './io.js';

/** A file that cannot be read or written: exit code 2, message names the file and the cause. */
export class FileError extends Error {
  override name = 'FileError';
}

const MAX_INPUT_BYTES = 64 * 1024 * 1024;

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a folder on its path is a file';
  if (code === 'ENOSPC') return 'no space left on the device';
  return (error as Error).message;
}

/** Reads a UTF-8 text file (`-` is standard input). */
export async function readText(io: Io, path: string): Promise<string> {
  if (path === '-') return io.readStdin();
  try {
    const buffer = await readFile(resolve(io.cwd, path));
    if (buffer.length > MAX_INPUT_BYTES) throw new FileError(`cannot read ${path}: larger than ${MAX_INPUT_BYTES} bytes`);
    return buffer.toString('utf8');
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(`cannot read ${path}: ${reason(error)}`);
  }
}

/**
 * Writes a UTF-8 text file, creating its folder when missing. A regular file (or a new one) is written
 * to a temporary file beside it first, which then takes its name: a full disk or a killed process
 * never leaves half a file where the previous one was (a shop would serve it). A symbolic link is
 * followed (the file it names is replaced, the link stays); anything else that is not a regular file
 * (`/dev/null`, a pipe) is written to as it is, since renaming over it would replace the device.
 */
export async function writeText(io: Io, path: string, text: string): Promise<void> {
  const target = await realpath(resolve(io.cwd, path)).catch(() => resolve(io.cwd, path));
  const existing = await stat(target).catch(() => undefined);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  const direct = existing !== undefined && !existing.isFile();
  try {
    if (direct) return await writeFile(target, text, 'utf8');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, target);
  } catch (error) {
    if (!direct) await rm(temporary, { force: true }).catch(() => {});
    throw new FileError(`cannot write ${path}: ${reason(error)}`);
  }
}

/** `json` or `yaml`, from the file name (default json). */
export function formatOf(path: string): 'json' | 'yaml' {
  return /\.ya?ml$/i.test(path) ? 'yaml' : 'json';
}
