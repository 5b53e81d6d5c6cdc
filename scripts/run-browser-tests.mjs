// Runs every `*.browser.test.ts` under packages/ and demo/ (or under the folders given as arguments): node:test
// files that drive real Chromium (the system's `chromium`, through playwright-core). Ends with
// `browser: N passed, N failed`, appends "passed failed" to $C2M_TEST_TALLY, exits non-zero on failure.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendTally, failureLine } from './tally.mjs';

// The test files are TypeScript: make sure this process (and so its test processes) load tsx.
if (!process.execArgv.some((a) => a.includes('tsx'))) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const root = resolve(fileURLToPath(import.meta.url), '../..');
const roots = process.argv.slice(2).map((p) => resolve(root, p));
if (roots.length === 0) roots.push(join(root, 'packages'), join(root, 'demo'));

function findTests(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.browser.test.ts')) out.push(path);
  }
  return out;
}

// A folder is searched; a test file named on the command line runs as it is.
const files = roots.filter(existsSync).flatMap((r) => (statSync(r).isDirectory() ? findTests(r, []) : [r])).sort();
let passed = 0;
let failed = 0;
const failures = [];
// One file at a time: each starts its own Chromium, and CI has two cores.
const stream = run({ files, concurrency: 1, timeout: 5 * 60_000 });
stream.on('test:pass', (t) => { if (t.details?.type !== 'suite') passed++; });
stream.on('test:fail', (t) => {
  if (t.details?.type === 'suite') return;
  failed++;
  failures.push(failureLine(root, t));
});
stream.compose(spec).pipe(process.stdout);
stream.on('close', () => {
  if (files.length === 0) console.log('no browser test files found under', roots.map((r) => relative(root, r)).join(', '));
  if (process.env.C2M_TEST_TALLY) appendTally(process.env.C2M_TEST_TALLY, passed, failed, failures);
  console.log(`\nbrowser: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
});
