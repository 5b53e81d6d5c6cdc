/**
 * `c2m test`: a manufacturer's regression suite for its rules. Each case is a configuration expected to
 * be valid, or invalid because of the listed constraints.
 */
import { createSession, type CompiledProduct, type SelectionValue } from '@c2m/rules/engine';
import { suggest } from '@c2m/rules/tooling';
import { parse as parseYaml } from 'yaml';
import { EXIT, flag, writeJson, type Command } from '../command.js';
import { readText } from '../files.js';
import { colors } from '../io.js';
import { hasErrors, issuesJson, loadProduct, printIssues, limitsOption, LIMITS_OPTION } from '../load.js';
import { createProgress } from '../progress.js';
import { showValue } from '../selections.js';

/** One case as written in the cases file. */
export interface TestCase {
  name: string;
  select: Record<string, SelectionValue | null>;
  expect: 'valid' | 'invalid';
  /** For invalid cases: the constraint ids expected to refuse it. */
  constraints?: string[];
}

export interface CaseResult {
  name: string;
  passed: boolean;
  /** `complete`: every option has a value; `partial`: the rest is left to the engine. */
  kind: 'complete' | 'partial';
  actual: 'valid' | 'invalid';
  /** The constraints that refuse it (complete: every violated one; partial: the engine's reason). */
  constraints: string[];
  /** Selections that are not values of their option at all. */
  invalidValues: string[];
  message?: string;
}

/** Reads and checks a cases file (JSON or YAML: a list, or `{cases: [...]}`); throws with a precise message. */
export function parseCases(text: string, fileName: string): TestCase[] {
  let data: unknown;
  try {
    data = parseYaml(text, { uniqueKeys: true, maxAliasCount: 100 });
  } catch (error) {
    throw new Error(`${fileName}: not valid JSON/YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { cases?: unknown }).cases) ? (data as { cases: unknown[] }).cases : undefined;
  if (!list) throw new Error(`${fileName}: expected a list of cases, or an object with "cases"`);
  return list.map((raw, i): TestCase => {
    const where = `${fileName}: cases[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${where} must be an object`);
    const r = raw as Record<string, unknown>;
    for (const key of Object.keys(r)) {
      if (!['name', 'select', 'expect', 'constraints'].includes(key)) throw new Error(`${where}: unknown key "${key}" (name, select, expect, constraints)`);
    }
    const name = typeof r.name === 'string' && r.name !== '' ? r.name : `case ${i + 1}`;
    if (r.expect !== 'valid' && r.expect !== 'invalid') throw new Error(`${where} (${name}): "expect" must be "valid" or "invalid"`);
    if (!r.select || typeof r.select !== 'object' || Array.isArray(r.select)) throw new Error(`${where} (${name}): "select" must map option ids to values`);
    const select = r.select as Record<string, unknown>;
    for (const [k, v] of Object.entries(select)) {
      if (!['string', 'number', 'boolean'].includes(typeof v) && v !== null && !(typeof v === 'object' && v !== null && 'name' in v)) {
        throw new Error(`${where} (${name}): select.${k} must be a string, number, boolean or null`);
      }
    }
    let constraints: string[] | undefined;
    if (r.constraints !== undefined) {
      if (!Array.isArray(r.constraints) || !r.constraints.every((x) => typeof x === 'string')) throw new Error(`${where} (${name}): "constraints" must be a list of constraint ids`);
      if (r.expect === 'valid') throw new Error(`${where} (${name}): "constraints" only makes sense with expect: invalid`);
      constraints = r.constraints as string[];
    }
    return { name, select: select as TestCase['select'], expect: r.expect, ...(constraints ? { constraints } : {}) };
  });
}

const didYouMean = (word: string, candidates: readonly string[]): string => {
  const s = suggest(word, candidates);
  return s === undefined ? '' : ` (did you mean "${s}"?)`;
};

/**
 * What in the cases names nothing in the product: an option or value id that does not exist, a value
 * of the wrong type for its option, a constraint id that does not exist. These are mistakes of the
 * cases file (each with a suggestion), never a case that passes as "invalid".
 */
export function caseFileErrors(product: CompiledProduct, cases: readonly TestCase[], fileName: string): string[] {
  const errors: string[] = [];
  const optionIds = product.options.map((o) => o.id);
  const constraintIds = product.file.constraints.map((k) => k.id);
  cases.forEach((tc, i) => {
    const where = `${fileName}: cases[${i}] (${tc.name})`;
    for (const [id, value] of Object.entries(tc.select)) {
      const option = product.option(id);
      if (!option) {
        errors.push(`${where}: select.${id}: there is no option "${id}"${didYouMean(id, optionIds)}`);
        continue;
      }
      if (value === null) continue;
      if (option.type === 'choice') {
        const values = option.values.map((v) => v.id);
        if (typeof value !== 'string') errors.push(`${where}: select.${id}: option "${id}" takes a value id (${values.join(', ')}), not ${showValue(value)}`);
        else if (!values.includes(value)) {
          errors.push(`${where}: select.${id}: "${value}" is not a value of option "${id}"${didYouMean(value, values)}; values: ${values.join(', ')}`);
        }
      } else if (option.type === 'boolean' && typeof value !== 'boolean') {
        errors.push(`${where}: select.${id}: option "${id}" is a boolean option: use true or false, not ${showValue(value)}`);
      } else if (option.type === 'number' && typeof value !== 'number') {
        errors.push(`${where}: select.${id}: option "${id}" is a number option, not ${showValue(value)}`);
      }
    }
    for (const id of tc.constraints ?? []) {
      if (!constraintIds.includes(id)) errors.push(`${where}: constraints: there is no constraint "${id}"${didYouMean(id, constraintIds)}`);
    }
  });
  return errors;
}

/**
 * Runs one case. A complete configuration is checked with `product.violations` (every violated
 * constraint); a partial one is valid when the engine can complete it, and its constraints are the
 * engine's reason for the first refused selection.
 */
export function runCase(product: CompiledProduct, tc: TestCase): CaseResult {
  const invalidValues: string[] = [];
  for (const [option, value] of Object.entries(tc.select)) {
    if (value === null) continue;
    const check = product.checkValue(option, value);
    if (!check.ok) invalidValues.push(`${option} = ${showValue(value)}: ${check.message}`);
  }
  const complete = product.options.every((o) => o.type === 'text' || o.type === 'file' || tc.select[o.id] !== undefined);
  let constraints: string[] = [];
  let actual: 'valid' | 'invalid';
  if (invalidValues.length > 0) actual = 'invalid';
  else if (complete) {
    const values: Record<string, SelectionValue | null> = {};
    for (const o of product.options) values[o.id] = tc.select[o.id] ?? (o.type === 'text' ? '' : o.type === 'file' ? null : null);
    constraints = product.violations(values).map((k) => k.id);
    actual = constraints.length === 0 ? 'valid' : 'invalid';
  } else {
    const session = createSession(product, { applyDefaults: false });
    actual = 'valid';
    for (const [option, value] of Object.entries(tc.select)) {
      if (value === null) continue;
      const r = session.select(option, value);
      if (!r.ok) {
        actual = 'invalid';
        constraints = (r.reason ?? session.explain(option, value))?.constraints.map((k) => k.id) ?? [];
        break;
      }
    }
  }
  const kind = complete ? 'complete' : 'partial';
  let passed = actual === tc.expect;
  let message: string | undefined;
  if (!passed) {
    message = `expected ${tc.expect}, but it is ${actual}${constraints.length > 0 ? ` (refused by ${constraints.join(', ')})` : ''}${invalidValues.length > 0 ? ` (${invalidValues.join('; ')})` : ''}`;
  } else if (tc.expect === 'invalid' && tc.constraints) {
    // Complete: exactly these constraints are violated. Partial: the engine's reason names each of them.
    const missing = tc.constraints.filter((id) => !constraints.includes(id));
    const extra = kind === 'complete' ? constraints.filter((id) => !tc.constraints!.includes(id)) : [];
    if (missing.length > 0 || extra.length > 0) {
      passed = false;
      message = `refused as expected, but by ${constraints.join(', ') || 'no constraint'}${missing.length ? `; expected also ${missing.join(', ')}` : ''}${extra.length ? `; not expected ${extra.join(', ')}` : ''}`;
    }
  }
  return { name: tc.name, passed, kind, actual, constraints, invalidValues, ...(message ? { message } : {}) };
}

/** The cases of a cases file, or every mistake in it. */
function readCases(product: CompiledProduct, text: string, fileName: string): { cases: TestCase[] } | { errors: string[] } {
  let cases: TestCase[];
  try {
    cases = parseCases(text, fileName);
  } catch (error) {
    return { errors: [(error as Error).message] };
  }
  const errors = caseFileErrors(product, cases, fileName);
  return errors.length > 0 ? { errors } : { cases };
}

export const testCommand: Command = {
  name: 'test',
  summary: 'Run example configurations expected valid or invalid (a regression suite for rules)',
  synopsis: 'test <file> <cases.yaml|cases.json> [--json]',
  description: [
    'Each case selects values and says whether the configuration must be valid or invalid, and for invalid',
    'ones which constraints must refuse it. A case that gives every choice, number and boolean option is',
    'complete: it is valid when no constraint is violated, and "constraints" must list exactly the violated',
    'ones. Otherwise it is partial: it is valid when the engine can complete it, and each id in',
    '"constraints" must be in the engine\'s reason. Exits 1 when a case fails.',
    '',
    'cases.yaml:',
    '  cases:',
    '    - name: walnut cannot have white oil',
    '      select: { wood: walnut, finish: white-oil }',
    '      expect: invalid',
    '      constraints: [walnut-no-white-oil]',
    '    - name: a standard oak table',
    '      select: { wood: oak, finish: oil, width: 160, depth: 80, extension: false }',
    '      expect: valid',
  ].join('\n'),
  options: {
    limits: LIMITS_OPTION,
    json: { type: 'boolean', description: 'Print {passed, failed, cases} as JSON.' },
  },
  examples: ['c2m test oak-table.yaml oak-table.cases.yaml', 'c2m test car.product.json regression.json --json'],
  positionals: { min: 2, max: 2 },
  async run(args, io) {
    const [path, casesPath] = args.positionals;
    const json = flag(args, 'json');
    const c = colors(io);
    const loaded = await loadProduct(io, path, { quiet: json, limits: limitsOption(args) });
    if (!loaded.product || hasErrors(loaded.issues)) {
      if (json) writeJson(io, { ok: false, issues: issuesJson(path, loaded.issues) });
      else printIssues(io, loaded);
      return EXIT.problems;
    }
    const casesText = await readText(io, casesPath);
    const read = readCases(loaded.product, casesText, casesPath);
    if ('errors' in read) {
      if (json) writeJson(io, { ok: false, errors: read.errors });
      else io.err(read.errors.map((e) => `${c.red('error')}: ${e}\n`).join(''));
      return EXIT.problems;
    }
    const { cases } = read;
    const progress = createProgress(io, 'testing', { enabled: !json });
    const results = cases.map((tc, i) => {
      progress.update(i, cases.length);
      return runCase(loaded.product!, tc);
    });
    progress.stop();
    const failed = results.filter((r) => !r.passed).length;
    if (json) {
      writeJson(io, { ok: failed === 0, passed: results.length - failed, failed, cases: results });
    } else {
      for (const r of results) io.out(r.passed ? `${c.green('✓')} ${r.name}\n` : `${c.red('✗')} ${r.name}: ${r.message}\n`);
      io.out(`${results.length} cases: ${c.green(`${results.length - failed} passed`)}, ${failed > 0 ? c.red(`${failed} failed`) : '0 failed'}\n`);
    }
    return failed > 0 ? EXIT.problems : EXIT.ok;
  },
};
