/**
 * `pnpm bench:elements` (a benchmark, not a test): in headless Chromium, the time from a click on a
 * value to the updated controls (p50/p95), and the main thread's longest task while loading and while
 * clicking (from Chromium's own trace, so tasks under 50 ms count too), on the suit and on every
 * feature model of ../shared/models that a shop page loads (imported with the CLI's UVL importer at
 * run time; never copied into the repository).
 *
 * The configurator keeps the configuration on the device as a shop's does by default
 * (`persistence="storage"`): after the clicks the page is reloaded and the load that restores the
 * saved choices is measured too.
 *
 * Each product is served in both forms a shop may serve it in: its compiled product (`c2m compile`,
 * what the reference server answers the configurator; the page then opens it with the runtime,
 * without checking, parsing or compiling the file) and the product file itself.
 *
 * Environment: `C2M_BENCH_ENGINES` (default `page,worker,auto`), `C2M_BENCH_MODELS` (parts of file
 * names, comma-separated; default all), `C2M_BENCH_CLICKS` (default 40), `C2M_BENCH_PERSISTENCE`
 * (`storage`, the default, or `none`: no saving, no reload), `C2M_BENCH_FORMS` (default
 * `compiled,file`).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseUvl, toProductFile } from '@c2m/cli';
import { checkProductFile, compileForPage } from '@c2m/rules/engine';
import { launchChromium, servePage } from '@c2m/browser-testing';
import type { Browser, Page } from 'playwright-core';

const CLICKS = Number(process.env.C2M_BENCH_CLICKS ?? 40);
/** Where the engine runs, each measured: `page` (the engine on the main thread) and `worker`. */
const MODES = (process.env.C2M_BENCH_ENGINES ?? 'page,worker,auto').split(',') as Array<'page' | 'worker' | 'auto'>;
const WANTED = process.env.C2M_BENCH_MODELS?.split(',').filter(Boolean);
const PERSISTENCE = process.env.C2M_BENCH_PERSISTENCE === 'none' ? 'none' : 'storage';
/** How each product is served: its compiled product, the product file, or both (each measured). */
const FORMS = (process.env.C2M_BENCH_FORMS ?? 'compiled,file').split(',').filter((f): f is 'compiled' | 'file' => f === 'compiled' || f === 'file');
const root = fileURLToPath(new URL('../../../', import.meta.url));
const modelsDir = join(root, '..', 'shared', 'models');

declare global {
  var mount: (src: string, engine: string, persistence: string) => Promise<{ loadMs: number; mode: string; options: number; restored: number }>;
  var clicks: (count: number, seed: number) => Promise<{ times: number[]; engine: number[]; mode: string }>;
}

/** A trace event of Chromium's (the fields used here). */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  /** The thread's own time (CPU), without the time it waited for a core. */
  tdur?: number;
  args?: { name?: string };
}

/**
 * Runs `body` while Chromium traces, and returns its result with the longest task (ms) of the
 * page's main thread meanwhile (the renderer's main thread that was busiest): as the page saw it
 * (`wall`, what a long-task observer reports, which on a loaded machine includes the time the thread
 * waited for a core) and the thread's own time (`cpu`).
 */
async function traced<T>(browser: Browser, tab: Page, body: () => Promise<T>): Promise<{ result: T; wall: number; cpu: number }> {
  await browser.startTracing(tab, { categories: ['toplevel'] });
  const result = await body();
  const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask' || !mains.has(thread)) continue;
    let list = tasks.get(thread);
    if (!list) tasks.set(thread, (list = []));
    list.push(e);
  }
  const sum = (xs: TraceEvent[]) => xs.reduce((a, b) => a + (b.dur ?? 0), 0);
  const busiest = [...tasks.values()].sort((a, b) => sum(b) - sum(a))[0] ?? [];
  return { result, wall: Math.max(0, ...busiest.map((e) => (e.dur ?? 0) / 1000)), cpu: Math.max(0, ...busiest.map((e) => (e.tdur ?? 0) / 1000)) };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Every model that imports and passes the product-file checks (size limits included), by features, largest first. */
function loadableModels(): Array<{ name: string; json: string; features: number }> {
  if (!existsSync(modelsDir)) return [];
  const files = readdirSync(modelsDir).filter((f) => f.endsWith('.uvl') && (!WANTED || WANTED.some((w) => f.includes(w))));
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
  return candidates.sort((a, b) => b.features - a.features);
}

const products: Array<{ name: string; json: string }> = [
  { name: 'suit (31 options)', json: JSON.stringify(parseYaml(readFileSync(join(root, 'packages/rules/examples/suit.yaml'), 'utf8'))) },
];
console.log('finding the models of shared/models that a shop page loads…');
const models = loadableModels();
for (const model of models) products.push({ name: `${model.name} (${model.features} features, ${(model.json.length / 1024).toFixed(0)} KB)`, json: model.json });
if (!existsSync(modelsDir)) console.log('  ../shared/models not found: the suit only');

// The worker module next to the page's bundle, where `@c2m/rules/worker` looks for it by default;
// the product files from the same server, as a shop serves them (with their Content-Length).
// A product that cannot be compiled for a page (over a page's limits) is measured as its file only.
const served: Array<{ name: string; form: 'compiled' | 'file'; url: string; body: string; type: string }> = [];
for (const [i, p] of products.entries()) {
  for (const form of FORMS) {
    if (form === 'file') {
      served.push({ name: p.name, form, url: `/product-${i}.json`, body: p.json, type: 'application/json' });
      continue;
    }
    const compiled = compileForPage({ text: p.json });
    if (compiled.ok) served.push({ name: p.name, form, url: `/product-${i}.compiled.json`, body: compiled.text, type: 'application/vnd.c2m.compiled+json' });
    else console.log(`  ${p.name}: no compiled product (${compiled.issues.find((x) => x.severity === 'error')?.message})`);
  }
}
const page = await servePage(fileURLToPath(new URL('./page.ts', import.meta.url)), {
  files: {
    '/thread.js': { entry: join(root, 'packages/rules/src/worker/thread.ts') },
    ...Object.fromEntries(served.map((s) => [s.url, { body: s.body, type: s.type }])),
  },
});
const browser = await launchChromium();
const rows: string[][] = [];
try {
  for (const product of served) for (const mode of MODES) {
    const tab = await browser.newPage();
    tab.setDefaultTimeout(600_000);
    await tab.goto(page.url);
    await tab.waitForFunction(() => 'mount' in globalThis);
    const mount = () => tab.evaluate(([src, engine, persistence]) => globalThis.mount(src!, engine!, persistence!), [product.url, mode, PERSISTENCE]);
    const load = await traced(browser, tab, mount);
    await tab.evaluate(() => globalThis.clicks(5, 1)); // warm-up
    const run = await traced(browser, tab, () => tab.evaluate((n) => globalThis.clicks(n, 42), CLICKS));
    const loaded = load.result;
    // A shopper comes back: the page reloads and the configurator restores the saved choices.
    let reload = '—';
    if (PERSISTENCE === 'storage') {
      await tab.reload();
      await tab.waitForFunction(() => 'mount' in globalThis);
      const again = await traced(browser, tab, mount);
      reload = `${again.result.loadMs.toFixed(0)} ms, ${again.result.restored} restored, ${again.wall.toFixed(0)} / ${again.cpu.toFixed(0)} ms`;
    }
    rows.push([
      product.name,
      product.form,
      mode === 'auto' ? `auto: ${loaded.mode}${run.result.mode === loaded.mode ? '' : `→${run.result.mode}`}` : loaded.mode,
      `${loaded.loadMs.toFixed(0)} ms`,
      `${load.wall.toFixed(0)} / ${load.cpu.toFixed(0)} ms`,
      String(run.result.times.length),
      `${percentile(run.result.times, 50).toFixed(1)} ms`,
      `${percentile(run.result.times, 95).toFixed(1)} ms`,
      `${percentile(run.result.engine, 50).toFixed(1)} ms`,
      `${run.wall.toFixed(0)} / ${run.cpu.toFixed(0)} ms`,
      reload,
      loadavg()[0]!.toFixed(1),
    ]);
    await tab.close();
  }
} finally {
  await browser.close();
  await page.close();
}

const head = ['product', 'served as', 'engine', 'load', 'longest task (load) wall / cpu', 'clicks', 'click→controls p50', 'p95', 'engine p50', 'longest task (clicks) wall / cpu', 'reload: load, choices restored, longest task wall / cpu', 'load avg'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
console.log(`\npersistence: ${PERSISTENCE}${PERSISTENCE === 'storage' ? ' (as a shop has it by default: every change saved; the reload restores the choices)' : ''}`);
console.log(`cpus: ${cpus().length}, load average: ${loadavg().map((n) => n.toFixed(2)).join(' ')} (numbers are noisy on a loaded machine)`);
console.log('longest task: of the page\'s main thread, from Chromium\'s trace (every task, not only those over 50 ms): wall time as the page saw it / the thread\'s own CPU time (on a loaded machine the wall time includes waiting for a core)');
console.log('target: no main-thread task over 50 ms on the real models (the worker session runs large products off the main thread)');
