import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Specification } from '@c2m/rules';
import { testDatabases } from './testing/databases.js';
import { deskSpecification, post, serverPerSuite } from './testing/harness.js';

interface FieldError {
  path: string;
  code: string;
  constraint?: string;
  message: string;
}

/** A deep copy of a valid specification, changed by `edit`. */
function tampered(edit: (s: Specification) => void, i = 1): Specification {
  const s = structuredClone(deskSpecification(i));
  edit(s);
  return s;
}

for (const database of testDatabases()) {
  describe(`tampered specifications are rejected (${database.name})`, () => {
    const suite = serverPerSuite(database);
    let n = 0;

    async function reject(spec: Specification): Promise<FieldError[]> {
      const r = await post(`${suite.server.url}/specifications`, spec, { 'idempotency-key': `tamper-key-${String(++n).padStart(8, '0')}` });
      assert.equal(r.status, 422, JSON.stringify(r.json));
      assert.equal(r.headers.get('content-type'), 'application/problem+json');
      assert.equal(r.json.type, 'urn:c2m:problem:specification-rejected');
      assert.equal(r.json.status, 422);
      const errors = r.json.errors as FieldError[];
      assert.ok(Array.isArray(errors) && errors.length > 0);
      for (const e of errors) {
        assert.ok(e.path === '' || e.path.startsWith('/'), `a JSON Pointer: ${e.path}`);
        assert.ok(e.message.length > 0);
      }
      return errors;
    }
    const has = (errors: FieldError[], code: string, path?: string | RegExp) =>
      assert.ok(
        errors.some((e) => e.code === code && (path === undefined || (typeof path === 'string' ? e.path === path : path.test(e.path)))),
        `expected ${code} at ${String(path)}, got ${JSON.stringify(errors)}`,
      );

    test('a valid one is accepted (the control)', async () => {
      const r = await post(`${suite.server.url}/specifications`, deskSpecification(1), { 'idempotency-key': 'tamper-control-0001' });
      assert.equal(r.status, 201, JSON.stringify(r.json));
    });

    test('a lower total', async () => {
      has(await reject(tampered((s) => (s.quote.total -= 1000))), 'quote-mismatch', /^\/quote/);
    });

    test('a changed line, with the total kept consistent', async () => {
      const errors = await reject(
        tampered((s) => {
          s.quote.lines[0].amount -= 5000;
          s.quote.total -= 5000;
        }),
      );
      has(errors, 'quote-mismatch', /^\/quote\/lines/);
    });

    test('a removed line', async () => {
      has(await reject(tampered((s) => s.quote.lines.pop())), 'quote-mismatch', /^\/quote/);
    });

    test('another currency', async () => {
      has(await reject(tampered((s) => (s.quote.currency = 'CNY'))), 'quote-mismatch', /^\/quote/);
    });

    test('a shorter lead time', async () => {
      has(await reject(tampered((s) => (s.leadTime.days = 1))), 'lead-time-mismatch', /^\/leadTime/);
    });

    test('changed derived values', async () => {
      has(await reject(tampered((s) => (s.derived.area = 1))), 'derived-mismatch', /^\/derived/);
    });

    test('an invalid combination names the constraint', async () => {
      const errors = await reject(
        tampered((s) => {
          s.selections.top = 'glass';
          s.selections.frame = 'aluminium';
          s.selections.engraving = '';
        }),
      );
      assert.ok(
        errors.some((e) => e.code === 'constraint' && e.constraint === 'glass-needs-steel' && e.path.startsWith('/selections')),
        JSON.stringify(errors),
      );
    });

    test('a stale or unknown digest', async () => {
      const errors = await reject(tampered((s) => (s.product.digest = 'sha256:' + 'ab'.repeat(32))));
      assert.deepEqual(errors.map((e) => [e.path, e.code]), [['/product/digest', 'digest-mismatch']]);
    });

    test('an unknown product or version', async () => {
      const p = await reject(tampered((s) => (s.product.id = 'chair')));
      assert.deepEqual(p.map((e) => [e.path, e.code]), [['/product/id', 'product-mismatch']]);
      const v = await reject(tampered((s) => (s.product.version = '0.9.0')));
      assert.deepEqual(v.map((e) => [e.path, e.code]), [['/product/version', 'product-mismatch']]);
    });

    test('a missing option', async () => {
      has(await reject(tampered((s) => delete s.selections.frame)), 'missing-option', '/selections/frame');
    });

    test('an unknown option', async () => {
      has(await reject(tampered((s) => (s.selections.colour = 'red'))), 'unknown-option', '/selections/colour');
    });

    test('a value outside the option (off the step, unknown value)', async () => {
      has(await reject(tampered((s) => (s.selections.width = 105))), 'invalid-value', '/selections/width');
      has(await reject(tampered((s) => (s.selections.top = 'marble'))), 'invalid-value', '/selections/top');
    });

    test('a malformed specification', async () => {
      has(await reject(tampered((s) => ((s as { specVersion: number }).specVersion = 2))), 'schema');
      has(await reject(tampered((s) => delete (s as Partial<Specification>).quote)), 'schema');
      const noProduct = await reject(tampered((s) => delete (s as Partial<Specification>).product));
      assert.deepEqual(noProduct.map((e) => [e.path, e.code]), [['/product', 'schema']]);
    });

    test('nothing was stored but the control', async () => {
      assert.equal(await suite.server.store.count(), 1);
    });
  });
}
