import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseJson, utf8ByteLength } from './json.js';
import { parseProduct } from './parse.js';
import { LIMITS } from '../limits.js';

function fail(text: string) {
  const r = parseJson(text);
  assert.equal(r.ok, false, `expected ${JSON.stringify(text)} to fail`);
  return r.ok ? undefined! : r.issue;
}

test('agrees with JSON.parse on random JSON', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 2 }), (value, indent) => {
      const text = JSON.stringify(value, null, indent);
      const r = parseJson(text);
      assert.ok(r.ok);
      assert.deepEqual(r.value, JSON.parse(text));
    }),
    { numRuns: 500 },
  );
});

test('rejects what JSON.parse rejects', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (text) => {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const r = parseJson(text);
      // JSON.parse keeps the last of duplicate keys; we refuse them, so only "valid → ok" may differ there.
      if (!valid) assert.equal(r.ok, false, text);
      if (!r.ok) assert.equal(r.issue.code, 'syntax');
    }),
    { numRuns: 2000 },
  );
});

test('syntax errors name the problem and its line and column', () => {
  const cases: Array<[string, string, number, number]> = [
    ['', 'the file is empty', 1, 1],
    ['{\n  "a": 1,\n}', "unexpected '}'; expected a key in double quotes", 3, 1],
    ['[1, 2', "the file ends too early; expected ',' or ']'", 1, 6],
    ['{"a": 1, "a": 2}', "key 'a' appears twice in the same object", 1, 10],
    ['{\n  "name": "abc\n}', 'raw control character (U+000A)', 2, 15],
    ['[01]', "invalid number '01'", 1, 2],
    ['{"a" 1}', "expected ':' after the key \"a\"", 1, 6],
    ['NaN', "unexpected 'N'", 1, 1],
    ['[1] x', "unexpected 'x' after the end of the file", 1, 5],
    ['"\\x"', "invalid escape sequence '\\x'", 1, 2],
    ["{'a': 1}", "unexpected '''; expected a key in double quotes", 1, 2],
    ['{"名前": 1 2}', "unexpected '2'; expected ',' or '}'", 1, 10],
  ];
  for (const [text, message, line, column] of cases) {
    const issue = fail(text);
    assert.equal(issue.code, 'syntax');
    assert.ok(issue.message.includes(message), `${JSON.stringify(text)}: ${issue.message}`);
    assert.deepEqual(issue.source, { line, column }, `${JSON.stringify(text)}: ${issue.message}`);
  }
});

test('records the position of keys and values by path', () => {
  const text = '{\n  "a": [1, {"b": true}],\n  "c": "x"\n}';
  const r = parseJson(text);
  assert.ok(r.ok);
  assert.deepEqual(r.sourceMap.position(['a', 1, 'b']), { line: 2, column: 18 });
  assert.deepEqual(r.sourceMap.position(['a', 1, 'b'], true), { line: 2, column: 13 });
  assert.deepEqual(r.sourceMap.position(['c']), { line: 3, column: 8 });
  assert.deepEqual(r.sourceMap.position(['a', 1, 'missing']), { line: 2, column: 12 });
  assert.deepEqual(r.sourceMap.position([]), { line: 1, column: 1 });
});

test('a 50 MB string is a limit issue, refused without parsing', () => {
  const text = `{"x": "${'a'.repeat(50 * 1024 * 1024)}"}`;
  const r = parseProduct(text);
  assert.equal(r.ok, false);
  assert.equal(r.issues.length, 1);
  assert.equal(r.issues[0]!.code, 'limit');
  assert.ok(r.issues[0]!.message.includes(`at most ${LIMITS.maxFileBytes} bytes`));
});

test('size is counted in UTF-8 bytes', () => {
  assert.equal(utf8ByteLength('aé中😀'), 1 + 2 + 3 + 4);
  const cjk = '中'.repeat(Math.floor(LIMITS.maxFileBytes / 3) + 10);
  assert.equal(fail(`"${cjk}"`).code, 'limit');
});

test('100,000-deep nesting is a limit issue, not a stack overflow', () => {
  for (const text of ['['.repeat(100_000), '{"a":'.repeat(100_000), `${'['.repeat(100_000)}${']'.repeat(100_000)}`]) {
    const issue = fail(text);
    assert.equal(issue.code, 'limit');
    assert.deepEqual(issue.source, { line: 1, column: text[0] === '[' ? LIMITS.maxDepth + 1 : LIMITS.maxDepth * 5 + 1 });
  }
  const ok = parseJson('['.repeat(LIMITS.maxDepth) + ']'.repeat(LIMITS.maxDepth));
  assert.equal(ok.ok, true);
});

test('__proto__ is an own key and pollutes nothing', () => {
  const r = parseJson('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
  assert.ok(r.ok);
  const value = r.value as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.deepEqual(Object.keys(value), ['__proto__', 'constructor']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  const p = parseProduct('{"__proto__": {"polluted": true}}');
  assert.equal(p.ok, false);
  assert.ok(p.issues.some((i) => i.code === 'unknown-key' && i.path[0] === '__proto__'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('a byte-order mark and CRLF line ends are accepted', () => {
  const r = parseJson('\uFEFF{\r\n  "a": 1\r\n}');
  assert.ok(r.ok);
  assert.deepEqual(r.sourceMap.position(['a']), { line: 2, column: 8 });
});
