// Runs every `*.test.ts` under packages/, demo/ and scripts/ (or the folders and files given as arguments)
// with node:test and ends with one summary line, `N passed, N failed`, so that a run that executed
// nothing is visible. Started as `node --import tsx scripts/run-tests.mjs [path …]`: the test
// processes inherit `--import tsx`.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendTally, failureLine } from './tally.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
// Relative paths are taken from the current directory first (as a shell user means them), then from the
// repository's root (as package.json scripts run from a package's folder).
const roots = process.argv.slice(2).map((p) => (existsSync(resolve(p)) ? resolve(p) : resolve(root, p)));
if (roots.length === 0) roots.push(join(root, 'packages'), join(root, 'demo'), join(root, 'scripts'));

function findTests(dir, out) {
  // A package with a web-test-runner config runs its tests in Chromium (scripts/run-page-tests.mjs).
  if (existsSync(join(dir, 'web-test-runner.config.mjs'))) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    // `*.browser.test.ts` files run in Chromium through @web/test-runner, not here.
    else if (name.endsWith('.test.ts') && !name.endsWith('.browser.test.ts')) out.push(path);
  }
  return out;
}

const missing = roots.filter((r) => !existsSync(r));
const browserOnly = roots.filter((r) => r.endsWith('.browser.test.ts'));
if (missing.length > 0 || browserOnly.length > 0) {
  for (const r of missing) console.error(`no such file or folder: ${relative(process.cwd(), r) || r}`);
  for (const r of browserOnly) console.error(`${relative(process.cwd(), r)} runs in Chromium: node scripts/run-browser-tests.mjs`);
  process.exit(1);
}
// A folder is searched; a file named on the command line runs as it is.
const files = [...new Set(roots.flatMap((r) => (statSync(r).isDirectory() ? findTests(r, []) : [r])))].sort();
let passed = 0;
let failed = 0;
const failures = [];
const stream = run({ files, concurrency: Number(process.env.TEST_CONCURRENCY ?? 2), timeout: 10 * 60_000 });
stream.on('test:pass', (t) => { if (t.details?.type !== 'suite') passed++; });
stream.on('test:fail', (t) => {
  if (t.details?.type === 'suite') return;
  failed++;
  failures.push(failureLine(root, t));
});
stream.compose(spec).pipe(process.stdout);
stream.on('close', () => {
  if (files.length === 0) console.log('no test files found under', roots.map((r) => relative(root, r)).join(', '));
  // Other runners (the browser tests) append their counts to this file so .ci/run can add them up.
  const line = `${passed} passed, ${failed} failed`;
  if (process.env.C2M_TEST_TALLY) appendTally(process.env.C2M_TEST_TALLY, passed, failed, failures);
  console.log(`\nnode: ${line}`);
  process.exitCode = failed > 0 || files.length === 0 ? 1 : 0;
});
