// `pnpm size`: what a browser downloads, per entry, checked against budgets.
//
// Each entry is bundled as a browser gets it: esbuild, every dependency bundled (nothing external,
// zod and all), minified, ES2022, then gzip -9. The report lists each entry's size and its largest
// modules (minified bytes from esbuild's metafile). Exits 1 when an entry is over its budget.
//
// To budget a new entry, add a row to ENTRIES: `code` is the module a browser loads, written as
// imports of the packages (so a package's `exports` are what is measured, as for a shop), and
// `budgetKB` its limit in KiB of min+gzip (omit it for an informational row).
//
//   node scripts/size.mjs            the table
//   node scripts/size.mjs --top 15   more modules per entry
//   node scripts/size.mjs --json     the measurements as JSON (used by scripts/size.test.ts)
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { resolve, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');

/**
 * The budgets (min+gzip, KiB). Why these numbers:
 * - `@c2m/rules` 32 and `@c2m/rules` + `@c2m/client` 38: issue #12, what a shop page loads up front.
 * - `@c2m/rules/check` is fetched only after a product file failed the main entry's checks, to
 *   show every problem with its line and column; 40 keeps it below the main entry's own cost
 *   of ≈ 30 KB plus room for the messages of new checks. It is measured on top of nothing
 *   (all-in), which overstates the extra download: most of it is shared with the main entry.
 * - `@c2m/rules/count` (exact counting) is loaded when a page shows "N configurations".
 * Entries of later packages (`@c2m/elements` ≤ 55 KB all-in, the embed's `c2m.js` and its 3D chunk)
 * are added here as rows when those packages exist; a row whose package is missing is skipped.
 */
export const ENTRIES = [
  { name: '@c2m/rules', code: "export * from '@c2m/rules';", from: 'packages/rules', budgetKB: 32 },
  {
    name: '@c2m/rules + @c2m/client',
    code: "export * as rules from '@c2m/rules'; export * as client from '@c2m/client';",
    from: 'packages/client',
    budgetKB: 38,
  },
  { name: '@c2m/client', code: "export * from '@c2m/client';", from: 'packages/client', budgetKB: 10 },
  { name: '@c2m/rules/check (lazy)', code: "export * from '@c2m/rules/check';", from: 'packages/rules', budgetKB: 40 },
];

/** Bundles one entry; returns its sizes and modules by minified bytes, largest first. */
export async function measure(entry) {
  const out = await build({
    stdin: { contents: entry.code, resolveDir: resolve(root, entry.from), sourcefile: `${entry.name}.js`, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    outfile: 'out.js',
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const code = out.outputFiles[0].contents;
  const inputs = Object.values(out.metafile.outputs)[0].inputs;
  const modules = Object.entries(inputs)
    .map(([path, info]) => ({ path: shortPath(path), bytes: info.bytesInOutput }))
    .filter((m) => m.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { name: entry.name, budgetKB: entry.budgetKB, min: code.length, gzip: gzipSync(code, { level: 9 }).length, modules };
}

/** `packages/rules/src/engine/sat.ts`, `zod/v4/core/schemas.js`: a module's path for the report. */
function shortPath(path) {
  const rel = relative(root, resolve(root, path)).replaceAll('\\', '/');
  const nm = rel.lastIndexOf('node_modules/');
  return nm >= 0 ? rel.slice(nm + 'node_modules/'.length) : rel;
}

/** Sizes of every entry whose package exists. */
export async function measureAll(entries = ENTRIES) {
  const results = [];
  for (const entry of entries) {
    try {
      results.push(await measure(entry));
    } catch (error) {
      // A package a row names that is not in this workspace yet is skipped; anything else is a failure.
      const missing = error?.errors?.every((e) => /Could not resolve "@c2m\//.test(e.text));
      if (!missing) throw error;
    }
  }
  return results;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(argv) {
  const top = argv.includes('--top') ? Number(argv[argv.indexOf('--top') + 1]) : 8;
  const results = await measureAll();
  if (argv.includes('--json')) {
    console.log(JSON.stringify(results.map(({ modules, ...r }) => ({ ...r, modules: modules.slice(0, top) })), null, 2));
  } else {
    console.log(`${'entry'.padEnd(28)} ${'min'.padStart(9)} ${'min+gzip'.padStart(9)} ${'budget'.padStart(7)}`);
    for (const r of results) {
      const over = r.budgetKB !== undefined && r.gzip > r.budgetKB * 1024;
      const budget = r.budgetKB === undefined ? '—' : `${r.budgetKB} KB`;
      console.log(`${r.name.padEnd(28)} ${kb(r.min).padStart(9)} ${kb(r.gzip).padStart(9)} ${budget.padStart(7)} ${over ? 'OVER BUDGET' : 'ok'}`);
    }
    for (const r of results) {
      console.log(`\n${r.name}: largest modules (minified, before gzip)`);
      for (const m of r.modules.slice(0, top)) console.log(`  ${kb(m.bytes).padStart(9)}  ${m.path}`);
      const rest = r.modules.slice(top);
      if (rest.length > 0) console.log(`  ${kb(rest.reduce((s, m) => s + m.bytes, 0)).padStart(9)}  ${rest.length} more modules`);
    }
  }
  const over = results.filter((r) => r.budgetKB !== undefined && r.gzip > r.budgetKB * 1024);
  if (over.length > 0) console.error(`\nover budget: ${over.map((r) => r.name).join(', ')}`);
  return over.length > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
