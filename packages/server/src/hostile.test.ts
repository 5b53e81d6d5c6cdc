/**
 * Hostile bodies over real HTTP: random mutations of a valid specification and random JSON are
 * answered with a precise 4xx problem (or accepted when still valid), never a 500; nothing invalid
 * is stored, and the server keeps serving.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsonMutations, mutated } from '@c2m/rules/testing';
import { testDatabase } from './testing/databases.js';
import { deskSpecification, serverPerSuite } from './testing/harness.js';

const database = testDatabase('pglite')!;

describe('hostile bodies', () => {
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
