// `pnpm test`: every runner, then one line `N passed, N failed` over all of them.
// Runners append "passed failed" lines to the tally file named by C2M_TEST_TALLY.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tally = join(mkdtempSync(join(tmpdir(), 'c2m-tests-')), 'tally');
const env = { ...process.env, C2M_TEST_TALLY: tally };
const runners = [
  ['node', ['--import', 'tsx', 'scripts/run-tests.mjs', ...process.argv.slice(2)]],
];
// The browser runner (real Chromium) joins once a package has browser tests.
if (existsSync('scripts/run-browser-tests.mjs') && process.argv.length <= 2) {
  runners.push(['node', ['scripts/run-browser-tests.mjs']]);
}
// In-page tests (@web/test-runner) of the packages that have a web-test-runner.config.mjs.
if (process.argv.length <= 2) runners.push(['node', ['scripts/run-page-tests.mjs']]);

let exit = 0;
for (const [cmd, args] of runners) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) exit = 1;
}
let passed = 0;
let failed = 0;
if (existsSync(tally)) {
  for (const line of readFileSync(tally, 'utf8').trim().split('\n')) {
    const [p, f] = line.split(' ').map(Number);
    passed += p || 0;
    failed += f || 0;
  }
}
if (exit !== 0 && failed === 0) failed = 1; // a runner that crashed counts as a failure
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exit || (failed > 0 ? 1 : 0));
