import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseJson } from './json.js';
import { parseJsonLean, parseProductLean } from './lean.js';
import { parseProduct } from './parse.js';
import { LIMITS } from '../limits.js';
import { validProduct } from '../validate/fixture.test-helpers.js';

/** The lean parser must accept exactly what the positioned parser accepts, with the same value. */
function assertSameAsParseJson(text: string): void {
  const lean = parseJsonLean(text);
  const full = parseJson(text);
  assert.equal(lean.ok, full.ok, `${JSON.stringify(text.slice(0, 80))}: lean ${lean.ok}, parseJson ${full.ok}`);
  if (lean.ok && full.ok) assert.deepEqual(lean.value, full.value);
  if (!lean.ok && !full.ok) assert.equal(lean.issue.code, full.issue.code);
}

test('lean JSON: the same values as parseJson on random JSON, with and without whitespace', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 2 }), (value, indent) => {
      assertSameAsParseJson(JSON.stringify(value, null, indent));
    }),
    { numRuns: 500 },
  );
});

test('lean JSON: refuses exactly what parseJson refuses, on random and on damaged texts', () => {
  const damaged = fc
    .tuple(fc.jsonValue({ maxDepth: 4 }), fc.nat(), fc.constantFrom('', '"', ':', ',', '{', '}', '\\', '\uFEFF', ' "a":1,'))
    .map(([value, at, insert]) => {
      const text = JSON.stringify(value);
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + (insert === '' ? 1 : 0));
    });
  fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 40 }), damaged), assertSameAsParseJson), { numRuns: 3000 });
});

test('lean JSON: a key written twice is refused, however it is spelt and wherever it is', () => {
  const twice = [
    '{"a": 1, "a": 2}',
    '{"a": 1, "\\u0061": 2}',
    '[{"x": {"b": [1, {"c": 1, "c": 1}]}}]',
    '{"__proto__": 1, "__proto__": 2}',
    '{"": 1, "": 2}',
  ];
  for (const text of twice) {
    const r = parseJsonLean(text);
    assert.equal(r.ok, false, text);
    assert.equal(!r.ok && r.issue.code, 'syntax');
    assert.equal(!r.ok && r.issue.params?.kind, 'duplicate-key');
    assertSameAsParseJson(text);
  }
  // Random objects with one of their keys written again, anywhere in the tree.
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 }), fc.jsonValue(), (obj, value) => {
      const key = Object.keys(obj)[0]!;
      const text = `{"outer": [${JSON.stringify(obj).slice(0, -1)}, ${JSON.stringify(key)}: ${JSON.stringify(value)}}]}`;
      assert.equal(parseJsonLean(text).ok, false, text);
      assertSameAsParseJson(text);
    }),
    { numRuns: 300 },
  );
});

test('lean JSON: quotes and colons inside strings are not keys; __proto__ stays an own key', () => {
  for (const text of [
    '{"a": "x\\": y", "b": "\\\\", "c": "\\\\\\":"}',
    '["a", ":", "\\":"]',
    '{"k\\"": {"k\\"": ":"}}',
    '\uFEFF{"bom": true}',
  ]) {
    assert.ok(parseJsonLean(text).ok, text);
    assertSameAsParseJson(text);
  }
  const r = parseJsonLean('{"__proto__": {"polluted": true}}');
  assert.ok(r.ok);
  assert.ok(r.ok && Object.hasOwn(r.value as object, '__proto__'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('lean JSON: size limit before parsing, syntax errors and hostile nesting are issues, never throws', () => {
  const big = `"${'x'.repeat(LIMITS.maxFileBytes)}"`;
  const tooBig = parseJsonLean(big);
  assert.equal(!tooBig.ok && tooBig.issue.code, 'limit');
  for (const text of ['', '{', '[1,]', 'NaN', '{"a" 1}', '[1] x']) {
    const r = parseJsonLean(text);
    assert.equal(!r.ok && r.issue.code, 'syntax', text);
  }
  // Deeper than the format allows: JSON.parse takes it, the checks refuse it (parseJson refuses it first).
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const lean = parseProductLean(deep);
  const full = parseProduct(deep);
  assert.equal(lean.ok, false);
  assert.equal(full.ok, false);
  assert.equal(lean.issues[0]?.code, 'limit');
});

test('parseProductLean: the verdict of parseProduct, with brief issues and no positions', () => {
  const good = JSON.stringify(validProduct(), null, 2);
  const lean = parseProductLean(good);
  const full = parseProduct(good);
  assert.ok(lean.ok && full.ok);
  assert.deepEqual(lean.ok && lean.file, full.ok && full.file);
  assert.deepEqual(lean.issues.map((i) => [i.code, i.path]), full.issues.map((i) => [i.code, i.path]));

  const broken = validProduct();
  (broken.options[0] as Record<string, unknown>).default = 'teak';
  const text = JSON.stringify(broken, null, 2);
  const brief = parseProductLean(text);
  assert.equal(brief.ok, false);
  assert.deepEqual(brief.issues.map((i) => [i.code, i.path, i.severity, i.source]), [['default-outside-domain', ['options', 0, 'default'], 'error', undefined]]);
  assert.equal(brief.issues[0]?.message, 'options[0].default: default-outside-domain (choice)');
  const worded = parseProduct(text);
  assert.equal(worded.ok, false);
  assert.match(worded.issues[0]!.message, /default 'teak' is not a value of this option/);
  assert.ok(worded.issues[0]!.source!.line > 1);
});
