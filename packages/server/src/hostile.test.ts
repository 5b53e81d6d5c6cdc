/**
 * Hostile bodies over real HTTP, on each database: random mutations of a valid specification, text
 * no database can store, and random JSON are answered with a precise 4xx problem (or accepted when
 * still valid), never a 5xx; nothing invalid is stored, and the server keeps serving.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsonMutations, mutated } from '@c2m/rules/testing';
import { testDatabases } from './testing/databases.js';
import { deskSpecification, serverPerSuite, shirtSpecification } from './testing/harness.js';

for (const database of testDatabases()) {
  describe(`hostile bodies (${database.name})`, () => {
    const suite = serverPerSuite(database);
    let n = 0;

    async function send(body: string): Promise<{ status: number; json: Record<string, unknown> }> {
      const res = await fetch(`${suite.server.url}/specifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `hostile-${String(++n).padStart(10, '0')}` },
        body,
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    }

    test('random mutations of a valid specification: 201 or a 4xx problem with a reason, never 5xx', async () => {
      const base = deskSpecification(1);
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(jsonMutations(base, 3), async (mutations) => {
          const spec = mutated(base, mutations);
          const r = await send(JSON.stringify(spec));
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          assert.ok([201, 400, 422].includes(r.status), `status ${r.status}: ${JSON.stringify(r.json)}`);
          if (r.status !== 201) assert.ok(typeof r.json.detail === 'string' && r.json.detail.length > 0);
          if (r.status === 422) assert.ok(Array.isArray(r.json.errors) && r.json.errors.length > 0);
        }),
        { numRuns: 300, seed: 20261130 },
      );
      assert.ok((statuses.get(422) ?? 0) > 100, `most mutations are rejected as invalid (${JSON.stringify([...statuses])})`);
    });

    test('free text, file names and URLs with U+0000 or unpaired surrogates: 422 naming the field, never 5xx', async () => {
      // Text around one character no database stores: NUL, or half of a surrogate pair.
      const poisoned = fc
        .tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'), fc.string({ maxLength: 8 }))
        .map(([a, bad, b]) => a + bad + b);
      const place = fc.constantFrom('print', 'logo-name', 'snapshot-url', 'label');
      await fc.assert(
        fc.asyncProperty(poisoned, place, async (text, where) => {
          const spec: Record<string, any> = JSON.parse(JSON.stringify(shirtSpecification('Hello', { name: 'logo.png', type: 'image/png', bytes: 5 })));
          const paths: Record<string, string> = { print: '/selections/print', 'logo-name': '/selections/logo/name', 'snapshot-url': '/snapshot/url', label: '/quote/lines/0/label' };
          if (where === 'print') spec.selections.print = text.slice(0, 40);
          if (where === 'logo-name') spec.selections.logo.name = text;
          if (where === 'snapshot-url') spec.snapshot = { type: 'image/png', url: `https://cdn.example/${text}` };
          if (where === 'label') spec.quote.lines[0].label = text;
          const r = await send(JSON.stringify(spec));
          assert.equal(r.status, 422, JSON.stringify(r.json));
          const errors = r.json.errors as Array<{ path: string }>;
          assert.ok(errors.some((e) => e.path === paths[where]), JSON.stringify(errors));
        }),
        { numRuns: 60, seed: 20261201 },
      );
    });

    test('random JSON and broken text: 400 or 422, never 5xx; the server still accepts a valid order', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), fc.string({ unit: 'binary' })), async (body) => {
          const r = await send(body);
          assert.ok([400, 422].includes(r.status), `status ${r.status} for ${body.slice(0, 80)}: ${JSON.stringify(r.json)}`);
        }),
        { numRuns: 200, seed: 20261130 },
      );
      assert.equal((await send(JSON.stringify(deskSpecification(2)))).status, 201);
      const stored = await suite.server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM specifications');
      assert.ok(stored.rows[0]!.n >= 1);
    });
  });
}
