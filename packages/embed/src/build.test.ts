// The script-tag build as a CDN would serve it: built once into a scratch folder, then read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { join } from 'node:path';
import { buildEmbed, type Build, type Chunk } from './test-build.js';

let build: Build;
let out = '';
let manifest: Record<string, Chunk> = {};
const js = () => build.files().filter((f) => f.endsWith('.js'));
const read = (file: string) => readFileSync(join(out, file), 'utf8');

before(() => {
  build = buildEmbed();
  out = build.dir;
  manifest = build.manifest;
});
after(() => build?.remove());

/** The files a module imports (static, side-effect and dynamic imports of relative specifiers), relative to the build. */
function importsOf(file: string): string[] {
  const code = read(file);
  const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'`](\.{1,2}\/[^"'`]+)["'`]/g)].map((m) => m[1]!);
  return specifiers.map((s) => posix.normalize(posix.join(posix.dirname(file), s)));
}

/** A file and every file it imports, transitively. */
function graphOf(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of importsOf(file)) visit(i);
  };
  visit(entry);
  return seen;
}

/** The engine worker's module, as the page starts it: `new Worker(new URL("…", import.meta.url))` in the worker session's chunk. */
function workerEntry(): { page: string; entry: string } {
  const page = manifest['../rules/src/worker/index.ts']?.file;
  assert.ok(page, "the worker session's client side is a chunk of the page");
  const url = /new Worker\(new URL\(new URL\(["'`]([^"'`]+)["'`],\s*import\.meta\.url\)/.exec(read(page))?.[1];
  assert.ok(url, `${page} starts the worker from a URL relative to itself`);
  return { page, entry: posix.normalize(posix.join(posix.dirname(page), url)) };
}

test('c2m.js is the one entry, an ES module that exports the elements’ API', () => {
  const entries = Object.values(manifest).filter((c) => c.isEntry);
  assert.deepEqual(entries.map((c) => c.file), ['c2m.js']);
  const code = read('c2m.js');
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
    const code = read(file);
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
    const code = read(file);
    assert.doesNotMatch(code, /\bnew Function\b|\beval\(|\bFunction\(/, file);
  }
});

test("the glTF decoders are next to c2m.js, once (three's hashed copies are left out)", () => {
  for (const f of ['decoders/draco/draco_decoder.wasm', 'decoders/draco/draco_wasm_wrapper.js', 'decoders/basis/basis_transcoder.wasm', 'decoders/basis/basis_transcoder.js']) {
    assert.ok(existsSync(join(out, f)), f);
  }
  assert.deepEqual(build.files().filter((f) => /^assets\/(draco|basis)_/.test(f)), []);
});

test("the engine's worker is a build of its own: no page chunk imports it, it imports no page chunk", () => {
  const { page, entry } = workerEntry();
  assert.match(entry, /^worker\/thread-[\w-]+\.js$/);
  // The worker c2m.js registers is the same file, by a URL relative to c2m.js.
  assert.match(read('c2m.js'), new RegExp(`new URL\\(["'\`]${entry.replaceAll('.', '\\.')}["'\`],\\s*import\\.meta\\.url\\)`));
  const worker = graphOf(entry);
  // The full checks the worker loads for a broken file are the worker's own chunk, beside it.
  assert.ok([...worker].some((f) => /^worker\/check-/.test(f)), `the worker's files: ${[...worker].join(', ')}`);
  for (const f of worker) assert.ok(existsSync(join(out, f)), `${f} exists`);
  const pageFiles = new Set(Object.values(manifest).map((c) => c.file));
  for (const f of worker) assert.ok(!pageFiles.has(f), `${f} is the worker's, not a page chunk`);
  for (const f of pageFiles) {
    if (!f.endsWith('.js')) continue;
    for (const i of importsOf(f)) assert.ok(!worker.has(i), `${f} imports ${i}, a module of the worker`);
    // c2m.js starts the worker itself (also from a CDN's origin); the engine's own default names it too.
    if (f !== page && f !== 'c2m.js') assert.ok(!read(f).includes(posix.basename(entry)), `only c2m.js and ${page} name the worker's module (${f} does too)`);
  }
  for (const f of worker) {
    for (const i of importsOf(f)) assert.ok(worker.has(i) && !pageFiles.has(i), `the worker's ${f} imports ${i}`);
    // Nothing of the page's UI in the worker: no Lit, no element definitions.
    assert.doesNotMatch(read(f), /customElements|attachShadow/, `${f} holds page code`);
  }
});

test('the page runs no module of the worker: its message listener and zod switch are only in the worker', () => {
  const { entry } = workerEntry();
  assert.match(read(entry), /addEventListener\(["'`]message["'`]/);
  assert.match(read(entry), /jitless:\s*(!0|true)/);
  // Every page chunk (everything but the worker's files and three's decoder glue) is free of the thread's top level.
  const worker = graphOf(entry);
  for (const f of js()) {
    if (worker.has(f) || f.startsWith('decoders/') || /KTX2Loader|DRACOLoader|meshopt/.test(f)) continue;
    assert.doesNotMatch(read(f), /jitless:\s*(!0|true)/, `${f} switches zod to jitless: it holds the worker's top level`);
  }
});

test('the page engine is two chunks: the runtime, all a compiled product needs, and what a product file adds', () => {
  const one = (pattern: RegExp) => {
    const found = js().filter((f) => pattern.test(f));
    assert.equal(found.length, 1, `one file matches ${pattern}: ${found.join(', ')}`);
    return found[0]!;
  };
  const runtime = one(/^chunks\/runtime-[\w-]+\.js$/);
  const engine = one(/^chunks\/engine-[\w-]+\.js$/);
  /** The modules a chunk was built from, by its source map, as paths below packages/. */
  const modules = (file: string) => (JSON.parse(read(`${file}.map`)) as { sources: string[] }).sources.map((s) => s.slice(s.lastIndexOf('packages/') + 'packages/'.length));
  const inRuntime = modules(runtime);
  const inEngine = modules(engine);
  assert.ok(inRuntime.includes('rules/src/engine/open-compiled.ts'), inRuntime.join('\n'));
  assert.ok(inRuntime.includes('elements/src/internal/engine.ts'), inRuntime.join('\n'));
  assert.ok(inEngine.includes('rules/src/engine/open.ts'), inEngine.join('\n'));
  // What a compiled product spares the page: the product file's checks, the expression parser, the
  // model compiler and SHA-256 are in the second chunk only.
  for (const m of ['rules/src/expr/parse.ts', 'rules/src/digest.ts', 'rules/src/validate/semantic.ts']) {
    assert.ok(!inRuntime.includes(m), `${m} is not in the runtime`);
    assert.ok(inEngine.includes(m), `${m} is in the engine chunk`);
  }
  // The runtime fetches the rest only on demand (a product file, or a compiled product it cannot
  // use); the rest builds on the runtime; c2m.js holds neither.
  /** The files a chunk imports statically (`import … from`, `import "…"`), relative to the build. */
  const staticImportsOf = (file: string) =>
    [...read(file).matchAll(/(?:\bfrom\s*|\bimport\s*)["'`](\.{1,2}\/[^"'`]+)["'`]/g)].map((m) => posix.normalize(posix.join(posix.dirname(file), m[1]!)));
  const staticGraph = (file: string, seen = new Set<string>()): Set<string> => {
    if (!seen.has(file)) {
      seen.add(file);
      for (const i of staticImportsOf(file)) staticGraph(i, seen);
    }
    return seen;
  };
  assert.ok(!staticGraph(runtime).has(engine), `${runtime} imports ${engine} statically`);
  assert.ok(importsOf(runtime).includes(engine), `${runtime} imports ${engine} on demand`);
  assert.ok(staticImportsOf(engine).includes(runtime), `${engine} imports ${runtime}`);
  const upFront = staticGraph('c2m.js');
  assert.ok(!upFront.has(runtime) && !upFront.has(engine), 'neither engine chunk comes with c2m.js');
  // What a page given a compiled product fetches once it is shown (a change's work, reasons and the
  // specification; the summary and the toolbar; the order client) builds on the runtime, never on the
  // product-file engine: a module those share with open.ts's imports lands in the engine chunk and
  // would bring all of it along (≈ 13 KB gzip, measured once).
  for (const key of ['../rules/src/engine/later.ts', '../elements/src/components/configurator/later-parts.ts', '../client/src/index.ts']) {
    const file = manifest[key]?.file;
    assert.ok(file, `${key} is a chunk of the build`);
    assert.ok(!staticGraph(file).has(engine), `${file} (${key}) imports ${engine}`);
  }
});
