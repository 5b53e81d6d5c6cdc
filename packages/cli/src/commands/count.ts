/** `c2m count`: the exact number of valid configurations, within a time budget. */
import { createSession } from '@c2m/rules/engine';
import { EXIT, flag, stringList, stringOption, UsageError, writeJson, type Command } from '../command.js';
import { colors } from '../io.js';
import { hasErrors, issuesJson, loadProduct, printIssues, limitsOption, LIMITS_OPTION } from '../load.js';
import { blockingStep } from '../progress.js';
import { applySelections, showValue } from '../selections.js';

/** Parses a positive whole number of milliseconds. */
export function parseBudget(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0 || n > 24 * 3600_000) throw new UsageError(`--budget takes a whole number of milliseconds (1 … 86400000), not "${text}"`);
  return n;
}

/** 1234567 → "1,234,567". */
export function groupDigits(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export const countCommand: Command = {
  name: 'count',
  summary: 'Count the valid configurations exactly (bigint), within a time budget',
  synopsis: 'count <file> [--select option=value …] [--budget ms]',
  description: [
    'Counts the complete valid configurations of the product (after the --select choices, if any) with the',
    'engine\'s exact counter. Number options count every value on their step grid; text and file options',
    'count as filled in or empty. When the budget runs out the command says so and exits 1 instead of hanging.',
  ].join('\n'),
  options: {
    limits: LIMITS_OPTION,
    select: { type: 'string', short: 's', multiple: true, valueName: 'option=value', description: 'Count only configurations with this choice.' },
    budget: { type: 'string', valueName: 'ms', default: '10000', description: 'Time budget in milliseconds (default 10000).' },
    json: { type: 'boolean', description: 'Print {exact, count, elapsedMs} as JSON; count is a decimal string.' },
  },
  examples: ['c2m count oak-table.yaml', 'c2m count car.product.json --budget 60000', 'c2m count car.product.json --select engine=diesel --json'],
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const json = flag(args, 'json');
    const budgetMs = parseBudget(stringOption(args, 'budget'), 10_000);
    const path = args.positionals[0];
    const c = colors(io);
    const loaded = await loadProduct(io, path, { quiet: json, limits: limitsOption(args) });
    if (!loaded.product || hasErrors(loaded.issues)) {
      if (json) writeJson(io, { ok: false, issues: issuesJson(path, loaded.issues) });
      else printIssues(io, loaded);
      return EXIT.problems;
    }
    const session = createSession(loaded.product, { applyDefaults: false });
    const selections = stringList(args, 'select');
    const applied = applySelections(session, loaded.product, selections);
    if (!applied.ok) {
      const message = `--select ${applied.option}=${showValue(applied.value)} is refused: ${applied.result.message}`;
      if (json) writeJson(io, { ok: false, exact: true, count: '0', refused: { option: applied.option, value: applied.value, ...applied.result } });
      else io.out(`0 valid configurations: ${message}\n`);
      return EXIT.problems;
    }
    const result = blockingStep(io, `counting (budget ${budgetMs} ms)`, () => session.count({ budgetMs }), !json);
    if (json) {
      writeJson(io, result.exact ? { ok: true, exact: true, count: result.count, elapsedMs: result.elapsedMs } : { ok: false, exact: false, reason: result.reason, elapsedMs: result.elapsedMs, budgetMs });
      return result.exact ? EXIT.ok : EXIT.problems;
    }
    const scope = selections.length > 0 ? ` with ${selections.join(', ')}` : '';
    if (result.exact) {
      io.out(`${c.bold(groupDigits(result.count))} valid configurations${scope} ${c.dim(`(exact, ${Math.round(result.elapsedMs)} ms)`)}\n`);
      return EXIT.ok;
    }
    io.out(`${c.yellow('budget exhausted')}: no exact count within ${budgetMs} ms${scope} (stopped after ${Math.round(result.elapsedMs)} ms); raise --budget to keep counting\n`);
    return EXIT.problems;
  },
};
