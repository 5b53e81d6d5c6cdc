import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CompiledProduct } from './api.js';
import { compileProduct } from './engine/compile.js';
import { createSession } from './engine/create-session.js';
import { computeDerived, computeLeadTime, computeQuote } from './pricing-text.js';
import { buildSpecification, IncompleteConfigurationError } from './specification.js';
import { MAX_SNAPSHOT_BASE64, SpecificationSchema, validateSpecification } from './specification-check.js';
import { table } from './testing/oak-table.js';
import { jsonMutations, mutated } from './testing/json-mutations.js';
import { LIMITS } from './limits.js';
import type { Specification, SpecificationIssue } from './types.js';

// Deterministic runs (CI reruns must agree); set FC_SEED to explore other cases locally.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261125) });

function compile(input: unknown): CompiledProduct {
  const r = compileProduct(input);
  if (!r.ok) assert.fail(JSON.stringify(r.issues));
  return r.product;
}

const product = compile(table);
const now = new Date('2026-11-25T10:00:00Z');
const selections = { wood: 'walnut', width: 1600, depth: 800.5, express: true, engraving: 'For Anna' };

function valid(): Specification {
  return buildSpecification(product, { selections, origins: { wood: 'user' }, locale: 'en', now });
}

/** A specification as it arrives at a backend: plain JSON. */
function wire(spec: Specification): Record<string, any> {
  return JSON.parse(JSON.stringify(spec));
}

function issuesOf(spec: unknown): SpecificationIssue[] {
  const r = validateSpecification(product, spec);
  assert.equal(r.ok, false, 'the specification should be refused');
  return r.ok ? [] : r.issues;
}

function brief(issues: SpecificationIssue[]): string[] {
  return issues.map((i) => `${i.code} ${i.path.join('.')}${i.constraint ? ` ${i.constraint}` : ''}`);
}

test('a built specification has every option, the digest, the quote and validates after a JSON round trip', () => {
  const spec = valid();
  assert.deepEqual(spec.product, { id: 'oak-table', version: '2026.11.1', digest: product.digest });
  assert.match(spec.product.digest, /^sha256:[0-9a-f]{64}$/);
  assert.deepEqual(spec.selections, { ...selections, logo: null });
  assert.deepEqual(spec.origins, { wood: 'user', width: 'user', depth: 'user', express: 'user', engraving: 'user', logo: 'default' });
  assert.equal(spec.createdAt, '2026-11-25T10:00:00.000Z');
  assert.equal(spec.quote.total, 100000 + 20000 + 8000 + 5000 + 129 * 35 + 15000 - 400 + 1001);
  assert.equal(spec.leadTime.days, 14 + 5 - 7 + 1);
  assert.deepEqual(spec.derived, { area: 1.2808, third: 266.833333 });
  const r = validateSpecification(product, wire(spec));
  assert.ok(r.ok, JSON.stringify(r.ok ? null : r.issues));
  assert.deepEqual(r.specification, spec);
});

test('the session\'s toSpecification validates, in any locale, with a snapshot', () => {
  const session = createSession(product, { locale: 'zh-CN' });
  for (const [option, value] of Object.entries({ wood: 'oak', width: 1200, depth: 700, express: false })) {
    assert.deepEqual(session.select(option, value), { ok: true });
  }
  const snapshot = { type: 'image/png' as const, data: Buffer.from('not really a png').toString('base64') };
  const spec = session.toSpecification({ snapshot, now });
  assert.equal(spec.locale, 'zh-CN');
  assert.equal(spec.quote.lines[0]!.label, '基础价格');
  assert.deepEqual(spec.snapshot, snapshot);
  const r = validateSpecification(product, wire(spec));
  assert.ok(r.ok, JSON.stringify(r.ok ? null : r.issues));
});

test('buildSpecification refuses an incomplete or invalid configuration', () => {
  const missing = (): unknown => buildSpecification(product, { selections: { wood: 'oak' }, origins: {}, locale: 'en' });
  assert.throws(missing, (e: unknown) => {
    assert.ok(e instanceof IncompleteConfigurationError);
    assert.deepEqual(e.missing, ['width', 'depth', 'express']);
    assert.match(e.message, /'width', 'depth', 'express' need a value/);
    return true;
  });
  assert.throws(
    () => buildSpecification(product, { selections: { ...selections, wood: 'pine', width: 1700 }, origins: {}, locale: 'en' }),
    (e: unknown) => e instanceof IncompleteConfigurationError && /constraint 'pine-small'/.test(e.message),
  );
  assert.throws(
    () => buildSpecification(product, { selections: { ...selections, width: 1605 }, origins: {}, locale: 'en' }),
    (e: unknown) => e instanceof IncompleteConfigurationError && e.violated.length === 1 && e.violated[0]!.startsWith('width: '),
  );
  const session = createSession(product);
  assert.throws(() => session.toSpecification(), IncompleteConfigurationError);
});

test('tampering: a changed price line, total, lead time or derived value is named by its path', () => {
  const line = wire(valid());
  line.quote.lines[1].amount = 0;
  assert.deepEqual(brief(issuesOf(line)), ['quote-mismatch quote.lines.1.amount']);

  const total = wire(valid());
  total.quote.total -= 1;
  assert.deepEqual(brief(issuesOf(total)), ['quote-mismatch quote.total']);

  // Labels are text for people, written by each side in its own words: not compared.
  const label = wire(valid());
  label.quote.lines[1].label = 'Wood: Oak';
  assert.ok(validateSpecification(product, label).ok);

  // Lines are matched by id: one missing line is one issue, whatever follows it.
  const dropped = wire(valid());
  const removed = dropped.quote.lines.splice(4, 1)[0];
  dropped.quote.total -= removed.amount;
  assert.deepEqual(brief(issuesOf(dropped)), ['quote-mismatch quote.lines', 'quote-mismatch quote.total']);

  const extra = wire(valid());
  extra.quote.lines.push({ id: 'gift', kind: 'line', label: 'Gift', amount: -100000 });
  extra.quote.total -= 100000;
  assert.deepEqual(brief(issuesOf(extra)), ['quote-mismatch quote.lines.8', 'quote-mismatch quote.total']);

  const currency = wire(valid());
  currency.quote.currency = 'EUR';
  assert.deepEqual(brief(issuesOf(currency)), ['quote-mismatch quote.currency']);

  const days = wire(valid());
  days.leadTime.days = 3;
  days.leadTime.lines[0].amount = 5;
  assert.deepEqual(brief(issuesOf(days)), ['lead-time-mismatch leadTime.lines.0.amount', 'lead-time-mismatch leadTime.days']);

  const derived = wire(valid());
  derived.derived.area = 1.28;
  delete derived.derived.third;
  derived.derived.volume = 1;
  assert.deepEqual(brief(issuesOf(derived)), ['derived-mismatch derived.area', 'derived-mismatch derived.third', 'derived-mismatch derived.volume']);
});

test('tampering: digest, version and product id', () => {
  const digest = wire(valid());
  digest.product.digest = `sha256:${'0'.repeat(64)}`;
  assert.deepEqual(brief(issuesOf(digest)), ['digest-mismatch product.digest']);

  const version = wire(valid());
  version.product.version = '2026.10.1';
  assert.deepEqual(brief(issuesOf(version)), ['product-mismatch product.version']);

  const id = wire(valid());
  id.product.id = 'pine-table';
  assert.deepEqual(brief(issuesOf(id)), ['product-mismatch product.id']);

  // Another version of the file has another digest, even when only a price changed.
  const repriced = compile({ ...table, pricing: { ...table.pricing, base: 99000 } });
  assert.notEqual(repriced.digest, product.digest);
  const r = validateSpecification(repriced, wire(valid()));
  assert.equal(r.ok, false);
  assert.ok(!r.ok && brief(r.issues).includes('digest-mismatch product.digest'));
  assert.ok(!r.ok && brief(r.issues).includes('quote-mismatch quote.lines.0.amount'));
});

test('tampering: an invalid combination, an unknown option, a missing option, an invalid value', () => {
  // Pine at 1700 mm, with a quote that matches: only the rule is broken.
  const values = { ...selections, wood: 'pine', width: 1700, logo: null };
  const combination = wire(valid());
  combination.selections = values;
  combination.quote = computeQuote(product.file, values, 'en');
  combination.leadTime = computeLeadTime(product.file, values, 'en');
  combination.derived = computeDerived(product.file, values);
  const issues = issuesOf(combination);
  assert.deepEqual(brief(issues), ['constraint selections pine-small']);
  assert.equal(issues[0]!.message, "constraint 'pine-small' is violated: Pine tops are at most 1590 mm wide.");

  const unknown = wire(valid());
  unknown.selections.colour = 'red';
  unknown.origins.colour = 'user';
  assert.deepEqual(brief(issuesOf(unknown)), ['unknown-option selections.colour', 'unknown-option origins.colour']);

  const missing = wire(valid());
  delete missing.selections.engraving;
  const m = brief(issuesOf(missing));
  assert.equal(m[0], 'missing-option selections.engraving');
  // Without the engraving its price line no longer applies: one issue for that line.
  assert.ok(m.includes('quote-mismatch quote.lines.3'));

  const emptyFile = wire(valid());
  delete emptyFile.selections.logo;
  assert.deepEqual(brief(issuesOf(emptyFile)), ['missing-option selections.logo']);

  const offStep = wire(valid());
  offStep.selections.depth = 800.25;
  const o = issuesOf(offStep);
  assert.equal(brief(o)[0], 'invalid-value selections.depth');
  assert.ok(o[0]!.message.length > 0);

  const types = wire(valid());
  types.selections.wood = true;
  types.selections.express = 'yes';
  types.selections.engraving = null;
  types.selections.logo = '';
  assert.deepEqual(
    brief(issuesOf(types)).filter((i) => i.startsWith('invalid')),
    ['invalid-value selections.wood', 'invalid-value selections.express', 'invalid-value selections.engraving', 'invalid-value selections.logo'],
  );

  const chars = wire(valid());
  chars.selections.engraving = 'x'.repeat(21);
  assert.equal(brief(issuesOf(chars))[0], 'invalid-value selections.engraving');
});

test('every problem is reported, not just the first', () => {
  const spec = wire(valid());
  spec.product.version = '0';
  spec.product.digest = `sha256:${'f'.repeat(64)}`;
  spec.selections.colour = 'red';
  spec.quote.total = 1;
  spec.leadTime.days = 1;
  spec.derived.area = 0;
  assert.deepEqual(brief(issuesOf(spec)), [
    'product-mismatch product.version',
    'digest-mismatch product.digest',
    'unknown-option selections.colour',
    'quote-mismatch quote.total',
    'lead-time-mismatch leadTime.days',
    'derived-mismatch derived.area',
  ]);
});

test('a required text left empty is a missing option', () => {
  const strict = compile({
    ...table,
    options: table.options.map((o) => (o.id === 'engraving' ? { ...o, required: true } : o)),
  });
  const spec = buildSpecification(strict, { selections, origins: {}, locale: 'en', now });
  const emptied = wire(spec);
  emptied.selections.engraving = '';
  emptied.quote = computeQuote(strict.file, emptied.selections, 'en');
  emptied.leadTime = computeLeadTime(strict.file, emptied.selections, 'en');
  const r = validateSpecification(strict, emptied);
  assert.ok(!r.ok);
  assert.deepEqual(brief(r.issues), ['missing-option selections.engraving']);
  assert.throws(
    () => buildSpecification(strict, { selections: { ...selections, engraving: '' }, origins: {}, locale: 'en' }),
    (e: unknown) => e instanceof IncompleteConfigurationError && e.missing.includes('engraving'),
  );
});

test('schema: strict shape, bounded sizes, https:/data: URLs only', () => {
  for (const bad of [null, 'spec', 42, [], {}]) assert.equal(issuesOf(bad)[0]!.code, 'schema');

  const extraKey = wire(valid());
  extraKey.discount = 100;
  assert.deepEqual(brief(issuesOf(extraKey)), ['schema ']);

  const float = wire(valid());
  float.quote.lines[0].amount = 999.5;
  assert.deepEqual(brief(issuesOf(float)), ['schema quote.lines.0.amount']);

  const date = wire(valid());
  date.createdAt = 'yesterday';
  assert.deepEqual(brief(issuesOf(date)), ['schema createdAt']);

  const locale = wire(valid());
  locale.locale = '<script>';
  assert.deepEqual(brief(issuesOf(locale)), ['schema locale']);

  for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'http://example.com/a.png', 'https://', 'data:text/html,<b>x</b>']) {
    const spec = wire(valid());
    spec.snapshot = { type: 'image/png', url };
    assert.deepEqual(brief(issuesOf(spec)), ['schema snapshot.url'], url);
  }
  const ok = wire(valid());
  ok.snapshot = { type: 'image/webp', url: 'https://cdn.example/snap.webp' };
  assert.ok(validateSpecification(product, ok).ok);
  ok.snapshot = { type: 'image/png', url: 'data:image/png;base64,iVBORw0KGgo=' };
  assert.ok(validateSpecification(product, ok).ok);

  const noData = wire(valid());
  noData.snapshot = { type: 'image/png' };
  assert.deepEqual(brief(issuesOf(noData)), ['schema snapshot']);

  const notBase64 = wire(valid());
  notBase64.snapshot = { type: 'image/png', data: 'abc$' };
  assert.deepEqual(brief(issuesOf(notBase64)), ['schema snapshot.data']);

  const longText = wire(valid());
  longText.selections.engraving = 'x'.repeat(100_000);
  assert.deepEqual(brief(issuesOf(longText)), ['schema selections.engraving']);

  const fileRef = wire(valid());
  fileRef.selections.logo = { name: 'logo.png', type: 'image/png', bytes: 10, url: 'file:///etc/shadow' };
  assert.deepEqual(brief(issuesOf(fileRef)), ['schema selections.logo.url']);
});

test('a 4 MB snapshot is accepted and a larger one refused', () => {
  const big = wire(valid());
  big.snapshot = { type: 'image/jpeg', data: 'A'.repeat(MAX_SNAPSHOT_BASE64) };
  assert.ok(validateSpecification(product, big).ok);
  big.snapshot.data = 'A'.repeat(MAX_SNAPSHOT_BASE64 + 4);
  assert.deepEqual(brief(issuesOf(big)), ['schema snapshot.data']);
});

test('a __proto__ key in the JSON cannot smuggle a value past the checks', () => {
  const text = JSON.stringify(wire(valid())).replace('"selections":{', '"selections":{"__proto__":{"wood":"pine"},');
  const r = validateSpecification(product, JSON.parse(text));
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.issues.some((i) => i.path.includes('__proto__')), JSON.stringify(!r.ok && r.issues));
});

test('hostile values are refused precisely, without a crash', () => {
  for (const width of [1e308, -1e308, 1605.0000001, 0]) {
    const spec = wire(valid());
    spec.selections.width = width;
    const issues = issuesOf(spec);
    assert.equal(brief(issues)[0], 'invalid-value selections.width', String(width));
  }
  const astral = wire(valid());
  astral.selections.engraving = '😀'.repeat(LIMITS.maxTextLength);
  assert.equal(brief(issuesOf(astral))[0], 'invalid-value selections.engraving');
  const many = wire(valid());
  for (let i = 0; i < LIMITS.maxOptions + 1; i++) many.origins[`o${i}`] = 'user';
  assert.deepEqual(brief(issuesOf(many)), ['schema origins']);
});

test('SpecificationSchema parses what buildSpecification builds', () => {
  assert.ok(SpecificationSchema.safeParse(wire(valid())).success);
});

test('property: random sessions completed by autocomplete give specifications that validate', () => {
  const choice = fc.record(
    {
      wood: fc.constantFrom('oak', 'walnut', 'pine'),
      width: fc.integer({ min: 80, max: 200 }).map((n) => n * 10),
      depth: fc.integer({ min: 1200, max: 2000 }).map((n) => n / 2),
      express: fc.boolean(),
      engraving: fc.constantFrom('', 'A', 'Zoë'),
      logo: fc.constant({ name: 'a.png', type: 'image/png', bytes: 5 }),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(choice, fc.constantFrom('en', 'zh-CN'), (picks, locale) => {
      const session = createSession(product, { locale });
      for (const [option, value] of Object.entries(picks)) session.select(option, value);
      session.autocomplete();
      if (!session.isComplete()) return;
      const spec = session.toSpecification({ now });
      const r = validateSpecification(product, wire(spec));
      assert.ok(r.ok, JSON.stringify(r.ok ? null : r.issues));
      assert.deepEqual(spec.quote, session.quote());
    }),
    { numRuns: 150 },
  );
});

test('property: any mutation of a valid specification is refused with issues, or still valid; never a throw', () => {
  fc.assert(
    fc.property(jsonMutations(wire(valid())), (mutations) => {
      const spec = mutated(wire(valid()), mutations);
      const r = validateSpecification(product, spec);
      if (r.ok) {
        // Still valid: then it says the same thing as a specification the engine builds.
        assert.deepEqual(r.specification.quote, computeQuote(product.file, r.specification.selections, r.specification.locale));
        return;
      }
      assert.ok(r.issues.length > 0);
      for (const i of r.issues) {
        assert.equal(typeof i.code, 'string');
        assert.ok(Array.isArray(i.path));
        assert.ok(typeof i.message === 'string' && i.message.length > 0);
      }
    }),
    { numRuns: 2000 },
  );
});
