import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import { checkProductFile } from './check.js';
import { checkProductFileLean } from './lean.js';
import { ProductFile } from '../schema/product-file.js';
import { parseProduct } from '../parse/parse.js';
import { validProduct } from './fixture.test-helpers.js';
import { valueAt } from '../issues/issue.js';
import type { IssueCode, ProductIssue } from '../types.js';

type Product = ReturnType<typeof validProduct>;
type Json = Record<string, unknown>;

interface Case {
  name: string;
  change: (f: Product) => void;
  code: IssueCode;
  path: Array<string | number>;
  /** Text the English message must contain. */
  message?: string;
  severity?: 'error' | 'warning';
}

const opt = (f: Product, i: number) => f.options[i] as Json;
const con = (f: Product, i: number) => f.constraints[i] as Json;

const cases: Case[] = [
  { name: 'unknown key with a suggestion', change: (f) => { (opt(f, 0).values as Json[])[1]!.prise = 1; }, code: 'unknown-key', path: ['options', 0, 'values', 1, 'prise'], message: "did you mean 'price'" },
  { name: 'unknown top-level key', change: (f) => { f.colour = 'red'; }, code: 'unknown-key', path: ['colour'] },
  { name: 'unknown key inside a condition', change: (f) => { (con(f, 0).if as Json).optoin = 'x'; }, code: 'unknown-key', path: ['constraints', 0, 'if', 'optoin'] },
  { name: 'a version written as a number (YAML version: 3)', change: (f) => { (f.product as Json).version = 3; }, code: 'type', path: ['product', 'version'], message: 'expected a string, got the number 3: write it in quotes so that it is read as text, e.g. version: "3"' },
  { name: 'missing required key', change: (f) => { delete (f.product as Json).currency; }, code: 'required', path: ['product', 'currency'], message: "missing required key 'currency'" },
  { name: 'missing option type', change: (f) => { delete opt(f, 1).type; }, code: 'required', path: ['options', 1, 'type'], message: 'one of: choice, number' },
  { name: 'condition without a test', change: (f) => { con(f, 0).if = { option: 'wood' }; }, code: 'required', path: ['constraints', 0, 'if'], message: "needs one of: is, isNot" },
  { name: 'line without amount or formula', change: (f) => { delete ((f.pricing as Json).lines as Json[])[1]!.amount; }, code: 'required', path: ['pricing', 'lines', 1], message: "'amount' or 'formula'" },
  { name: 'wrong type', change: (f) => { opt(f, 1).min = '800'; }, code: 'type', path: ['options', 1, 'min'], message: 'expected a number, got the string "800"' },
  { name: 'condition of the wrong type', change: (f) => { con(f, 2).assert = 'always'; }, code: 'type', path: ['constraints', 2, 'assert'], message: 'a condition must be true, false or an object' },
  { name: 'label of the wrong type', change: (f) => { opt(f, 0).label = 3; }, code: 'type', path: ['options', 0, 'label'], message: 'expected a string or an object' },
  { name: 'unknown option type', change: (f) => { opt(f, 1).type = 'slider'; }, code: 'invalid-value', path: ['options', 1, 'type'], message: "'slider' is not an option type" },
  { name: 'unknown constraint type', change: (f) => { con(f, 0).type = 'needs'; }, code: 'invalid-value', path: ['constraints', 0, 'type'], message: "'needs' is not a constraint type" },
  { name: 'bad id', change: (f) => { opt(f, 0).id = 'wood type'; }, code: 'invalid-value', path: ['options', 0, 'id'], message: "'wood type' is not a valid id" },
  { name: 'money with decimals', change: (f) => { (f.pricing as Json).base = 999.5; }, code: 'invalid-value', path: ['pricing', 'base'], message: 'minor units' },
  { name: 'too many decimals', change: (f) => { opt(f, 1).step = 0.0000001; }, code: 'invalid-value', path: ['options', 1, 'step'], message: 'more than 6 decimals' },
  { name: 'bad language tag', change: (f) => { (f.product as Json).name = { EN: 'Desk' }; }, code: 'invalid-value', path: ['product', 'name', 'EN'], message: "'EN' is not a language tag" },
  { name: 'two tests in one condition', change: (f) => { con(f, 0).if = { option: 'wood', is: 'oak', isNot: 'walnut' }; }, code: 'invalid-value', path: ['constraints', 0, 'if'], message: "exactly one test" },
  { name: 'empty values', change: (f) => { opt(f, 0).values = []; }, code: 'invalid-value', path: ['options', 0, 'values'], message: 'at least 1' },
  { name: 'schema version', change: (f) => { f.schemaVersion = 2; }, code: 'invalid-value', path: ['schemaVersion'], message: 'expected 1' },
  { name: 'cardinality beyond its conditions', change: (f) => { con(f, 6).min = 3; delete con(f, 6).max; }, code: 'invalid-value', path: ['constraints', 6, 'min'], message: 'more than the 2 conditions' },
  { name: 'amount and formula', change: (f) => { ((f.pricing as Json).lines as Json[])[1]!.formula = '1'; }, code: 'invalid-value', path: ['pricing', 'lines', 1, 'formula'], message: "both 'amount' and 'formula'" },
  { name: 'duplicate option id', change: (f) => { opt(f, 2).id = 'width'; }, code: 'duplicate-id', path: ['options', 2, 'id'], message: "option id 'width' is already used by options[1]" },
  { name: 'duplicate value id', change: (f) => { (opt(f, 0).values as Json[])[1]!.id = 'oak'; }, code: 'duplicate-id', path: ['options', 0, 'values', 1, 'id'] },
  { name: 'duplicate constraint id', change: (f) => { con(f, 1).id = 'walnut-width'; }, code: 'duplicate-id', path: ['constraints', 1, 'id'] },
  { name: 'duplicate pricing line id', change: (f) => { ((f.pricing as Json).lines as Json[])[1]!.id = 'area'; }, code: 'duplicate-id', path: ['pricing', 'lines', 1, 'id'] },
  { name: 'duplicate group id', change: (f) => { (f.groups as Json[]).push({ id: 'look', label: { en: 'L', 'zh-CN': 'L' } }); }, code: 'duplicate-id', path: ['groups', 1, 'id'] },
  { name: 'value that is not a value of the option', change: (f) => { (con(f, 0).if as Json).is = 'teak'; }, code: 'unknown-reference', path: ['constraints', 0, 'if', 'is'], message: "constraint 'walnut-width': value 'teak' is not a value of option 'wood' (values: oak, walnut)" },
  { name: 'unknown option with a suggestion', change: (f) => { (con(f, 0).then as Json).option = 'widht'; }, code: 'unknown-reference', path: ['constraints', 0, 'then', 'option'], message: "did you mean 'width'" },
  { name: 'unknown group', change: (f) => { opt(f, 1).group = 'size'; }, code: 'unknown-reference', path: ['options', 1, 'group'], message: "group 'size' does not exist (groups: look)" },
  { name: 'string for a boolean option', change: (f) => { ((con(f, 3).rows as unknown[][])[0]!)[1] = 'yes'; }, code: 'unknown-reference', path: ['constraints', 3, 'rows', 0, 1], message: 'use true or false' },
  { name: 'formula names an unknown option', change: (f) => { (f.derived as Json[])[0]!.formula = 'width * dpth'; }, code: 'unknown-reference', path: ['derived', 0, 'formula'], message: "did you mean 'depth'" },
  { name: 'scene binding value', change: (f) => { ((f.scene as Json).bindings as Json[])[0]!.value = 'teak'; }, code: 'unknown-reference', path: ['scene', 'bindings', 0, 'value'] },
  { name: 'camera option', change: (f) => { ((f.scene as Json).cameras as Json[])[0]!.option = 'nope'; }, code: 'unknown-reference', path: ['scene', 'cameras', 0, 'option'] },
  { name: 'set on a choice option', change: (f) => { con(f, 1).if = { option: 'wood', set: true }; }, code: 'wrong-option-type', path: ['constraints', 1, 'if', 'set'], message: "'set' applies to text and file options" },
  { name: 'range on a choice option', change: (f) => { con(f, 0).then = { option: 'wood', max: 3 }; }, code: 'wrong-option-type', path: ['constraints', 0, 'then', 'max'] },
  { name: 'table column of a number option', change: (f) => { con(f, 3).options = ['wood', 'width']; }, code: 'wrong-option-type', path: ['constraints', 3, 'options', 1] },
  { name: 'domain values on a number option', change: (f) => { con(f, 4).values = ['oak']; delete con(f, 4).min; delete con(f, 4).max; }, code: 'wrong-option-type', path: ['constraints', 4, 'values'] },
  { name: 'relation over a text option', change: (f) => { con(f, 5).relation = 'width >= engraving'; }, code: 'wrong-option-type', path: ['constraints', 5, 'relation'], message: 'relations may only name number options' },
  { name: 'translate by a choice option', change: (f) => { ((f.scene as Json).bindings as Json[]).push({ option: 'wood', value: 'oak', actions: [{ type: 'translate', node: 'leg', axis: 'x', factor: 0.0005, reference: 1200 }] }); }, code: 'wrong-option-type', path: ['scene', 'bindings', 2, 'actions', 0], message: "a 'translate' action needs a number option; option 'wood' is a choice option" },
  { name: 'text drawn from a number option', change: (f) => { ((f.scene as Json).bindings as Json[]).push({ option: 'width', actions: [{ type: 'text', node: 'top' }] }); }, code: 'wrong-option-type', path: ['scene', 'bindings', 2, 'actions', 0], message: "a 'text' action draws the shopper's text and needs a text option; option 'width' is a number option" },
  { name: 'decal from a number option', change: (f) => { ((f.scene as Json).bindings as Json[]).push({ option: 'width', actions: [{ type: 'decal', node: 'top' }] }); }, code: 'wrong-option-type', path: ['scene', 'bindings', 2, 'actions', 0], message: "a 'decal' action shows an uploaded image and needs a file option; option 'width' is a number option" },
  { name: 'translate along xyz', change: (f) => { ((f.scene as Json).bindings as Json[]).push({ option: 'width', actions: [{ type: 'translate', node: 'leg', axis: 'xyz', factor: 1, reference: 0 }] }); }, code: 'invalid-value', path: ['scene', 'bindings', 2, 'actions', 0, 'axis'] },
  { name: 'formula over a choice option', change: (f) => { ((f.pricing as Json).lines as Json[])[0]!.formula = 'wood * 2'; }, code: 'wrong-option-type', path: ['pricing', 'lines', 0, 'formula'] },
  { name: 'choice default outside values', change: (f) => { opt(f, 0).default = 'teak'; }, code: 'default-outside-domain', path: ['options', 0, 'default'], message: "default 'teak' is not a value of this option (values: oak, walnut)" },
  { name: 'number default outside range', change: (f) => { opt(f, 1).default = 3000; }, code: 'default-outside-domain', path: ['options', 1, 'default'], message: 'outside [800, 2000]' },
  { name: 'text default too long', change: (f) => { opt(f, 3).default = 'a'.repeat(21); }, code: 'default-outside-domain', path: ['options', 3, 'default'] },
  { name: 'text default with a disallowed character', change: (f) => { opt(f, 3).default = 'Anna 1'; }, code: 'default-outside-domain', path: ['options', 3, 'default'], message: "contains '1'" },
  { name: 'min greater than max', change: (f) => { opt(f, 2).min = 1000; }, code: 'min-greater-than-max', path: ['options', 2, 'min'], message: 'min 1000 is greater than max 900' },
  { name: 'range condition min > max', change: (f) => { con(f, 0).then = { option: 'width', min: 1600, max: 1000 }; }, code: 'min-greater-than-max', path: ['constraints', 0, 'then', 'min'] },
  { name: 'text minLength > maxLength', change: (f) => { opt(f, 3).minLength = 30; }, code: 'min-greater-than-max', path: ['options', 3, 'minLength'] },
  { name: 'step that does not fit', change: (f) => { opt(f, 1).step = 7; }, code: 'step-mismatch', path: ['options', 1, 'step'], message: '(max − min) = 1200 is not a whole number of steps of 7' },
  { name: 'decimal step that fits exactly', change: (f) => { opt(f, 1).min = 0.1; opt(f, 1).max = 0.7; opt(f, 1).step = 0.2; opt(f, 1).default = 0.3; }, code: 'step-mismatch', path: [], severity: 'warning' },
  { name: 'default not on a step', change: (f) => { opt(f, 1).default = 1205; }, code: 'step-mismatch', path: ['options', 1, 'default'] },
  { name: 'formula that does not parse', change: (f) => { ((f.pricing as Json).lines as Json[])[0]!.formula = 'width * (depth'; }, code: 'formula', path: ['pricing', 'lines', 0, 'formula'], message: 'does not parse' },
  { name: 'relation that is not linear', change: (f) => { con(f, 5).relation = 'width * depth >= 100'; }, code: 'formula', path: ['constraints', 5, 'relation'], message: 'not linear' },
  { name: 'table row of the wrong length', change: (f) => { (con(f, 3).rows as unknown[][]).push(['oak']); }, code: 'table-row', path: ['constraints', 3, 'rows', 1], message: 'row 1 has 1 cell(s) but the table has 2 option(s)' },
  { name: 'number domain too large', change: (f) => { opt(f, 1).step = 0.001; opt(f, 1).default = 1200; }, code: 'limit', path: ['options', 1, 'step'], message: 'at most 20001' },
  { name: 'missing translation', change: (f) => { (opt(f, 2).label as Json) = { en: 'Depth' }; }, code: 'missing-translation', path: ['options', 2, 'label'], message: 'no translation for zh-CN', severity: 'warning' },
  { name: 'unused group', change: (f) => { delete opt(f, 0).group; }, code: 'unused', path: ['groups', 0], severity: 'warning' },
  { name: 'when names an unknown option', change: (f) => { opt(f, 3).when = { option: 'drawr', is: true }; }, code: 'unknown-reference', path: ['options', 3, 'when', 'option'], message: "did you mean 'drawer'" },
  { name: 'when with an unknown value', change: (f) => { opt(f, 3).when = { not: { option: 'wood', is: 'teak' } }; }, code: 'unknown-reference', path: ['options', 3, 'when', 'not', 'is'], message: "option 'engraving': value 'teak' is not a value of option 'wood'" },
  { name: 'when without a test', change: (f) => { opt(f, 3).when = { option: 'drawer' }; }, code: 'required', path: ['options', 3, 'when'], message: 'needs one of: is, isNot' },
  { name: 'when of the wrong type', change: (f) => { opt(f, 3).when = 'drawer'; }, code: 'type', path: ['options', 3, 'when'], message: 'a condition must be true, false or an object' },
  { name: 'when naming its own option', change: (f) => { opt(f, 4).when = { any: [{ option: 'wood', is: 'oak' }, { option: 'drawer', is: true }] }; }, code: 'invalid-value', path: ['options', 4, 'when'], message: "the 'when' of option 'drawer' names the option itself" },
  {
    name: 'whens in a cycle',
    change: (f) => { opt(f, 3).when = { option: 'drawer', is: true }; opt(f, 4).when = { option: 'logo', set: true }; opt(f, 5).when = { option: 'engraving', set: false }; },
    code: 'invalid-value',
    path: ['options', 3, 'when'],
    message: "options 'engraving' → 'drawer' → 'logo' → 'engraving' name each other in a cycle",
  },
];

function sameIssue(issue: ProductIssue, c: Case): boolean {
  return issue.code === c.code && JSON.stringify(issue.path) === JSON.stringify(c.path);
}

test('the fixture is valid and has no warnings', () => {
  const r = checkProductFile(validProduct());
  assert.deepEqual(r.issues, []);
  assert.equal(r.ok, true);
});

for (const c of cases) {
  test(`${c.code}: ${c.name}`, () => {
    const file = validProduct();
    c.change(file);
    const text = JSON.stringify(file, null, 2);
    const r = parseProduct(text);
    if (c.path.length === 0) {
      // A case that must NOT produce the code anywhere.
      assert.ok(!r.issues.some((i) => i.code === c.code), JSON.stringify(r.issues, null, 1));
      return;
    }
    const issue = r.issues.find((i) => sameIssue(i, c));
    assert.ok(issue, `expected ${c.code} at ${JSON.stringify(c.path)}; got ${JSON.stringify(r.issues.map((i) => [i.code, i.path, i.message]), null, 1)}`);
    assert.equal(issue.severity, c.severity ?? 'error');
    if (c.message) assert.ok(issue.message.includes(c.message), issue.message);
    assert.equal(r.ok, (c.severity ?? 'error') === 'warning' && r.issues.every((i) => i.severity === 'warning'));
    // The position points at the key (unknown keys) or the value, or its nearest written ancestor.
    assert.ok(issue.source, 'issue has a source position');
    const lines = text.split('\n');
    const rest = lines[issue.source.line - 1]!.slice(issue.source.column - 1);
    const value = valueAt(JSON.parse(text), c.path);
    if (c.code === 'unknown-key') assert.ok(rest.startsWith(JSON.stringify(c.path.at(-1))), rest);
    else if (value !== undefined && (typeof value !== 'object' || value === null)) assert.ok(rest.startsWith(JSON.stringify(value)), rest);
    else if (value !== undefined) assert.ok(rest.startsWith(Array.isArray(value) ? '[' : '{'), rest);
  });
}

test('the lean path (main entry) reaches the verdict of the complete checks on every case, whole-file issues alike', () => {
  for (const c of cases) {
    const file = validProduct();
    c.change(file);
    const full = checkProductFile(file);
    const lean = checkProductFileLean(file);
    assert.equal(lean.ok, full.ok, c.name);
    assert.ok(lean.issues.some((i) => i.severity === 'error') === !lean.ok, c.name);
    // On a file with the format's structure, the same checks ran: the same issues, tersely worded.
    if (z.safeParse(ProductFile, file).success) {
      const brief = (r: typeof full) => r.issues.map((i) => [i.code, i.path, i.severity, i.params?.kind]);
      assert.deepEqual(brief(lean), brief(full), c.name);
    }
  }
});

test('every problem is reported at once', () => {
  const file = validProduct();
  opt(file, 0).default = 'teak';
  opt(file, 2).min = 1000;
  (con(file, 0).if as Json).is = 'teak';
  const r = checkProductFile(file);
  assert.equal(r.ok, false);
  assert.deepEqual(
    r.issues.map((i) => i.code).sort(),
    ['default-outside-domain', 'min-greater-than-max', 'unknown-reference'],
  );
});

test('structural problems are all reported, one per unknown key', () => {
  const file = validProduct();
  (file.product as Json).colr = 1;
  (file.product as Json).sise = 2;
  opt(file, 1).min = 'x';
  const r = checkProductFile(file);
  assert.deepEqual(
    r.issues.map((i) => [i.code, i.path.join('.')]),
    [
      ['unknown-key', 'product.colr'],
      ['unknown-key', 'product.sise'],
      ['type', 'options.1.min'],
    ],
  );
});

test('issues carry params that rebuild the message', () => {
  const file = validProduct();
  (con(file, 0).if as Json).is = 'teak';
  const [issue] = checkProductFile(file).issues;
  assert.deepEqual(issue?.params, {
    subject: 'constraint',
    subjectId: 'walnut-width',
    kind: 'value',
    value: 'teak',
    option: 'wood',
    values: 'oak, walnut',
  });
});

test('deep and cyclic objects are a limit, not a stack overflow', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const r = checkProductFile({ ...validProduct(), extra: deep });
  assert.equal(r.ok, false);
  assert.equal(r.issues[0]?.code, 'limit');
  const cyclic = validProduct();
  (cyclic.product as Json).self = cyclic;
  assert.equal(checkProductFile(cyclic).issues[0]?.code, 'limit');
});

test('non-objects are a type issue at the root', () => {
  for (const v of [null, 3, 'x', [], undefined]) {
    const r = checkProductFile(v);
    assert.equal(r.ok, false);
    assert.equal(r.issues.length, 1);
    assert.deepEqual(r.issues[0]!.path, []);
  }
});

test('many problems are capped with one limit issue', () => {
  const file = validProduct();
  opt(file, 0).values = Array.from({ length: 1000 }, (_, i) => ({ id: `v${i}`, label: 'x', bad: 1, worse: 2 }));
  const r = checkProductFile(file);
  assert.equal(r.issues.length, 1001);
  assert.equal(r.issues.at(-1)!.code, 'limit');
});

test('hostile formulas get a formula issue (never a hang)', () => {
  const hostile = [
    '('.repeat(1999) + '1',
    `${'min('.repeat(600)}1${')'.repeat(600)}`.slice(0, 2000),
    Array.from({ length: 600 }, () => 'width').join('*').slice(0, 2000),
    'width * '.repeat(250).slice(0, 1999),
  ];
  for (const formula of hostile) {
    const file = validProduct();
    ((file.pricing as Json).lines as Json[])[0]!.formula = formula;
    const r = checkProductFile(file);
    assert.equal(r.ok, false, formula.slice(0, 40));
    assert.ok(r.issues.some((i) => i.code === 'formula' || i.code === 'invalid-value'), JSON.stringify(r.issues[0]));
  }
});

test('a table at its limits is checked (a hang fails by the runner timeout)', () => {
  const file = validProduct();
  const values = Array.from({ length: 10 }, (_, i) => ({ id: `v${i}`, label: 'x' }));
  const columns = Array.from({ length: 16 }, (_, i) => `c${i}`);
  file.options.push(...columns.map((id) => ({ id, type: 'choice', label: 'c', values })));
  file.constraints.push({
    id: 'big', type: 'table', mode: 'allowed', message: 'x', options: columns,
    rows: Array.from({ length: 100_000 }, (_, r) => columns.map((_, k) => (r + k) % 11 === 0 ? '*' : `v${(r * 7 + k) % 10}`)),
  });
  const r = checkProductFile(file);
  assert.ok(r.ok, JSON.stringify(r.issues.slice(0, 2)));
});
