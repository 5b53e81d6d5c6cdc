// Runs the in-page tests of every package that has a `web-test-runner.config.mjs` (see
// scripts/wtr-config.mjs), one package after the other, in real Chromium. Arguments: package folders
// (default: all). Each package's counts go to $C2M_TEST_TALLY; exits non-zero when any failed.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const wanted = process.argv.slice(2).map((p) => resolve(root, p));
const packages = (wanted.length ? wanted : readdirSync(join(root, 'packages')).map((n) => join(root, 'packages', n)))
  .filter((dir) => existsSync(join(dir, 'web-test-runner.config.mjs')));

let exit = 0;
for (const dir of packages) {
  const bin = join(root, 'node_modules', '@web', 'test-runner', 'dist', 'bin.js');
  const r = spawnSync(process.execPath, [bin, '--config', join(dir, 'web-test-runner.config.mjs')], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) exit = 1;
}
process.exitCode = exit;
