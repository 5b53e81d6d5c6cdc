/**
 * The script-tag build: `dist/c2m.js` and its chunks.
 *
 * - `base: './'`: every URL the build writes (chunks, the worker, the decoders) is relative to the
 *   module that uses it, so the folder works from any host or path.
 * - One entry, `c2m.js` (exports kept: pages can extend the elements it defines); lazily imported
 *   code (the viewer with three.js, the engine's worker, the full checks, the decoders' JS) becomes
 *   chunks under `chunks/`, fetched only when needed.
 * - The decoders' WebAssembly (Draco, Basis/KTX2) is copied from three to `decoders/`, where c2m.js
 *   points the viewer (no third-party CDN).
 * - What a page needs before the configurator is usable comes in as few files as possible (each
 *   file gzips on its own and names what it shares with the others): `c2m.js` holds everything it
 *   imports (lit, the elements, the English strings), and the chunks fetched later import from it;
 *   the engine a product in the page needs is one chunk for a compiled product,
 *   `chunks/runtime-*.js`, and one more for a product file, `chunks/engine-*.js` (see
 *   {@link pageEngineGroup}).
 * - The CSS and HTML of the elements' templates are minified as in their own build
 *   (scripts/minify-literals.mjs).
 * - `.vite/manifest.json` records which chunk each module became: `pnpm size` measures from it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type Rolldown } from 'vite';
import { literalsPlugin } from '../../scripts/minify-literals.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** Files of `dir`, recursively, as paths relative to it. */
function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path).map((f) => join(name, f)) : [name];
  });
}

/**
 * Emits three's decoder files into `decoders/draco` and `decoders/basis`, and drops the hashed copies
 * that three's loaders reference as their defaults: the viewer always sets its own decoder path, so
 * those copies would only make the package heavier.
 */
function decoders(): Plugin {
  return {
    name: 'c2m-decoders',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (/^assets\/(draco_decoder|draco_wasm_wrapper|basis_transcoder)-[\w-]+\.(js|wasm)$/.test(name)) delete bundle[name];
      }
      // three's `exports` hide its package.json: find its folder from its main module, as the viewer resolves it.
      const viewer = createRequire(join(here, 'package.json')).resolve('@c2m/viewer');
      const three = resolve(dirname(createRequire(viewer).resolve('three')), '..');
      const libs = join(three, 'examples', 'jsm', 'libs');
      const sets = [
        { from: join(libs, 'draco', 'gltf'), to: 'decoders/draco' },
        { from: join(libs, 'basis'), to: 'decoders/basis' },
      ];
      for (const { from, to } of sets) {
        for (const file of filesOf(from)) {
          if (file.endsWith('.md')) continue;
          this.emitFile({ type: 'asset', fileName: `${to}/${relative(from, join(from, file)).replaceAll('\\', '/')}`, source: readFileSync(join(from, file)) });
        }
      }
    },
  };
}

/**
 * `c2m.d.ts`: the module's types are those of `@c2m/elements`, whose API it re-exports (the tags'
 * `HTMLElementTagNameMap` and events' `HTMLElementEventMap` entries come with it).
 */
function types(): Plugin {
  return {
    name: 'c2m-types',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'c2m.d.ts', source: "export * from '@c2m/elements';\n" });
    },
  };
}

/** A module's own imports and theirs, by id (static imports only). */
function staticClosure(graph: { getModuleInfo(id: string): Rolldown.ModuleInfo | null }, roots: string[], through: (id: string) => boolean = () => true): Set<string> {
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    if (through(id)) for (const i of graph.getModuleInfo(id)?.importedIds ?? []) visit(i);
  };
  roots.forEach(visit);
  return seen;
}

/**
 * `@c2m/rules`' main entry: it re-exports a little of everything (the page session, the limits,
 * formatting paths, …). An engine chunk takes from it only what its own modules import, not all it
 * re-exports (formatting paths, say, belongs to the checks).
 */
const RULES_ENTRY = resolve(here, '../rules/src/index.ts');

/** The modules each of the page's engine chunks is built around (see {@link pageEngineGroup}). */
const ENGINE_ROOTS = {
  /**
   * Opening a compiled product: the elements' engine module, `createPageSession` (which it imports
   * through `@c2m/rules`' main entry, see {@link RULES_ENTRY}) and the runtime of `@c2m/rules`.
   */
  runtime: ['../elements/src/internal/engine.ts', '../rules/src/engine/open-compiled.ts', '../rules/src/page-session.ts'],
  /** Opening a product file: the checks, the expression parser and the model compiler on top of the runtime. */
  engine: ['../rules/src/engine/open.ts'],
} as const;

/**
 * The engine a product in the page needs, as two chunks: `chunks/runtime-*.js`, all a page needs
 * for a compiled product (the elements' engine module and the part of `@c2m/rules` that opening a
 * compiled product imports: `engine/open-compiled.ts` and everything it imports), and
 * `chunks/engine-*.js`, what opening a product file adds to it (`engine/open.ts`: the product
 * file's checks, the expression parser, the model compiler, the digest), fetched only for a
 * product file. The bundler would otherwise split these modules by who else shares them (the full
 * checks, the diagram) into several files. Left out: what `c2m.js`, the worker's client side or the
 * order client import too (the shared interpreter of generated descriptions, the error classes), so
 * that none of those ever fetches the engine. Modules fetched later (the diagram, the full checks,
 * reasons and the specification) stay chunks of their own. The build stops if a named module moved.
 */
function pageEngineGroup(): Rolldown.CodeSplittingGroup {
  /** Each engine module's chunk name, found once per build (the graph a build's chunking is asked with). */
  const found = new WeakMap<object, Map<string, string>>();
  /** The roots' modules and their static imports, but for those `shared` has that are not roots. */
  const modules = (graph: { getModuleInfo(id: string): Rolldown.ModuleInfo | null }, roots: readonly string[], shared: Set<string>) => {
    const ids = roots.map((r) => resolve(here, r));
    // A module moved or renamed: say so, rather than build an engine of many chunks unnoticed.
    for (const id of ids) if (!graph.getModuleInfo(id)) throw new Error(`c2m embed build: ${id} is not a module of the build (ENGINE_ROOTS in vite.config.ts names it)`);
    return [...staticClosure(graph, ids, (id) => id !== RULES_ENTRY)].filter((m) => ids.includes(m) || !shared.has(m));
  };
  return {
    name: (id, graph) => {
      let chunks = found.get(graph);
      if (!chunks) {
        const shared = staticClosure(graph, [resolve(here, 'src/c2m.ts'), resolve(here, '../rules/src/worker/index.ts'), resolve(here, '../client/src/index.ts')]);
        chunks = new Map<string, string>();
        for (const m of modules(graph, ENGINE_ROOTS.runtime, shared)) chunks.set(m, 'runtime');
        for (const m of modules(graph, ENGINE_ROOTS.engine, shared)) if (!chunks.has(m)) chunks.set(m, 'engine');
        found.set(graph, chunks);
      }
      return chunks.get(id) ?? null;
    },
    // Only the modules named: their shared imports stay where the other importers find them.
    includeDependenciesRecursively: false,
  };
}

export default defineConfig({
  base: './',
  publicDir: false,
  logLevel: 'warn',
  plugins: [literalsPlugin(), decoders(), types()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    manifest: true,
    // A module script needs no polyfill; preloading a lazy chunk's own imports saves a round trip.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    // The 3D chunk (three.js) is large by nature; its budget is kept by `pnpm size`.
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      input: { c2m: resolve(here, 'src/c2m.ts') },
      // Build-time profiling notes are noise on a loaded machine.
      checks: { pluginTimings: false },
      // c2m.js exports the elements' API and may export more: the modules that lazily loaded chunks
      // share with it stay in it (they import them from c2m.js) instead of becoming chunks of their own.
      preserveEntrySignatures: 'allow-extension',
      output: {
        entryFileNames: '[name].js',
        // The 3D chunk is named for what it is (its module is the viewer package's `index`).
        chunkFileNames: (chunk) => (/[\\/]viewer[\\/](src|dist)[\\/]index\.[jt]s$/.test(chunk.facadeModuleId ?? '') ? 'chunks/viewer-[hash].js' : 'chunks/[name]-[hash].js'),
        assetFileNames: 'assets/[name]-[hash][extname]',
        codeSplitting: {
          groups: [
            pageEngineGroup(),
            // Everything c2m.js imports stays in c2m.js (one file up front), also when a lazy chunk
            // (the summary and the toolbar, the file upload) shares some of it.
            { name: 'c2m', tags: ['$initial'] },
          ],
        },
      },
    },
  },
  // The engine's worker (`new Worker(new URL('./thread.js', import.meta.url), { type: 'module' })` in
  // `@c2m/rules/worker`) is a build of its own: its modules never share a chunk with the page's,
  // so no page chunk runs the worker's top level (its message listener, zod's jitless switch). Its
  // files go to `worker/`, and the page finds them relative to its own chunk.
  worker: {
    format: 'es',
    rolldownOptions: {
      output: {
        entryFileNames: 'worker/[name]-[hash].js',
        chunkFileNames: 'worker/[name]-[hash].js',
        // What the worker imports up front stays in its one file; the diagram, counting and the full
        // checks are chunks it fetches when a product or a call needs them.
        codeSplitting: { groups: [{ name: 'thread', tags: ['$initial'] }] },
      },
    },
  },
});
