import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDatabaseUnavailable } from './unavailable.js';

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
