/**
 * Loaded into a server process for the disk-full test (`node --import …/disk-full.ts`): writes to
 * files under `C2M_TEST_DISK_FULL_DIR` fail with ENOSPC while the parent process says so over IPC
 * (`{ disk: 'full' | 'failing' | 'fine' }`, answered with the same message once in force):
 * - `full`: as a full disk does, only writes that need new space fail (past a file's end); writes
 *   over space a file already has succeed;
 * - `failing`: every write fails, the write-ahead log's too (a failing or copy-on-write disk).
 * PGlite reaches its files through node:fs, so this is the operating system's answer as PGlite
 * sees it, with the real database engine above it.
 */
import fs from 'node:fs';
import { resolve } from 'node:path';

type Disk = 'full' | 'failing' | 'fine';

const dir = resolve(process.env.C2M_TEST_DISK_FULL_DIR ?? '/nonexistent');
const descriptors = new Set<number>();
let disk: Disk = 'fine';

const { openSync, closeSync, writeSync, fstatSync } = fs;
const patched = fs as unknown as Record<string, unknown>;
patched.openSync = (path: fs.PathLike, ...rest: unknown[]): number => {
  const fd = (openSync as (...a: unknown[]) => number)(path, ...rest);
  if (resolve(String(path)).startsWith(dir)) descriptors.add(fd);
  return fd;
};
patched.closeSync = (fd: number): void => {
  descriptors.delete(fd);
  closeSync(fd);
};
patched.writeSync = (fd: number, buffer: NodeJS.ArrayBufferView, offset?: number, length?: number, position?: number | null): number => {
  if (disk !== 'fine' && descriptors.has(fd)) {
    const end = (position ?? fstatSync(fd).size) + (length ?? buffer.byteLength);
    if (disk === 'failing' || end > fstatSync(fd).size) {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    }
  }
  return (writeSync as (...a: unknown[]) => number)(fd, buffer, offset, length, position);
};

process.on('message', (message: unknown) => {
  const wanted = (message as { disk?: unknown } | null)?.disk;
  if (wanted === 'full' || wanted === 'failing' || wanted === 'fine') {
    disk = wanted;
    process.send?.({ disk });
  }
});
