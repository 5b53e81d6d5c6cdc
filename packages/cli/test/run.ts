/** Runs `c2m` in-process with a recording Io, from the fixtures folder. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProduct, type CompiledProduct } from '@c2m/rules/engine';
import { parseProduct } from '@c2m/rules/yaml';
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

/** A fixture product file, parsed (JSON or YAML by its extension) and compiled. */
export function compileFixture(name: string): CompiledProduct {
  const parsed = parseProduct(readFileSync(join(fixtures, name), 'utf8'), { format: /\.ya?ml$/.test(name) ? 'yaml' : 'json' });
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.issues));
  const compiled = compileProduct(parsed.file);
  assert.ok(compiled.ok, JSON.stringify(!compiled.ok && compiled.issues));
  return compiled.product;
}
