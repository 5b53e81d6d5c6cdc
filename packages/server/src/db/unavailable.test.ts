import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDataRefused, isDatabaseUnavailable, isStorageFailure } from './unavailable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

test('connection failures and server shutdowns are "unavailable"; other database errors are not', () => {
  assert.ok(isDatabaseUnavailable(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')));
  assert.ok(isDatabaseUnavailable(withCode('57P01', 'terminating connection due to administrator command')));
  assert.ok(isDatabaseUnavailable(withCode('57P03', 'the database system is starting up')));
  assert.ok(isDatabaseUnavailable(withCode('08006')));
  assert.ok(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')));
  assert.ok(isDatabaseUnavailable(new Error('wrapped', { cause: withCode('ECONNRESET') })));
  // A bug or a constraint violation is a 500, not something to retry.
  assert.ok(!isDatabaseUnavailable(withCode('23505', 'duplicate key value violates unique constraint')));
  assert.ok(!isDatabaseUnavailable(withCode('42P01', 'relation "specifications" does not exist')));
  assert.ok(!isDatabaseUnavailable(new TypeError('x is undefined')));
  assert.ok(!isDatabaseUnavailable('a string'));
});

test('a full or failing disk is "unavailable" (503), and said to be a storage failure', () => {
  const full = withCode('53100', 'could not extend file "base/5/16412": No space left on device');
  assert.ok(isDatabaseUnavailable(full));
  assert.ok(isStorageFailure(full));
  assert.ok(isDatabaseUnavailable(withCode('58030', 'could not write to file: Input/output error')));
  assert.ok(isDatabaseUnavailable(withCode('53300', 'sorry, too many clients already')));
  assert.ok(!isStorageFailure(withCode('53300', 'sorry, too many clients already')));
  assert.ok(isDatabaseUnavailable(withCode('57P03', 'the embedded database is not open')));
});

test("the database refusing one request's data (class 22, 54) is neither unavailable nor a bug", () => {
  for (const [code, message] of [
    ['22P05', 'unsupported Unicode escape sequence'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22P02', 'invalid input syntax for type json'],
    ['54000', 'total size of jsonb array elements exceeds the maximum'],
  ]) {
    assert.ok(isDataRefused(withCode(code!, message)), code);
    assert.ok(!isDatabaseUnavailable(withCode(code!, message)), code);
  }
  assert.ok(!isDataRefused(withCode('23505')));
  assert.ok(!isDataRefused(new Error('no code')));
});
