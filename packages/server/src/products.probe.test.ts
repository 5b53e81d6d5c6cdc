/**
 * An outside probe of `GET /products/{id}` and of orders from pages: HEAD, `If-None-Match: *`, odd
 * and very long `Accept` values, and an order written by a page whose compiled product had its rules
 * changed (the check written again, so the page's reader took it): the server's own file refuses it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPILED_PRODUCT_MEDIA_TYPE, createPageSession } from '@c2m/rules';
import { resignCompiled } from '@c2m/rules/testing';
import { testDatabase } from './testing/databases.js';
import { post, serverPerSuite } from './testing/harness.js';

const ELEMENTS_ACCEPT = `${COMPILED_PRODUCT_MEDIA_TYPE}, application/json;q=0.9`;

describe('GET /products/{id} from outside', () => {
  const suite = serverPerSuite(testDatabase('pglite')!);
  const url = () => `${suite.server.url}/products/desk`;
  const get = (headers: Record<string, string>, method = 'GET') => fetch(url(), { method, headers });

  test('HEAD: the headers of GET for each form, no body; 304 on a matching ETag', async () => {
    for (const accept of [ELEMENTS_ACCEPT, 'application/json']) {
      const full = await get({ accept });
      await full.text();
      const head = await get({ accept }, 'HEAD');
      assert.equal(head.status, 200, accept);
      assert.equal(await head.text(), '', accept);
      for (const name of ['etag', 'content-type', 'vary', 'cache-control']) assert.equal(head.headers.get(name), full.headers.get(name), `${accept}: ${name}`);
      assert.equal((await get({ accept, 'if-none-match': full.headers.get('etag')! }, 'HEAD')).status, 304, accept);
    }
  });

  test('If-None-Match: * matches whichever form the request gets (RFC 9110 §13.1.2)', async () => {
    for (const accept of [ELEMENTS_ACCEPT, 'application/json']) {
      const r = await get({ accept, 'if-none-match': '*' });
      assert.equal(r.status, 304, accept);
      assert.match(r.headers.get('vary') ?? '', /Accept/);
    }
    assert.equal((await get({ 'if-none-match': 'W/"nothing", "else"' })).status, 200, 'a list of other tags');
  });

  test('odd Accept values: case, spaces, q=0, bad q, 50 ranges, a very long header, unbalanced quotes', async () => {
    const form = async (accept: string) => {
      const r = await get({ accept });
      assert.equal(r.status, 200, accept.slice(0, 80));
      await r.body?.cancel();
      return r.headers.get('content-type');
    };
    const ranges = Array.from({ length: 49 }, (_, i) => `text/x-${i};q=0.${String(i % 9 + 1)}`).join(', ');
    const cases: Array<[string, string]> = [
      ['  APPLICATION/VND.C2M.COMPILED+JSON  ;  Q=1 , application/json ; q=0.5', COMPILED_PRODUCT_MEDIA_TYPE],
      [`${COMPILED_PRODUCT_MEDIA_TYPE};q=0`, 'application/json'],
      [`${COMPILED_PRODUCT_MEDIA_TYPE};q=1.5, application/json;q=0.1`, 'application/json'],
      [`${COMPILED_PRODUCT_MEDIA_TYPE};q=-1`, 'application/json'],
      [`${ranges}, ${COMPILED_PRODUCT_MEDIA_TYPE}`, COMPILED_PRODUCT_MEDIA_TYPE],
      // Quotes pair up across 400 parameters: one long unusable range, then a readable one.
      [`${'text/plain;a="'.repeat(400)}, ${COMPILED_PRODUCT_MEDIA_TYPE}`, COMPILED_PRODUCT_MEDIA_TYPE],
      [`${'a,'.repeat(5000)}${COMPILED_PRODUCT_MEDIA_TYPE}`, COMPILED_PRODUCT_MEDIA_TYPE],
      [`${'"\\'.repeat(3000)}`, 'application/json'],
    ];
    for (const [accept, type] of cases) assert.equal(await form(accept), type, accept.slice(0, 80));
  });

  test("an order from a page whose compiled product had its rules changed is refused with the file's problem", async () => {
    const r = await get({ accept: ELEMENTS_ACCEPT });
    const compiled = JSON.parse(await r.text()) as { model: { rules: unknown[] } };
    // Every rule gone, the check written again: the page's reader cannot tell (the trust model's limit).
    compiled.model.rules = [];
    const text = resignCompiled(compiled);
    const opened = await createPageSession({ text });
    assert.ok(opened.ok, JSON.stringify(!opened.ok && opened.issues));
    const session = opened.session;
    // The file says a wooden frame cannot take an electric lift; the changed model lets the page choose both.
    assert.equal((await session.select('frame', 'wood')).ok, true);
    assert.equal((await session.select('motor', true)).ok, true, 'the changed model allows it');
    await session.autocomplete();
    const spec = await session.toSpecification({ now: new Date(Date.UTC(2026, 10, 25, 10, 0, 0)) });
    session.dispose();
    const order = await post(`${suite.server.url}/specifications`, spec, { 'idempotency-key': 'probe-changed-rules-0001' });
    assert.equal(order.status, 422, JSON.stringify(order.json));
    assert.match(JSON.stringify(order.json), /wood-frame-no-motor|wooden frame/);
  });
});
