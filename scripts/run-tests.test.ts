import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs the runner as a user would, without the outer run's tally file (its counts are not ours). */
function runner(args: string[], cwd = root) {
  const env = { ...process.env };
  delete env.C2M_TEST_TALLY;
  delete env.NODE_TEST_CONTEXT;
  return spawnSync(process.execPath, ['--import', 'tsx', `${root}scripts/run-tests.mjs`, ...args], { cwd, env, encoding: 'utf8' });
}

test('the runner accepts a single file, relative to the current directory or to the repository', () => {
  const fromRoot = runner(['scripts/test-fixtures/one-passing.ts']);
  assert.equal(fromRoot.status, 0, fromRoot.stdout + fromRoot.stderr);
  assert.match(fromRoot.stdout, /node: 1 passed, 0 failed\n/);
  const fromFolder = runner(['test-fixtures/one-passing.ts'], `${root}scripts`);
  assert.equal(fromFolder.status, 0, fromFolder.stdout + fromFolder.stderr);
  assert.match(fromFolder.stdout, /node: 1 passed, 0 failed\n/);
});

test('a path that does not exist is an error, not an empty green run', () => {
  const r = runner(['scripts/no-such.test.ts']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no such file or folder: scripts\/no-such\.test\.ts/);
});

test('pnpm test ends by naming each failed test, its file and its error, above the summary line', () => {
  const env = { ...process.env };
  delete env.C2M_TEST_TALLY;
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, [`${root}scripts/test.mjs`, 'scripts/test-fixtures/one-failing.ts', 'scripts/test-fixtures/one-passing.ts'], { cwd: root, env, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /\nFailed:\n  ✗ scripts\/test-fixtures\/one-failing\.ts › fails on purpose: one and one make two\n\n1 passed, 1 failed\n$/);
});
