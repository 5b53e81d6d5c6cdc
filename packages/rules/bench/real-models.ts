/**
 * Real feature models for `pnpm bench:rules`: every `*.uvl` in `../shared/models` (or `--models DIR`)
 * is imported with `c2m import` — the command itself, run as a child process, so that the benchmark
 * measures exactly the files users get — and loaded from the written JSON text as a page loads it.
 *
 * The models are benchmark inputs only: they are read from where they are, never copied into the
 * repository (their licences are not the project's).
 *
 * @packageDocumentation
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProductFileInput } from '../src/schema/product-file.js';
import type { ShapeRun } from './bench.js';

/** Where the shared models are, seen from the repository root (`../shared/models`). */
export const DEFAULT_MODELS_DIR = fileURLToPath(new URL('../../../../shared/models', import.meta.url));

const CLI = fileURLToPath(new URL('../../cli/bin/c2m.js', import.meta.url));

/** Options of {@link realModelRuns}. */
export interface RealModelOptions {
  dir: string;
  /** Only models whose file name contains this. */
  only?: string;
  choices: number;
  seed: number;
  countBudgetMs: number;
}

/** What `c2m import --json` printed about one model. */
interface ImportReport {
  ok: boolean;
  notes?: Array<{ severity: 'warning' | 'info'; message: string }>;
  stats?: { features: number; treeConstraints: number; crossTreeConstraints: number; dropped: number };
}

/** Above these sizes a model needs the raised limits (it does not load with the defaults). */
const BIG = { features: 5000, bytes: 8 * 1024 * 1024 };

/**
 * Imports the models of `options.dir` with `c2m import`, one at a time as the runs are taken (none
 * when the folder does not exist). Prints one line per import.
 */
export function* realModelRuns(options: RealModelOptions, log: (line: string) => void): Generator<ShapeRun> {
  if (!existsSync(options.dir)) {
    log(`real models: ${options.dir} does not exist, skipped`);
    return;
  }
  const files = readdirSync(options.dir)
    .filter((f) => f.endsWith('.uvl') && (!options.only || f.includes(options.only)))
    .sort();
  const out = mkdtempSync(join(tmpdir(), 'c2m-bench-'));
  try {
    for (const f of files) {
      const name = basename(f, '.uvl');
      const target = join(out, `${name}.json`);
      const t = performance.now();
      let report: ImportReport;
      try {
        report = JSON.parse(execFileSync(process.execPath, [CLI, 'import', join(options.dir, f), '-o', target, '--json'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })) as ImportReport;
      } catch (error) {
        log(`${name}: c2m import failed: ${(error as Error).message.split('\n')[0]}`);
        continue;
      }
      const text = readFileSync(target, 'utf8');
      const file = JSON.parse(text) as ProductFileInput;
      const s = report.stats!;
      const warnings = (report.notes ?? []).filter((n) => n.severity === 'warning');
      const bytes = Buffer.byteLength(text);
      const big = s.features > BIG.features || bytes > BIG.bytes;
      log(
        `${name}: imported by c2m import in ${Math.round(performance.now() - t)} ms — ${s.features} features, ` +
          `${s.treeConstraints} tree + ${s.crossTreeConstraints} cross-tree constraints, ${(bytes / 2 ** 20).toFixed(1)} MB` +
          `${warnings.length > 0 ? `, ${warnings.length} warnings (first: ${warnings[0]!.message.slice(0, 160)})` : ''}`,
      );
      const constraints = file.constraints?.length ?? 0;
      yield {
        name,
        model: {
          file,
          stats: { options: file.options.length, constraints, byType: {}, maxArity: 0, maxRows: 0, maxDomain: 2, components: 1, largestComponent: file.options.length },
        },
        text,
        ...(big ? { load: { limits: 'raised' as const } } : {}),
        // The issue's targets: interactive on models up to 3,000 features; the largest ones need the raised limits.
        targets: big ? { compileMs: 5000, p95Ms: 250 } : { compileMs: 1000, p95Ms: 50 },
        refusals: 0.25,
        compileRuns: big ? 1 : 3,
        choices: options.choices,
        seed: options.seed,
        timeLimitMs: 240_000,
        countBudgetMs: options.countBudgetMs,
      };
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
