import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import * as z from 'zod/mini';
import { FieldError, Problem, SpecificationList, SpecificationStatus, SubmissionReceipt, StatusUpdate, WireQuote, WireQuoteLine } from './schema.js';
import { IDEMPOTENCY_KEY_PATTERN, describeIssue, problemType, toJsonPointer } from './protocol.js';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { example?: unknown }> }> }>>;
  components: {
    schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
    responses: Record<string, { content: Record<string, { example?: unknown }> }>; parameters: Record<string, { schema: { pattern: string } }> };
};
const doc = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')) as Doc;

test('openapi.yaml: OpenAPI 3.1 with every operation of the protocol', () => {
  assert.match(doc.openapi, /^3\.1\./);
  const ops = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
  assert.deepEqual(ops.sort(), ['getProduct', 'getSpecificationSnapshot', 'getSpecificationStatus', 'listSpecifications', 'submitSpecification', 'updateSpecificationStatus']);
  assert.equal(doc.components.parameters.IdempotencyKey!.schema.pattern, IDEMPOTENCY_KEY_PATTERN.source);
});

test('openapi.yaml examples are accepted by the zod schemas the client checks answers with', () => {
  const receipt = doc.paths['/specifications']!.post!.responses['201']!.content!['application/json']!.example;
  assert.ok(SubmissionReceipt.safeParse(receipt).success);
  for (const name of ['IdempotencyConflict', 'SpecificationRejected']) {
    const ex = doc.components.responses[name]!.content['application/problem+json']!.example;
    const p = Problem.safeParse(ex);
    assert.ok(p.success, name);
  }
  const rejected = Problem.parse(doc.components.responses.SpecificationRejected!.content['application/problem+json']!.example);
  assert.equal(rejected.type, problemType('specification-rejected'));
  assert.equal(rejected.errors?.[0]?.constraint, 'glass-needs-steel-legs');
});

test('schemas refuse what the protocol forbids', () => {
  const ok = { id: 's1', status: 'received', receivedAt: '2026-11-25T10:00:00Z', quote: { currency: 'EUR', lines: [], total: 100 } };
  assert.ok(SubmissionReceipt.safeParse(ok).success);
  assert.ok(SubmissionReceipt.safeParse({ ...ok, extra: 1 }).success, 'unknown members are tolerated');
  assert.ok(!SubmissionReceipt.safeParse({ ...ok, status: 'lost' }).success);
  assert.ok(!SubmissionReceipt.safeParse({ ...ok, quote: { ...ok.quote, total: 1.5 } }).success, 'money is integer minor units');
  assert.ok(!SubmissionReceipt.safeParse({ ...ok, receivedAt: 'yesterday' }).success);
  assert.ok(!SubmissionReceipt.safeParse({ ...ok, id: '../etc' }).success);
  assert.ok(!SpecificationStatus.safeParse(ok).success, 'a status needs updatedAt and product');
  assert.ok(!StatusUpdate.safeParse({ status: 'shipped', extra: true }).success);
  assert.equal(Problem.parse({ status: 500 }).type, 'about:blank');
  assert.ok(!Problem.safeParse({ status: 200 }).success);
});

test('idempotency keys: UUIDs and 16–128 URL-safe characters', () => {
  assert.ok(IDEMPOTENCY_KEY_PATTERN.test('6f1c1d0e-3f0e-4a53-9c1b-7f3f3c2b9a10'));
  assert.ok(IDEMPOTENCY_KEY_PATTERN.test('a'.repeat(128)));
  assert.ok(!IDEMPOTENCY_KEY_PATTERN.test('a'.repeat(15)));
  assert.ok(!IDEMPOTENCY_KEY_PATTERN.test('a'.repeat(129)));
  assert.ok(!IDEMPOTENCY_KEY_PATTERN.test('key with spaces!!'));
});

test('toJsonPointer escapes ~ and /', () => {
  assert.equal(toJsonPointer(['selections', 'a/b~c', 0]), '/selections/a~1b~0c/0');
  assert.equal(toJsonPointer([]), '');
});

test('the zod schemas and openapi.yaml name the same members, required alike (no drift)', () => {
  const pairs: Array<[string, z.ZodMiniObject]> = [
    ['SubmissionReceipt', SubmissionReceipt],
    ['SpecificationStatus', SpecificationStatus],
    ['SpecificationList', SpecificationList],
    ['StatusUpdate', StatusUpdate],
    ['FieldError', FieldError],
    ['Quote', WireQuote],
    ['QuoteLine', WireQuoteLine],
    ['Problem', Problem],
  ];
  for (const [name, schema] of pairs) {
    const api = doc.components.schemas[name]!;
    const keys = Object.keys(schema.shape).sort();
    assert.deepEqual(keys, Object.keys(api.properties ?? {}).sort(), `${name}: members`);
    // Problem's type and title have defaults so that a sloppy server's error still reads as one.
    if (name === 'Problem') continue;
    const required = keys.filter((k) => !z.safeParse(schema.shape[k]!, undefined).success);
    assert.deepEqual(required, [...(api.required ?? [])].sort(), `${name}: required members`);
  }
});

test('describeIssue says in one line what a checked body got wrong (zod/mini has no message catalog)', () => {
  const ok = { id: 's1', status: 'received', receivedAt: '2026-11-25T10:00:00Z', quote: { currency: 'EUR', lines: [], total: 100 } };
  const first = (schema: z.ZodMiniType, value: unknown) => {
    const r = z.safeParse(schema, value);
    assert.equal(r.success, false);
    return describeIssue(r.error?.issues[0]);
  };
  assert.equal(first(SubmissionReceipt, { ...ok, quote: { ...ok.quote, total: 1.5 } }), 'quote.total: expected an integer');
  assert.equal(first(SubmissionReceipt, { ...ok, quote: { ...ok.quote, total: '100' } }), 'quote.total: expected number');
  assert.equal(first(StatusUpdate, { status: 'lost' }), 'status: expected one of "received", "accepted", "in_production", "shipped", "rejected"');
  assert.equal(first(StatusUpdate, { status: 'shipped', extra: true }), 'body: unknown member "extra"');
  assert.equal(first(StatusUpdate, { status: 'shipped', note: 'x'.repeat(2001) }), 'note: at most 2000 characters');
  assert.equal(first(SubmissionReceipt, { ...ok, receivedAt: 'yesterday' }), 'receivedAt: not a valid datetime');
  assert.equal(first(Problem, { status: 200 }), 'status: at least 400');
  assert.equal(describeIssue(undefined), 'body: invalid');
});
