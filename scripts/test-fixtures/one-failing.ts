// A test file for scripts/run-tests.test.ts: one test that fails (not named *.test.ts, so that folder
// runs do not pick it up).
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('fails on purpose', () => {
  assert.equal(1 + 1, 3, 'one and one make two');
});
