import os from 'node:os';
import { compileProduct } from './src/engine/compile.ts';
import { createSessionWith } from './src/engine/session.ts';
import { diagramSource } from './src/engine/diagram-source.ts';
import { generateTableCarModel } from './bench/generate.ts';

function walk(label: string, file: any, steps: number) {
  const r = compileProduct(file);
  if (!r.ok) throw new Error(JSON.stringify(r.issues.slice(0, 2)));
  const rows = file.constraints.filter((c: any) => c.type === 'table' && c.mode === 'allowed').reduce((n: number, c: any) => n + c.rows.length, 0);
  for (const [name, parts] of [['sat only', {}], ['diagram', { diagram: diagramSource }]] as const) {
    const t0 = performance.now();
    const s = createSessionWith(r.product as never, { applyDefaults: false }, parts as never);
    s.domains();
    const first = performance.now() - t0;
    const times: number[] = [];
    let seed = 7;
    for (let i = 0; i < steps; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const open = s.domains().filter((d: any) => d.selected === undefined && (d.type === 'choice' || d.type === 'boolean'));
      if (open.length === 0) { s.reset(); continue; }
      const d: any = open[seed % open.length];
      const av = d.values.filter((v: any) => v.available);
      const t = performance.now();
      s.select(d.option, av[seed % av.length].value);
      s.domains();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
    console.log(`${label.padEnd(22)} rows ${String(rows).padStart(5)} ${name.padEnd(9)} first ${first.toFixed(0)} ms, choice p50 ${q(0.5)} p95 ${q(0.95)} max ${q(1)} ms`);
  }
}
console.log('load', os.loadavg().map((n) => n.toFixed(2)).join(' '));
for (const [options, tables, cars] of [[12, 3, 40], [20, 6, 60], [30, 10, 100], [50, 20, 200]]) {
  walk(`tables ${options}o/${tables}t/${cars}c`, generateTableCarModel({ seed: 1, options, tables, cars, values: options * 8, systems: Math.max(2, Math.round(options / 7)) }).file, 80);
}
