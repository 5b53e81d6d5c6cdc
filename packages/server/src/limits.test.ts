/**
 * Slow clients, crowds and guessers, with small numbers: slow request bodies are bounded in time
 * and counted per client address and never starve the others nor `/healthz`; the header timeout
 * holds; a crowd gets 503 with Retry-After (readable cross-origin) instead of waiting past every
 * timeout; failed authentications are limited per address. Every test waits for events (answers,
 * closed connections), never for time.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { testDatabase, testDatabases } from './testing/databases.js';
import type { LogEntry } from './options.js';
import { MANUFACTURER_KEY, deskSpecification, holdDatabase, httpRequest, serverPerSuite, type Answer } from './testing/harness.js';

const ORIGIN = 'https://shop.example';
const key = (prefix: string, n: number) => `${prefix}-${String(n).padStart(12, '0')}`;

/** A raw connection that sent the headers of a POST and `first` of its body; `answer` is all the server wrote before closing. */
function slowUpload(url: string, idempotencyKey: string, options: { localAddress?: string; first?: string; headersOnly?: string } = {}) {
  const { port } = new URL(url);
  const socket: Socket = connect({ host: '127.0.0.1', port: Number(port), ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (c: string) => (text += c));
  socket.on('error', () => {});
  const answer = new Promise<string>((resolve) => socket.on('close', () => resolve(text)));
  socket.write(
    options.headersOnly ??
      `POST /specifications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: ${idempotencyKey}\r\n` +
        `Content-Length: 5000\r\n\r\n${options.first ?? '{'}`,
  );
  return { socket, answer };
}

const statusOf = (raw: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);

const database = testDatabase('pglite')!;

describe('slow request bodies', () => {
  const log: LogEntry[] = [];
  const suite = serverPerSuite(database, { limits: { maxSlowBodiesPerAddress: 3, bodyTimeoutMs: 60_000 }, log: (e) => log.push(e) });

  // Timeouts only so that a regression fails instead of hanging: the tests wait for answers.
  test('each address may have 3 bodies arriving at once; more must arrive at once or get 429; nobody else waits for them', { timeout: 60_000 }, async () => {
    const uploads = Array.from({ length: 5 }, (_, i) => slowUpload(suite.server.url, key('slow', i)));
    // Two of the five are refused (whichever came last) after their second of grace; the other three stay open, receiving.
    const settled = uploads.map((u) => u.answer.then((raw) => ({ u, raw })));
    const refused = [await Promise.race(settled)];
    refused.push(await Promise.race(settled.filter((_, i) => uploads[i] !== refused[0]!.u)));
    for (const { raw } of refused) {
      assert.equal(statusOf(raw), 429, raw);
      assert.match(raw, /retry-after: 1/i);
      assert.match(raw, /[34] request bodies from your address are still arriving/);
    }
    // The three slow bodies hold no turn of anyone: health, a normal order from the same address and from another.
    assert.equal((await httpRequest(`${suite.server.url}/healthz`)).status, 200);
    const body = JSON.stringify(deskSpecification(1));
    const headers = { 'content-type': 'application/json', 'idempotency-key': key('normal', 1) };
    assert.equal((await httpRequest(`${suite.server.url}/specifications`, { method: 'POST', headers, body })).status, 201);
    const other = await httpRequest(`${suite.server.url}/specifications`, {
      method: 'POST', headers: { ...headers, 'idempotency-key': key('normal', 2) }, body: JSON.stringify(deskSpecification(2)), localAddress: '127.0.0.2',
    });
    assert.equal(other.status, 201);
    const held = uploads.filter((u) => !refused.some((r) => r.u === u));
    for (const u of held) u.socket.destroy();
    await Promise.all(held.map((u) => u.answer));
    assert.equal(log.filter((e) => e.msg === 'request body refused').length, 2);
  });
});

describe('a body slower than the minimum rate', () => {
  const log: LogEntry[] = [];
  const suite = serverPerSuite(database, { limits: { bodyTimeoutMs: 100, minBodyBytesPerSecond: 1_000_000 }, log: (e) => log.push(e) });

  test('is cut with 408 request-timeout and its connection closed', { timeout: 60_000 }, async () => {
    const upload = slowUpload(suite.server.url, key('slower', 1));
    const raw = await upload.answer;
    assert.equal(statusOf(raw), 408, raw);
    assert.match(raw, /urn:c2m:problem:request-timeout/);
    assert.match(raw, /the body arrived too slowly: 1 bytes/);
    assert.match(raw, /connection: close/i);
    assert.ok(log.some((e) => e.msg === 'request body refused' && e.status === 408));
    assert.equal(await suite.server.store.count(), 0);
  });
});

describe('slow headers', () => {
  const suite = serverPerSuite(database, { limits: { headersTimeoutMs: 300 } });

  // Node checks header timeouts every 30 s unless told otherwise: a 300 ms limit then took up to 30 s.
  test('are cut when the header timeout has passed, not tens of seconds later', { timeout: 20_000 }, async () => {
    const upload = slowUpload(suite.server.url, '', { headersOnly: 'POST /specifications HTTP/1.1\r\nHost: x\r\n' });
    const raw = await upload.answer;
    assert.equal(statusOf(raw), 408, raw);
  });
});

for (const db of testDatabases()) {
  describe(`a crowd while the database is slow (${db.name})`, () => {
    const suite = serverPerSuite(db, { limits: { maxConcurrentRequests: 2, maxQueueMs: 50 } });

    test('2 are processed, 6 get 503 with Retry-After, readable cross-origin; all are stored once retried', { timeout: 60_000 }, async () => {
      const held = await holdDatabase(suite.server);

      const send = (i: number): Promise<Answer> =>
        httpRequest(`${suite.server.url}/specifications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key('crowd', i), origin: ORIGIN },
          body: JSON.stringify(deskSpecification(100 + i)),
        });
      const answers = Array.from({ length: 8 }, (_, i) => send(i));
      const shed: Answer[] = [];
      const settled = answers.map((a, i) => a.then((r) => ({ r, i })));
      const pending = new Set(settled);
      while (shed.length < 6) {
        const next = await Promise.race(pending);
        pending.delete(settled[next.i]!);
        shed.push(next.r);
      }
      for (const r of shed) {
        assert.equal(r.status, 503, r.text);
        assert.equal(r.json.type, 'urn:c2m:problem:unavailable');
        assert.match(String(r.headers['retry-after']), /^[1-9]\d*$/);
        assert.equal(r.headers['access-control-allow-origin'], ORIGIN, 'a page can read the 503');
        assert.match(String(r.headers['access-control-expose-headers']), /Retry-After/);
      }
      // The server still answers what needs no turn.
      assert.equal((await httpRequest(`${suite.server.url}/healthz`)).status, 200);
      assert.equal((await httpRequest(`${suite.server.url}/products/desk`)).status, 200);

      await held.release();
      const processed = await Promise.all(answers);
      assert.equal(processed.filter((r) => r.status === 201).length, 2);
      // The refused ones left nothing behind: retried with the same keys, they are stored.
      for (let i = 0; i < 8; i++) {
        if (processed[i]!.status === 503) assert.equal((await send(i)).status, 201);
      }
      assert.equal(await suite.server.store.count(), 8);
    });
  });
}

describe('failed authentication', () => {
  const suite = serverPerSuite(database, { limits: { maxAuthFailuresPerMinute: 3 } });

  test('3 wrong keys from one address, then 429 with Retry-After for that address only', async () => {
    const list = (authorization: string, localAddress?: string) =>
      httpRequest(`${suite.server.url}/specifications?limit=1`, { headers: { authorization }, ...(localAddress ? { localAddress } : {}) });
    for (let i = 0; i < 3; i++) assert.equal((await list(`Bearer guess-${i}`)).status, 401);
    const blocked = await list(`Bearer ${MANUFACTURER_KEY}`);
    assert.equal(blocked.status, 429, 'even the right key waits: guessing is slowed down, not only wrong guesses');
    assert.equal(blocked.json.type, 'urn:c2m:problem:rate-limited');
    assert.match(String(blocked.headers['retry-after']), /^([1-9]|[1-5]\d|60)$/);
    assert.equal((await list(`Bearer ${MANUFACTURER_KEY}`, '127.0.0.2')).status, 200);
  });
});
