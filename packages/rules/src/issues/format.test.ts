import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeFrame, formatIssues } from './format.js';
import { issueMessage } from './translate.js';
import { messagesEn } from './messages.en.js';
import { messagesZhCN } from './messages.zh-CN.js';
import { formatPath } from './issue.js';
import { parseProduct } from '../parse/parse.js';
import { validProduct } from '../validate/fixture.test-helpers.js';
import type { ProductIssue } from '../types.js';

function brokenText(): { text: string; issues: ProductIssue[] } {
  const file = validProduct();
  ((file.constraints[0] as Record<string, unknown>).if as Record<string, unknown>).is = 'teak';
  const text = JSON.stringify(file, null, 2);
  return { text, issues: parseProduct(text).issues };
}

test('file:line:col, severity, message, code, a code frame with a caret, and the path', () => {
  const { text, issues } = brokenText();
  const out = formatIssues(issues, { text, fileName: 'desk.json' });
  const [issue] = issues;
  const { line, column } = issue!.source!;
  const lines = out.split('\n');
  assert.equal(
    lines[0],
    `desk.json:${line}:${column}  error  constraint 'walnut-width': value 'teak' is not a value of option 'wood' (values: oak, walnut)  [unknown-reference]`,
  );
  const frameLine = lines.find((l) => l.startsWith('  >'))!;
  assert.ok(frameLine.includes('"is": "teak"'));
  const caretLine = lines[lines.indexOf(frameLine) + 1]!;
  // The caret sits under the first character of the value.
  const textStart = frameLine.indexOf('|') + 2;
  assert.equal(frameLine[textStart + column - 1], '"');
  assert.equal(caretLine.indexOf('^'), textStart + column - 1);
  // Two lines of context above and below.
  assert.equal(lines.filter((l) => /^\s+[> ]\s+\d+ \|/.test(l)).length, 5);
  assert.ok(out.includes('  → at constraints[0].if.is'));
  assert.ok(out.trimEnd().endsWith('1 error, 0 warnings'));
  assert.ok(!out.includes('\x1b['));
});

test('colours only when asked', () => {
  const { text, issues } = brokenText();
  assert.ok(formatIssues(issues, { text, color: true }).includes('\x1b[31merror\x1b[0m'));
});

test('without text or source: no frame, still the path', () => {
  const out = formatIssues([{ code: 'required', severity: 'error', path: ['product', 'currency'], message: "missing required key 'currency'" }]);
  assert.equal(out, "error  missing required key 'currency'  [required]\n  → at product.currency\n\n1 error, 0 warnings\n");
});

test('messages in Chinese from the same params', () => {
  const { issues } = brokenText();
  assert.equal(issueMessage(issues[0]!, 'zh-CN'), "约束 'walnut-width'：值 'teak' 不是选项 'wood' 的值（可选值：oak, walnut）");
  assert.equal(issueMessage(issues[0]!, 'zh'), issueMessage(issues[0]!, 'zh-CN'));
  assert.equal(issueMessage(issues[0]!, 'fr'), issues[0]!.message);
  const { text } = brokenText();
  assert.ok(formatIssues(issues, { text, locale: 'zh-CN' }).includes('不是选项'));
});

test('both catalogs have the same templates and placeholders', () => {
  const en = messagesEn.templates as Record<string, string>;
  const zh = messagesZhCN.templates as Record<string, string>;
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  const names = (t: string) => [...t.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]).sort();
  for (const key of Object.keys(en)) {
    // JSON examples in a template ({"option": …}) are not placeholders.
    assert.deepEqual(names(zh[key]!), names(en[key]!), key);
  }
});

test('long lines are cut around the column', () => {
  const line = `${'x'.repeat(5000)}BAD${'y'.repeat(5000)}`;
  const out = formatIssues([{ code: 'syntax', severity: 'error', path: [], message: 'bad', source: { line: 1, column: 5001 } }], { text: line });
  const frame = out.split('\n').find((l) => l.startsWith('  >'))!;
  assert.ok(frame.length < 200);
  assert.ok(frame.includes('BAD'));
  const caret = out.split('\n')[out.split('\n').indexOf(frame) + 1]!;
  assert.equal(frame[caret.indexOf('^')], 'B');
});

test('paths are written the way a manufacturer reads them', () => {
  assert.equal(formatPath(['options', 3, 'values', 0]), 'options[3].values[0]');
  assert.equal(formatPath(['product', 'name', 'zh-CN']), 'product.name["zh-CN"]');
  assert.equal(formatPath([]), '(root)');
});

test('type names are translated too', () => {
  const file = validProduct();
  (file.options[1] as Record<string, unknown>).min = '800';
  const issue = parseProduct(JSON.stringify(file)).issues[0]!;
  assert.equal(issue.message, 'option \'width\': expected a number, got the string "800"');
  assert.equal(issueMessage(issue, 'zh-CN'), '选项 \'width\'：应为数字，实际为字符串 "800"');
});

test('codeFrame works on any text: the caret under the column, long lines cut around it, wide characters, tones', () => {
  const text = 'first\nsecond line\nthird';
  assert.equal(codeFrame(text, 2, 8, { context: 1 }), ['    1 | first', '  > 2 | second line', '      |        ^', '    3 | third'].join('\n'));
  // A minified file: the visible slice follows the column, and the caret stays under the character.
  const long = `${'x'.repeat(2000)}TARGET${'y'.repeat(2000)}`;
  const [shown, caret] = codeFrame(long, 1, 2001, { context: 0 }).split('\n');
  assert.ok(shown!.length < 200, 'cut to a slice around the column');
  assert.equal(shown!.indexOf('TARGET'), caret!.indexOf('^'));
  // CJK characters take two terminal columns: the caret moves by two for each.
  const [cjk, under] = codeFrame('名称: 错误', 1, 5, { context: 0 }).split('\n');
  assert.equal(under!.indexOf('^') - cjk!.indexOf('名'), 6);
  assert.match(codeFrame(text, 2, 1, { color: true, tone: 'yellow' }), /\x1b\[33m>/);
  assert.doesNotMatch(codeFrame(text, 2, 1), /\x1b/);
});
