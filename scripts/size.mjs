// Size budgets, checked in CI: each entry is bundled for the browser with esbuild (minified, its
// listed dependencies left external) and gzipped. Fails when an entry is over its budget.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';

const budgets = [
  // Target 25 KB (issue #2); today's main entry is ~39 KB (engine and sessions ~23 KB, product-file
  // checks with their messages ~15 KB). The budget stops growth while it is brought down.
  { name: '@c2m/rules', entry: 'packages/rules/src/index.ts', external: ['zod'], limitKB: 40, targetKB: 25 },
  { name: '@c2m/client', entry: 'packages/client/src/index.ts', external: ['zod', '@c2m/rules'], limitKB: 6 },
  // Issue #15: lit + engine + client + elements with every dependency (zod too) bundled, ≤ 55 KB. The
  // engine's main entry still carries the full zod schema and checks; the budget stops growth while
  // the lean entry brings it to the target.
  { name: '@c2m/elements', entry: 'packages/elements/src/index.ts', external: [], limitKB: 170, targetKB: 55 },
];

let failed = false;
console.log('package'.padEnd(16), 'min'.padStart(10), 'min+gzip'.padStart(10), 'budget'.padStart(8));
for (const b of budgets) {
  if (!existsSync(b.entry)) continue;
  const out = await build({
    entryPoints: [b.entry], bundle: true, minify: true, format: 'esm', platform: 'browser',
    write: false, external: b.external, target: 'es2022', logLevel: 'silent',
  });
  const code = out.outputFiles[0].contents;
  const gz = gzipSync(code, { level: 9 }).length;
  const over = gz > b.limitKB * 1024;
  failed ||= over;
  const note = over ? 'OVER BUDGET' : b.targetKB && gz > b.targetKB * 1024 ? `ok (target ${b.targetKB} KB not met)` : 'ok';
  console.log(b.name.padEnd(16), `${(code.length / 1024).toFixed(1)} KB`.padStart(10), `${(gz / 1024).toFixed(1)} KB`.padStart(10), `${b.limitKB} KB`.padStart(8), note);
}
process.exitCode = failed ? 1 : 0;
