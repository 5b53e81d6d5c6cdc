/**
 * `pnpm bench:viewer`: the viewer in headless Chromium (software WebGL, as in CI), next to
 * @google/model-viewer on the same models, served from this machine.
 *
 * For each demo model, C2M_BENCH_RUNS (5) cold page loads per viewer, alternating:
 * - first frame: from the element connected (its script already loaded) to its first frame
 *   (c2m: `c2m-viewer-load`, fired after the first frame is drawn; model-viewer: `load`, then the
 *   next animation frame). Both are the product itself, on screen: c2m's with its bindings applied,
 *   lit by plain lights; model-viewer's with its environment;
 * - environment (c2m only): from the element connected to the first frame lit by the studio
 *   environment (`c2m-viewer-environment`), which c2m makes in idle time after the first frame
 *   (three's GGX prefilter, 256 samples a texel), waiting at most 1 s for the browser to be idle;
 * C2M_BENCH_MODELS=table,mug picks models; C2M_BENCH_STEPS=1 prints the User Timing of each c2m run.
 * - bytes: what the page fetched for the viewer (script, gzip as a CDN serves it) and for the model;
 * - per change (c2m only, C2M_BENCH_CHANGES (200) random configurations of the product file): the
 *   time to apply every binding (synchronous), and from the change to the frame that shows it.
 * Medians over the runs (each run's first frame and the load average are printed too: software
 * WebGL on a loaded machine scatters widely); p95 over the changes. A benchmark, not a test: it
 * prints a table.
 */
import { readFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { compileProduct, createSession, type ProductFile } from '@c2m/rules/engine';
import { parseProduct } from '@c2m/rules/yaml';
import { bundleViewer, chromiumLaunchOptions, examplesDir as examples, serve } from '../scripts/page-server.js';

const RUNS = Number(process.env.C2M_BENCH_RUNS ?? 5);
const CHANGES = Number(process.env.C2M_BENCH_CHANGES ?? 200);
const MODELS = [
  { name: 'table', file: 'oak-table.json' },
  { name: 'suit', file: 'suit.yaml' },
  { name: 'mug', file: 'mug.json' },
];

interface Run {
  firstFrameMs: number;
  environmentMs?: number;
  scriptBytes: number;
  modelBytes: number;
  otherBytes: number;
  applyP95?: number;
  frameP95?: number;
  /** c2m: User Timing of the first frame's steps (renderer, load, first-frame), ms. */
  steps?: Record<string, number>;
}

/** Random configurations: each option a value from its domain (not checked: the viewer shows any). */
function configurations(file: ProductFile, base: Record<string, unknown>, n: number): Array<Record<string, unknown>> {
  let seed = 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < n; i++) {
    const values = { ...base };
    for (const o of file.options) {
      if (random() < 0.7) continue;
      if (o.type === 'choice') values[o.id] = o.values[Math.floor(random() * o.values.length)]!.id;
      else if (o.type === 'boolean') values[o.id] = random() < 0.5;
      else if (o.type === 'number') values[o.id] = o.min + Math.round((random() * (o.max - o.min)) / o.step) * o.step;
      else if (o.type === 'text') values[o.id] = ['Anna', '张伟', ''][Math.floor(random() * 3)];
    }
    out.push(values);
  }
  return out;
}

async function runC2m(browser: Browser, origin: string, model: string, file: ProductFile, changes: Array<Record<string, unknown>>, base: Record<string, unknown>): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  // Plain JavaScript: runs in the page as written (no TypeScript helpers).
  const script = `(async ({ model, file, changes, base }) => {
    performance.setResourceTimingBufferSize(10_000);
    // A resource's timing entry can arrive after the event that used it: wait for it before counting bytes.
    const arrived = (part) => new Promise((resolve) => {
      const found = () => performance.getEntriesByType('resource').some((e) => e.name.includes(part));
      if (found()) return resolve();
      new PerformanceObserver((_, o) => { if (found()) { o.disconnect(); resolve(); } }).observe({ type: 'resource' });
    });
    await import('/c2m/index.js');
    const t0 = performance.now();
    const el = document.createElement('c2m-viewer');
    el.setAttribute('loading', 'eager');
    el.style.cssText = 'display:block;width:800px;height:600px';
    el.file = file;
    el.values = base;
    el.setAttribute('src', model);
    const loaded = new Promise((r) => el.addEventListener('c2m-viewer-load', r, { once: true }));
    document.body.append(el);
    await loaded;
    const firstFrameMs = performance.now() - t0;
    // The changes are measured once the environment is in place, as a shopper meets them.
    if (!el.environmentReady) await new Promise((r) => el.addEventListener('c2m-viewer-environment', r, { once: true }));
    const environmentMs = performance.now() - t0;
    const steps = Object.fromEntries(performance.getEntriesByType('measure').filter((m) => m.name.startsWith('c2m-viewer:')).map((m) => [m.name.slice(11), m.duration]));
    const apply = [];
    const frame = [];
    for (const values of changes) {
      const t = performance.now();
      el.values = values;
      apply.push(performance.now() - t);
      await el.whenRendered();
      frame.push(performance.now() - t);
    }
    const p95 = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;
    await arrived('/models/');
    const entries = performance.getEntriesByType('resource');
    const sum = (f) => entries.filter(f).reduce((s, e) => s + e.transferSize, 0);
    return {
      firstFrameMs,
      environmentMs,
      scriptBytes: sum((e) => e.name.includes('/c2m/')),
      modelBytes: sum((e) => e.name.includes('/models/')),
      otherBytes: sum((e) => !e.name.includes('/c2m/') && !e.name.includes('/models/')),
      applyP95: p95(apply),
      frameP95: p95(frame),
      steps,
    };
})(${JSON.stringify({ model, file, changes, base })})`;
  return (page.evaluate(script) as Promise<Run>).finally(() => context.close());
}

async function runModelViewer(browser: Browser, origin: string, model: string): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  const script = `(async ({ model }) => {
    performance.setResourceTimingBufferSize(10_000);
    // A resource's timing entry can arrive after the event that used it: wait for it before counting bytes.
    const arrived = (part) => new Promise((resolve) => {
      const found = () => performance.getEntriesByType('resource').some((e) => e.name.includes(part));
      if (found()) return resolve();
      new PerformanceObserver((_, o) => { if (found()) { o.disconnect(); resolve(); } }).observe({ type: 'resource' });
    });
    await import('/mv/model-viewer.min.js');
    const t0 = performance.now();
    const el = document.createElement('model-viewer');
    el.setAttribute('loading', 'eager');
    el.setAttribute('camera-controls', '');
    el.setAttribute('shadow-intensity', '1');
    el.style.cssText = 'display:block;width:800px;height:600px';
    el.setAttribute('src', model);
    const loaded = new Promise((r) => el.addEventListener('load', r, { once: true }));
    document.body.append(el);
    await loaded;
    // model-viewer draws in its own animation frame after 'load'; ours runs after it in that frame.
    await new Promise(requestAnimationFrame);
    const firstFrameMs = performance.now() - t0;
    await arrived('/models/');
    const entries = performance.getEntriesByType('resource');
    const sum = (f) => entries.filter(f).reduce((s, e) => s + e.transferSize, 0);
    return {
      firstFrameMs,
      scriptBytes: sum((e) => e.name.includes('/mv/')),
      modelBytes: sum((e) => e.name.includes('/models/')),
      otherBytes: sum((e) => !e.name.includes('/mv/') && !e.name.includes('/models/')),
    };
})(${JSON.stringify({ model })})`;
  return (page.evaluate(script) as Promise<Run>).finally(() => context.close());
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '—' : `${n.toFixed(n < 10 ? 2 : 0)} ms`);

async function main(): Promise<void> {
  const files = await bundleViewer();
  files.set('/mv/model-viewer.min.js', readFileSync(new URL('../node_modules/@google/model-viewer/dist/model-viewer.min.js', import.meta.url)));
  const { server, origin } = await serve(files, { '/models/': join(examples, 'models') });
  const browser = await chromium.launch(await chromiumLaunchOptions());
  const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
  console.log(`viewer benchmark: ${RUNS} cold runs per viewer and model, ${CHANGES} changes; ${cpus().length} cpus, load average ${load()}`);
  const rows: string[][] = [];
  try {
    const only = process.env.C2M_BENCH_MODELS?.split(',');
    for (const m of MODELS.filter((x) => !only || only.includes(x.name))) {
      const r = parseProduct(readFileSync(join(examples, m.file), 'utf8'));
      if (!r.ok) throw new Error(`${m.file}: ${r.issues.map((i) => i.message).join('; ')}`);
      const compiled = compileProduct(r.file);
      if (!compiled.ok) throw new Error(`${m.file} does not compile`);
      const base = { ...createSession(compiled.product).selections } as Record<string, unknown>;
      const changes = configurations(r.file!, base, CHANGES);
      const ours: Run[] = [];
      const theirs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        // Alternate which goes first, so that neither always meets a warmer machine.
        const url = `/models/${m.name}.glb`;
        if (i % 2 === 0) {
          ours.push(await runC2m(browser, origin, url, r.file!, changes, base));
          theirs.push(await runModelViewer(browser, origin, url));
        } else {
          theirs.push(await runModelViewer(browser, origin, url));
          ours.push(await runC2m(browser, origin, url, r.file!, changes, base));
        }
      }
      const med = (runs: Run[], k: keyof Run) => median(runs.map((x) => x[k] as number));
      const ratio = med(ours, 'firstFrameMs') / med(theirs, 'firstFrameMs');
      // Every run, not only the medians: on a loaded machine software WebGL's times scatter widely.
      const each = (runs: Run[]) => runs.map((x) => Math.round(x.firstFrameMs)).join(', ');
      console.log(`${m.name}: first frames (ms) c2m-viewer ${each(ours)}; model-viewer ${each(theirs)}; load average ${load()}`);
      if (process.env.C2M_BENCH_STEPS) console.log(m.name, ours.map((o) => o.steps));
      rows.push([m.name, 'c2m-viewer', ms(med(ours, 'firstFrameMs')), ms(med(ours, 'environmentMs')), kb(med(ours, 'scriptBytes')), kb(med(ours, 'modelBytes')), kb(med(ours, 'otherBytes')), ms(med(ours, 'applyP95')), ms(med(ours, 'frameP95')), `${ratio.toFixed(2)}× ${ratio <= 0.8 ? '(≤ 0.8: met)' : '(> 0.8: not met)'}`]);
      rows.push(['', 'model-viewer', ms(med(theirs, 'firstFrameMs')), '', kb(med(theirs, 'scriptBytes')), kb(med(theirs, 'modelBytes')), kb(med(theirs, 'otherBytes')), '', '', '']);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const head = ['model', 'viewer', 'first frame', 'environment', 'script', 'model', 'other', 'apply p95', 'change→frame p95', 'first frame vs model-viewer'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
  console.log(`\n(load average now ${load()}; software WebGL: absolute times are those of SwiftShader, the ratio is what compares.`);
  console.log('c2m\'s first frame is lit by plain lights; "environment" is when its studio environment, made in idle time after that frame, is shown.)');
}

await main();
