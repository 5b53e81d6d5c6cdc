/**
 * `pnpm bench:counts`: exact counts on the real feature models of `../shared/models` and on the
 * generated order book (a benchmark, not a test). Each real model is imported with `c2m import`, then
 * counted with no selection and under random selections (a random valid configuration's values for 5
 * to 160 random options), and every count is checked against a second, independent method where one
 * finishes: for the order book (counted by the table counter) the clause counter, for the others the
 * option-level counter (count.ts's search over options), each with 10 s; for at most 2,000
 * configurations, enumeration with the SAT solver (blocking each solution found). Prints one table
 * with the load average.
 *
 * Flags: `--models a,b` (file names without .uvl, or `order-book`; default busybox, ea2468,
 * uClinux-base, embtoolkit, order-book), `--budget ms` (count budget, default 10000), `--seed N`,
 * `--cars N` (the order book's reference cars, default the generator's 480: with fewer, fewer rows
 * and fewer valid configurations, which shows where exact counting stops answering), `--dimacs DIR`
 * (also write every counted state as a DIMACS CNF file into DIR — see dimacs.ts — with the engine's
 * count and time in its first comment lines, for checking other counters against the engine).
 * linux-2.6.33.3 and automotive2_4 are not counted by default; name them with `--models` (every model
 * loads with the raised limits).
 *
 * @packageDocumentation
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileProduct, type Product } from '../src/engine/compile.js';
import { countConfigurations, countOptions } from '../src/engine/count.js';
import { countingClauses } from '../src/engine/count-cnf.js';
import { ComponentCounter } from '../src/engine/component-counter.js';
import { suitsTableCounter } from '../src/engine/table-counter.js';
import { encode } from '../src/engine/encode.js';
import { neg } from '../src/engine/sat.js';
import type { Model } from '../src/engine/model.js';
import { createRandom, generateTableCarModel } from './generate.js';
import { dimacsOf } from './dimacs.js';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const modelsDir = resolve(root, '../shared/models');
/** The generated order book of `pnpm bench:rules --shape tables` (same seed). */
const ORDER_BOOK = 'order-book';
const DEFAULT_MODELS = ['busybox_2010-05-02_14-17-07', 'ea2468', 'uClinux-base', 'embtoolkit', ORDER_BOOK];

/** The clause counter's count of `sel` (the order book's independent check). */
function clauseCount(model: Model, sel: Int32Array, deadline: number): bigint {
  const cnf = countingClauses(model);
  if (!cnf) throw new Error('no clauses');
  const assumptions: number[] = [];
  sel.forEach((k, v) => k >= 0 && assumptions.push(...cnf.valueLits(v, k)));
  return new ComponentCounter(cnf).count(assumptions, deadline);
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Imports a UVL model with the c2m command (which shortens what is over the format's limits, with a note). */
function importModel(name: string, dir: string): { file: unknown } {
  const out = join(dir, `${name}.json`);
  execFileSync(process.execPath, [join(root, 'packages/cli/bin/c2m.js'), 'import', join(modelsDir, `${name}.uvl`), '-o', out], { stdio: 'ignore' });
  return { file: JSON.parse(readFileSync(out, 'utf8')) as unknown };
}

/** Configurations extending `sel`, by enumeration with a fresh solver (null past `limit`). Boolean/choice models only. */
function enumerate(model: Model, sel: Int32Array, limit: number): number | null {
  const enc = encode(model, { selectors: false, constraintCount: 0 });
  const assumptions: number[] = [];
  sel.forEach((k, v) => k >= 0 && assumptions.push(enc.valueLit(v, k)));
  let n = 0;
  while (enc.solver.solve(assumptions) === 'sat') {
    if (++n > limit) return null;
    enc.solver.addClause(model.vars.map((x) => neg(enc.valueLit(x.index, enc.modelValue(x.index)))));
  }
  return n;
}

/** A random valid configuration (the solver with random phases). */
function randomConfiguration(product: Product, seed: number): Int32Array {
  const enc = encode(product.model, { selectors: false, constraintCount: 0 });
  const rnd = createRandom(seed);
  for (let v = 0; v < enc.solver.numVars; v++) enc.solver.setPhase(v, rnd.chance(0.5));
  if (enc.solver.solve() !== 'sat') throw new Error('unsatisfiable model');
  return Int32Array.from(product.model.vars, (x) => enc.modelValue(x.index));
}

const digits = (n: bigint): string => {
  const s = n.toString();
  return s.length > 12 ? `${s.slice(0, 4)}…e${s.length - 1}` : s;
};

function main(): void {
  const names = flag('models')?.split(',') ?? DEFAULT_MODELS;
  const budget = Number(flag('budget') ?? 10_000);
  const seed = Number(flag('seed') ?? 1);
  const cars = flag('cars') === undefined ? undefined : Number(flag('cars'));
  const dimacsDir = flag('dimacs') === undefined ? undefined : resolve(flag('dimacs')!);
  if (dimacsDir) mkdirSync(dimacsDir, { recursive: true });
  if (cars !== undefined && !(Number.isInteger(cars) && cars >= 1)) throw new Error(`--cars needs a positive whole number, not '${flag('cars')}'`);
  const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`c2m count benchmark — node ${process.version}, ${cpus().length} cpus, budget ${budget} ms, seed ${seed}${cars ? `, order book of ${cars} reference cars` : ''}`);
  console.log(`load average at start: ${load()}\n`);
  if (!existsSync(modelsDir)) {
    console.log(`no models: ${modelsDir} does not exist`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'c2m-counts-'));
  const rows: string[][] = [['model', 'selections', 'count', 'time', 'check', 'check time']];
  try {
    for (const name of names) {
      const { file } = name === ORDER_BOOK ? { file: generateTableCarModel({ seed, ...(cars ? { cars } : {}) }).file } : importModel(name, dir);
      // Raised limits: linux-2.6.33.3 and automotive2_4 have more options than a page allows.
      const r = compileProduct(file, { limits: 'raised' });
      if (!r.ok) {
        rows.push([name, '—', `does not load: ${r.issues[0]?.message}`, '', '', '']);
        continue;
      }
      const product = r.product as Product;
      const model = product.model;
      const rnd = createRandom(seed);
      const config = randomConfiguration(product, seed);
      const order = rnd.shuffle(model.vars.map((x) => x.index));
      // Built once per model (before the first count, so that its time is in no count's).
      const cnf = dimacsDir ? countingClauses(model) : null;
      if (dimacsDir && !cnf) console.log(`${name}: no counting clauses (linear relations), no DIMACS files`);
      const label = name === ORDER_BOOK && cars ? `${name}-${cars}` : name;
      for (const k of [0, 5, 10, 20, 40, 80, 160]) {
        const sel = new Int32Array(model.vars.length).fill(-1);
        for (const v of order.slice(0, k)) sel[v] = config[v];
        const t = performance.now();
        const c = countConfigurations(model, sel, budget);
        const ms = performance.now() - t;
        if (cnf) {
          const comments = [
            `${label} under ${k} selections (pnpm bench:counts, seed ${seed}): valid configurations = models of this CNF over all its variables`,
            c.exact ? `engine count ${c.count}` : `engine count none (budget of ${budget} ms ran out)`,
            `engine time ${ms.toFixed(0)} ms (load average ${load()})`,
          ];
          writeFileSync(join(dimacsDir!, `${label}-${k}.cnf`), dimacsOf(cnf, sel, comments));
        }
        let check = '—';
        let checkMs = NaN;
        if (c.exact) {
          const t2 = performance.now();
          let other: bigint | null = null;
          let how = '';
          if (c.count <= 2000n) {
            const n = enumerate(model, sel, 2000);
            other = n === null ? null : BigInt(n);
            how = 'enumeration';
          } else {
            const tables = suitsTableCounter(model);
            how = tables ? 'clause counter' : 'option-level counter';
            try {
              other = tables ? clauseCount(model, sel, Date.now() + 10_000) : countOptions(model, sel, Date.now() + 10_000);
            } catch {
              other = null;
              how += ': no answer in 10 s';
            }
          }
          checkMs = performance.now() - t2;
          check = other === null ? how : `${other === c.count ? 'equal' : `DIFFERENT (${digits(other)})`} (${how})`;
        }
        rows.push([k === 0 ? name : '', String(k), c.exact ? digits(c.count) : 'budget ran out', `${ms.toFixed(0)} ms`, check, Number.isFinite(checkMs) ? `${checkMs.toFixed(0)} ms` : '']);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => [...row[c]!].length)));
  const line = (row: string[]): string => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  console.log([line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n'));
  console.log(`\nload average at end: ${load()}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
