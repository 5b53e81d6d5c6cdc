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
 * - `.vite/manifest.json` records which chunk each module became: `pnpm size` measures from it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  base: './',
  publicDir: false,
  logLevel: 'warn',
  plugins: [decoders(), types()],
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
      preserveEntrySignatures: 'strict',
      output: {
        entryFileNames: '[name].js',
        // The 3D chunk is named for what it is (its module is the viewer package's `index`).
        chunkFileNames: (chunk) => (/[\\/]viewer[\\/](src|dist)[\\/]index\.[jt]s$/.test(chunk.facadeModuleId ?? '') ? 'chunks/viewer-[hash].js' : 'chunks/[name]-[hash].js'),
        assetFileNames: 'assets/[name]-[hash][extname]',
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
      },
    },
  },
});
