import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createPageSession, preloadPageEngine } from '@c2m/rules';
await preloadPageEngine();
const suit = JSON.stringify(parse(readFileSync('packages/rules/examples/suit.yaml', 'utf8')));
for (let i = 0; i < 6; i++) {
  const t = performance.now();
  const r: any = await createPageSession({ text: suit });
  const open = performance.now() - t;
  const t2 = performance.now();
  await r.session.select('fit', i % 2 ? 'slim' : 'regular');
  console.log(`open ${open.toFixed(1)} ms, select ${(performance.now() - t2).toFixed(1)} ms`);
}
