import os from 'node:os';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { compileProduct } from '../src/index.ts';
import { createSession } from '../src/engine/session.ts';
import { createRandom } from '../bench/generate.ts';
const file = parse(readFileSync(new URL('../examples/suit.yaml', import.meta.url), 'utf8'));
const r1 = compileProduct(file); const r2 = compileProduct(file);
if (!r1.ok || !r2.ok) throw new Error('x');
const rnd = createRandom(3);
const t = { hard: [] as number[], soft: [] as number[] };
const parts = { hard: { select: 0, domains: 0, rest: 0 }, soft: { select: 0, domains: 0, rest: 0 } };
for (let walk = 0; walk < 20; walk++) {
  const hard = createSession(r1.product, { applyDefaults: false });
  const soft = createSession(r2.product, { applyDefaults: true });
  for (let step = 0; step < 15; step++) {
    const ds = hard.domains().filter((d: any) => (d.type === 'choice' || d.type === 'boolean') && d.values.some((v: any) => v.available && !v.selected));
    const d = ds[Math.floor(rnd.next() * ds.length)] as any;
    const vals = d.values.filter((v: any) => v.available && !v.selected);
    const v = vals[Math.floor(rnd.next() * vals.length)].value;
    for (const [name, s] of [['hard', hard], ['soft', soft]] as const) {
      const t0 = performance.now();
      if (!s.select(d.option, v).ok) throw new Error('refused');
      const t1 = performance.now();
      s.domains();
      const t2 = performance.now();
      s.quote(); s.isComplete();
      t[name].push(performance.now() - t0);
      (parts as any)[name].select += t1 - t0; (parts as any)[name].domains += t2 - t1; (parts as any)[name].rest += performance.now() - t2;
    }
  }
}
for (const [name, xs] of Object.entries(t)) {
  xs.sort((a, b) => a - b);
  console.log(`suit ${name === 'soft' ? 'with defaults' : 'no defaults  '}: select + domains + quote + isComplete p50 ${xs[xs.length >> 1].toFixed(2)} ms, p95 ${xs[Math.floor(xs.length * 0.95)].toFixed(2)} ms (n=${xs.length}; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
}
console.log(parts);
