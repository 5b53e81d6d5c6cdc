import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parseProduct } from './yaml.js';
import { LIMITS } from './limits.js';

const yaml = `schemaVersion: 1
product:
  id: desk
  version: "1"
  name: {en: Desk, zh-CN: 书桌}
  currency: CNY
options:
  - id: wood
    type: choice
    label: Wood
    default: oak
    values:
      - {id: oak, label: Oak}
      - id: walnut
        label: Walnut
constraints:
  - id: walnut-width
    type: rule
    message: Walnut only
    assert: {option: wood, is: walnut}
`;

test('a YAML product file parses and checks', () => {
  const r = parseProduct(yaml);
  assert.equal(r.ok, true, JSON.stringify(r.issues));
  assert.equal(r.ok && r.file.options[0]!.id, 'wood');
});

test('issues found in YAML point at the line and column of the value or key', () => {
  const r = parseProduct(yaml.replace('        label: Walnut', '        label: Walnut\n        colr: 1'));
  assert.equal(r.ok, false);
  const unknown = r.issues.find((i) => i.code === 'unknown-key');
  assert.deepEqual(unknown?.source, { line: 16, column: 9 });
  const r2 = parseProduct(yaml.replace('is: walnut', 'is: teak'));
  const ref = r2.issues.find((i) => i.code === 'unknown-reference');
  assert.deepEqual(ref?.path, ['constraints', 0, 'assert', 'is']);
  assert.deepEqual(ref?.source, { line: 20, column: 32 });
});

test('YAML syntax errors and duplicate keys are syntax issues with positions', () => {
  const dup = parseProduct('a: 1\nb: 2\na: 3\n');
  assert.equal(dup.issues[0]?.code, 'syntax');
  assert.ok(dup.issues[0]!.message.includes("key 'a' appears twice"));
  assert.deepEqual(dup.issues[0]?.source, { line: 3, column: 1 });
  const bad = parseProduct('a: [1, 2\nb: 3\n');
  assert.equal(bad.issues[0]?.code, 'syntax');
  assert.ok(bad.issues[0]?.source);
});

test('format: auto picks JSON for "{", YAML otherwise; explicit formats are honoured', () => {
  const json = JSON.stringify({ schemaVersion: 1 });
  assert.ok(parseProduct(`  \n${json}`).issues.every((i) => i.code !== 'syntax'));
  assert.equal(parseProduct('{"a": 1, "a": 2}').issues[0]?.message.includes('appears twice'), true);
  assert.equal(parseProduct('schemaVersion: 1', { format: 'json' }).issues[0]?.code, 'syntax');
  assert.ok(parseProduct(json, { format: 'yaml' }).issues.every((i) => i.code !== 'syntax'));
});

test('billion laughs is refused (a limit, never a hang)', () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const r = parseProduct(lines.join('\n'));
  assert.equal(r.ok, false);
  assert.ok(['limit', 'syntax'].includes(r.issues[0]!.code));
  assert.ok(r.issues[0]!.message.includes('alias'));
});

test('deep nesting in YAML is a limit issue, never a stack overflow', () => {
  const cases = [
    '['.repeat(100_000),
    `${'- '.repeat(100_000)}x`,
    `a:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} 1`,
  ];
  for (const text of cases) {
      const r = parseProduct(text, { format: 'yaml' });
    assert.equal(r.ok, false);
    assert.equal(r.issues.length, 1);
    assert.equal(r.issues[0]!.code, 'limit', r.issues[0]!.message);
    assert.ok(r.issues[0]!.message.includes(String(LIMITS.maxDepth)));
    }
});

test('explicit "? " keys are refused before they can cost seconds', () => {
  const r = parseProduct(`${'? '.repeat(1000)}x`, { format: 'yaml' });
  assert.equal(r.issues[0]?.code, 'syntax');
  assert.ok(r.issues[0]?.message.includes('explicit keys'));
});

test('__proto__ in YAML pollutes nothing', () => {
  const r = parseProduct('__proto__: {polluted: true}\nschemaVersion: 1\n');
  assert.equal(r.ok, false);
  assert.ok(r.issues.some((i) => i.code === 'unknown-key' && i.path[0] === '__proto__'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('a 50 MB YAML text is refused before parsing', () => {
  const r = parseProduct(`a: "${'x'.repeat(50 * 1024 * 1024)}"`);
  assert.equal(r.issues[0]?.code, 'limit');
});

test('the example product files are valid', () => {
  const dir = new URL('../examples/', import.meta.url);
  const files = readdirSync(dir).filter((f) => /\.(json|ya?ml)$/.test(f));
  assert.ok(files.length > 0);
  for (const f of files) {
    const r = parseProduct(readFileSync(new URL(f, dir), 'utf8'));
    assert.ok(r.ok, `${f}: ${JSON.stringify(r.issues.slice(0, 3))}`);
  }
});

test('unknown YAML tags are reported as warnings with a position', () => {
  const r = parseProduct(yaml.replace('currency: CNY', 'currency: !!js/function CNY'));
  assert.equal(r.ok, true);
  assert.equal(r.issues[0]?.code, 'syntax');
  assert.equal(r.issues[0]?.severity, 'warning');
  assert.equal(r.issues[0]?.source?.line, 6);
});

test('a second YAML section is refused with a clear message', () => {
  const r = parseProduct(`${yaml}---\nschemaVersion: 1\n`);
  assert.equal(r.ok, false);
  assert.ok(r.issues[0]!.message.includes('one YAML section only'), r.issues[0]!.message);
  assert.equal(r.issues[0]!.source?.line, 21);
});
