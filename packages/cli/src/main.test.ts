// The real `c2m` binary as a child process: exit codes, output streams, colours. Kept to a few spawns
// (each starts Node and tsx); everything else is tested in-process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const bin = fileURLToPath(new URL('../bin/c2m.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url));

function c2m(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: fixtures, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/c2m.js', () => {
  it('validates a broken file: exit 1, positions, no colours when piped', () => {
    const r = c2m(['validate', 'broken.json', 'table.yaml'], { FORCE_COLOR: '1' });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /broken\.json:5:\d+ +error/);
    assert.match(r.stdout, /✓ table\.yaml: valid/);
    assert.doesNotMatch(r.stdout, /\u001b\[/);
  });

  it('exits 0 on a valid file and 2 on a wrong command line', () => {
    assert.equal(c2m(['count', 'table.yaml']).code, 0);
    const r = c2m(['count']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing argument: c2m count <file>/);
  });

  it('imports a UVL model to standard output', () => {
    const r = c2m(['import', 'phone.uvl', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { ok: boolean; file: { options: unknown[] } };
    assert.equal(out.file.options.length, 17);
  });
});
