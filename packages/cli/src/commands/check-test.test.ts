import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createSession } from '@c2m/rules/engine';
import { compileFixture, json, run } from '../../test/run.js';
import { parseCases } from './test.js';

const dir = mkdtempSync(join(tmpdir(), 'c2m-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function specification() {
  const session = createSession(compileFixture('table.yaml'));
  assert.ok(session.select('wood', 'walnut').ok);
  session.autocomplete();
  return session.toSpecification({ now: new Date('2026-11-25T10:00:00Z') });
}

function write(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
}

describe('c2m check', () => {
  it('accepts a specification built by the engine', async () => {
    const r = await run(['check', 'table.yaml', write('ok.json', specification())]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /✓ .*ok\.json: valid for oak-table 1 — total \d+ EUR minor units, \d+ days/);
  });

  it('lists every problem of a tampered one with its path and line, exit 1', async () => {
    const spec = specification();
    spec.quote.total -= 100;
    spec.selections.finish = 'white-oil';
    spec.product.digest = `sha256:${'0'.repeat(64)}`;
    const path = write('bad.json', spec);
    const r = await run(['check', 'table.yaml', path]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /bad\.json:\d+:\d+: error \[digest-mismatch\] product\.digest/);
    assert.match(r.stdout, /\[constraint\] .*\(constraint walnut-no-white-oil\)/);
    assert.match(r.stdout, /\[quote-mismatch\] quote\.total/);
    assert.match(r.stdout, /✗ .*bad\.json: \d+ problems/);
    const j = json<{ ok: boolean; issues: Array<{ code: string; at: string; source?: { line: number } }> }>(await run(['check', 'table.yaml', path, '--json']));
    assert.equal(j.ok, false);
    assert.ok(j.issues.every((i) => i.source !== undefined && i.source.line > 0));
  });

  it('reports a specification that is not JSON, and a broken product file', async () => {
    const r = await run(['check', 'table.yaml', write('notjson.json', '{"specVersion": 1,')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /not valid JSON/);
    const broken = await run(['check', 'broken.json', write('ok2.json', specification())]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /broken\.json is not a valid product file/);
  });
});

describe('c2m test', () => {
  const cases = `cases:
  - name: walnut cannot have white oil
    select: { wood: walnut, finish: white-oil }
    expect: invalid
    constraints: [walnut-no-white-oil]
  - name: a standard oak table
    select: { wood: oak, finish: oil, width: 160, depth: 80, extension: false }
    expect: valid
  - name: a complete but too narrow pine table
    select: { wood: pine, finish: oil, width: 220, depth: 80, extension: true }
    expect: invalid
    constraints: [pine-max-width]
  - name: partial pine
    select: { wood: pine }
    expect: valid
`;

  it('passes a correct suite', async () => {
    const r = await run(['test', 'table.yaml', write('cases.yaml', cases)]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /✓ walnut cannot have white oil\n/);
    assert.match(r.stdout, /4 cases: 4 passed, 0 failed/);
  });

  it('fails with a precise message when the rules disagree, exit 1', async () => {
    const wrong = cases
      .replace('constraints: [walnut-no-white-oil]', 'constraints: [pine-max-width]')
      .replace('width: 160, depth: 80, extension: false }\n    expect: valid', 'width: 160, depth: 80, extension: false }\n    expect: invalid')
      .replace('constraints: [pine-max-width]\n  - name: partial', 'constraints: [pine-max-width, proportions]\n  - name: partial');
    const r = await run(['test', 'table.yaml', write('wrong.yaml', wrong)]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✗ walnut cannot have white oil: refused as expected, but by walnut-no-white-oil; expected also pine-max-width/);
    assert.match(r.stdout, /✗ a standard oak table: expected invalid, but it is valid/);
    assert.match(r.stdout, /✗ a complete but too narrow pine table: .*expected also proportions/);
    assert.match(r.stdout, /4 cases: 1 passed, 3 failed/);
    const j = json<{ passed: number; failed: number; cases: Array<{ kind: string }> }>(await run(['test', 'table.yaml', join(dir, 'wrong.yaml'), '--json']));
    assert.deepEqual([j.passed, j.failed], [1, 3]);
    assert.deepEqual(
      j.cases.map((c) => c.kind),
      ['partial', 'complete', 'complete', 'partial'],
    );
  });

  it('reports invalid values and broken case files', async () => {
    // Off the step grid: a value the option does not allow makes the case invalid (that can be the point of a case).
    const r = await run(['test', 'table.yaml', write('values.json', JSON.stringify([{ name: 'odd width', select: { width: 125 }, expect: 'valid' }]))]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✗ odd width: expected valid, but it is invalid \(width = 125: /);
    assert.throws(() => parseCases('cases: [{ select: {}, expect: maybe }]', 'c.yaml'), /c\.yaml: cases\[0\] \(case 1\): "expect" must be "valid" or "invalid"/);
    assert.throws(() => parseCases('cases: [{ select: {}, expect: valid, constraints: [x] }]', 'c.yaml'), /only makes sense with expect: invalid/);
    assert.throws(() => parseCases('{', 'c.yaml'), /not valid JSON\/YAML/);
    const broken = await run(['test', 'table.yaml', write('broken.yaml', 'hello')]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /expected a list of cases/);
  });

  it('an unknown option, value or constraint id is an error of the cases file, with a suggestion, not a passing "invalid" case', async () => {
    const typos = `cases:
  - name: teak is refused
    select: { wood: teak }
    expect: invalid
  - name: walnut cannot have white oil
    select: { wood: walnut, finsh: white-oil }
    expect: invalid
  - name: white oi
    select: { wood: walnut, finish: white-oi }
    expect: invalid
    constraints: [walnut-no-white-oli]
  - name: yes is not a boolean
    select: { extension: "yes" }
    expect: valid
`;
    const path = write('typos.yaml', typos);
    const r = await run(['test', 'table.yaml', path]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '', 'no case runs');
    const lines = r.stderr.trim().split('\n');
    assert.deepEqual(lines, [
      `error: ${path}: cases[0] (teak is refused): select.wood: "teak" is not a value of option "wood"; values: oak, walnut, pine`,
      `error: ${path}: cases[1] (walnut cannot have white oil): select.finsh: there is no option "finsh" (did you mean "finish"?)`,
      `error: ${path}: cases[2] (white oi): select.finish: "white-oi" is not a value of option "finish" (did you mean "white-oil"?); values: oil, white-oil, lacquer`,
      `error: ${path}: cases[2] (white oi): constraints: there is no constraint "walnut-no-white-oli" (did you mean "walnut-no-white-oil"?)`,
      `error: ${path}: cases[3] (yes is not a boolean): select.extension: option "extension" is a boolean option: use true or false, not yes`,
    ]);
    const j = json<{ ok: boolean; errors: string[] }>(await run(['test', 'table.yaml', path, '--json']));
    assert.equal(j.ok, false);
    assert.equal(j.errors.length, 5);
  });
});
