/**
 * Measures the CLI on a generated industrial-size feature model (default 2,500 features, 2,800
 * cross-tree constraints): import, validate, lint, count and explain, run in-process as `c2m` runs them.
 *
 *   node --import tsx packages/cli/test/measure.ts [features] [constraints] [seed]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIo } from '../src/io.js';
import { main } from '../src/main.js';
import { generateUvl } from './generate-uvl.js';

const [features = 2500, constraints = 2800, seed = 1] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'c2m-measure-'));
try {
  writeFileSync(join(dir, 'model.uvl'), generateUvl({ features, constraints, seed }));
  const step = async (label: string, argv: string[]) => {
    const io = memoryIo({ cwd: dir });
    const start = performance.now();
    const code = await main(argv, io);
    const ms = performance.now() - start;
    let summary = '';
    try {
      const out = JSON.parse(io.stdout) as Record<string, unknown>;
      if (label.startsWith('count')) summary = out.exact ? `count ${String(out.count)}` : `budget ran out (${String(out.elapsedMs)} ms)`;
      if (label.startsWith('lint')) {
        const findings = out.findings as Array<{ rule: string }>;
        const by: Record<string, number> = {};
        for (const f of findings) by[f.rule] = (by[f.rule] ?? 0) + 1;
        summary = `${JSON.stringify(by)}; skipped: ${(out.skipped as Array<{ reason: string }>).map((s) => s.reason).join(' | ')}`;
      }
      if (label.startsWith('explain')) summary = `unexplained values: ${String(out.unexplained)}, want available: ${String((out.want as { available?: boolean } | undefined)?.available)}`;
      if (label.startsWith('import')) summary = JSON.stringify(out.stats);
    } catch {
      summary = io.stdout.split('\n').slice(-2).join(' ').slice(0, 200);
    }
    console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  exit ${code}  ${summary}`);
  };
  console.log(`model: ${features} features, ${constraints} cross-tree constraints, seed ${seed}`);
  await step('import (parse + convert + write)', ['import', 'model.uvl', '-o', 'model.json', '--json']);
  await step('validate (parse + check + compile)', ['validate', 'model.json', '--json']);
  await step('count --budget 10000', ['count', 'model.json', '--budget', '10000', '--json']);
  await step('explain (domains, 10 s of reasons)', ['explain', 'model.json', '--json', '--select', 'F2=true', '--want', 'F3=false']);
  await step('explain --budget 0 reasons', ['explain', 'model.json', '--json', '--budget', '1']);
  await step('lint --no-redundancy', ['lint', 'model.json', '--json', '--no-redundancy']);
  await step('lint --budget 30000', ['lint', 'model.json', '--json', '--budget', '30000']);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
