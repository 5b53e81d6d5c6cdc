// `pnpm test`: every runner, then the failed tests by name (when any), then one line `N passed, N failed`
// over all of them. Runners write to the tally file named by C2M_TEST_TALLY (scripts/tally.mjs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTally } from './tally.mjs';

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
let { passed, failed, failures } = readTally(tally);
if (exit !== 0 && failed === 0) {
  failed = 1; // a runner that crashed counts as a failure
  failures.push('a runner exited with an error before it counted its tests (see its output above)');
}
if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `  ✗ ${f}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exit || (failed > 0 ? 1 : 0));
