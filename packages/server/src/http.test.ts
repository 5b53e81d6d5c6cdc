import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request, type ClientRequest } from 'node:http';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseConfig } from './db/types.js';
import type { LogEntry } from './options.js';
import type { C2mServer } from './server.js';
import { testDatabases } from './testing/databases.js';
import { COMPILED_PRODUCT_MEDIA_TYPE, createPageSession, isCompiledProduct } from '@c2m/rules';
import { MANUFACTURER_KEY, PRODUCTS_DIR, deskProduct, deskSpecification, post, serverPerSuite, shirtSpecification, startServer } from './testing/harness.js';

/** What `<c2m-configurator src>` sends (packages/elements' PRODUCT_ACCEPT). */
const ELEMENTS_ACCEPT = `${COMPILED_PRODUCT_MEDIA_TYPE}, application/json;q=0.9`;
const KEY = (n: number) => `test-key-${String(n).padStart(12, '0')}`;

/**
 * A POST of `length` bytes whose headers the server has read and dispatched: it answers
 * `Expect: 100-continue` with 100 Continue just before it runs the request's handler.
 */
function inFlight(server: C2mServer, length: number, idempotencyKey: string): Promise<ClientRequest> {
  const { port } = new URL(server.url);
  const req = request({
    host: '127.0.0.1', port, method: 'POST', path: '/specifications', agent: false,
    headers: { 'content-type': 'application/json', 'content-length': length, 'idempotency-key': idempotencyKey, expect: '100-continue' },
  });
  req.on('error', () => {});
  req.flushHeaders();
  return new Promise((resolve) => req.once('continue', () => resolve(req)));
}
const auth = { authorization: `Bearer ${MANUFACTURER_KEY}` };

for (const database of testDatabases()) {
  describe(`HTTP protocol (${database.name})`, () => {
    const suite = serverPerSuite(database, {
      limits: { maxBodyBytes: 64 * 1024 },
      // A shopper whose subject (from the application) holds U+0000, which no database can store.
      verifyToken: (token) => (token === 'tok_nul' ? 'shopper\u0000' : 'guest'),
    });

    test('a valid specification is created once, with the server quote and a Location', async () => {
      const spec = deskSpecification(1);
      const r = await post(`${suite.server.url}/specifications`, spec, { 'idempotency-key': KEY(1) });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      assert.match(String(r.json.id), /^spc_[0-9a-z]{26}$/);
      assert.equal(r.json.status, 'received');
      assert.deepEqual(r.json.quote, spec.quote);
      assert.equal(r.headers.get('location'), `/specifications/${r.json.id}`);
      const status = await fetch(`${suite.server.url}/specifications/${r.json.id}`);
      assert.equal(status.status, 200);
      const s = (await status.json()) as Record<string, unknown>;
      assert.equal(s.status, 'received');
      assert.equal(s.receivedAt, r.json.receivedAt);
      assert.deepEqual(s.product, { id: 'desk', version: '1.0.0' });
    });

    test('same key and same JSON value → the first answer again (200, Idempotent-Replayed), nothing new stored', async () => {
      const spec = deskSpecification(2);
      const first = await post(`${suite.server.url}/specifications`, spec, { 'idempotency-key': KEY(2) });
      assert.equal(first.status, 201);
      const count = await suite.server.store.count();
      // Same value, other key order and spacing.
      const reordered = JSON.stringify(Object.fromEntries(Object.entries(spec).reverse()), null, 2);
      const again = await post(`${suite.server.url}/specifications`, reordered, { 'idempotency-key': KEY(2) });
      assert.equal(again.status, 200);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(again.json, first.json);
      assert.equal(await suite.server.store.count(), count);
    });

    test('same key with another body → 409 idempotency-key-reused', async () => {
      await post(`${suite.server.url}/specifications`, deskSpecification(3), { 'idempotency-key': KEY(3) });
      const r = await post(`${suite.server.url}/specifications`, deskSpecification(4), { 'idempotency-key': KEY(3) });
      assert.equal(r.status, 409);
      assert.equal(r.headers.get('content-type'), 'application/problem+json');
      assert.equal(r.json.type, 'urn:c2m:problem:idempotency-key-reused');
    });

    test('concurrent requests with one key create exactly one specification', async () => {
      const count = await suite.server.store.count();
      const spec = deskSpecification(5);
      const answers = await Promise.all(Array.from({ length: 16 }, () => post(`${suite.server.url}/specifications`, spec, { 'idempotency-key': KEY(5) })));
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      assert.equal(new Set(answers.map((a) => a.json.id)).size, 1);
      assert.equal(await suite.server.store.count(), count + 1);
    });

    test('Idempotency-Key missing or malformed → 400 invalid-idempotency-key', async () => {
      const cases: Array<Record<string, string>> = [{}, { 'idempotency-key': 'short' }, { 'idempotency-key': 'has spaces in it, no good' }];
      for (const headers of cases) {
        const r = await post(`${suite.server.url}/specifications`, deskSpecification(6), headers);
        assert.equal(r.status, 400);
        assert.equal(r.json.type, 'urn:c2m:problem:invalid-idempotency-key');
      }
    });

    test('bad bodies: 415 wrong media type, 413 too large, 400 not JSON / not an object / too deep', async () => {
      const h = { 'idempotency-key': KEY(7) };
      const text = await fetch(`${suite.server.url}/specifications`, { method: 'POST', headers: { ...h, 'content-type': 'text/plain' }, body: '{}' });
      assert.equal(text.status, 415);
      assert.equal(((await text.json()) as { type: string }).type, 'urn:c2m:problem:unsupported-media-type');
      const big = { ...deskSpecification(7), snapshot: { type: 'image/png', data: 'A'.repeat(70 * 1024) } };
      const tooLarge = await post(`${suite.server.url}/specifications`, big, h);
      assert.equal(tooLarge.status, 413);
      assert.equal(tooLarge.json.type, 'urn:c2m:problem:payload-too-large');
      // Chunked (no Content-Length): refused while streaming.
      const chunked = await fetch(`${suite.server.url}/specifications`, {
        method: 'POST',
        headers: { ...h, 'content-type': 'application/json' },
        body: new ReadableStream({
          start(c) {
            for (let i = 0; i < 80; i++) c.enqueue(new TextEncoder().encode('x'.repeat(1024)));
            c.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      assert.equal(chunked.status, 413);
      assert.equal((await post(`${suite.server.url}/specifications`, '{"specVersion": 1,', h)).json.type, 'urn:c2m:problem:invalid-request');
      assert.equal((await post(`${suite.server.url}/specifications`, '[1, 2]', h)).status, 400);
      assert.equal((await post(`${suite.server.url}/specifications`, '{"a":' + '['.repeat(100) + ']'.repeat(100) + '}', h)).status, 400);
    });

    test('numbers out of range (1e400 reads as Infinity) → 400 saying where, not a 500', async () => {
      const cases: Array<[string, RegExp]> = [
        ['{"a":1e400}', /the body has a number out of range at \/a \(it reads as Infinity\)/],
        ['{"quote":{"total":-1e999}}', /at \/quote\/total \(it reads as -Infinity\)/],
      ];
      for (const [body, detail] of cases) {
        const r = await post(`${suite.server.url}/specifications`, body, { 'idempotency-key': KEY(70) });
        assert.equal(r.status, 400, JSON.stringify(r.json));
        assert.equal(r.json.type, 'urn:c2m:problem:invalid-request');
        assert.match(String(r.json.detail), detail);
      }
    });

    test('text no database can store (U+0000, unpaired surrogates) → 422 with the path, never a retryable 5xx', async () => {
      const logo = { name: 'logo.png', type: 'image/png', bytes: 5 };
      // The session refuses such text at the choice: a request that carries it anyway is made by hand.
      const carrying = (option: string, value: unknown): Record<string, unknown> => {
        const spec = shirtSpecification('Hi', logo);
        return { ...spec, selections: { ...spec.selections, [option]: value } };
      };
      const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
        ['NUL in a free text', carrying('print', 'Hello\u0000'), '/selections/print', /character 6 is U\+0000/],
        ['lone surrogate in a free text', carrying('print', 'Zo\ud83d'), '/selections/print', /unpaired surrogate \(U\+D83D\)/],
        ['lone surrogate in a file name', carrying('logo', { ...logo, name: 'l\udc00go.png' }), '/selections/logo/name', /unpaired surrogate/],
        [
          'NUL in a snapshot URL',
          { ...shirtSpecification('Hi'), snapshot: { type: 'image/png', url: 'https://cdn.example/\u0000.png' } },
          '/snapshot/url',
          /U\+0000/,
        ],
      ];
      for (const [name, spec, path, message] of cases) {
        for (let attempt = 0; attempt < 2; attempt++) {
          const r = await post(`${suite.server.url}/specifications`, spec, { 'idempotency-key': KEY(71) });
          assert.equal(r.status, 422, `${name}: ${JSON.stringify(r.json)}`);
          const errors = r.json.errors as Array<{ path: string; message: string }>;
          assert.deepEqual(errors.map((e) => e.path), [path], name);
          assert.match(errors[0]!.message, message, name);
        }
      }
      // The same order without the character is stored.
      assert.equal((await post(`${suite.server.url}/specifications`, shirtSpecification('Hello'), { 'idempotency-key': KEY(72) })).status, 201);
    });

    test('a database refusal of one request\'s data is a 4xx, not a retryable 5xx', async () => {
      // A shopper's subject with U+0000 (from the application's verifyToken) cannot be stored as the order's caller.
      const before = await suite.server.store.count();
      for (let attempt = 0; attempt < 2; attempt++) {
        const r = await post(`${suite.server.url}/specifications`, deskSpecification(73), { 'idempotency-key': KEY(73), authorization: 'Bearer tok_nul' });
        assert.equal(r.status, 422, JSON.stringify(r.json));
        assert.match(String(r.json.detail), /the database cannot store this request's data/);
      }
      assert.equal(await suite.server.store.count(), before);
      const note = await post(`${suite.server.url}/specifications/spc_x/status`, { status: 'accepted', note: 'ok\u0000' }, auth);
      assert.equal(note.status, 400);
      assert.match(String(note.json.detail), /^note: character 3 is U\+0000/);
    });

    test('unknown routes and specifications → 404 problem', async () => {
      const r = await fetch(`${suite.server.url}/nothing-here`);
      assert.equal(r.status, 404);
      assert.equal(r.headers.get('content-type'), 'application/problem+json');
      assert.equal((await fetch(`${suite.server.url}/specifications/spc_doesnotexist`)).status, 404);
      assert.equal((await fetch(`${suite.server.url}/specifications/${'x'.repeat(300)}`)).status, 404);
    });

    test('the listing needs the manufacturer key and pages newest first', async () => {
      assert.equal((await fetch(`${suite.server.url}/specifications`)).status, 401);
      const wrong = await fetch(`${suite.server.url}/specifications`, { headers: { authorization: 'Bearer nope' } });
      assert.equal(wrong.status, 401);
      assert.equal(((await wrong.json()) as { type: string }).type, 'urn:c2m:problem:unauthorized');
      const r = await fetch(`${suite.server.url}/specifications?status=received&limit=2`, { headers: auth });
      assert.equal(r.status, 200);
      const page = (await r.json()) as { items: Array<{ id: string; status: string; specification: { product: { id: string } } }>; nextCursor: string | null };
      assert.equal(page.items.length, 2);
      assert.ok(page.items.every((i) => i.status === 'received' && typeof i.specification.product.id === 'string'));
      assert.ok(page.nextCursor);
      const next = await fetch(`${suite.server.url}/specifications?status=received&limit=2&cursor=${page.nextCursor}`, { headers: auth });
      const page2 = (await next.json()) as { items: Array<{ id: string }> };
      assert.ok(page2.items.length > 0);
      assert.ok(page2.items.every((i) => !page.items.some((j) => j.id === i.id)));
      for (const q of ['status=lost', 'limit=0', 'limit=500', 'cursor=garbage', 'sort=asc']) {
        assert.equal((await fetch(`${suite.server.url}/specifications?${q}`, { headers: auth })).status, 400, q);
      }
    });

    test('status transitions need the manufacturer key and follow the life cycle', async () => {
      const created = await post(`${suite.server.url}/specifications`, deskSpecification(8), { 'idempotency-key': KEY(8) });
      const id = String(created.json.id);
      const move = (body: unknown, headers: Record<string, string> = auth) => post(`${suite.server.url}/specifications/${id}/status`, body, headers);
      assert.equal((await move({ status: 'accepted' }, {})).status, 401);
      const bad = await move({ status: 'shipped' });
      assert.equal(bad.status, 409);
      assert.equal(bad.json.type, 'urn:c2m:problem:invalid-status-transition');
      const ok = await move({ status: 'accepted', note: 'in stock' });
      assert.equal(ok.status, 200);
      assert.equal(ok.json.status, 'accepted');
      assert.equal(ok.json.note, 'in stock');
      assert.equal((await move({ status: 'in_production' })).status, 200);
      assert.equal((await move({ status: 'shipped' })).status, 200);
      assert.equal((await move({ status: 'rejected' })).status, 409);
      assert.equal((await move({ status: 'flying' })).status, 400);
      assert.equal((await move({ status: 'shipped', extra: 1 })).status, 400);
      assert.equal((await post(`${suite.server.url}/specifications/spc_missing/status`, { status: 'accepted' }, auth)).status, 404);
      const status = (await (await fetch(`${suite.server.url}/specifications/${id}`)).json()) as { status: string };
      assert.equal(status.status, 'shipped');
    });

    test('CORS: allowed origins get the headers, others do not', async () => {
      const pre = await fetch(`${suite.server.url}/specifications`, {
        method: 'OPTIONS',
        headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
      });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), 'https://shop.example');
      assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/i);
      const r = await post(`${suite.server.url}/specifications`, deskSpecification(9), { 'idempotency-key': KEY(9), origin: 'https://shop.example' });
      assert.equal(r.headers.get('access-control-allow-origin'), 'https://shop.example');
      assert.match(r.headers.get('access-control-expose-headers') ?? '', /Idempotent-Replayed/i);
      const missing = await fetch(`${suite.server.url}/specifications/spc_none`, { headers: { origin: 'https://shop.example' } });
      assert.equal(missing.status, 404);
      assert.equal(missing.headers.get('access-control-allow-origin'), 'https://shop.example', 'problems are readable cross-origin');
      const evil = await fetch(`${suite.server.url}/products/desk`, { headers: { origin: 'https://evil.example' } });
      assert.equal(evil.headers.get('access-control-allow-origin'), null);
      const evilPre = await fetch(`${suite.server.url}/specifications`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      assert.equal(evilPre.headers.get('access-control-allow-origin'), null);
    });

    test('CORS: the manufacturer endpoints never answer another origin, even an allowed one', async () => {
      const shop = { origin: 'https://shop.example' };
      const created = await post(`${suite.server.url}/specifications`, deskSpecification(12), { 'idempotency-key': KEY(12) });
      const id = String(created.json.id);
      const preflights: Array<[string, string]> = [
        ['/specifications', 'GET'],
        [`/specifications/${id}/status`, 'POST'],
        [`/specifications/${id}/snapshot`, 'GET'],
      ];
      for (const [path, method] of preflights) {
        const pre = await fetch(`${suite.server.url}${path}`, {
          method: 'OPTIONS',
          headers: { ...shop, 'access-control-request-method': method, 'access-control-request-headers': 'authorization' },
        });
        assert.equal(pre.headers.get('access-control-allow-origin'), null, `${method} ${path}`);
        assert.equal(pre.headers.get('access-control-allow-methods'), null, `${method} ${path}`);
      }
      const list = await fetch(`${suite.server.url}/specifications`, { headers: { ...shop, ...auth } });
      assert.equal(list.status, 200);
      assert.equal(list.headers.get('access-control-allow-origin'), null);
      const move = await post(`${suite.server.url}/specifications/${id}/status`, { status: 'accepted' }, { ...shop, ...auth });
      assert.equal(move.status, 200);
      assert.equal(move.headers.get('access-control-allow-origin'), null);
      const refused = await fetch(`${suite.server.url}/specifications`, { headers: shop });
      assert.equal(refused.status, 401);
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
      // The shop's own operation on the same path is still allowed.
      const pre = await fetch(`${suite.server.url}/specifications`, { method: 'OPTIONS', headers: { ...shop, 'access-control-request-method': 'POST' } });
      assert.equal(pre.headers.get('access-control-allow-origin'), 'https://shop.example');
      assert.equal(pre.headers.get('access-control-allow-methods'), 'POST');
    });

    test('API answers are never cached nor sniffed; product files are revalidated', async () => {
      const created = await post(`${suite.server.url}/specifications`, deskSpecification(13), { 'idempotency-key': KEY(13) });
      const answers = [
        created.headers,
        (await fetch(`${suite.server.url}/specifications/${created.json.id}`)).headers,
        (await fetch(`${suite.server.url}/specifications/spc_nothing`)).headers,
        (await fetch(`${suite.server.url}/specifications?limit=1`, { headers: auth })).headers,
        (await fetch(`${suite.server.url}/specifications`)).headers,
        (await fetch(`${suite.server.url}/healthz`)).headers,
      ];
      for (const h of answers) {
        assert.equal(h.get('cache-control'), 'no-store');
        assert.equal(h.get('x-content-type-options'), 'nosniff');
      }
      const file = await fetch(`${suite.server.url}/products/desk`);
      assert.equal(file.headers.get('cache-control'), 'no-cache');
      assert.equal(file.headers.get('x-content-type-options'), 'nosniff');
    });

    test('GET /products/{id}: the file with an ETag, 304 when unchanged, 404 unknown', async () => {
      const r = await fetch(`${suite.server.url}/products/desk`);
      assert.equal(r.status, 200);
      const etag = r.headers.get('etag');
      assert.equal(etag, `"${deskProduct().digest}"`);
      const file = (await r.json()) as { product: { id: string } };
      assert.equal(file.product.id, 'desk');
      assert.equal((await fetch(`${suite.server.url}/products/desk`, { headers: { 'if-none-match': etag! } })).status, 304);
      assert.equal((await fetch(`${suite.server.url}/products/desk?version=1.0.0`)).status, 200);
      assert.equal((await fetch(`${suite.server.url}/products/desk?version=9`)).status, 404);
      assert.equal((await fetch(`${suite.server.url}/products/chair`)).status, 404);
    });

    test('GET /products/{id}: the compiled product to a request that prefers it, each form with its own ETag, Vary: Accept', async () => {
      const url = `${suite.server.url}/products/desk`;
      const get = (accept?: string, ifNoneMatch?: string) =>
        fetch(url, { headers: { ...(accept !== undefined ? { accept } : {}), ...(ifNoneMatch !== undefined ? { 'if-none-match': ifNoneMatch } : {}) } });
      const file = await get();
      const fileText = await file.text();
      assert.equal(file.headers.get('content-type'), 'application/json');
      assert.match(file.headers.get('vary') ?? '', /(^|, *)Accept(,|$)/i, 'the file varies by Accept too');
      assert.match(file.headers.get('vary') ?? '', /(^|, *)Origin(,|$)/i, 'a same-origin answer varies by Origin too (no CORS headers)');
      const compiled = await fetch(url, { headers: { accept: ELEMENTS_ACCEPT, origin: 'https://shop.example' } });
      const text = await compiled.text();
      assert.equal(compiled.status, 200);
      assert.equal(compiled.headers.get('content-type'), COMPILED_PRODUCT_MEDIA_TYPE);
      assert.ok(isCompiledProduct(text), text.slice(0, 80));
      assert.ok(!isCompiledProduct(fileText));
      assert.match(compiled.headers.get('vary') ?? '', /(^|, *)Accept(,|$)/i);
      // Vary keeps what CORS put there: a cache must keep the answers per Origin and per Accept.
      assert.match(compiled.headers.get('vary') ?? '', /Origin/);
      assert.equal(compiled.headers.get('access-control-allow-origin'), 'https://shop.example');
      assert.equal(compiled.headers.get('cache-control'), 'no-cache');
      const compiledTag = compiled.headers.get('etag')!;
      const fileTag = file.headers.get('etag')!;
      assert.match(compiledTag, /^"[^"]+"$/);
      assert.notEqual(compiledTag, fileTag);
      // Both open the same product: the same digest, the same first state.
      const [fromFile, fromCompiled] = await Promise.all([createPageSession({ text: fileText }), createPageSession({ text })]);
      assert.ok(fromFile.ok && fromCompiled.ok);
      assert.equal(fromCompiled.session.digest, deskProduct().digest);
      assert.deepEqual(fromCompiled.session.state, fromFile.session.state);
      fromFile.session.dispose();
      fromCompiled.session.dispose();

      // 304 only for the ETag of the form the request gets.
      assert.equal((await get(ELEMENTS_ACCEPT, compiledTag)).status, 304);
      const stale = await get(ELEMENTS_ACCEPT, fileTag);
      assert.equal(stale.status, 200, "the file's ETag does not validate the compiled product");
      assert.equal(await stale.text(), text, 'written once per version: the same text again');
      assert.equal((await get(undefined, fileTag)).status, 304);
      assert.equal((await get(undefined, compiledTag)).status, 200);
      const notModified = await get(ELEMENTS_ACCEPT, `"other", W/${compiledTag}`);
      assert.equal(notModified.status, 304);
      assert.equal(notModified.headers.get('etag'), compiledTag);
      assert.match(notModified.headers.get('vary') ?? '', /Accept/);

      // Today's clients get the file: no Accept, JSON, anything, or a tie.
      for (const accept of ['application/json', '*/*', `application/json, ${COMPILED_PRODUCT_MEDIA_TYPE}`, 'text/html', `${COMPILED_PRODUCT_MEDIA_TYPE};q=0.5, */*`]) {
        const r = await get(accept);
        assert.equal(r.headers.get('content-type'), 'application/json', accept);
        assert.equal(await r.text(), fileText, accept);
      }
      for (const accept of [COMPILED_PRODUCT_MEDIA_TYPE, `application/json;q=0.1, ${COMPILED_PRODUCT_MEDIA_TYPE};q=0.2`]) {
        assert.equal((await get(accept)).headers.get('content-type'), COMPILED_PRODUCT_MEDIA_TYPE, accept);
      }
      const old = await fetch(`${url}?version=1.0.0`, { headers: { accept: ELEMENTS_ACCEPT } });
      assert.equal(old.headers.get('etag'), compiledTag, 'a version asked by number: the same compiled product');
      await old.body?.cancel();
    });
  });
}

describe('server options and life cycle', () => {
  const [database] = testDatabases();
  // One embedded database, opened by one server after the other: creating one costs seconds.
  let config: DatabaseConfig;
  before(async () => {
    config = await database.create();
  });
  after(() => database.cleanup());

  test('publishable keys: required when configured, and they scope idempotency keys', async () => {
    const server = await startServer(config, { publishableKeys: ['pk_shop_a', 'pk_shop_b'] });
    try {
      const spec = deskSpecification(20);
      const none = await post(`${server.url}/specifications`, spec, { 'idempotency-key': KEY(20) });
      assert.equal(none.status, 401);
      const a = await post(`${server.url}/specifications`, spec, { 'idempotency-key': KEY(20), 'x-c2m-publishable-key': 'pk_shop_a' });
      assert.equal(a.status, 201);
      const b = await post(`${server.url}/specifications`, deskSpecification(21), { 'idempotency-key': KEY(20), 'x-c2m-publishable-key': 'pk_shop_b' });
      assert.equal(b.status, 201, 'the same key of another shop is another request');
      assert.equal((await fetch(`${server.url}/products/desk`)).status, 401);
      // A shop reads the status of its own orders only.
      const status = (id: unknown, key: string) => fetch(`${server.url}/specifications/${id}`, { headers: { 'x-c2m-publishable-key': key } });
      assert.equal((await status(a.json.id, 'pk_shop_a')).status, 200);
      assert.equal((await status(a.json.id, 'pk_shop_b')).status, 404);
      assert.equal((await status(b.json.id, 'pk_shop_b')).status, 200);
      assert.equal((await status(b.json.id, 'pk_shop_a')).status, 404);
    } finally {
      await server.close();
    }
  });

  test('bearer tokens: checked by verifyToken, and they scope idempotency keys', async () => {
    const server = await startServer(config, {
      verifyToken: (token) => (token === undefined ? 'anonymous' : token === 'tok_alice' ? 'alice' : null),
    });
    try {
      const spec = deskSpecification(22);
      const wrong = await post(`${server.url}/specifications`, spec, { 'idempotency-key': KEY(22), authorization: 'Bearer tok_mallory' });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.json.type, 'urn:c2m:problem:unauthorized');
      const alice = await post(`${server.url}/specifications`, spec, { 'idempotency-key': KEY(22), authorization: 'Bearer tok_alice' });
      assert.equal(alice.status, 201);
      const anonymous = await post(`${server.url}/specifications`, deskSpecification(23), { 'idempotency-key': KEY(22) });
      assert.equal(anonymous.status, 201, 'the same key of another caller is another request');
      assert.equal((await fetch(`${server.url}/specifications/${alice.json.id}`, { headers: { authorization: 'Bearer tok_mallory' } })).status, 401);
    } finally {
      await server.close();
    }
  });

  test('a client that disconnects in the middle of its body: nothing stored, nothing logged as a fault, the server goes on', async () => {
    const log: LogEntry[] = [];
    let clientLeft!: () => void;
    const left = new Promise<void>((resolve) => (clientLeft = resolve));
    const server = await startServer(config, {
      log: (e) => {
        log.push(e);
        if (e.msg === 'the client left before its body was complete') clientLeft();
      },
    });
    try {
      const before = await server.store.count();
      const body = Buffer.from(JSON.stringify(deskSpecification(50)));
      const req = await inFlight(server, body.length, KEY(50));
      req.write(body.subarray(0, 200));
      req.destroy();
      await left;
      assert.equal(await server.store.count(), before);
      // Neither a server error nor a database outage: the client went away.
      assert.deepEqual(log.filter((e) => e.level !== 'info'), []);
      assert.equal((await post(`${server.url}/specifications`, deskSpecification(50), { 'idempotency-key': KEY(50) })).status, 201);
    } finally {
      await server.close();
    }
  });

  test('start-up errors are precise: a missing products directory', async () => {
    await assert.rejects(startServer(config, { productsDir: '/nonexistent/c2m-products' }), /products directory "\/nonexistent\/c2m-products" cannot be read/);
    // The database was closed again: the next server can open it.
    const next = await startServer(config);
    await next.close();
  });

  test('a product pages could not take compiled (loaded with raised limits) is served as its file, once logged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c2m-products-'));
    const log: LogEntry[] = [];
    try {
      const big = JSON.parse(readFileSync(join(PRODUCTS_DIR, 'desk.json'), 'utf8'));
      // More options than a page's limits allow (LIMITS.maxOptions), fewer than the raised ones.
      for (let i = 0; i < 5001; i++) big.options.push({ id: `extra${i}`, type: 'boolean', label: { en: `Extra ${i}`, 'zh-CN': `附加 ${i}` } });
      writeFileSync(join(dir, 'desk.json'), JSON.stringify(big));
      const server = await startServer(config, { productsDir: dir, productLimits: 'raised', log: (e) => log.push(e) });
      try {
        const accept = { accept: ELEMENTS_ACCEPT };
        const first = await fetch(`${server.url}/products/desk`, { headers: accept });
        assert.equal(first.status, 200);
        assert.equal(first.headers.get('content-type'), 'application/json');
        assert.equal((JSON.parse(await first.text()) as { options: unknown[] }).options.length, big.options.length);
        const etag = first.headers.get('etag')!;
        assert.equal((await fetch(`${server.url}/products/desk`, { headers: { ...accept, 'if-none-match': etag } })).status, 304);
        const warnings = log.filter((e) => e.level === 'warn' && /cannot be compiled for pages/.test(e.msg));
        assert.equal(warnings.length, 1, 'said once, not at every request');
        assert.match(String(warnings[0]!.reason), /options/);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('old versions stay orderable until their file is removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c2m-products-'));
    try {
      copyFileSync(join(PRODUCTS_DIR, 'desk.json'), join(dir, 'desk-1.json'));
      const v2 = JSON.parse(readFileSync(join(PRODUCTS_DIR, 'desk.json'), 'utf8'));
      v2.product.version = '2.0.0';
      v2.pricing.base = 31000;
      writeFileSync(join(dir, 'desk-2.json'), JSON.stringify(v2));
      const server = await startServer(config, { productsDir: dir });
      try {
        const latest = (await (await fetch(`${server.url}/products/desk`)).json()) as { product: { version: string } };
        assert.equal(latest.product.version, '2.0.0');
        const v1 = await post(`${server.url}/specifications`, deskSpecification(30), { 'idempotency-key': KEY(30) });
        assert.equal(v1.status, 201, 'an order against version 1 is still accepted');
        rmSync(join(dir, 'desk-1.json'));
        const report = await server.reloadProducts();
        assert.equal(report.loaded, 1);
        assert.equal(report.compiled, 0, 'unchanged files are not compiled again');
        const gone = await post(`${server.url}/specifications`, deskSpecification(31), { 'idempotency-key': KEY(31) });
        assert.equal(gone.status, 422);
        assert.deepEqual((gone.json.errors as Array<{ path: string; code: string }>).map((e) => [e.path, e.code]), [['/product/version', 'product-mismatch']]);
        // A retry of the accepted order still gets its answer.
        const retry = await post(`${server.url}/specifications`, deskSpecification(30), { 'idempotency-key': KEY(30) });
        assert.equal(retry.status, 200);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('graceful shutdown: the request in flight finishes, new connections are refused', async () => {
    const server = await startServer(config);
    const body = Buffer.from(JSON.stringify(deskSpecification(40)));
    // In flight: the server has its headers (it said 100 Continue) and half its body.
    const req = await inFlight(server, body.length, KEY(40));
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
    });
    req.write(body.subarray(0, 100));
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await assert.rejects(fetch(`${server.url}/products/desk`), 'new connections are refused while draining');
    assert.equal(closed, false, 'close() waits for the request in flight');
    req.end(body.subarray(100));
    const r = await answer;
    assert.equal(r.status, 201, r.text);
    await closing;
    assert.equal(closed, true);
  });
});
