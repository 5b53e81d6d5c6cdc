/**
 * `pnpm bench:client`: what one `enqueue` costs on the Node file store (`@c2m/client/node`) when the
 * outbox already holds N entries. Each enqueue is durable (on disk before it resolves), so the figure
 * includes the file system's sync. Prints a table with the load average (the machine may be shared).
 *
 *   C2M_BENCH_SIZES (100,1000), C2M_BENCH_SAMPLES (50), C2M_BENCH_DIR (a temporary folder)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../src/client.js';
import { createOutbox } from '../src/outbox.js';
import { fileStore } from '../src/node.js';
import { sampleSpec } from '../src/testing/spec.js';

const SIZES = (process.env.C2M_BENCH_SIZES ?? '100,1000').split(',').map(Number).filter((n) => n > 0);
const SAMPLES = Number(process.env.C2M_BENCH_SAMPLES ?? 50);
const base = mkdtempSync(join(process.env.C2M_BENCH_DIR ?? tmpdir(), 'c2m-bench-outbox-'));

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

const rows: string[][] = [];
try {
  // Warm-up (JIT, file system caches) on a file of its own, so that the first size is not penalised.
  for (const size of [0, ...SIZES]) {
    const path = join(base, `outbox-${size}.json`);
    const store = fileStore(path);
    const outbox = createOutbox({ client: createClient({ endpoint: 'http://127.0.0.1:9' }), store, auto: false });
    await outbox.ready;
    for (let i = 0; i < size; i++) await outbox.enqueue(sampleSpec(i));
    const times: number[] = [];
    for (let i = 0; i < (size === 0 ? 200 : SAMPLES); i++) {
      const t = performance.now();
      await outbox.enqueue(sampleSpec(size + i));
      times.push(performance.now() - t);
    }
    await outbox.close();
    if (size === 0) continue;
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    rows.push([String(size), mean.toFixed(2), percentile(times, 0.5).toFixed(2), percentile(times, 0.95).toFixed(2), (statSync(path).size / 1024).toFixed(0)]);
  }
} finally {
  rmSync(base, { recursive: true, force: true });
}

const head = ['entries', 'mean ms', 'p50 ms', 'p95 ms', 'file KiB'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
console.log(`enqueue on the file store, ${SAMPLES} samples each (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
console.log(line(head));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
