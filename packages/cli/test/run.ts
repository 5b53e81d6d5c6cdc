/** Runs `c2m` in-process with a recording Io, from the fixtures folder. */
import { fileURLToPath } from 'node:url';
import { memoryIo } from '../src/io.js';
import { main } from '../src/main.js';

export const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

export async function run(argv: string[], options: { cwd?: string; color?: boolean; stdin?: string } = {}) {
  const io = memoryIo({ cwd: options.cwd ?? fixtures, color: options.color ?? false, stdin: options.stdin });
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Parses the `--json` output of a run. */
export function json<T = Record<string, unknown>>(r: { stdout: string }): T {
  return JSON.parse(r.stdout) as T;
}
