/**
 * `pnpm bench:rules`: the engine on industrial-size generated models and on the real feature models
 * of `../shared/models` (a benchmark, not a test).
 *
 * For each shape — (a) a Renault-style car model, (b) an automotive feature model, then every real
 * model imported with `c2m import` (see real-models.ts) — it measures load + compile (median of a
 * few runs), the first `domains()`, a scripted random walk of choices as a UI makes them (select a
 * random available value of a random open option, then read every domain; clear some selections when
 * complete; undo now and then), refused selections along the walk (a value shown unavailable is
 * clicked: `select` answers with the reason and the repair), the heap after gc, and `count` within a
 * budget, with no selection and after 5, 10, 20 and 40 selections of a walk of its own. Prints one table of metrics with targets, and one summary line per shape.
 *
 * Flags: `--seed N` (default 1), `--choices N` (default 1000), `--shape car|tables|features|real`
 * (default all), `--model NAME` (only real models whose file name contains NAME), `--models DIR`
 * (default ../shared/models), `--real-choices N` (default: --choices), `--count-budget MS` (real
 * models, default 5000; 0 skips), `--big-tables N` (car: how many tables get ~1000 rows, default 6),
 * `--verbose` (print slow steps as they happen), `--json` (also print the results as JSON).
 *
 * @packageDocumentation
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { CompiledProduct, Session } from '../src/api.js';
import type { CountResult } from '../src/types.js';
import { compileCheckedFile, type CompileOptions } from '../src/engine/compile.js';
import { checkProductFile } from '../src/validate/check.js';
import { parseProduct } from '../src/parse/parse.js';
import { createSession } from '../src/engine/create-session.js';
import { DEFAULT_MODELS_DIR, realModelRuns } from './real-models.js';
import { createRandom, generateCarModel, generateFeatureModel, generateTableCarModel, type GeneratedModel, type Random } from './generate.js';

/** A refused selection, with its reason and repair: p95 and max, in milliseconds (issue #13). */
const REFUSAL_TARGETS = { p95Ms: 100, maxMs: 1000 };

/** `--verbose`: print every step over 1 s and every refusal over 0.5 s as it happens. */
const VERBOSE = process.argv.includes('--verbose');

/** What one walk step did. */
type StepKind = 'choice' | 'clear' | 'undo';

/** Settings of one run over one shape. */
export interface ShapeRun {
  name: string;
  /**
   * The product file (generated, or imported from a real model) and its counts for the report. The
   * file may be left out when `text` is given (and is, once a large model has run, to free memory).
   */
  model: Pick<GeneratedModel, 'stats'> & { file?: GeneratedModel['file'] };
  /** The file as JSON text: when given, it is loaded as a page loads it (`parseProduct`), not checked as an object. */
  text?: string;
  /** Options for loading and compiling (raised limits for the largest real models). */
  load?: CompileOptions;
  /** Chance per choice of also trying a refused selection (an unavailable value: select, with reason and repair). Default 0.1. */
  refusals?: number;
  /** Targets of a refused selection, in milliseconds. Default: p95 ≤ 100 ms, never over 1 s. */
  refusalTargets?: { p95Ms: number; maxMs: number };
  /** Targets, in milliseconds (`firstMs`: the first session and its domains, where the issue sets one). */
  targets: { compileMs: number; p95Ms: number; firstMs?: number };
  compileRuns: number;
  choices: number;
  seed: number;
  /** Stop the walk (with a note) after this long. */
  timeLimitMs: number;
  countBudgetMs: number;
}

/** Measurements of one shape. */
export interface ShapeResult {
  name: string;
  /** Parsing (or checking) the file, per compile run. */
  loadMs: number[];
  /** Load + compile per run. */
  compileMs: number[];
  compileMedianMs: number;
  /** CPU time (user + system) of each compile: less sensitive than wall time to other load on the machine. */
  compileCpuMs: number[];
  /** select + domains() per choice. */
  choiceMs: number[];
  /** CPU time of each choice. */
  choiceCpuMs: number[];
  /** clear/undo + domains(). */
  otherMs: number[];
  /** Session creation (with the product's diagram or table search) and its first `domains()`. */
  firstDomainsMs: number;
  firstDomainsCpuMs: number;
  heapMB: number;
  count: CountResult | null;
  countMs: number;
  /** Counts along a walk of its own (random available values), at {@link WALK_COUNTS} selections. */
  walkCounts: Array<{ selections: number; count: CountResult; ms: number }>;
  /** Choices refused although the value was shown available, or options left with no available value. */
  deadEnds: number;
  /** Complete configurations reached in the walk, and how many of them the product found violating. */
  completed: number;
  invalidCompletions: number;
  /** Refused selections (select of an unavailable value, with reason and repair), wall time each. */
  refusedMs: number[];
  /** CPU time of each refused selection. */
  refusedCpuMs: number[];
  /** Refused selections whose reason or repair came back marked not minimal (a budget ran out). */
  refusedNotMinimal: number;
  /** Of those, the ones whose reason, and the ones whose repair, came back not minimal. */
  reasonsNotMinimal: number;
  repairsNotMinimal: number;
  notes: string[];
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The q-quantile (nearest rank) of xs. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** CPU milliseconds (user + system) of this process since `since`. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

/** Options a UI lets the shopper pick from a list (the walk picks among these). */
function isDiscrete(product: CompiledProduct, id: string): boolean {
  const t = product.option(id)?.type;
  return t === 'choice' || t === 'boolean';
}

/** The complete configuration of a session, as `CompiledProduct.violations` wants it. */
function completeValues(product: CompiledProduct, session: Session): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const o of product.options) {
    const v = session.selections[o.id];
    out[o.id] = v === undefined ? (o.type === 'text' ? '' : null) : (v as string | number | boolean);
  }
  return out;
}

/**
 * A selection the rules refuse, as a shopper makes it by clicking a value shown unavailable: `select`
 * answers with the reason and the repair. Picks a random option that has an unavailable value.
 */
function tryRefused(session: Session, ids: readonly string[], rnd: Random, result: ShapeResult): void {
  for (let attempt = 0; attempt < 20; attempt++) {
    const option = rnd.pick(ids);
    const d = session.domain(option);
    if (d.type !== 'choice' && d.type !== 'boolean') continue;
    const unavailable = d.values.filter((v) => !v.available);
    if (unavailable.length === 0) continue;
    const value = rnd.pick(unavailable).value;
    const cpu = process.cpuUsage();
    const t = performance.now();
    const answer = session.select(option, value);
    const elapsed = performance.now() - t;
    const elapsedCpu = cpuMs(cpu);
    if (answer.ok) {
      result.deadEnds++;
      if (result.notes.length < 5) result.notes.push(`select(${option}, ${String(value)}) accepted although shown unavailable`);
      session.undo();
      return;
    }
    result.refusedMs.push(elapsed);
    result.refusedCpuMs.push(elapsedCpu);
    if (VERBOSE && elapsed > 500) console.log(`${option}=${String(value)} refused in ${elapsed.toFixed(0)} ms with ${Object.keys(session.selections).length} selections`);
    if ((answer.reason && !answer.reason.minimal) || answer.repair?.minimal === false) result.refusedNotMinimal++;
    if (answer.reason && !answer.reason.minimal) result.reasonsNotMinimal++;
    if (answer.repair?.minimal === false) result.repairsNotMinimal++;
    return;
  }
}

/** Compiles, walks and counts one shape. Never throws for engine failures: they become notes. */
export function runShape(run: ShapeRun): ShapeResult {
  const result: ShapeResult = {
    name: run.name,
    loadMs: [],
    compileMs: [],
    compileMedianMs: NaN,
    compileCpuMs: [],
    choiceMs: [],
    choiceCpuMs: [],
    otherMs: [],
    firstDomainsMs: NaN,
    firstDomainsCpuMs: NaN,
    heapMB: NaN,
    count: null,
    countMs: NaN,
    walkCounts: [],
    deadEnds: 0,
    completed: 0,
    invalidCompletions: 0,
    refusedMs: [],
    refusedCpuMs: [],
    refusedNotMinimal: 0,
    reasonsNotMinimal: 0,
    repairsNotMinimal: 0,
    notes: [],
  };
  const started = performance.now();
  const overTime = (): boolean => performance.now() - started > run.timeLimitMs;

  let product: CompiledProduct | undefined;
  for (let i = 0; i < run.compileRuns; i++) {
    gc();
    const cpu = process.cpuUsage();
    const t = performance.now();
    if (run.text === undefined && run.model.file === undefined) throw new Error(`${run.name}: no product file to run`);
    const checked = run.text !== undefined ? parseProduct(run.text, run.load) : checkProductFile(run.model.file, run.load);
    result.loadMs.push(performance.now() - t);
    const r = checked.ok ? compileCheckedFile(checked.file, checked.issues, run.load) : checked;
    result.compileMs.push(performance.now() - t);
    result.compileCpuMs.push(cpuMs(cpu));
    if (!r.ok) {
      result.notes.push(`compile failed: ${r.issues.map((x) => x.message).join('; ')}`);
      return result;
    }
    product = r.product;
    if (overTime()) {
      result.notes.push(`stopped compiling after ${i + 1} runs (time limit)`);
      break;
    }
  }
  result.compileMedianMs = median(result.compileMs);
  if (!product) return result;

  const rnd = createRandom(run.seed * 7919 + 17);
  // What a shopper waits for after the product loads: the first session (it compiles the product's
  // diagram or table search, shared by later sessions) and its first domains.
  const firstT = performance.now();
  const firstCpu = process.cpuUsage();
  const session = createSession(product, { applyDefaults: false });
  session.domains();
  result.firstDomainsMs = performance.now() - firstT;
  result.firstDomainsCpuMs = cpuMs(firstCpu);
  const ids = product.options.map((o) => o.id).filter((id) => isDiscrete(product, id));

  // Its own random source, so that trying refusals leaves the walk itself unchanged.
  const refusalRnd = createRandom(run.seed * 104_729 + 3);
  let choices = 0;
  const timed = <T>(kind: StepKind, action: () => T): T => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const out = action();
    session.domains();
    const ms = performance.now() - t;
    if (VERBOSE && ms > 1000) console.log(`${kind} + domains took ${ms.toFixed(0)} ms (cpu ${cpuMs(cpu).toFixed(0)} ms) with ${Object.keys(session.selections).length} selections`);
    if (kind === 'choice') {
      result.choiceMs.push(ms);
      result.choiceCpuMs.push(cpuMs(cpu));
    } else result.otherMs.push(ms);
    return out;
  };

  while (choices < run.choices) {
    if (overTime()) {
      result.notes.push(`walk stopped after ${choices} choices (time limit ${Math.round(run.timeLimitMs / 1000)} s)`);
      break;
    }
    const open = ids.filter((id) => session.selections[id] === undefined);
    if (open.length === 0) {
      result.completed++;
      if (product.violations(completeValues(product, session)).length > 0) result.invalidCompletions++;
      // A shopper who finished goes back and changes a few things.
      const selected = ids.filter((id) => session.selections[id] !== undefined);
      for (const id of rnd.sample(selected, Math.min(selected.length, rnd.range(2, 6)))) timed('clear', () => session.clear(id));
      continue;
    }
    if (session.canUndo && rnd.chance(0.08)) {
      timed('undo', () => session.undo());
      continue;
    }
    const option = rnd.pick(open);
    const d = session.domain(option);
    if (d.type !== 'choice' && d.type !== 'boolean') continue;
    const candidates = d.values.filter((v) => v.available).map((v) => v.value);
    if (candidates.length === 0) {
      result.deadEnds++;
      if (result.deadEnds > 50) {
        result.notes.push('walk stopped: more than 50 dead ends');
        break;
      }
      if (result.notes.length < 5) result.notes.push(`dead end: no available value for ${option}`);
      session.clear(rnd.pick(ids.filter((id) => session.selections[id] !== undefined)) ?? option);
      continue;
    }
    if (refusalRnd.chance(run.refusals ?? 0.1)) tryRefused(session, ids, refusalRnd, result);
    const value = rnd.pick(candidates);
    const refused = !timed('choice', () => session.select(option, value)).ok;
    choices++;
    if (refused) {
      result.deadEnds++;
      if (result.notes.length < 5) result.notes.push(`select(${option}, ${String(value)}) refused although shown available`);
    }
  }

  gc();
  result.heapMB = process.memoryUsage().heapUsed / 2 ** 20;

  if (!overTime() && run.countBudgetMs > 0) {
    const fresh = createSession(product, { applyDefaults: false });
    const t = performance.now();
    result.count = fresh.count({ budgetMs: run.countBudgetMs });
    result.countMs = performance.now() - t;
    countAlongWalk(product, ids, run, result);
  } else if (run.countBudgetMs > 0) {
    result.notes.push('count skipped (time limit)');
  }
  return result;
}

/** Selections at which {@link countAlongWalk} counts. */
const WALK_COUNTS = [5, 10, 20, 40];

/**
 * Counts after a few choices, as a shopper sees them: a fresh session takes random available values
 * of random options (its own random source) and counts at each of {@link WALK_COUNTS} selections.
 */
function countAlongWalk(product: CompiledProduct, ids: readonly string[], run: ShapeRun, result: ShapeResult): void {
  const rnd = createRandom(run.seed * 31 + 5);
  const session = createSession(product, { applyDefaults: false });
  const order = rnd.shuffle([...ids]);
  let selections = 0;
  for (const id of order) {
    if (selections >= WALK_COUNTS[WALK_COUNTS.length - 1]!) break;
    const d = session.domain(id);
    if (d.type !== 'choice' && d.type !== 'boolean') continue;
    const candidates = d.values.filter((v) => v.available).map((v) => v.value);
    if (candidates.length === 0 || !session.select(id, rnd.pick(candidates)).ok) continue;
    selections++;
    if (!WALK_COUNTS.includes(selections)) continue;
    const t = performance.now();
    const count = session.count({ budgetMs: run.countBudgetMs });
    result.walkCounts.push({ selections, count, ms: performance.now() - t });
  }
}

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

const ms = (x: number): string => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms` : '—');

/** `2.784e16` for big numbers, plain digits for small ones. */
function sci(n: bigint): string {
  const s = n.toString();
  return s.length > 6 ? `${s.slice(0, 1)}.${s.slice(1, 4)}e${s.length - 1}` : s;
}

/** A count for JSON (bigint as digits). */
const countJson = (c: CountResult) => ({ ...c, count: c.exact ? String(c.count) : undefined });

function countText(c: CountResult | null): string {
  if (!c) return '—';
  if (c.exact) return `${sci(c.count)} (exact)`;
  return `budget exhausted (${Math.round(c.elapsedMs)} ms)`;
}

/** One table over every shape: metric, value, target, ok/MISSED. */
export function formatTable(runs: ReadonlyArray<{ run: ShapeRun; result: ShapeResult }>): string {
  const rows: string[][] = [['shape', 'metric', 'value', 'target', 'status']];
  const status = (ok: boolean | undefined): string => (ok === undefined ? '' : ok ? 'ok' : 'MISSED');
  for (const { run, result: r } of runs) {
    const s = run.model.stats;
    const all = [...r.choiceMs, ...r.otherMs];
    const p95 = quantile(r.choiceMs, 0.95);
    rows.push([r.name, 'model', `${s.options} options, ${s.constraints} constraints`, '', '']);
    rows.push([
      '',
      'compile (median)',
      `${ms(r.compileMedianMs)} of ${r.compileMs.length} (cpu ${ms(median(r.compileCpuMs))})`,
      `≤ ${run.targets.compileMs} ms`,
      status(r.compileMedianMs <= run.targets.compileMs),
    ]);
    const first = run.targets.firstMs;
    rows.push([
      '',
      'first session + domains()',
      `${ms(r.firstDomainsMs)} (cpu ${ms(r.firstDomainsCpuMs)})`,
      first === undefined ? '' : `≤ ${first} ms`,
      first === undefined ? '' : status(r.firstDomainsMs <= first),
    ]);
    rows.push(['', `choices (select + domains)`, `${r.choiceMs.length}`, `${run.choices}`, status(r.choiceMs.length >= run.choices)]);
    rows.push(['', 'choice p50', ms(quantile(r.choiceMs, 0.5)), '', '']);
    rows.push(['', 'choice p95', `${ms(p95)} (cpu ${ms(quantile(r.choiceCpuMs, 0.95))})`, `≤ ${run.targets.p95Ms} ms`, status(p95 <= run.targets.p95Ms)]);
    rows.push(['', 'choice max', ms(Math.max(...r.choiceMs)), '', '']);
    rows.push(['', `clear/undo + domains (${r.otherMs.length})`, `p95 ${ms(quantile(r.otherMs, 0.95))}, max ${ms(Math.max(...r.otherMs))}`, '', '']);
    rows.push(['', 'all steps p95', ms(quantile(all, 0.95)), '', '']);
    rows.push(['', 'dead ends / refused', `${r.deadEnds}`, '0', status(r.deadEnds === 0)]);
    if (r.refusedMs.length > 0) {
      const n = r.refusedMs.length;
      const targets = run.refusalTargets ?? REFUSAL_TARGETS;
      const p95r = quantile(r.refusedMs, 0.95);
      const maxr = Math.max(...r.refusedMs);
      rows.push(['', `refused selections (${n})`, `p95 ${ms(p95r)}, max ${ms(maxr)} (cpu p95 ${ms(quantile(r.refusedCpuMs, 0.95))})`, `p95 ≤ ${targets.p95Ms} ms, max ≤ ${targets.maxMs} ms`, status(p95r <= targets.p95Ms && maxr <= targets.maxMs)]);
      // Minimal: the reason and the repair proven minimal (else a budget ran out and the answer says so).
      rows.push(['', 'refused: minimal', `${n - r.refusedNotMinimal} of ${n} (reasons ${n - r.reasonsNotMinimal}, repairs ${n - r.repairsNotMinimal})`, '', '']);
    }
    rows.push(['', 'complete configurations', `${r.completed} (${r.invalidCompletions} invalid)`, '0 invalid', status(r.invalidCompletions === 0)]);
    rows.push(['', 'heap after gc', Number.isFinite(r.heapMB) ? `${r.heapMB.toFixed(1)} MB` : '—', '', '']);
    rows.push([
      '',
      `count (budget ${run.countBudgetMs / 1000} s)`,
      `${countText(r.count)}${Number.isFinite(r.countMs) ? `, ${ms(r.countMs)}` : ''}`,
      s.countLowerBound !== undefined ? `≥ ${sci(s.countLowerBound)} or budget` : 'answer within budget',
      status(
        r.count === null
          ? undefined
          : r.countMs <= run.countBudgetMs * 1.2 + 500 && (!r.count.exact || s.countLowerBound === undefined || r.count.count >= s.countLowerBound),
      ),
    ]);
    for (const w of r.walkCounts) rows.push(['', `count after ${w.selections} selections`, `${countText(w.count)}, ${ms(w.ms)}`, 'answer within budget', status(w.ms <= run.countBudgetMs * 1.2 + 500)]);
    for (const note of r.notes.slice(0, 5)) rows.push(['', 'note', note, '', '']);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => [...row[c]!].length)));
  const line = (row: string[]): string => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/**
 * One line per shape, in the columns of the issue's tables: load + compile, first domains, choice
 * p50/p95/max, refused selection p95/max, heap, count, and what missed its target.
 */
export function formatSummary(runs: ReadonlyArray<{ run: ShapeRun; result: ShapeResult }>): string {
  const rows: string[][] = [
    ['shape', 'options / constraints', 'load + compile (cpu)', 'first session + domains (cpu)', 'choice p50 / p95 / max (cpu p95)', 'refused p95 / max (cpu p95), n', 'heap', 'count', `count after ${WALK_COUNTS.join(' / ')} selections`, 'missed'],
  ];
  for (const { run, result: r } of runs) {
    const s = run.model.stats;
    const load = median(r.loadMs);
    const total = r.compileMedianMs;
    const p95 = quantile(r.choiceMs, 0.95);
    const missed: string[] = [];
    if (!(total <= run.targets.compileMs)) missed.push(`load+compile > ${run.targets.compileMs} ms`);
    if (run.targets.firstMs !== undefined && !(r.firstDomainsMs <= run.targets.firstMs)) missed.push(`first domains > ${run.targets.firstMs} ms`);
    if (r.choiceMs.length > 0 && !(p95 <= run.targets.p95Ms)) missed.push(`choice p95 > ${run.targets.p95Ms} ms`);
    const refused95 = quantile(r.refusedMs, 0.95);
    const refusedMax = r.refusedMs.length > 0 ? Math.max(...r.refusedMs) : NaN;
    const refusalTargets = run.refusalTargets ?? REFUSAL_TARGETS;
    if (r.refusedMs.length > 0) {
      if (!(refused95 <= refusalTargets.p95Ms)) missed.push(`refused p95 > ${refusalTargets.p95Ms} ms`);
      if (!(refusedMax <= refusalTargets.maxMs)) missed.push(`refused max > ${refusalTargets.maxMs} ms`);
    }
    if (r.deadEnds > 0 || r.invalidCompletions > 0) missed.push('NOT EXACT');
    if (r.notes.some((n) => n.startsWith('compile failed'))) missed.push('does not load');
    rows.push([
      r.name,
      `${s.options} / ${s.constraints}`,
      r.compileMs.length > 0 ? `${ms(load)} + ${ms(total - load)} (${ms(median(r.compileCpuMs))})` : '—',
      `${ms(r.firstDomainsMs)} (${ms(r.firstDomainsCpuMs)})`,
      r.choiceMs.length > 0 ? `${ms(quantile(r.choiceMs, 0.5))} / ${ms(p95)} / ${ms(Math.max(...r.choiceMs))} (${ms(quantile(r.choiceCpuMs, 0.95))})` : '—',
      r.refusedMs.length > 0
        ? `${ms(refused95)} / ${ms(refusedMax)} (${ms(quantile(r.refusedCpuMs, 0.95))}), ${r.refusedMs.length}, ${r.refusedMs.length - r.refusedNotMinimal} minimal`
        : '—',
      Number.isFinite(r.heapMB) ? `${r.heapMB.toFixed(0)} MB` : '—',
      r.count === null ? '—' : r.count.exact ? `${sci(r.count.count)} in ${ms(r.countMs)}` : `budget ran out`,
      r.walkCounts.length === 0 ? '—' : r.walkCounts.map((w) => (w.count.exact ? ms(w.ms) : 'budget')).join(' / '),
      missed.join('; ') || 'ok',
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => [...row[c]!].length)));
  const line = (row: string[]): string => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const seed = Number(flag('seed') ?? 1);
  const choices = Number(flag('choices') ?? 1000);
  const only = flag('shape');
  if (!(globalThis as { gc?: unknown }).gc) console.log('note: run with --expose-gc for heap figures after gc');
  const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`c2m rules benchmark — node ${process.version}, ${cpus().length} cpus, seed ${seed}, ${choices} choices per shape`);
  console.log(`load average at start: ${load()} (other work on the machine inflates wall times; cpu times are this process only)\n`);

  const shapes: Array<{ key: string; make: () => Omit<ShapeRun, 'model'> & { model: () => GeneratedModel } }> = [
    {
      key: 'car',
      make: () => ({
        name: '(a) car, Renault-style',
        model: () => generateCarModel({ seed, ...(flag('big-tables') ? { bigTables: Number(flag('big-tables')) } : {}) }),
        targets: { compileMs: 300, p95Ms: 2 },
        compileRuns: 5,
        choices,
        seed,
        timeLimitMs: 180_000,
        countBudgetMs: 5000,
      }),
    },
    {
      key: 'tables',
      make: () => ({
        name: '(c) car, order-book tables',
        model: () => generateTableCarModel({ seed }),
        targets: { compileMs: 2000, p95Ms: 50, firstMs: 300 },
        compileRuns: 3,
        choices,
        seed,
        timeLimitMs: 180_000,
        countBudgetMs: 5000,
      }),
    },
    {
      key: 'features',
      make: () => ({
        name: '(b) feature model',
        model: () => generateFeatureModel({ seed }),
        targets: { compileMs: 2000, p95Ms: 50 },
        compileRuns: 3,
        choices,
        seed,
        timeLimitMs: 180_000,
        countBudgetMs: 5000,
      }),
    },
  ];
  const done: Array<{ run: ShapeRun; result: ShapeResult }> = [];
  for (const shape of shapes) {
    if (only && only !== shape.key) continue;
    if (flag('model')) continue;
    const spec = shape.make();
    const t = performance.now();
    const model = spec.model();
    const s = model.stats;
    console.log(
      `${spec.name}: generated in ${ms(performance.now() - t)} — ${s.options} options, ${s.constraints} constraints ` +
        `(${Object.entries(s.byType).map(([k, v]) => `${v} ${k}`).join(', ')})` +
        (s.maxArity > 0 ? `, table arity ≤ ${s.maxArity}, ≤ ${s.maxRows} rows, domains ≤ ${s.maxDomain}` : '') +
        `, ${s.components} component(s), largest ${s.largestComponent} options` +
        (s.countLowerBound !== undefined ? `, ≥ ${s.countLowerBound} valid configurations by construction` : ''),
    );
    const run: ShapeRun = { ...spec, model };
    const result = runShape(run);
    done.push({ run, result });
  }
  if (!only || only === 'real') {
    const real = realModelRuns(
      { dir: flag('models') ?? DEFAULT_MODELS_DIR, only: flag('model'), choices: Number(flag('real-choices') ?? choices), seed, countBudgetMs: Number(flag('count-budget') ?? 5000) },
      (line) => console.log(line),
    );
    // One model at a time, and only its numbers kept: the heap figure is then this model's.
    for (const run of real) done.push({ run: { ...run, text: undefined, model: { stats: run.model.stats } }, result: runShape(run) });
  }
  console.log(`\n${formatTable(done)}`);
  console.log(`\n${formatSummary(done)}`);
  console.log(`\nload average at end: ${load()}`);
  if (process.argv.includes('--json')) {
    console.log(
      JSON.stringify(
        done.map(({ result }) => ({
          ...result,
          count: result.count && countJson(result.count),
          walkCounts: result.walkCounts.map((w) => ({ ...w, count: countJson(w.count) })),
        })),
      ),
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
