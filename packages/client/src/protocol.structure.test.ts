// The client checks answers without zod: `parseStructure` (@c2m/rules/structure) reading
// `protocol.generated.ts`, generated from the zod schemas of `schema.ts`. The committed description
// is the generated one, and on generated and mutated bodies it gives zod's verdict, zod's parsed
// value (defaults filled in, unknown members dropped or kept as zod does, keys in zod's order) and
// zod's issues (codes, paths and what was expected, which `describeIssue` words), in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { issueDetails, parseStructure } from '@c2m/rules/structure';
import { structureModuleText } from '@c2m/rules/structure-generate';
import { issueText, jsonMutations, mutated } from '@c2m/rules/testing';
import { PROTOCOL_STRUCTURE_MODULE } from '../scripts/structure-module.js';
import { PROBLEM, PROTOCOL_STRUCTURE, SPECIFICATION_STATUS, SUBMISSION_RECEIPT } from './protocol.generated.js';
import { describeIssue } from './protocol.js';
import { Problem, SpecificationStatus, SubmissionReceipt } from './schema.js';

test('the committed protocol.generated.ts is up to date (run `pnpm --filter @c2m/client schema`)', () => {
  const committed = readFileSync(new URL('./protocol.generated.ts', import.meta.url), 'utf8');
  assert.equal(committed, structureModuleText(PROTOCOL_STRUCTURE_MODULE));
});

const ANSWERS = [
  ['SubmissionReceipt', SubmissionReceipt, SUBMISSION_RECEIPT],
  ['SpecificationStatus', SpecificationStatus, SPECIFICATION_STATUS],
  ['Problem', Problem, PROBLEM],
] as const;

/** Asserts that the client's checks and zod agree on `data`; returns whether zod accepted it. */
function agree(schema: z.ZodMiniType, root: number, data: unknown, what: string): boolean {
  const zod = z.safeParse(schema, data);
  const lean = parseStructure(PROTOCOL_STRUCTURE, data, root);
  if (zod.success) {
    assert.ok(lean.ok, `${what}: zod accepts, the client refuses: ${!lean.ok && lean.issues.map((i) => issueText(issueDetails(i))).join('; ')}`);
    assert.deepStrictEqual(lean.value, zod.data, what);
    assert.equal(JSON.stringify(lean.value), JSON.stringify(zod.data), `${what}: keys in another order`);
  } else {
    assert.ok(!lean.ok, `${what}: zod refuses (${zod.error.issues.map(issueText).join('; ')}), the client accepts`);
    assert.deepEqual(lean.issues.map((i) => issueText(issueDetails(i))), zod.error.issues.map(issueText), what);
    // The client's error message is the one zod's first issue would have given.
    assert.equal(describeIssue(issueDetails(lean.issues[0]!)), describeIssue(zod.error.issues[0]), what);
  }
  return zod.success;
}

const quote = {
  currency: 'EUR',
  lines: [
    { id: 'base', kind: 'base', label: 'Desk', amount: 45000 },
    { id: 'top', kind: 'option', label: 'Oak top', amount: 12000, option: 'top' },
    { id: 'ship', kind: 'line', label: 'Shipping', amount: -500 },
  ],
  total: 56500,
};
const receipt = { id: 'spec_01H-x', status: 'received', receivedAt: '2026-11-25T10:00:00.123+01:00', quote };
const BODIES = {
  SubmissionReceipt: receipt,
  SpecificationStatus: { ...receipt, status: 'in_production', updatedAt: '2026-11-26T08:30:00Z', product: { id: 'desk', version: '3' }, note: 'Cut today' },
  Problem: {
    type: 'urn:c2m:problem:specification-rejected',
    title: 'Specification rejected',
    status: 422,
    detail: 'Glass tops need steel legs.',
    instance: '/specifications',
    errors: [{ path: '/selections/top', code: 'constraint', constraint: 'glass-needs-steel-legs', message: 'Glass needs steel legs' }],
    traceId: 'abc',
  },
};

for (const [name, schema, root] of ANSWERS) {
  for (const plausible of [true, false]) {
    test(`client's checks = zod on mutated ${name} bodies (${plausible ? 'plausible' : 'random'} values)`, () => {
      const doc = BODIES[name];
      let accepted = 0;
      let refused = 0;
      fc.assert(
        fc.property(jsonMutations(doc, 3, { plausible }), (mutations) => {
          const body = mutated(doc, mutations);
          // As the client gets it from text (own `__proto__` members and all), and as an object.
          const ok = agree(schema, root, JSON.parse(JSON.stringify(body)) as unknown, 'from text');
          agree(schema, root, body, 'object');
          if (ok) accepted++;
          else refused++;
        }),
        { numRuns: 400, seed: plausible ? 11 : 12 },
      );
      assert.ok(accepted >= 20 && refused >= 20, `accepted ${accepted}, refused ${refused}: both must be exercised`);
    });
  }
}

/** Bodies built from scratch: each member absent, of the right shape, or something else. */
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(fc.oneof({ arbitrary: a, weight: 30 }, fc.jsonValue({ maxDepth: 1 })), { nil: undefined, freq: 40 });
const timestamps = fc.oneof(
  { arbitrary: fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }).map((d) => d.toISOString()), weight: 6 },
  fc.constantFrom('2026-02-29T10:00:00Z', '2024-02-29T10:00:00Z', '2026-11-25T24:00:00Z', '2026-11-25T10:00:00', '2026-11-25 10:00:00Z', '2026-11-25T10:00:00+0100', '2026-11-25T10:00:00.5-23:59', '2026-11-25'),
);
const money = fc.oneof({ arbitrary: fc.integer(), weight: 10 }, fc.constantFrom(1.5, -0, 2 ** 53, -(2 ** 60), Number.MAX_SAFE_INTEGER));
const line = fc.record({ id: maybe(fc.string()), kind: maybe(fc.constantFrom('base', 'option', 'line', 'line', 'option', 'tax')), label: maybe(fc.string()), amount: maybe(money), option: maybe(fc.string()) }, { requiredKeys: [] });
const wireQuote = fc.record({ currency: maybe(fc.constantFrom('EUR', 'CHF', 'JPY', 'eur', 'EURO')), lines: maybe(fc.array(line, { maxLength: 3 })), total: maybe(money) }, { requiredKeys: [] });
const state = fc.oneof({ arbitrary: fc.constantFrom('received', 'accepted', 'in_production', 'shipped', 'rejected'), weight: 10 }, fc.constant('lost'));
const generated = {
  SubmissionReceipt: fc.record({ id: maybe(fc.oneof({ arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), weight: 10 }, fc.constantFrom('', '../x', 'a'.repeat(129)))), status: maybe(state), receivedAt: maybe(timestamps), quote: maybe(wireQuote), extra: maybe(fc.jsonValue()) }, { requiredKeys: [] }),
  SpecificationStatus: fc.record(
    { id: maybe(fc.constant('s1')), status: maybe(state), receivedAt: maybe(timestamps), updatedAt: maybe(timestamps), quote: maybe(wireQuote), product: maybe(fc.record({ id: maybe(fc.string()), version: maybe(fc.string()) }, { requiredKeys: [] })), note: maybe(fc.string({ maxLength: 2003 })) },
    { requiredKeys: [] },
  ),
  Problem: fc.record(
    { type: maybe(fc.string()), title: maybe(fc.string()), status: maybe(fc.oneof(fc.integer({ min: 200, max: 700 }), fc.constantFrom(399.5, 422.5))), detail: maybe(fc.string()), errors: maybe(fc.array(fc.record({ path: maybe(fc.string()), code: maybe(fc.string()), message: maybe(fc.string()) }, { requiredKeys: [] }), { maxLength: 2 })), extra: maybe(fc.jsonValue()) },
    { requiredKeys: [] },
  ),
};

for (const [name, schema, root] of ANSWERS) {
  test(`client's checks = zod on generated ${name} bodies`, () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(generated[name], (body) => {
        if (agree(schema, root, body, 'generated')) accepted++;
        else refused++;
      }),
      { numRuns: 1500, seed: 13 },
    );
    assert.ok(accepted >= 10 && refused >= 10, `accepted ${accepted}, refused ${refused}: both verdicts must be exercised`);
  });
}

test("client's checks = zod on values no JSON text gives, and on bodies that are not objects", () => {
  const values: unknown[] = [undefined, null, 'receipt', 42, [], [receipt], Object.create(null), new Date(0)];
  for (const [name, schema, root] of ANSWERS) {
    values.forEach((v, i) => agree(schema, root, v, `${name}: value ${i}`));
    const body = structuredClone(BODIES[name]) as Record<string, unknown>;
    agree(schema, root, { ...body, status: Number.NaN }, `${name}: NaN`);
    agree(schema, root, { ...body, status: Infinity }, `${name}: Infinity`);
    agree(schema, root, { ...body, detail: undefined, note: undefined }, `${name}: optional members present as undefined`);
    agree(schema, root, { ...body, type: undefined, title: undefined }, `${name}: defaulted members present as undefined`);
    agree(schema, root, Object.assign(Object.create({ status: 422, id: 's1' }) as object, body, { status: undefined }), `${name}: inherited members`);
    agree(schema, root, JSON.parse(JSON.stringify(body).replace('{', '{"__proto__":{"x":1},')), `${name}: an own __proto__ member`);
  }
});

test('an answer of the wrong shape is worded precisely: which member, what was expected', () => {
  const word = (root: number, body: unknown) => {
    const r = parseStructure(PROTOCOL_STRUCTURE, body, root);
    assert.equal(r.ok, false);
    return !r.ok && describeIssue(issueDetails(r.issues[0]!));
  };
  assert.equal(word(SUBMISSION_RECEIPT, { ...receipt, quote: { ...quote, total: 1.5 } }), 'quote.total: expected an integer');
  assert.equal(word(SUBMISSION_RECEIPT, { ...receipt, quote: { ...quote, lines: [{ ...quote.lines[0], amount: '1' }] } }), 'quote.lines.0.amount: expected number');
  assert.equal(word(SUBMISSION_RECEIPT, { ...receipt, status: 'lost' }), 'status: expected one of "received", "accepted", "in_production", "shipped", "rejected"');
  assert.equal(word(SUBMISSION_RECEIPT, { ...receipt, receivedAt: 'yesterday' }), 'receivedAt: not a valid datetime');
  assert.equal(word(SUBMISSION_RECEIPT, { ...receipt, id: '../etc' }), 'id: not a valid value');
  assert.equal(word(SUBMISSION_RECEIPT, { id: 's1' }), 'status: expected one of "received", "accepted", "in_production", "shipped", "rejected"');
  assert.equal(word(SPECIFICATION_STATUS, { ...BODIES.SpecificationStatus, note: 'x'.repeat(2001) }), 'note: at most 2000 characters');
  assert.equal(word(SPECIFICATION_STATUS, receipt), 'updatedAt: expected string');
  assert.equal(word(SUBMISSION_RECEIPT, { ...receipt, quote: { ...quote, total: 2 ** 60 } }), 'quote.total: at most 9007199254740991');
  assert.equal(word(SUBMISSION_RECEIPT, 'ok'), 'body: expected object');
  assert.equal(word(PROBLEM, { status: 200 }), 'status: at least 400');
});
