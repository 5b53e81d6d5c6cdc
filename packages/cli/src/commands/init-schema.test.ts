import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { json, run } from '../../test/run.js';
import { COMMANDS } from '../main.js';

const dir = mkdtempSync(join(tmpdir(), 'c2m-init-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('c2m init', () => {
  it('scaffolds a commented YAML file that validates and lints clean', async () => {
    const r = await run(['init', 'oak.yaml', '--id', 'oak', '--name', 'Oak table'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(join(dir, 'oak.yaml'), 'utf8');
    // The schema it names resolves: init wrote it beside the file.
    const ref = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text)?.[1];
    assert.equal(ref, './product-file.schema.json');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, ref), 'utf8')), JSON.parse((await run(['schema'])).stdout));
    assert.ok(text.split('\n').filter((l) => l.includes('#')).length > 10, 'commented');
    assert.equal((await run(['validate', 'oak.yaml'], { cwd: dir })).code, 0);
    const lint = json<{ findings: unknown[]; skipped: unknown[] }>(await run(['lint', 'oak.yaml', '--json'], { cwd: dir }));
    assert.deepEqual(lint.findings, []);
    assert.deepEqual(lint.skipped, [], 'nothing left unchecked either');
  });

  it('writes JSON for a .json name, prints without a name, and keeps existing files', async () => {
    assert.equal((await run(['init', 'oak.json'], { cwd: dir })).code, 0);
    const written = JSON.parse(readFileSync(join(dir, 'oak.json'), 'utf8'));
    assert.equal(written.schemaVersion, 1);
    assert.equal(written.$schema, './product-file.schema.json');
    assert.equal((await run(['validate', 'oak.json'], { cwd: dir })).code, 0);
    const printed = await run(['init'], { cwd: dir });
    assert.match(printed.stdout, /^# yaml-language-server/);
    const again = await run(['init', 'oak.json'], { cwd: dir });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /oak\.json exists; use --force/);
    assert.equal((await run(['init', 'oak.json', '--force'], { cwd: dir })).code, 0);
    assert.equal((await run(['init', '--id', 'no spaces'], { cwd: dir })).code, 2);
  });
});

describe('c2m schema', () => {
  it('prints the JSON Schema of the product file', async () => {
    const r = await run(['schema']);
    assert.equal(r.code, 0);
    const schema = JSON.parse(r.stdout);
    assert.equal(typeof schema, 'object');
    assert.match(r.stdout, /schemaVersion/);
    assert.equal((await run(['schema', '-o', join(dir, 's.json')])).code, 0);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')), schema);
  });
});

describe('c2m --help', () => {
  it('lists every command', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`\\n  ${c.name} `));
  });

  for (const c of COMMANDS) {
    it(`${c.name} --help shows usage, options and examples`, async () => {
      const r = await run([c.name, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`^Usage: c2m ${c.name}`));
      assert.match(r.stdout, /\nOptions:\n/);
      assert.match(r.stdout, /\nExamples:\n {2}c2m /);
      assert.deepEqual((await run(['help', c.name])).stdout, r.stdout);
    });
  }

  it('exits 2 on an unknown command, 0 on --version', async () => {
    const r = await run(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "frobnicate"/);
    assert.match((await run(['--version'])).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
