import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { json, run } from '../../test/run.js';

describe('c2m validate', () => {
  it('passes a valid file with exit 0', async () => {
    const r = await run(['validate', 'table.yaml']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ table\.yaml: valid — 6 options, 4 constraints/);
  });

  it('lists every error with file:line:column and a code frame, exit 1', async () => {
    const r = await run(['validate', 'broken.json']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /broken\.json:5:\d+ +error +.*default 'y' is not a value/);
    assert.match(r.stdout, /broken\.json:8:\d+ +error +.*option 'b' does not exist/);
    assert.match(r.stdout, /> +5 \|/);
    assert.match(r.stdout, /\^/);
    assert.match(r.stdout, /✗ broken\.json: 2 errors/);
    assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colours when not on a terminal');
  });

  it('colours on a terminal', async () => {
    const r = await run(['validate', 'broken.json'], { color: true });
    assert.match(r.stdout, /\u001b\[31m/);
  });

  it('reports syntax errors with their position and checks every file given', async () => {
    const r = await run(['validate', 'syntax.json', 'table.yaml']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /syntax\.json:\d+:\d+ +error .*\[syntax\]/);
    assert.match(r.stdout, /✓ table\.yaml: valid/);
  });

  it('gives JSON for CI', async () => {
    const r = await run(['validate', 'broken.json', 'table.yaml', '--json']);
    assert.equal(r.code, 1);
    const out = json<{ ok: boolean; files: Array<{ file: string; valid: boolean; issues: Array<{ code: string; source?: { line: number } }> }> }>(r);
    assert.equal(out.ok, false);
    assert.deepEqual(
      out.files.map((f) => [f.file, f.valid]),
      [
        ['broken.json', false],
        ['table.yaml', true],
      ],
    );
    assert.deepEqual(
      out.files[0].issues.map((i) => [i.code, i.source?.line]),
      [
        ['default-outside-domain', 5],
        ['unknown-reference', 8],
      ],
    );
  });

  it('translates messages with --lang zh-CN', async () => {
    const r = await run(['validate', 'broken.json', '--lang', 'zh-CN']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /[\u4e00-\u9fff]/);
  });

  it('exits 2 on a missing file or a wrong option', async () => {
    const missing = await run(['validate', 'nothere.json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read nothere\.json: no such file/);
    const wrong = await run(['validate', 'table.yaml', '--bogus']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--bogus/);
    assert.match(wrong.stderr, /c2m validate --help/);
    const none = await run(['validate']);
    assert.equal(none.code, 2);
  });

  it('an impossible product: every output names the constraints that contradict each other, the code frame shows one', async () => {
    const names = /'linen-season', 'always-lined', 'lining-needs-wool'/;
    const text = await run(['validate', 'impossible.yaml']);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^impossible\.yaml:31:5 +error +no configuration satisfies every constraint: 'linen-season', 'always-lined', 'lining-needs-wool' contradict each other/);
    assert.match(text.stdout, /> 31 \|   - id: linen-season\n/, 'the frame is at a constraint of the conflict, not at the first of the file');
    const zh = await run(['validate', 'impossible.yaml', '--lang', 'zh-CN']);
    assert.match(zh.stdout, /没有任何配置能满足所有约束：'linen-season', 'always-lined', 'lining-needs-wool' 相互矛盾/);
    const j = json<{ files: Array<{ issues: Array<{ code: string; message: string; path: unknown[]; params: { constraints: string }; source: { line: number } }> }> }>(await run(['validate', 'impossible.yaml', '--json']));
    const [issue] = j.files[0]!.issues;
    assert.equal(issue!.code, 'unsatisfiable');
    assert.match(issue!.message, names);
    assert.deepEqual(issue!.path, ['constraints', 1]);
    assert.equal(issue!.params.constraints, 'linen-season,always-lined,lining-needs-wool');
    assert.equal(issue!.source.line, 31);
  });

  it('reads standard input as "-"', async () => {
    const r = await run(['validate', '-'], { stdin: '{"schemaVersion": 2}' });
    assert.equal(r.code, 1);
  });
});
