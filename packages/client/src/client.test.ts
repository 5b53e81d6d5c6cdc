import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, parseRetryAfter, backoffDelay, type ClientOptions } from './client.js';
import { InvalidResponseError, NetworkError, ProblemError, TimeoutError } from './errors.js';
import { startTestServer, freePort, type TestServer } from './testing/server.js';
import { sampleSpec } from './testing/spec.js';
import type { ProblemCode } from './protocol.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());
beforeEach(() => {
  server.plan.length = 0;
  server.requests.length = 0;
  server.orders.clear();
  server.reject = undefined;
});

// random: () => 0 makes every full-jitter backoff 0 ms, so retry tests are fast and deterministic.
const client = (o: Partial<ClientOptions> = {}) => createClient({ endpoint: server.url, random: () => 0, timeoutMs: 2000, ...o });
const keysOf = () => server.requests.map((r) => r.headers['idempotency-key']);

test('submit: 201 receipt, checked and typed; the same spec again is a replay, never a second order', async () => {
  const c = client();
  const spec = sampleSpec();
  const first = await c.submit(spec);
  assert.equal(first.status, 'received');
  assert.equal(first.replayed, false);
  assert.equal(first.quote.total, 89900);
  assert.match(first.id, /^spc_/);
  const again = await c.submit(spec);
  assert.equal(again.replayed, true);
  assert.equal(again.id, first.id);
  assert.equal(again.idempotencyKey, first.idempotencyKey);
  assert.equal(server.orders.size, 1);
  assert.equal(server.requests[0]!.headers['content-type'], 'application/json');
});

test('retries a reset connection, then 500 and 503, with one idempotency key throughout', async () => {
  server.plan.push({ kind: 'reset' }, { kind: 'status', status: 500 }, { kind: 'status', status: 503 });
  const r = await client().submit(sampleSpec());
  assert.equal(r.status, 'received');
  assert.equal(server.requests.length, 4);
  assert.equal(new Set(keysOf()).size, 1);
  assert.equal(server.orders.size, 1);
});

test('a proxy error page (502 HTML) is retried; a synthesized problem describes it', async () => {
  server.plan.push({ kind: 'status', status: 502, body: '<html>bad gateway</html>', contentType: 'text/html' });
  await client().submit(sampleSpec());
  assert.equal(server.requests.length, 2);
  const e = await client({ retry: false }).submit(sampleSpec(2)).catch((x: unknown) => x);
  assert.ok(!(e instanceof ProblemError)); // no plan left: it succeeded
  server.plan.push({ kind: 'status', status: 502, body: '<html>bad gateway</html>', contentType: 'text/html' });
  const err = await client({ retry: false }).submit(sampleSpec(3)).catch((x: unknown) => x);
  assert.ok(err instanceof ProblemError);
  assert.equal(err.status, 502);
  assert.equal(err.problem.type, 'about:blank');
  assert.match(err.problem.detail ?? '', /bad gateway/);
});

test('429 with Retry-After in seconds is honoured', async () => {
  server.plan.push({ kind: 'status', status: 429, retryAfter: '1' });
  await client().submit(sampleSpec());
  // A lower bound only: a loaded machine makes waits longer, never shorter.
  const waited = server.requests[1]!.at - server.requests[0]!.at;
  assert.ok(waited >= 950, `waited ${waited} ms`);
});

test('a Retry-After longer than maxRetryAfterMs is not waited for', async () => {
  server.plan.push({ kind: 'status', status: 503, retryAfter: '3600' });
  // Waiting would take an hour (and the next attempt would succeed): the rejection itself is the proof.
  const e = await client({ retry: { maxRetryAfterMs: 5000 } }).submit(sampleSpec()).catch((x: unknown) => x);
  assert.ok(e instanceof ProblemError);
  assert.equal(e.retryAfterMs, 3_600_000);
  assert.equal(server.requests.length, 1);
});

test('parseRetryAfter: seconds, HTTP dates, garbage', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Wed, 25 Nov 2026 09:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
  assert.equal(parseRetryAfter('-5', now), undefined);
});

test('backoffDelay: full jitter under an exponential, capped ceiling', () => {
  assert.equal(backoffDelay(1, 500, 10_000, () => 0.999), 499);
  assert.equal(backoffDelay(3, 500, 10_000, () => 0.5), 1000);
  assert.equal(backoffDelay(10, 500, 10_000, () => 0.999), 9990);
  assert.equal(backoffDelay(5, 500, 10_000, () => 0), 0);
});

test('an attempt that hangs times out and is retried', async () => {
  server.plan.push({ kind: 'hang' });
  const r = await client({ timeoutMs: 1000 }).submit(sampleSpec());
  assert.equal(r.status, 'received');
  assert.equal(server.requests.length, 2);
});

test('a hang on the last attempt ends in TimeoutError("attempt")', async () => {
  server.plan.push({ kind: 'hang' }, { kind: 'hang' });
  const e = await client({ timeoutMs: 200, retry: { limit: 2 } }).submit(sampleSpec()).catch((x: unknown) => x);
  assert.ok(e instanceof TimeoutError);
  assert.equal(e.scope, 'attempt');
  assert.equal(e.attempts, 2);
});

test('408 request-timeout (a body that came too slowly) is retried with the same key', async () => {
  server.plan.push({ kind: 'status', status: 408, body: JSON.stringify({ type: 'urn:c2m:problem:request-timeout', title: 'Request timeout', status: 408 }) });
  const r = await client().submit(sampleSpec());
  assert.equal(r.status, 'received');
  assert.equal(server.requests.length, 2);
  assert.equal(new Set(keysOf()).size, 1, 'one idempotency key for both attempts');

  server.requests.length = 0;
  server.plan.push(...Array.from({ length: 2 }, () => ({ kind: 'status' as const, status: 408, body: JSON.stringify({ type: 'urn:c2m:problem:request-timeout', title: 'Request timeout', status: 408 }) })));
  const e = await client({ retry: { limit: 2 } }).submit(sampleSpec(3)).catch((x: unknown) => x);
  assert.ok(e instanceof ProblemError);
  const code: ProblemCode | undefined = e.code;
  assert.equal(code, 'request-timeout');
});

test('400 and 422 are never retried; 422 carries per-field errors', async () => {
  server.plan.push({ kind: 'status', status: 400 });
  const e400 = await client().submit(sampleSpec()).catch((x: unknown) => x);
  assert.ok(e400 instanceof ProblemError);
  assert.equal(e400.status, 400);
  assert.equal(server.requests.length, 1);

  server.requests.length = 0;
  server.reject = { path: '/selections/top', code: 'constraint', constraint: 'glass-needs-steel', message: 'A glass top needs steel legs.' };
  const e = await client().submit(sampleSpec()).catch((x: unknown) => x);
  assert.ok(e instanceof ProblemError);
  assert.equal(e.status, 422);
  assert.equal(e.code, 'specification-rejected');
  assert.deepEqual(e.errors, [server.reject]);
  assert.equal(e.attempts, 1);
  assert.equal(server.requests.length, 1);
});

test('the same key with another body is a 409 idempotency-key-reused, not retried', async () => {
  const c = client();
  const key = 'k'.repeat(20);
  await c.submit(sampleSpec(1), { idempotencyKey: key });
  const e = await c.submit(sampleSpec(2), { idempotencyKey: key }).catch((x: unknown) => x);
  assert.ok(e instanceof ProblemError);
  assert.equal(e.code, 'idempotency-key-reused');
  assert.equal(server.requests.length, 2);
  assert.equal(server.orders.size, 1);
});

test('a malformed idempotency key is refused before any request', async () => {
  await assert.rejects(client().submit(sampleSpec(), { idempotencyKey: 'short' }), TypeError);
  await assert.rejects(client().submit(sampleSpec(), { idempotencyKey: 'x'.repeat(20) + ' ' }), TypeError);
  assert.equal(server.requests.length, 0);
});

test('abort during a backoff wait rejects at once with the signal reason, and nothing more is sent', async () => {
  // Retry-After is an hour (allowed by maxRetryAfterMs): without the abort the call would wait for it.
  server.plan.push({ kind: 'status', status: 503, retryAfter: '3600' });
  const ctl = new AbortController();
  const call = client({ retry: { maxRetryAfterMs: 7_200_000 }, totalTimeoutMs: 7_200_000 }).submit(sampleSpec(), { signal: ctl.signal });
  await server.received(1);
  ctl.abort();
  const e = await call.catch((x: unknown) => x);
  assert.ok(e instanceof DOMException && e.name === 'AbortError', String(e));
  assert.equal(server.requests.length, 1);
});

test('abort during a request, and an already aborted signal', async () => {
  server.plan.push({ kind: 'hang' });
  const ctl = new AbortController();
  void server.received(1).then(() => ctl.abort(new Error('user left')));
  await assert.rejects(client().submit(sampleSpec(), { signal: ctl.signal }), /user left/);
  assert.equal(server.requests.length, 1);
  await assert.rejects(client().status('spc_1', { signal: AbortSignal.abort() }), { name: 'AbortError' });
  assert.equal(server.requests.length, 1);
});

test('the total time bounds a call whatever the attempt limit', async () => {
  for (let i = 0; i < 1000; i++) server.plan.push({ kind: 'status', status: 503 });
  const c = client({ totalTimeoutMs: 700, retry: { limit: 1000, baseDelayMs: 50, maxDelayMs: 50 }, random: () => 1 });
  const e = await c.submit(sampleSpec()).catch((x: unknown) => x);
  // Usually the last 503 (no time left for another wait); on a loaded machine the deadline can fall
  // in the middle of an attempt instead, which is a TimeoutError of the whole call. Either way the
  // call ended long before its 1,000 attempts (at most one per 50 ms wait fits in 700 ms).
  if (e instanceof TimeoutError) assert.equal(e.scope, 'total');
  else {
    assert.ok(e instanceof ProblemError, String(e));
    assert.equal(e.status, 503);
  }
  assert.ok(e.attempts >= 1 && e.attempts <= 15, `attempts ${e.attempts}`);
  assert.equal(server.requests.length, e.attempts);
});

test('a hang that outlasts the total budget is TimeoutError("total")', async () => {
  server.plan.push({ kind: 'status', status: 503 }, { kind: 'hang' });
  const e = await client({ timeoutMs: 5000, totalTimeoutMs: 400 }).submit(sampleSpec()).catch((x: unknown) => x);
  assert.ok(e instanceof TimeoutError, String(e));
  assert.equal(e.scope, 'total');
});

test('the attempt limit bounds retries', async () => {
  for (let i = 0; i < 10; i++) server.plan.push({ kind: 'status', status: 500 });
  const e = await client({ retry: { limit: 3 } }).submit(sampleSpec()).catch((x: unknown) => x);
  assert.ok(e instanceof ProblemError);
  assert.equal(e.attempts, 3);
  assert.equal(server.requests.length, 3);
});

test('a success with a body that is not JSON, or of the wrong shape, is InvalidResponseError (not retried)', async () => {
  server.plan.push({ kind: 'body', status: 201, body: '<html>ok</html>' });
  const e1 = await client().submit(sampleSpec(1)).catch((x: unknown) => x);
  assert.ok(e1 instanceof InvalidResponseError);
  assert.equal(e1.status, 201);
  assert.equal(e1.message, 'Invalid response (HTTP 201): body is not JSON');
  assert.deepEqual(e1.issues, []);
  server.plan.push({ kind: 'body', status: 201, body: JSON.stringify({ id: 'x', status: 'teleported', receivedAt: 'now' }) });
  const e2 = await client().submit(sampleSpec(2)).catch((x: unknown) => x);
  assert.ok(e2 instanceof InvalidResponseError);
  // The first problem, worded: which member, what was expected; every problem in `issues`.
  assert.equal(e2.message, 'Invalid response (HTTP 201): status: expected one of "received", "accepted", "in_production", "shipped", "rejected"');
  assert.deepEqual(
    e2.issues.map((i) => `${i.code} ${i.path.join('.')}`),
    ['invalid_value status', 'invalid_format receivedAt', 'invalid_type quote'],
  );
  server.plan.push({ kind: 'body', status: 200, body: JSON.stringify({ id: 'spc_1', status: 'received', receivedAt: '2026-11-25T10:00:00Z', updatedAt: '2026-11-25T10:00:00Z', quote: { currency: 'EUR', lines: [], total: 1.5 }, product: { id: 'a', version: '1' } }) });
  const e3 = await client().status('spc_1').catch((x: unknown) => x);
  assert.ok(e3 instanceof InvalidResponseError, 'a fractional amount of money is refused');
  assert.equal(e3.message, 'Invalid response (HTTP 200): quote.total: expected an integer');
  assert.equal(server.requests.length, 3);
});

test('a connection refused is a NetworkError after the attempts', async () => {
  const port = await freePort();
  const c = createClient({ endpoint: `http://127.0.0.1:${port}/`, random: () => 0, retry: { limit: 2 } });
  const e = await c.submit(sampleSpec()).catch((x: unknown) => x);
  assert.ok(e instanceof NetworkError, String(e));
  assert.equal(e.attempts, 2);
  assert.ok(e.cause);
  // The cause underneath undici's "fetch failed" is kept: code and message.
  assert.equal(e.code, 'ECONNREFUSED');
  assert.match(e.message, new RegExp(`^fetch failed: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`));
});

test('status(id): typed state; unknown id is a not-found problem', async () => {
  const c = client();
  const r = await c.submit(sampleSpec());
  const s = await c.status(r.id);
  assert.equal(s.id, r.id);
  assert.equal(s.product.id, 'oak-table');
  const e = await c.status('nope').catch((x: unknown) => x);
  assert.ok(e instanceof ProblemError);
  assert.equal(e.code, 'not-found');
});

test('trySubmit / tryStatus give { data } or { error }', async () => {
  const c = client();
  const ok = await c.trySubmit(sampleSpec());
  assert.ok(ok.data && !ok.error);
  server.reject = { path: '/selections/width', code: 'invalid-value', message: 'too wide' };
  const bad = await c.trySubmit(sampleSpec(5));
  assert.ok(bad.error instanceof ProblemError && bad.data === undefined);
  const missing = await c.tryStatus('zzz');
  assert.ok(missing.error instanceof ProblemError);
});

test('headers: publishable key, a fresh token per attempt, custom headers', async () => {
  let n = 0;
  server.plan.push({ kind: 'status', status: 503 });
  const c = client({
    publishableKey: 'pk_test_1',
    getToken: async () => `tok${++n}`,
    headers: () => ({ 'X-Shop': 'demo' }),
  });
  await c.submit(sampleSpec());
  assert.deepEqual(server.requests.map((r) => r.headers.authorization), ['Bearer tok1', 'Bearer tok2']);
  assert.equal(server.requests[0]!.headers['x-c2m-publishable-key'], 'pk_test_1');
  assert.equal(server.requests[0]!.headers['x-shop'], 'demo');
});

test('a bad endpoint is refused with a precise error', () => {
  assert.throws(() => createClient({ endpoint: 'maker.example/api' }), /endpoint must be an http\(s\) URL/);
});
