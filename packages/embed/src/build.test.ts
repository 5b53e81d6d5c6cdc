// The script-tag build as a CDN would serve it: built once into a scratch folder, then read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));
let out = '';
type Chunk = { file: string; isEntry?: boolean; isDynamicEntry?: boolean; imports?: string[]; dynamicImports?: string[] };
let manifest: Record<string, Chunk> = {};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [relative(out, path).replaceAll('\\', '/')];
  });
}
const js = () => files(out).filter((f) => f.endsWith('.js'));

before(() => {
  out = mkdtempSync(join(tmpdir(), 'c2m-embed-'));
  const r = spawnSync('pnpm', ['exec', 'vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], { cwd: pkg, encoding: 'utf8' });
  assert.equal(r.status, 0, `vite build failed:\n${r.stdout}${r.stderr}`);
  manifest = JSON.parse(readFileSync(join(out, '.vite', 'manifest.json'), 'utf8'));
});
after(() => rmSync(out, { recursive: true, force: true }));

test('c2m.js is the one entry, an ES module that exports the elements’ API', () => {
  const entries = Object.values(manifest).filter((c) => c.isEntry);
  assert.deepEqual(entries.map((c) => c.file), ['c2m.js']);
  const code = readFileSync(join(out, 'c2m.js'), 'utf8');
  assert.match(code, /export\s*\{/);
  assert.equal(readFileSync(join(out, 'c2m.d.ts'), 'utf8'), "export * from '@c2m/elements';\n");
});

test('the 3D viewer, the full checks and the decoders are chunks loaded on demand, not with c2m.js', () => {
  const entry = manifest['src/c2m.ts']!;
  const upFront = new Set<string>();
  const visit = (key: string) => {
    const c = manifest[key]!;
    if (upFront.has(c.file)) return;
    upFront.add(c.file);
    for (const i of c.imports ?? []) visit(i);
  };
  visit('src/c2m.ts');
  const lazy = (pattern: RegExp) => Object.entries(manifest).find(([k]) => pattern.test(k));
  for (const [name, pattern] of [
    ['the viewer', /viewer\/(src|dist)\/index\.[jt]s$/],
    ['the full checks', /rules\/(src|dist)\/check\.[jt]s$/],
    ['the Draco loader', /DRACOLoader\.js$/],
    ['the KTX2 loader', /KTX2Loader\.js$/],
  ] as const) {
    const found = lazy(pattern);
    assert.ok(found, `${name} is in the build`);
    assert.ok(found[1].isDynamicEntry, `${name} is imported lazily`);
    assert.ok(!upFront.has(found[1].file), `${name} is not downloaded with c2m.js`);
  }
  assert.ok(entry.dynamicImports?.some((k) => /viewer\/(src|dist)\/index/.test(k)), 'c2m.js imports the viewer lazily');
  assert.ok(lazy(/viewer\/(src|dist)\/index/)![1].file.startsWith('chunks/viewer-'));
});

test('every URL in the build is relative to the file that uses it, so dist/ works from any path', () => {
  for (const file of js()) {
    const code = readFileSync(join(out, file), 'utf8');
    // Chunks are imported as "./x.js" / "./chunks/x.js"; never from the site's root or another host.
    assert.doesNotMatch(code, /(import\(|from\s*)["'`]\/(?!\/)/, `${file}: no root-relative import`);
    assert.doesNotMatch(code, /["'`]\/chunks\//, `${file}: no root-relative chunk URL`);
    assert.doesNotMatch(code, /https?:\/\/(unpkg|cdn\.jsdelivr|www\.gstatic|cdnjs)/, `${file}: no third-party CDN`);
  }
  // Every chunk the manifest names exists.
  for (const c of Object.values(manifest)) assert.ok(existsSync(join(out, c.file)), c.file);
});

test('nothing is evaluated from strings (strict CSP without unsafe-eval)', () => {
  for (const file of js()) {
    if (file.startsWith('decoders/')) continue; // three's WebAssembly glue, loaded only for compressed models
    const code = readFileSync(join(out, file), 'utf8');
    assert.doesNotMatch(code, /\bnew Function\b|\beval\(|\bFunction\(/, file);
  }
});

test("the glTF decoders are next to c2m.js, once (three's hashed copies are left out)", () => {
  for (const f of ['decoders/draco/draco_decoder.wasm', 'decoders/draco/draco_wasm_wrapper.js', 'decoders/basis/basis_transcoder.wasm', 'decoders/basis/basis_transcoder.js']) {
    assert.ok(existsSync(join(out, f)), f);
  }
  assert.deepEqual(files(out).filter((f) => /^assets\/(draco|basis)_/.test(f)), []);
});
