import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { clientAddress } from './client-address.js';
import { FailureLimiter } from './auth.js';

const from = (remoteAddress: string, forwarded?: string) =>
  ({ socket: { remoteAddress }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as unknown as IncomingMessage;

test('the client address: the connection, unless it is a trusted proxy; then the nearest untrusted hop', () => {
  const none = new Set<string>();
  const proxies = new Set(['10.0.0.1', '10.0.0.2']);
  assert.equal(clientAddress(from('::ffff:203.0.113.7'), none), '203.0.113.7');
  // An untrusted connection's X-Forwarded-For is anyone's to write: ignored.
  assert.equal(clientAddress(from('203.0.113.7', '198.51.100.1'), proxies), '203.0.113.7');
  assert.equal(clientAddress(from('10.0.0.1', '198.51.100.1'), proxies), '198.51.100.1');
  // A forged first hop stays behind the real client, which the proxy appended last.
  assert.equal(clientAddress(from('10.0.0.1', '1.2.3.4, 198.51.100.1, 10.0.0.2'), proxies), '198.51.100.1');
  assert.equal(clientAddress(from('10.0.0.1'), proxies), '10.0.0.1');
});

test('failed authentications: blocked after the limit for the rest of the window, per address, with bounded memory', () => {
  let now = 0;
  const limiter = new FailureLimiter(2, 60_000, () => now, 3);
  limiter.failed('a');
  assert.equal(limiter.blockedFor('a'), 0);
  limiter.failed('a');
  assert.equal(limiter.blockedFor('a'), 60);
  assert.equal(limiter.blockedFor('b'), 0);
  now = 59_001;
  assert.equal(limiter.blockedFor('a'), 1);
  now = 60_000;
  assert.equal(limiter.blockedFor('a'), 0, 'a new window');
  for (const address of ['b', 'c', 'd', 'e']) {
    limiter.failed(address);
    limiter.failed(address);
  }
  assert.equal(limiter.blockedFor('b'), 0, 'the oldest address was forgotten');
  assert.equal(limiter.blockedFor('e'), 60);
});
