// A test file for scripts/run-tests.test.ts: one test that passes (not named *.test.ts, so that folder
// runs do not pick it up).
import { test } from 'node:test';

test('passes', () => {});
