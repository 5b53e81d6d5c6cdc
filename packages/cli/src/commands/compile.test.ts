import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, createReadStream, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createPageSession, isCompiledProduct } from '@c2m/rules';
import { fixtures, json, run } from '../../test/run.js';
import { compiledPath } from './compile.js';

const dir = mkdtempSync(join(tmpdir(), 'c2m-compile-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('c2m compile', () => {
  it('writes <name>.compiled.json next to the file: a compiled product that opens as its file does', async () => {
    copyFileSync(join(fixtures, 'table.yaml'), join(dir, 'table.yaml'));
    const r = await run(['compile', 'table.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ table\.yaml → table\.compiled\.json: [\d.]+ KiB, 6 options, 4 constraints, sha256:[0-9a-f]{64}/);
    assert.equal(r.stdout, '');
    const text = readFileSync(join(dir, 'table.compiled.json'), 'utf8');
    assert.ok(isCompiledProduct(text));
    const opened = await createPageSession({ text });
    assert.ok(opened.ok);
    assert.equal(opened.session.state.domains.length, 6);
    assert.match(r.stderr, new RegExp(opened.session.digest));
    opened.session.dispose();
  });

  it('-o names the output, - writes to standard output, and standard input needs -o', async () => {
    const r = await run(['compile', 'table.yaml', '-o', join(dir, 'out.json')]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(isCompiledProduct(readFileSync(join(dir, 'out.json'), 'utf8')));
    const piped = await run(['compile', '-', '-o', '-'], { stdin: readFileSync(join(fixtures, 'table.yaml'), 'utf8') });
    assert.equal(piped.code, 0, piped.stderr);
    assert.ok(isCompiledProduct(piped.stdout));
    assert.equal(piped.stdout, `${readFileSync(join(dir, 'out.json'), 'utf8')}`);
    const noOutput = await run(['compile', '-'], { stdin: '{}' });
    assert.equal(noOutput.code, 2);
    assert.match(noOutput.stderr, /name the output with -o/);
  });

  it('refuses a broken file as validate does: every error with its position, exit 1, nothing written', async () => {
    copyFileSync(join(fixtures, 'broken.json'), join(dir, 'broken.json'));
    const r = await run(['compile', 'broken.json'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /broken\.json:5:\d+ +error +.*default 'y' is not a value/);
    assert.match(r.stderr, /✗ broken\.json is not a valid product file/);
    assert.equal(existsSync(join(dir, 'broken.compiled.json')), false);
    const out = json<{ ok: boolean; issues: Array<{ code: string }> }>(await run(['compile', 'broken.json', '--json'], { cwd: dir }));
    assert.equal(out.ok, false);
    assert.deepEqual(
      out.issues.map((i) => i.code),
      ['default-outside-domain', 'unknown-reference'],
    );
  });

  it('--json reports where it wrote what; --limits raised warns when pages would refuse the product', async () => {
    const out = json<{ ok: boolean; output: string; bytes: number; digest: string; pages: boolean }>(await run(['compile', 'table.yaml', '--json', '-o', join(dir, 'j.json')]));
    assert.deepEqual([out.ok, out.output, out.pages], [true, join(dir, 'j.json'), true]);
    assert.equal(out.bytes, readFileSync(join(dir, 'j.json')).length);
    // More options than a page allows (5,000), within the raised limits.
    const options = Array.from({ length: 5001 }, (_, i) => ({ id: `o${i}`, type: 'boolean', label: `O${i}` }));
    const big = { schemaVersion: 1, product: { id: 'big', version: '1', name: 'Big', currency: 'EUR' }, options, constraints: [] };
    writeFileSync(join(dir, 'big.json'), JSON.stringify(big));
    const refused = await run(['compile', 'big.json'], { cwd: dir });
    assert.equal(refused.code, 1);
    const raised = await run(['compile', 'big.json', '--limits', 'raised'], { cwd: dir });
    assert.equal(raised.code, 0, raised.stderr);
    assert.match(raised.stderr, /warning.*needs raised limits.*a page refuses this compiled product/);
    const page = await createPageSession({ text: readFileSync(join(dir, 'big.compiled.json'), 'utf8') });
    assert.equal(page.ok, false, 'a page keeps the default limits');
    // Refused as a page refuses the product file itself.
    assert.deepEqual(page, await createPageSession({ file: big }));
  });

  it('a compiled product given as the file, to compile or any command: one line that says what to give instead, exit 2, nothing written', async () => {
    const compiled = join(dir, 'out.json');
    for (const args of [['compile', compiled, '-o', join(dir, 'again.json')], ['compile', compiled, '-o', join(dir, 'again.json'), '--json'], ['validate', compiled], ['count', compiled], ['lint', compiled]]) {
      const r = await run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr, `c2m ${args[0]}: ${compiled} is a compiled product (what c2m compile writes), not a product file: give the product file it was compiled from\n`);
      assert.equal(r.stdout, '');
    }
    assert.equal(existsSync(join(dir, 'again.json')), false);
  });

  it('-o into folders that do not exist yet creates them', async () => {
    const out = join(dir, 'site', 'products', 'table.compiled.json');
    const r = await run(['compile', 'table.yaml', '-o', out], { cwd: fixtures });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(isCompiledProduct(readFileSync(out, 'utf8')));
  });

  it('-o through a symbolic link replaces the file it names and keeps the link; -o to a pipe writes into the pipe', async () => {
    const real = join(dir, 'real.json');
    const link = join(dir, 'link.json');
    writeFileSync(real, 'the previous version');
    symlinkSync(real, link);
    const r = await run(['compile', 'table.yaml', '-o', link], { cwd: fixtures });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link stays a link');
    assert.ok(isCompiledProduct(readFileSync(real, 'utf8')));

    // Renaming a temporary file over a pipe or a device (-o /dev/null) would replace it with a file.
    const pipe = join(dir, 'pipe');
    assert.equal(spawnSync('mkfifo', [pipe]).status, 0);
    const received = new Promise<string>((resolve, reject) => {
      let text = '';
      createReadStream(pipe, 'utf8').on('data', (c) => (text += c)).on('end', () => resolve(text)).on('error', reject);
    });
    const p = await run(['compile', 'table.yaml', '-o', pipe], { cwd: fixtures });
    assert.equal(p.code, 0, p.stderr);
    assert.ok(isCompiledProduct(await received));
    assert.ok(lstatSync(pipe).isFIFO(), 'the pipe is still a pipe');
  });

  it('an output that cannot be written, a file that cannot be read: exit 2 with the reason, standard output empty, nothing left behind', async () => {
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, 'not a folder');
    for (const args of [['table.yaml', '-o', join(blocked, 'x.json')], ['table.yaml', '-o', dir], [join(dir, 'nope.json')]]) {
      for (const extra of [[], ['--json']]) {
        const r = await run(['compile', ...args, ...extra], { cwd: fixtures });
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /^c2m compile: cannot (write|read) .*: (no such file|it is a directory|a folder on its path is a file)\n/);
        assert.equal(r.stdout, '');
      }
    }
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left');
  });

  it('names the output after the file', () => {
    assert.equal(compiledPath('suit.yaml'), 'suit.compiled.json');
    assert.equal(compiledPath('a/oak-table.json'), 'a/oak-table.compiled.json');
    assert.equal(compiledPath('mug.YML'), 'mug.compiled.json');
    assert.equal(compiledPath('product'), 'product.compiled.json');
  });
});
