// Diagnostic (not committed): a Chrome trace of the main thread while mounting; prints the long tasks with what they hold.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseUvl, toProductFile } from '@c2m/cli';
import { launchChromium, servePage } from '@c2m/client/testing';
const root = fileURLToPath(new URL('../../../', import.meta.url));
const name = process.env.MODEL ?? 'ea2468.uvl';
const mode = process.env.MODE ?? 'worker';
const MIN = Number(process.env.MIN ?? 25);
const json = name === 'suit' ? JSON.stringify(parseYaml(readFileSync(join(root, 'packages/rules/examples/suit.yaml'), 'utf8'))) : JSON.stringify(toProductFile(parseUvl(readFileSync(join(root, '..', 'shared', 'models', name), 'utf8'))).file);
const page = await servePage(fileURLToPath(new URL('./page.ts', import.meta.url)), { files: { "/thread.js": { entry: join(root, "packages/rules/src/worker/thread.ts") }, "/p.json": { body: json, type: "application/json" } } });
const browser = await launchChromium();
try {
  for (let rep = 0; rep < Number(process.env.REPS ?? 2); rep++) {
    const tab = await browser.newPage();
    await tab.goto(page.url);
    await tab.waitForFunction(() => 'mount' in globalThis);
    
    await browser.startTracing(tab, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'toplevel'] });
    const loaded = await tab.evaluate((m) => (globalThis as any).mount("/p.json", m), mode);
    if (process.env.CLICKS) await tab.evaluate(([n]) => (globalThis as any).clicks(n, 42), [Number(process.env.CLICKS)]);
    const buf = await browser.stopTracing();
    console.log(`\n== ${name} ${mode} load ${loaded.loadMs.toFixed(0)} ms, (load ${loadavg()[0]!.toFixed(2)})`);
    const events = JSON.parse(buf.toString()).traceEvents as any[];
    const mainTid = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'RunTask' && x.dur > 20000))?.tid;
    const main = events.filter((e) => e.tid === mainTid && e.ph === 'X');
    const tasks = main.filter((e) => e.name === 'RunTask' && e.dur >= MIN * 1000).sort((a, b) => b.dur - a.dur);
    const t0 = Math.min(...main.map((e) => e.ts));
    for (const t of tasks.slice(0, 8)) {
      const inside = main.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur > 1000);
      const agg = new Map<string, number>();
      for (const e of inside) { const k = e.name + (e.args?.data?.functionName ? `(${e.args.data.functionName})` : '') + (e.args?.data?.type ? `[${e.args.data.type}]` : ''); agg.set(k, (agg.get(k) ?? 0) + e.dur); }
      console.log(`-- task ${(t.dur / 1000).toFixed(1)} ms at +${((t.ts - t0) / 1000).toFixed(0)}: ` + [...agg].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', '));
    }
    await tab.close();
  }
} finally { await browser.close(); await page.close(); }
