// Diagnostic (not committed): CPU profile of the main thread while mounting a product; prints the longest busy stretches.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseUvl, toProductFile } from '@c2m/cli';
import { launchChromium, servePage } from '@c2m/client/testing';
const root = fileURLToPath(new URL('../../../', import.meta.url));
const name = process.env.MODEL ?? 'ea2468.uvl';
const mode = process.env.MODE ?? 'worker';
const { file } = toProductFile(parseUvl(readFileSync(join(root, '..', 'shared', 'models', name), 'utf8')));
const json = JSON.stringify(file);
const page = await servePage(fileURLToPath(new URL('./page.ts', import.meta.url)), { files: { "/thread.js": { entry: join(root, "packages/rules/src/worker/thread.ts") }, "/p.json": { body: json, type: "application/json" } } });
const browser = await launchChromium();
try {
  for (let rep = 0; rep < Number(process.env.REPS ?? 2); rep++) {
  const tab = await browser.newPage();
  await tab.goto(page.url);
  await tab.waitForFunction(() => 'mount' in globalThis);
  const cdp = await tab.context().newCDPSession(tab);
  
  await cdp.send("Profiler.enable");
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const loaded = await tab.evaluate((m) => (globalThis as any).mount("/p.json", m), mode);
  const { profile } = (await cdp.send('Profiler.stop')) as any;
  console.log(`\n== ${name} ${mode} load ${loaded.loadMs.toFixed(0)} ms (load ${loadavg()[0]!.toFixed(2)})`);
  const nodes = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id: number) => { const n = nodes.get(id); const f = n.callFrame; return `${f.functionName || '(anon)'}:${f.lineNumber}`; };
  const idle = new Set(profile.nodes.filter((n: any) => ['(idle)', '(program)', '(root)'].includes(n.callFrame.functionName)).map((n: any) => n.id));
  // busy stretches
  let t = profile.startTime; const runs: Array<{ start: number; end: number; samples: Array<[number, number]> }> = []; let cur: any;
  profile.samples.forEach((s: number, i: number) => {
    const dt = profile.timeDeltas[i]; t += dt;
    if (idle.has(s)) { if (cur) { runs.push(cur); cur = undefined; } return; }
    cur ??= { start: t, end: t, samples: [] }; cur.end = t; cur.samples.push([s, profile.timeDeltas[i + 1] ?? 200]);
  });
  if (cur) runs.push(cur);
  runs.sort((a, b) => (b.end - b.start) - (a.end - a.start));
  for (const r of runs.slice(0, 4)) {
    console.log(`-- busy ${((r.end - r.start) / 1000).toFixed(1)} ms at +${((r.start - profile.startTime) / 1000).toFixed(0)} ms`);
    const self = new Map<string, number>(); const tops = new Map<string, number>();
    for (const [s, d] of r.samples) {
      self.set(label(s), (self.get(label(s)) ?? 0) + d);
      // the stack, root-most 4 frames below root
      const stack: string[] = []; let id: number | undefined = s; while (id !== undefined && !idle.has(id)) { stack.unshift(label(id)); id = parent.get(id); }
      const key = stack.slice(0, 6).join(' > ');
      tops.set(key, (tops.get(key) ?? 0) + d);
    }
    console.log('   self:', [...self].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', '));
    for (const [k, v] of [...tops].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`   ${(v / 1000).toFixed(1)} ms  ${k}`);
  }
  await tab.close();
  }
} finally { await browser.close(); await page.close(); }
