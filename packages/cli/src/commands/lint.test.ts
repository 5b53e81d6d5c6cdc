import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compileFixture, json, run } from '../../test/run.js';
import { lintProduct } from '../lint/lint.js';

const dir = mkdtempSync(join(tmpdir(), 'c2m-lint-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const examples = fileURLToPath(new URL('../../../rules/examples/', import.meta.url));

/** A product file with these options and pricing, written to the temporary folder. */
function productFile(name: string, extra: Record<string, unknown>): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ schemaVersion: 1, product: { id: 'p', version: '1', name: { en: 'P' }, currency: 'EUR' }, ...extra }, null, 2));
  return path;
}
const label = { en: 'x' };

interface Finding {
  rule: string;
  severity: string;
  path: Array<string | number>;
  at: string;
  message: string;
  source?: { line: number; column: number };
}

describe('c2m lint', () => {
  it('finds every kind of problem in lint-me.json, each with its path and line', async () => {
    const r = await run(['lint', 'lint-me.json', '--json']);
    assert.equal(r.code, 1, 'negative prices are errors');
    const out = json<{ findings: Finding[]; issues: Array<{ code: string; path: unknown[] }> }>(r);
    const by = (rule: string) => out.findings.filter((f) => f.rule === rule).map((f) => f.at);
    assert.deepEqual(by('dead-value'), ['options[1].values[2]', 'options[2].values[1]']);
    assert.deepEqual(by('forced-option'), ['options[2]']);
    assert.deepEqual(by('never-applies'), ['constraints[2].if']);
    // Each of these is implied by the others (no-green by green-large + large-not-green, and so on).
    assert.deepEqual(by('redundant-constraint'), ['constraints[0]', 'constraints[3]', 'constraints[4]']);
    assert.deepEqual(by('binding-names-nothing'), ['scene.bindings[1].actions[0]', 'scene.bindings[1].actions[1]']);
    assert.deepEqual(by('negative-price'), ['pricing']);
    assert.deepEqual(by('negative-lead-time'), ['leadTime']);
    // The missing zh-CN label is reported once, by the validator, with its position.
    assert.ok(out.issues.some((i) => i.code === 'missing-translation'));
    assert.deepEqual(by('missing-translation'), []);
    const dead = out.findings.find((f) => f.at === 'options[1].values[2]')!;
    assert.match(dead.message, /value green of option "color" is in no valid configuration: ruled out by no-green|ruled out by green-large/);
    assert.deepEqual(dead.source, { line: 27, column: 9 });
    const negative = out.findings.find((f) => f.rule === 'negative-price')!;
    assert.match(negative.message, /-4000 EUR minor units .*voucher = true/);
  });

  it('prints findings with positions and code frames, and a summary', async () => {
    const r = await run(['lint', 'lint-me.json']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /lint-me\.json:27:9: warning \[dead-value\] options\[1\]\.values\[2\]/);
    assert.match(r.stdout, /lint-me\.json:53:\d+: warning \[binding-names-nothing\] .*"Purple" is not in the 3D model lint-me\.gltf/);
    assert.match(r.stdout, /> 27 \|/);
    assert.match(r.stdout, /✗ lint-me\.json: 2 errors, \d+ warnings, 4 notes/);
  });

  it("finds options whose `when` never holds or always holds", async () => {
    const r = await run(['lint', 'when-lint.json', '--json']);
    const out = json<{ findings: Finding[] }>(r);
    const by = (rule: string) => out.findings.filter((f) => f.rule === rule).map((f) => [f.at, f.message]);
    assert.deepEqual(by('always-applies'), [['options[2].when', 'option "handle" always applies: its "when" holds in every valid configuration (remove it)']]);
    // A saucer needs a small mug with a lid, and only large mugs have lids.
    assert.deepEqual(by('never-applies'), [['options[3].when', 'option "saucer" never applies: its "when" holds in no valid configuration']]);
  });

  it('has nothing to say about the scaffolded table', async () => {
    const r = await run(['lint', 'table.yaml', '--json']);
    assert.equal(r.code, 0, r.stdout);
    const out = json<{ findings: Finding[]; skipped: Array<{ check: string }> }>(r);
    assert.deepEqual(out.findings, []);
    // Linear relations are decided by the solver too: nothing about redundancy is left unchecked.
    assert.ok(!out.skipped.some((s) => s.check === 'redundant-constraint'), JSON.stringify(out.skipped));
  });

  it('stops at errors, and --strict fails on warnings', async () => {
    const broken = await run(['lint', 'broken.json']);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /broken\.json:5:\d+/);
    const strict = await run(['lint', 'imported-warnings.json', '--strict', '--no-redundancy']);
    assert.equal(strict.code, 1);
    const lenient = await run(['lint', 'imported-warnings.json', '--no-redundancy']);
    assert.equal(lenient.code, 0);
  });

  it('honours the time budget and says what it did not check', () => {
    // A clock that moves a second per look: the budget runs out after the first check, whatever the machine's speed.
    const product = compileFixture('lint-me.json');
    let t = 0;
    const report = lintProduct(product, { budgetMs: 1500, now: () => (t += 1000) });
    assert.deepEqual(
      report.skipped.map((s) => s.check),
      ['dead-value reasons', 'never-applies', 'redundant-constraint'],
    );
    assert.match(report.skipped[2]!.reason, /5 constraints not checked: the time budget ran out after 0 \(raise --budget\)/);
    // With time enough, nothing is left out.
    assert.deepEqual(lintProduct(product, { budgetMs: 1500, now: () => 0 }).skipped, []);
  });

  it('refuses a budget that is not a number of milliseconds', async () => {
    const bad = await run(['lint', 'lint-me.json', '--budget', 'soon']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--budget takes a whole number of milliseconds/);
  });
});

describe('c2m lint: negative totals', () => {
  const skippedChecks = (r: { stdout: string }) => json<{ skipped: Array<{ check: string; reason: string }> }>(r).skipped;

  it('a choice always has one value: its cheapest value counts, so a discount under it is no alarm', async () => {
    const path = productFile('discount.json', {
      options: [{ id: 'size', type: 'choice', label, values: [{ id: 's', label, price: 1000 }, { id: 'l', label, price: 2000 }] }],
      pricing: { base: 0, lines: [{ id: 'discount', label, amount: -500 }] },
    });
    const r = await run(['lint', path, '--json']);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(json<{ findings: unknown[] }>(r).findings, []);
    assert.deepEqual(skippedChecks(r), [], 'nothing to say: every price is at least 500');
  });

  it('a formula line is bounded over the ranges its `if` allows', async () => {
    const path = productFile('thickness.json', {
      options: [{ id: 't', type: 'number', label, min: 20, max: 60, step: 1 }],
      pricing: { base: 0, lines: [{ id: 'thick', label, if: { option: 't', min: 32 }, formula: '(t - 30) * 25' }, { id: 'area', label, formula: 'ceil(t * t / 1000) * 300' }] },
      leadTime: { base: 1, lines: [{ id: 'slow', label, formula: 'round(t / 20)' }] },
    });
    const r = await run(['lint', path, '--json']);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(skippedChecks(r), []);
  });

  it('still finds a negative total, and says "not proven" when the bound is negative but no configuration shows it', async () => {
    const path = productFile('coupled.json', {
      options: [
        { id: 'a', type: 'choice', label, values: [{ id: 'cheap', label, price: -1000 }, { id: 'dear', label }] },
        { id: 'b', type: 'choice', label, values: [{ id: 'cheap', label, price: -1000 }, { id: 'dear', label }] },
      ],
      constraints: [{ id: 'one-cheap', type: 'excludes', message: label, if: { option: 'a', is: 'cheap' }, then: { option: 'b', is: 'cheap' } }],
      pricing: { base: 1500 },
    });
    const r = await run(['lint', path, '--json']);
    assert.deepEqual(skippedChecks(r), [{ check: 'negative-price', reason: 'not proven: the lower bound is -500, but no negative configuration was found' }]);
    const negative = await run(['lint', 'lint-me.json', '--json']);
    assert.ok(json<{ findings: Array<{ rule: string }> }>(negative).findings.some((f) => f.rule === 'negative-price'));
  });

  for (const example of ['oak-table.json', 'mug.json', 'suit.yaml']) {
    it(`the example ${example} lints clean: no finding, nothing left unchecked`, async () => {
      const r = await run(['lint', join(examples, example), '--json']);
      assert.equal(r.code, 0, r.stdout);
      assert.deepEqual(json<{ findings: unknown[] }>(r).findings, []);
      assert.deepEqual(skippedChecks(r), []);
    });
  }
});
