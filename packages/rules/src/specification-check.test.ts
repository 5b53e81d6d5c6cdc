// What a backend's re-validation says about quote lines (matched by id, labels its own) and about
// text that no database can store (U+0000, unpaired surrogates), in specifications and product files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProduct } from './engine/compile.js';
import { buildSpecification } from './specification.js';
import { validateSpecification } from './specification-check.js';
import { checkProductFile } from './validate/check.js';
import { findUnstorableCharacter } from './validate/text-safety.js';
import { issueMessage } from './issues/translate.js';
import { table } from './testing/oak-table.js';
import type { SpecificationIssue } from './types.js';

const compiled = compileProduct(table);
if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
const product = compiled.product;
const now = new Date('2026-11-25T10:00:00Z');

/** A valid specification as a backend receives it (plain JSON), with the engraving's price line. */
function wire(): Record<string, any> {
  const selections = { wood: 'walnut', width: 1600, depth: 800.5, express: true, engraving: 'For Anna' };
  return JSON.parse(JSON.stringify(buildSpecification(product, { selections, origins: {}, locale: 'en', now })));
}

function refused(spec: unknown): SpecificationIssue[] {
  const r = validateSpecification(product, spec);
  assert.equal(r.ok, false, 'the specification should be refused');
  return r.ok ? [] : r.issues;
}

const brief = (issues: SpecificationIssue[]) => issues.map((i) => `${i.code} ${i.path.join('.')}: ${i.message}`);

test('one missing quote line is one issue that names it, not one per line after it', () => {
  const spec = wire();
  const at = spec.quote.lines.findIndex((l: { id: string }) => l.id === 'engraving');
  assert.ok(at >= 0 && at < spec.quote.lines.length - 1, 'the engraving line is not the last one');
  const [removed] = spec.quote.lines.splice(at, 1);
  spec.quote.total -= removed.amount;
  assert.deepEqual(brief(refused(spec)), [
    `quote-mismatch quote.lines: line 'engraving' (${removed.amount}) is missing`,
    `quote-mismatch quote.total: the total is ${spec.quote.total + removed.amount}, not ${spec.quote.total}`,
  ]);
});

test('quote lines: order and labels are not compared; a missing field is "absent"; a repeated line is named', () => {
  const reordered = wire();
  reordered.quote.lines.reverse();
  reordered.quote.lines[0].label = 'a label of the shop’s own';
  const r = validateSpecification(product, reordered);
  assert.ok(r.ok, JSON.stringify(r.ok ? null : r.issues));
  // The validated specification carries the backend's own quote: its labels, its order.
  assert.deepEqual(r.specification.quote, wire().quote);

  const noOption = wire();
  const line = noOption.quote.lines.find((l: { kind: string }) => l.kind === 'option');
  delete line.option;
  const i = noOption.quote.lines.indexOf(line);
  assert.deepEqual(brief(refused(noOption)), [
    `quote-mismatch quote.lines.${i}.option: line '${line.id}': option should be "${line.id}", not absent`,
  ]);

  const twice = wire();
  twice.quote.lines.push({ ...twice.quote.lines[0] });
  const n = twice.quote.lines.length - 1;
  assert.deepEqual(brief(refused(twice)), [`quote-mismatch quote.lines.${n}: line 'base' is listed twice (first at 0)`]);
});

test('an option and a pricing line may share an id: lines are told apart by kind', () => {
  const file = structuredClone(table) as any;
  file.pricing.lines.push({ id: 'engraving', label: 'Engraving setup', amount: 700, if: { option: 'engraving', set: true } });
  const c = compileProduct(file);
  assert.ok(c.ok, JSON.stringify(c.ok ? null : c.issues));
  const selections = { wood: 'walnut', width: 1600, depth: 800.5, express: true, engraving: 'For Anna' };
  const spec = JSON.parse(JSON.stringify(buildSpecification(c.product, { selections, origins: {}, locale: 'en', now })));
  assert.equal(spec.quote.lines.filter((l: { id: string }) => l.id === 'engraving').length, 2);
  assert.ok(validateSpecification(c.product, spec).ok);
});

test('U+0000 and unpaired surrogates anywhere in a specification are refused with their path', () => {
  const cases: Array<[string, (s: Record<string, any>) => void, string]> = [
    ['NUL in a text option', (s) => (s.selections.engraving = 'For\u0000Anna'), 'invalid-value selections.engraving: character 4 is U+0000 (NUL), which no database can store'],
    ['lone high surrogate in a text option', (s) => (s.selections.engraving = 'Zo\ud83d'), 'invalid-value selections.engraving: character 3 is an unpaired surrogate (U+D83D), which is not valid Unicode text'],
    ['lone low surrogate in a file name', (s) => (s.selections.logo = { name: '\udc00.png', type: 'image/png', bytes: 5 }), 'invalid-value selections.logo.name: character 1 is an unpaired surrogate (U+DC00), which is not valid Unicode text'],
    ['NUL in a snapshot URL', (s) => (s.snapshot = { type: 'image/png', url: 'https://cdn.example/a\u0000.png' }), 'schema snapshot.url: character 22 is U+0000 (NUL), which no database can store'],
    ['NUL in a quote label', (s) => (s.quote.lines[0].label = '\u0000'), 'schema quote.lines.0.label: character 1 is U+0000 (NUL), which no database can store'],
    ['NUL in a key', (s) => (s.derived['a\u0000'] = 1), 'schema derived.a\u0000: the key "a\\u0000": character 2 is U+0000 (NUL), which no database can store'],
  ];
  for (const [name, change, expected] of cases) {
    const spec = wire();
    change(spec);
    assert.deepEqual(brief(refused(spec)), [expected], name);
  }
  // A surrogate pair is one character, and fine.
  const emoji = wire();
  emoji.selections.engraving = 'Zoë 🎉';
  const r = validateSpecification(product, emoji);
  assert.ok(r.ok || !r.issues.some((i) => /surrogate/.test(i.message)));
});

test('findUnstorableCharacter counts characters, not UTF-16 units', () => {
  assert.equal(findUnstorableCharacter('plain text, 中文, 🎉'), undefined);
  assert.deepEqual(findUnstorableCharacter('🎉🎉\u0000'), { kind: 'nul-character', position: 3, codePoint: 'U+0000' });
  assert.deepEqual(findUnstorableCharacter('🎉\udfff'), { kind: 'lone-surrogate', position: 2, codePoint: 'U+DFFF' });
  assert.deepEqual(findUnstorableCharacter('\ud800\ud800\udc00'), { kind: 'lone-surrogate', position: 1, codePoint: 'U+D800' });
});

test('product files: a label, message or key with U+0000 or an unpaired surrogate is an error at its path, in any language', () => {
  const file = structuredClone(table) as any;
  file.options[0].label = { en: 'Wood\u0000', 'zh-CN': '木材' };
  file.constraints[0].message = 'Pine \ud800 tops';
  const r = checkProductFile(file);
  assert.equal(r.ok, false);
  const issues = r.issues.filter((i) => i.params?.kind === 'nul-character' || i.params?.kind === 'lone-surrogate');
  assert.deepEqual(
    issues.map((i) => [i.code, i.path.join('.'), i.message]),
    [
      ['invalid-value', 'options.0.label.en', "option 'wood': character 5 is U+0000 (NUL), which no database can store; remove it"],
      [
        'invalid-value',
        'constraints.0.message',
        `constraint '${file.constraints[0].id}': character 6 is an unpaired surrogate (U+D800), which is not valid Unicode text; remove it or complete the pair`,
      ],
    ],
  );
  assert.match(issueMessage(issues[0]!, 'zh-CN'), /第 5 个字符是 U\+0000/);
  assert.ok(compileProduct(file).ok === false, 'such a file does not compile');
});
