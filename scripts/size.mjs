// `pnpm size`: what a browser downloads, per entry, checked against budgets (CI runs it).
//
// Each entry is bundled as a browser gets it: esbuild, every dependency bundled (nothing external,
// zod and all), minified, ES2022, then gzip -9. The report gives each entry's size and its largest
// modules (minified bytes, from esbuild's metafile). A lazily loaded entry (`after`) is also measured
// as a page fetches it: split from the entry the page already has, only the chunks that are new.
// Exits 1 when an entry is over its budget.
//
// To measure a new entry, add a row to ENTRIES:
//   name      what the report calls it
//   code      the module a page would load, written as imports of the packages, so that their
//             `exports` are what is measured, as for a shop
//   from      the package folder whose dependencies resolve `code`
//   budgetKB  the most it may weigh, in KiB of min+gzip (all-in; for an `after` row, what it adds)
//   targetKB  optional: where it should get to, when the budget is a ratchet above it
//   after     optional: the name of the row a page has already loaded
//   upFront   optional: count only what the page loads up front, not code behind dynamic imports
// A row whose package is not in the workspace yet is skipped.
//
//   node scripts/size.mjs            the table and the largest modules
//   node scripts/size.mjs --top 15   more modules per entry
//   node scripts/size.mjs --json     the measurements as JSON
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join, resolve, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');

/**
 * The budgets, in KiB of min+gzip.
 * - `@c2m/rules`: issue #12 asks for ≤ 32 KB for the main entry, what a shop page loads up front.
 *   The main entry is the shop's asynchronous API (`createPageSession`, the types): the engine is a
 *   chunk it fetches when a session opens, so the budget is the target itself.
 * - `@c2m/rules` + `@c2m/client`: a shop page that also submits; issue #12 asks for ≤ 38 KB (zod's
 *   core is the client's; it is counted once).
 * - `page: <product>`: what a page really downloads to configure each example product in the page —
 *   the main entry and the engine's chunks `createPageSession` fetches for it (the compiled diagram
 *   only for products with allowed-combination tables; counting, fetched on the first `count`, is
 *   not in it: see `counting`). Most of it is the engine's core (sessions, domains, the SAT solver,
 *   the model and formulas) and the shop path's checks (zod/mini with the product-file schema, the
 *   whole-file checks), which a page needs to accept a file; a ratchet just above today's size.
 * - `counting`: what the first `count` of a session opened by `createPageSession` fetches.
 * - `@c2m/rules/check`: fetched only after a product file failed the shop path's checks, to show
 *   every problem worded with its line and column. What it adds after the engine is the number that
 *   matters to a page (messages in two languages, zod's issues worded, the positioned parser, code
 *   frames): ≈ 15 KB. (Until the engine left the main entry this row read ≈ 10 KB: the English
 *   messages sat in a chunk shared with the main entry and were counted there.)
 * - `@c2m/rules/worker`: what the page loads for a session in a worker (the protocol, no engine);
 *   `@c2m/rules/worker/thread`: what the worker loads (the main entry's engine and checks, and the
 *   complete checks it imports when a file is refused, here bundled in: a bundler that splits code
 *   makes those a chunk of their own).
 * - `@c2m/viewer`: the 3D chunk (three.js, the parts the viewer uses, and the viewer), issue #16:
 *   ≤ 170 KB. Measured as fetched after the page's engine, so the decoders and the decal geometry,
 *   imported only when a model needs them, are left out of what it adds (its all-in size counts them).
 * - `@c2m/elements`: issue #15 asks for 55 KB all-in (lit, the engine, the client, the elements),
 *   counted as a page loads it (`upFront` with the engine and the client named, as a page with a
 *   small product and an endpoint fetches them; the full product-file checks, the file upload, the
 *   problems view and the Chinese strings, fetched only when needed, are not); a ratchet above
 *   today's size, most of which is the engine (see the row).
 * - `@c2m/elements (worker)`: the same page when the engine runs in its worker: no engine at all.
 * Later rows: the embed's `c2m.js` (the viewer's row then follows it).
 */
/**
 * The example products (packages/rules/examples) and the engine's chunks a page fetches to configure
 * each one in the page (modules of packages/rules/src that `createPageSession` imports on demand for it).
 */
export const PAGE_PRODUCTS = [
  { product: 'suit', chunks: ['engine/open.ts', 'engine/diagram-source.ts'] },
  { product: 'oak-table', chunks: ['engine/open.ts', 'engine/diagram-source.ts'] },
  { product: 'mug', chunks: ['engine/open.ts'] },
];
/** The budget of a `page: <product>` row: a ratchet just above today's size. */
const PAGE_BUDGET_KB = 54.5;

export const ENTRIES = [
  { name: '@c2m/rules', code: "export * from '@c2m/rules';", from: 'packages/rules', upFront: true, budgetKB: 32 },
  {
    name: '@c2m/rules + @c2m/client',
    code: "export * as rules from '@c2m/rules'; export * as client from '@c2m/client';",
    from: 'packages/client',
    upFront: true,
    budgetKB: 38,
  },
  // What a page downloads to configure each example product in the page: the main entry and the
  // engine's chunk that `createPageSession` imports (engine/open.ts and everything it imports
  // statically), each as its own gzipped file.
  ...PAGE_PRODUCTS.map(({ product, chunks }) => ({
    name: `page: ${product}`,
    code: ["export * from '@c2m/rules';", ...chunks.map((c) => `export * from './src/${c}';`)].join(' '),
    from: 'packages/rules',
    upFront: true,
    budgetKB: PAGE_BUDGET_KB,
  })),
  { name: '@c2m/client', code: "export * from '@c2m/client';", from: 'packages/client', budgetKB: 14.5 },
  { name: 'counting', code: "export * from './src/engine/count.ts';", from: 'packages/rules', after: 'page: suit', budgetKB: 6 },
  { name: '@c2m/rules/check', code: "export * from '@c2m/rules/check';", from: 'packages/rules', after: 'page: suit', budgetKB: 15.5 },
  { name: '@c2m/rules/worker', code: "export * from '@c2m/rules/worker';", from: 'packages/rules', budgetKB: 3 },
  { name: '@c2m/rules/worker/thread', code: "import '@c2m/rules/worker/thread';", from: 'packages/rules', budgetKB: 73 },
  // Issue #15: a shop page with the configurator, all-in (target 55 KB): lit, @lit/context, @lit/task,
  // the elements, the engine running in the page (imported on demand: @c2m/rules' main entry and the
  // engine's chunk it fetches for a product without tables, as in the `page: mug` row) and the client
  // (imported on demand once there is an endpoint), each chunk gzipped as fetched. Most of it is the
  // engine (see `page: mug`): a ratchet just above today's size.
  {
    name: '@c2m/elements',
    code: "export * from '@c2m/elements'; export * from './src/internal/engine.ts'; export * from '../rules/src/engine/open.ts'; export * as client from '@c2m/client';",
    from: 'packages/elements',
    upFront: true,
    budgetKB: 90,
    targetKB: 55,
  },
  // What a page whose product runs in the engine's worker downloads before the worker's own chunk
  // (`engine="worker"`, or a large product under `auto`): lit, the elements and the worker's client
  // side, no engine. The order client follows once there is an endpoint (+ ≈ 17 KB).
  { name: '@c2m/elements (worker)', code: "export * from '@c2m/elements'; export * as worker from '@c2m/rules/worker';", from: 'packages/elements', upFront: true, budgetKB: 32.5 },
  { name: '@c2m/viewer (3D chunk)', code: "export * from '@c2m/viewer';", from: 'packages/viewer', after: 'page: suit', budgetKB: 170 },
];

/**
 * The script-tag build, measured as it is really built (`vite build` of packages/embed into a
 * scratch folder; its `.vite/manifest.json` says which chunk each module became):
 *   name      what the report calls it
 *   package   the folder built
 *   entry     the manifest key of the page's entry; the row counts it and every chunk it imports
 *             statically (what `<script type="module" src="c2m.js">` downloads before anything is shown)
 *   dynamic   optional: a pattern of the manifest key of a lazily imported module; the row then
 *             counts what that import fetches beyond what the entry already loaded
 *   budgetKB, targetKB   as for ENTRIES (gzip -9 of each file, summed: files are served one by one)
 * - `c2m.js (before 3D)`: issue #17 asks for 55 KB: lit, the elements, the client and the engine.
 *   The engine and the client are chunks of their own, fetched when a product opens (in the page:
 *   `@c2m/rules`' main entry and the engine's chunks, the `page:` rows; the `@c2m/elements` row
 *   measures that page with esbuild); the budget was set when this row still counted them.
 * - `c2m.js 3D chunk`: three.js (what the viewer uses of it) and the viewer, ≤ 170 KB (issues #16, #17).
 *   Draco/meshopt/KTX2 decoders and the decal geometry are further chunks, fetched only by models
 *   that need them, and not counted.
 */
export const BUILDS = [
  { name: 'c2m.js (before 3D)', package: 'packages/embed', entry: 'src/c2m.ts', budgetKB: 95, targetKB: 55 },
  { name: 'c2m.js 3D chunk', package: 'packages/embed', entry: 'src/c2m.ts', dynamic: /(^|\/)viewer\/(src|dist)\/index\.[jt]s$/, budgetKB: 170 },
];

const common = { bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, metafile: true, logLevel: 'silent', legalComments: 'none' };
const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** Entry modules given as text, resolved from their package folder. */
function virtualEntries(entries) {
  return {
    name: 'size-entries',
    setup(b) {
      b.onResolve({ filter: /^size-entry:/ }, (args) => ({ path: args.path, namespace: 'size-entry' }));
      b.onLoad({ filter: /.*/, namespace: 'size-entry' }, (args) => {
        const entry = entries[Number(args.path.slice('size-entry:'.length))];
        return { contents: entry.code, resolveDir: resolve(root, entry.from), loader: 'js' };
      });
    },
  };
}

/** The output files an entry point loads up front: its chunk and, transitively, the chunks it imports statically. */
function staticClosure(outputs, entryPoint) {
  const start = Object.keys(outputs).find((k) => outputs[k].entryPoint === entryPoint);
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of outputs[file].imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(start);
  return seen;
}

/** Minified and gzipped bytes of some output files of a build, and the input modules in them. */
function sizeOf(out, files) {
  const contents = new Map(out.outputFiles.map((f) => [relative(root, f.path).replaceAll('\\', '/'), f.contents]));
  let min = 0;
  let gzip = 0;
  const bytes = new Map();
  for (const f of files) {
    min += contents.get(f).length;
    gzip += gzipSize(contents.get(f));
    for (const [path, info] of Object.entries(out.metafile.outputs[f].inputs)) bytes.set(path, (bytes.get(path) ?? 0) + info.bytesInOutput);
  }
  return { min, gzip, bytes };
}

/**
 * One entry bundled on its own: sizes, and modules by minified bytes, largest first. With `upFront`,
 * code behind a dynamic `import()` (e.g. `@c2m/rules/check`, fetched only when a product file fails)
 * is split off and not counted: only the chunks a page loads up front are.
 */
async function measureAllIn(entry) {
  const out = await build({ ...common, entryPoints: ['size-entry:0'], outdir: 'out', splitting: Boolean(entry.upFront), plugins: [virtualEntries([entry])] });
  const files = entry.upFront ? staticClosure(out.metafile.outputs, 'size-entry:size-entry:0') : Object.keys(out.metafile.outputs).filter((f) => f.endsWith('.js'));
  const { min, gzip, bytes } = sizeOf(out, files);
  const modules = [...bytes]
    .map(([path, n]) => ({ path: shortPath(path), bytes: n }))
    .filter((m) => m.bytes > 0 && !m.path.startsWith('size-entry:'))
    .sort((a, b) => b.bytes - a.bytes);
  return { min, gzip, modules };
}

/** What `entry` adds to a page that has loaded `base`: the chunks only it needs, each gzipped. */
async function measureAfter(entry, base) {
  const out = await build({ ...common, entryPoints: ['size-entry:0', 'size-entry:1'], outdir: 'out', splitting: true, plugins: [virtualEntries([base, entry])] });
  const have = staticClosure(out.metafile.outputs, 'size-entry:size-entry:0');
  const fetched = [...staticClosure(out.metafile.outputs, 'size-entry:size-entry:1')].filter((f) => !have.has(f));
  const { min, gzip } = sizeOf(out, fetched);
  return { min, gzip };
}

/** `packages/rules/src/engine/sat.ts`, `zod/v4/core/schemas.js`: a module's path for the report. */
function shortPath(path) {
  const rel = relative(root, resolve(root, path)).replaceAll('\\', '/');
  const nm = rel.lastIndexOf('node_modules/');
  return nm >= 0 ? rel.slice(nm + 'node_modules/'.length) : rel;
}

/** Measures every entry whose packages exist. */
export async function measureAll(entries = ENTRIES) {
  const results = [];
  for (const entry of entries) {
    try {
      const result = { ...entry, ...(await measureAllIn(entry)) };
      if (entry.after) {
        const base = entries.find((e) => e.name === entry.after);
        result.added = await measureAfter(entry, base);
      }
      results.push(result);
    } catch (error) {
      // A row naming a package that is not in this workspace yet is skipped; anything else is a failure.
      const missing = error?.errors?.length > 0 && error.errors.every((e) => /Could not resolve "@c2m\//.test(e.text));
      if (!missing) throw error;
    }
  }
  return results;
}

/** Builds each package of `builds` once (into a scratch folder) and measures its rows. */
export async function measureBuilds(builds = BUILDS) {
  const results = [];
  const byPackage = new Map();
  for (const row of builds) {
    const dir = resolve(root, row.package);
    if (!existsSync(join(dir, 'package.json'))) continue; // not in this workspace yet
    if (!byPackage.has(row.package)) {
      const out = mkdtempSync(join(tmpdir(), 'c2m-size-'));
      const r = spawnSync('pnpm', ['exec', 'vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], { cwd: dir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`vite build of ${row.package} failed:\n${r.stdout}${r.stderr}${r.error?.message ?? ''}`);
      byPackage.set(row.package, { out, manifest: JSON.parse(readFileSync(join(out, '.vite', 'manifest.json'), 'utf8')) });
    }
    const { out, manifest } = byPackage.get(row.package);
    /** A manifest key's file and every chunk it imports statically. */
    const closure = (key, seen = new Set()) => {
      const chunk = manifest[key];
      if (!chunk || seen.has(chunk.file)) return seen;
      seen.add(chunk.file);
      for (const i of chunk.imports ?? []) closure(i, seen);
      return seen;
    };
    if (!manifest[row.entry]) throw new Error(`${row.package}: no "${row.entry}" in the build's manifest`);
    const upFront = closure(row.entry);
    let files = [...upFront];
    let all;
    if (row.dynamic) {
      const key = Object.keys(manifest).find((k) => row.dynamic.test(k));
      if (!key) throw new Error(`${row.package}: no module matching ${row.dynamic} in the build's manifest`);
      all = [...closure(key)];
      files = all.filter((f) => !upFront.has(f));
    }
    const sizes = (list) => list.map((f) => {
      const contents = readFileSync(join(out, f));
      return { path: f, bytes: contents.length, gzip: gzipSize(contents) };
    });
    const measured = sizes(files);
    const sum = (list, k) => list.reduce((s, f) => s + f[k], 0);
    const result = { ...row, min: sum(measured, 'bytes'), gzip: sum(measured, 'gzip'), modules: measured.sort((a, b) => b.bytes - a.bytes), files: true };
    if (row.dynamic) {
      const whole = sizes(all);
      Object.assign(result, { min: sum(whole, 'bytes'), gzip: sum(whole, 'gzip'), after: builds.find((b) => !b.dynamic && b.package === row.package && b.entry === row.entry)?.name ?? row.entry, added: { min: sum(measured, 'bytes'), gzip: sum(measured, 'gzip') } });
    }
    results.push(result);
  }
  for (const { out } of byPackage.values()) rmSync(out, { recursive: true, force: true });
  return results;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
/** The size a budget applies to: what the entry adds when it is loaded after another, else all of it. */
const budgeted = (r) => (r.added ? r.added.gzip : r.gzip);
const isOver = (r) => budgeted(r) > r.budgetKB * 1024;

async function main(argv) {
  const top = argv.includes('--top') ? Number(argv[argv.indexOf('--top') + 1]) : 8;
  const results = [...(await measureAll()), ...(await measureBuilds())];
  if (argv.includes('--json')) {
    console.log(JSON.stringify(results.map(({ code, from, modules, ...r }) => ({ ...r, modules: modules.slice(0, top) })), null, 2));
  } else {
    const load = (await import('node:os')).loadavg().map((n) => n.toFixed(2)).join(' ');
    console.log(`${'entry'.padEnd(26)} ${'min'.padStart(9)} ${'min+gzip'.padStart(9)} ${'budget'.padStart(8)}`);
    for (const r of results) {
      const target = r.targetKB !== undefined && r.gzip > r.targetKB * 1024 ? `, target ${r.targetKB} KB not met` : '';
      console.log(`${r.name.padEnd(26)} ${kb(r.min).padStart(9)} ${kb(r.gzip).padStart(9)} ${(r.added ? '' : `${r.budgetKB} KB`).padStart(8)} ${r.added ? '(all-in)' : isOver(r) ? 'OVER BUDGET' : `ok${target}`}`);
      if (r.added) {
        const line = `  added after ${r.after}`;
        console.log(`${line.padEnd(26)} ${kb(r.added.min).padStart(9)} ${kb(r.added.gzip).padStart(9)} ${`${r.budgetKB} KB`.padStart(8)} ${isOver(r) ? 'OVER BUDGET' : 'ok'}`);
      }
    }
    for (const r of results) {
      console.log(`\n${r.name}: ${r.files ? 'files (minified, before gzip)' : 'largest modules (minified, before gzip)'}`);
      for (const m of r.modules.slice(0, top)) console.log(`  ${kb(m.bytes).padStart(9)}  ${m.path}`);
      const rest = r.modules.slice(top);
      if (rest.length > 0) console.log(`  ${kb(rest.reduce((s, m) => s + m.bytes, 0)).padStart(9)}  ${rest.length} more modules`);
    }
    console.log(`\n(load average ${load}; sizes do not depend on it)`);
  }
  const over = results.filter(isOver);
  if (over.length > 0) console.error(`\nover budget: ${over.map((r) => r.name).join(', ')}`);
  return over.length > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
