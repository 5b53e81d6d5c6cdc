import os from 'node:os';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { compileProduct } from '/work/h-12-session/packages/rules/src/index.ts';
import { createSession } from '/work/h-12-session/packages/rules/src/engine/session.ts';
import { createRandom } from '/work/h-12-session/packages/rules/bench/generate.ts';
const r = compileProduct(parse(readFileSync('/work/h-12-session/packages/rules/examples/suit.yaml', 'utf8')));
if (!r.ok) throw new Error('x');
for (const applyDefaults of [false, true]) {
  const times: number[] = [];
  const rnd = createRandom(3);
  for (let walk = 0; walk < 20; walk++) {
    const s = createSession(r.product, { applyDefaults });
    s.domains();
    for (let step = 0; step < 15; step++) {
      const ds = s.domains().filter((d: any) => (d.type === 'choice' || d.type === 'boolean') && d.applicable && d.values.some((v: any) => v.available));
      const d = ds[Math.floor(rnd.next() * ds.length)] as any;
      const vals = d.values.filter((v: any) => v.available);
      const v = vals[Math.floor(rnd.next() * vals.length)].value;
      const t0 = performance.now();
      const res = s.select(d.option, v);
      s.domains(); s.quote(); s.isComplete();
      times.push(performance.now() - t0);
      if (!res.ok) throw new Error('refused ' + d.option);
    }
  }
  times.sort((a, b) => a - b);
  console.log(`suit, defaults ${applyDefaults}: select+domains+quote p50 ${times[times.length >> 1].toFixed(2)} ms, p95 ${times[Math.floor(times.length * 0.95)].toFixed(2)} ms, n=${times.length}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}
{
  const rnd = createRandom(3);
  const parts = { select: 0, domains: 0, quote: 0, complete: 0 };
  for (let walk = 0; walk < 20; walk++) {
    const s = createSession(r.product, { applyDefaults: true });
    s.domains();
    for (let step = 0; step < 15; step++) {
      const ds = s.domains().filter((d: any) => (d.type === 'choice' || d.type === 'boolean') && d.applicable && d.values.some((v: any) => v.available));
      const d = ds[Math.floor(rnd.next() * ds.length)] as any;
      const vals = d.values.filter((v: any) => v.available);
      const v = vals[Math.floor(rnd.next() * vals.length)].value;
      let t = performance.now(); s.select(d.option, v); parts.select += performance.now() - t;
      t = performance.now(); s.domains(); parts.domains += performance.now() - t;
      t = performance.now(); s.quote(); parts.quote += performance.now() - t;
      t = performance.now(); s.isComplete(); parts.complete += performance.now() - t;
    }
  }
  console.log(parts);
}
