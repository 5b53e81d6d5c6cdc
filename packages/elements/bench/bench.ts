/**
 * `pnpm bench:elements` (a benchmark, not a test): in headless Chromium, the time from a click on a
 * value to the updated controls (p50/p95), and the main thread's longest task, on the suit and on
 * the largest feature model of ../shared/models that the shop page loads (imported with the CLI's
 * UVL importer at run time; never copied into the repository).
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseUvl, toProductFile } from '@c2m/cli';
import { checkProductFile } from '@c2m/rules/engine';
import { launchChromium, servePage } from '@c2m/client/testing';

const CLICKS = Number(process.env.C2M_BENCH_CLICKS ?? 40);
/** Where the engine runs, each measured: `page` (the engine on the main thread) and `worker`. */
const MODES = (process.env.C2M_BENCH_ENGINES ?? 'page,worker').split(',') as Array<'page' | 'worker' | 'auto'>;
const root = fileURLToPath(new URL('../../../', import.meta.url));
const modelsDir = join(root, '..', 'shared', 'models');

declare global {
  var mount: (text: string, engine: string) => Promise<{ loadMs: number; mode: string; options: number; longest: number }>;
  var clicks: (count: number, seed: number) => Promise<{ times: number[]; engine: number[]; longest: number }>;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** The largest model (by features) that imports and passes the product-file checks (size limits included). */
function largestLoadableModel(): { name: string; json: string; features: number } | undefined {
  if (!existsSync(modelsDir)) return undefined;
  const files = readdirSync(modelsDir)
    .filter((f) => f.endsWith('.uvl'))
    .sort((a, b) => statSync(join(modelsDir, b)).size - statSync(join(modelsDir, a)).size);
  const candidates: Array<{ name: string; json: string; features: number }> = [];
  for (const name of files) {
    try {
      const { file, stats } = toProductFile(parseUvl(readFileSync(join(modelsDir, name), 'utf8')));
      const checked = checkProductFile(file);
      if (!checked.ok) {
        console.log(`  ${name}: not loadable (${checked.issues.find((i) => i.severity === 'error')?.message})`);
        continue;
      }
      candidates.push({ name, json: JSON.stringify(file), features: stats.features });
    } catch (e) {
      console.log(`  ${name}: not importable (${(e as Error).message})`);
    }
  }
  return candidates.sort((a, b) => b.features - a.features)[0];
}

const products: Array<{ name: string; json: string }> = [
  { name: 'suit (31 options)', json: JSON.stringify(parseYaml(readFileSync(join(root, 'packages/rules/examples/suit.yaml'), 'utf8'))) },
];
console.log('finding the largest model of shared/models that a shop page loads…');
const model = largestLoadableModel();
if (model) products.push({ name: `${model.name} (${model.features} features)`, json: model.json });
else console.log('  ../shared/models not found: the suit only');

// The worker module next to the page's bundle, where `@c2m/rules/worker` looks for it by default.
const page = await servePage(fileURLToPath(new URL('./page.ts', import.meta.url)), {
  files: { '/thread.js': { entry: join(root, 'packages/rules/src/worker/thread.ts') } },
});
const browser = await launchChromium();
const rows: string[][] = [];
try {
  for (const product of products) for (const mode of MODES) {
    const tab = await browser.newPage();
    tab.setDefaultTimeout(600_000);
    await tab.goto(page.url);
    await tab.waitForFunction(() => 'mount' in globalThis);
    const loaded = await tab.evaluate(([json, engine]) => globalThis.mount(json!, engine!), [product.json, mode]);
    await tab.evaluate(() => globalThis.clicks(5, 1)); // warm-up
    const run = await tab.evaluate(([n]) => globalThis.clicks(n!, 42), [CLICKS]);
    rows.push([
      product.name,
      loaded.mode,
      `${loaded.loadMs.toFixed(0)} ms`,
      `${loaded.longest.toFixed(0)} ms`,
      String(run.times.length),
      `${percentile(run.times, 50).toFixed(1)} ms`,
      `${percentile(run.times, 95).toFixed(1)} ms`,
      `${percentile(run.engine, 50).toFixed(1)} ms`,
      `${run.longest.toFixed(0)} ms`,
    ]);
    await tab.close();
  }
} finally {
  await browser.close();
  await page.close();
}

const head = ['product', 'engine', 'load', 'longest task (load)', 'clicks', 'click→controls p50', 'p95', 'engine p50', 'longest task (clicks)'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
console.log(`\ncpus: ${cpus().length}, load average: ${loadavg().map((n) => n.toFixed(2)).join(' ')} (numbers are noisy on a loaded machine)`);
console.log('target: no main-thread task over 50 ms on the real models (the worker session runs large products off the main thread)');
