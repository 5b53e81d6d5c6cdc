import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { json, run } from '../../test/run.js';

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

  it('honours the time budget and says what it did not check', async () => {
    const r = await run(['lint', 'lint-me.json', '--budget', '1', '--json']);
    const out = json<{ skipped: Array<{ check: string; reason: string }> }>(r);
    assert.ok(out.skipped.some((s) => /budget/.test(s.reason)), JSON.stringify(out.skipped));
    const bad = await run(['lint', 'lint-me.json', '--budget', 'soon']);
    assert.equal(bad.code, 2);
  });
});
