/**
 * `c2m explain`: the configurator in a terminal. Starts as a shopper does (defaults applied, marked
 * as defaults), applies the `--select` choices, then shows every option's valid domain, why each
 * unavailable value is unavailable, and for `--want` the smallest repair.
 */
import {
  createSession,
  localize,
  type CompiledProduct,
  type DefaultChange,
  type OptionDomain,
  type Reason,
  type Repair,
  type SelectionOrigin,
  type SelectionValue,
  type Session,
} from '@c2m/rules/engine';
import { EXIT, flag, stringList, stringOption, UsageError, writeJson, type Command } from '../command.js';
import { colors, type Io } from '../io.js';
import { hasErrors, issuesJson, loadProduct, printIssues, limitsOption, LIMITS_OPTION } from '../load.js';
import { createProgress } from '../progress.js';
import { applySelections, parseValue, showValue, splitAssignment } from '../selections.js';
import { parseBudget } from './count.js';

interface ValueReport {
  value: string | boolean;
  label: string;
  available: boolean;
  selected: boolean;
  reason?: Reason | null;
}

interface OptionReport {
  option: string;
  label: string;
  domain: OptionDomain;
  values?: ValueReport[];
}

function label(product: CompiledProduct, session: Session, optionId: string, value?: string | boolean): string {
  const option = product.option(optionId);
  if (!option) return optionId;
  const fallback = product.file.product.defaultLocale;
  if (value === undefined) return localize(option.label, session.locale, fallback);
  if (option.type === 'choice') {
    const v = option.values.find((x) => x.id === value);
    return v ? localize(v.label, session.locale, fallback) : String(value);
  }
  return String(value);
}

/**
 * The domains that `explain` prints, with the reason for every unavailable value until `deadline`
 * (explanations are minimal-conflict searches; on models with thousands of options they add up).
 */
export function explainDomains(
  product: CompiledProduct,
  session: Session,
  io: Io,
  options: { only: readonly string[]; quiet: boolean; deadline: number },
): { reports: OptionReport[]; unexplained: number } {
  const { only, quiet, deadline } = options;
  const domains = session.domains().filter((d) => only.length === 0 || only.includes(d.option));
  const progress = createProgress(io, 'explaining', { enabled: !quiet });
  const reports: OptionReport[] = [];
  let unexplained = 0;
  let done = 0;
  for (const domain of domains) {
    progress.update(done++, domains.length, domain.option);
    const report: OptionReport = { option: domain.option, label: label(product, session, domain.option), domain };
    if (domain.type === 'choice' || domain.type === 'boolean') {
      report.values = domain.values.map((v) => ({
        value: v.value,
        label: label(product, session, domain.option, v.value),
        available: v.available,
        selected: v.selected,
        ...(v.available ? {} : Date.now() < deadline ? { reason: session.explain(domain.option, v.value) } : (unexplained++, {})),
      }));
    }
    reports.push(report);
  }
  progress.stop();
  return { reports, unexplained };
}

/** Whether an option is worth showing in a long listing: something about it is decided or excluded. */
function restricted(r: OptionReport): boolean {
  const d = r.domain;
  if (d.selected !== undefined) return true;
  switch (d.type) {
    case 'number':
      return d.feasible.min !== d.min || d.feasible.max !== d.max;
    case 'choice':
    case 'boolean':
      return d.values.some((v) => !v.available);
    case 'text':
    case 'file':
      return !d.canBeSet || !d.canBeEmpty;
  }
}

const SHOWN_CONSTRAINTS = 6;

function formatReason(reason: Reason | null | undefined, c: ReturnType<typeof colors>): string {
  if (reason === undefined) return c.dim('reason not computed: the --budget ran out');
  if (!reason) return c.dim('no valid configuration contains it');
  const shown = reason.constraints.slice(0, SHOWN_CONSTRAINTS);
  const more = reason.constraints.length - shown.length;
  const rules = shown.map((k) => `${c.cyan(`[${k.id}]`)} ${k.message}`).join('; ') + (more > 0 ? c.dim(` … and ${more} more (--json lists all)`) : '');
  const because = reason.selections.length > 0 ? c.dim(` (with ${reason.selections.map((s) => `${s.option} = ${showValue(s.value)}`).join(', ')})`) : '';
  return `${rules || c.dim('excluded')}${because}`;
}

/** How a current value was set, after it: nothing for the shopper's own, else `(default)` or `(auto)`. */
function originMark(origin: SelectionOrigin | undefined, c: ReturnType<typeof colors>): string {
  return origin === undefined || origin === 'user' ? '' : c.dim(` (${origin})`);
}

function formatChange(ch: DefaultChange, c: ReturnType<typeof colors>): string {
  const moved = `${ch.option}: ${showValue(ch.from)} → ${showValue(ch.to)}`;
  return `  ${c.yellow('default moved')} ${moved}${ch.reason ? ` — ${formatReason(ch.reason, c)}` : c.dim(' (its default fits again)')}`;
}

function formatRepair(repair: Repair): string[] {
  const lines = repair.changes.map((ch) => (ch.to === undefined ? `  clear ${ch.option} (now ${showValue(ch.from)})` : `  change ${ch.option}: ${showValue(ch.from)} → ${showValue(ch.to)}`));
  lines.push(`  select ${repair.target.option} = ${showValue(repair.target.value)}`);
  return lines;
}

/** Above this many options, only options with something decided or excluded are listed. */
const LONG_LISTING = 100;

export const explainCommand: Command = {
  name: 'explain',
  summary: 'Show valid domains after some choices, why values are unavailable, and the smallest repair',
  synopsis: 'explain <file> [--select option=value …] [--want option=value] [--lang en|zh-CN]',
  description: [
    'The configurator in a terminal. Starts as a shopper sees the product: every default applied and marked',
    '(default); --no-defaults starts from nothing. Applies each --select in order (a refused one is reported',
    'with its reason; defaults that give way to one are listed), then lists every option: its available',
    'values, and for each unavailable value the constraints (ids and messages in --lang) and selections that',
    'rule it out. Defaults never make a value unavailable. Options whose `when` does not hold are listed as',
    'not applying. --want option=value prints the smallest set of changes to the other selections that makes',
    'that value selectable. Exits 1 when a --select is refused or a --want cannot be reached.',
  ].join('\n'),
  options: {
    limits: LIMITS_OPTION,
    select: { type: 'string', short: 's', multiple: true, valueName: 'option=value', description: 'A choice to apply first.' },
    want: { type: 'string', short: 'w', valueName: 'option=value', description: 'Find the smallest repair that makes this value possible.' },
    lang: { type: 'string', short: 'l', valueName: 'tag', description: 'Language of messages and labels, e.g. en or zh-CN (default: the product\'s).' },
    option: { type: 'string', short: 'o', multiple: true, valueName: 'id', description: 'Only show this option.' },
    'no-defaults': { type: 'boolean', description: 'Start from nothing selected instead of the defaults.' },
    all: { type: 'boolean', short: 'a', description: `Show every option (by default products with more than ${LONG_LISTING} options show only restricted ones).` },
    budget: { type: 'string', valueName: 'ms', default: '10000', description: 'Time for computing reasons (default 10000); later values are listed without one.' },
    json: { type: 'boolean', description: 'Print {selections, options, want} as JSON.' },
  },
  examples: [
    'c2m explain oak-table.yaml',
    'c2m explain oak-table.yaml --select wood=walnut --lang zh-CN',
    'c2m explain oak-table.yaml --select wood=walnut --want finish=white-oil',
    'c2m explain car.product.json -s Diesel=true -o Electric --json',
  ],
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const json = flag(args, 'json');
    const path = args.positionals[0];
    const c = colors(io);
    const lang = stringOption(args, 'lang');
    if (lang !== undefined && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang)) throw new UsageError(`--lang takes a language tag such as en or zh-CN, not "${lang}"`);
    const loaded = await loadProduct(io, path, { quiet: json, limits: limitsOption(args) });
    if (!loaded.product || hasErrors(loaded.issues)) {
      if (json) writeJson(io, { ok: false, issues: issuesJson(path, loaded.issues) });
      else printIssues(io, loaded);
      return EXIT.problems;
    }
    const product = loaded.product;
    const session = createSession(product, { applyDefaults: !flag(args, 'no-defaults'), ...(lang ? { locale: lang } : {}) });
    const only = stringList(args, 'option');
    for (const id of only) if (!product.option(id)) throw new UsageError(`--option: unknown option "${id}"`);
    const wantArg = stringOption(args, 'want');
    let want: { option: string; value: SelectionValue } | undefined;
    if (wantArg !== undefined) {
      const [option, text] = splitAssignment(wantArg, 'want');
      want = { option, value: parseValue(product, option, text) };
    }
    const budgetMs = parseBudget(stringOption(args, 'budget'), 10_000);
    const selects = stringList(args, 'select');
    const applied = applySelections(session, product, selects);
    let exit: number = EXIT.ok;
    const out: string[] = [];
    if (!applied.ok) {
      exit = EXIT.problems;
      out.push(
        `${c.red('refused')}: ${applied.option} = ${showValue(applied.value)} — ${applied.result.message}`,
        ...(applied.result.reason ? [`  because ${formatReason(applied.result.reason, c)}`] : []),
        ...(applied.result.repair ? ['  smallest repair:', ...formatRepair(applied.result.repair).map((l) => `  ${l}`)] : []),
        ...(selects.findIndex((s) => s.startsWith(`${applied.option}=`)) < selects.length - 1 ? [c.dim('  (the later --select choices were not applied)')] : []),
        '',
      );
    }
    if (applied.changes.length > 0) out.push(...applied.changes.map((ch) => formatChange(ch, c)), '');
    const { reports, unexplained } = explainDomains(product, session, io, { only, quiet: json, deadline: Date.now() + budgetMs });
    let wantReport: Record<string, unknown> | undefined;
    if (want) {
      const available = session.isAvailable(want.option, want.value);
      const repair = available ? null : session.repair(want.option, want.value);
      const reason = available ? null : session.explain(want.option, want.value);
      wantReport = { ...want, available, reason, repair };
      if (!available && !repair) exit = EXIT.problems;
    }
    if (json) {
      writeJson(io, {
        ok: exit === EXIT.ok,
        unexplained,
        locale: session.locale,
        selections: session.selections,
        origins: session.origins,
        defaultsMoved: applied.changes,
        refused: applied.ok ? undefined : { option: applied.option, value: applied.value, ...applied.result },
        options: reports,
        want: wantReport,
      });
      return exit;
    }
    const chosen = Object.entries(session.selections);
    const origins = session.origins;
    out.push(
      c.bold(`${product.file.product.id} ${product.file.product.version}`) +
        c.dim(` — ${chosen.length === 0 ? 'nothing selected' : chosen.map(([k, v]) => `${k} = ${showValue(v)}${origins[k] === 'user' ? '' : ` (${origins[k]})`}`).join(', ')}`),
    );
    const listAll = flag(args, 'all') || only.length > 0 || reports.length <= LONG_LISTING;
    const listed = listAll ? reports : reports.filter(restricted);
    for (const r of listed) {
      const d = r.domain;
      const name = `${c.bold(r.option)}${r.label && r.label !== r.option ? c.dim(` (${r.label})`) : ''}`;
      const mark = originMark(origins[r.option], c);
      // An option whose `when` does not hold: hidden from the shopper, its values still listed.
      const applies = d.applicable ? '' : c.dim(', does not apply');
      if (d.type === 'number') {
        const narrowed = d.feasible.min !== d.min || d.feasible.max !== d.max;
        const possible = d.feasible.min > d.feasible.max ? c.yellow('no value possible') : `possible ${c.yellow(`${d.feasible.min}…${d.feasible.max}`)}`;
        out.push(`${name}: number ${d.min}…${d.max} step ${d.step}${narrowed ? `, ${possible}` : ''}${applies}${d.selected !== undefined ? ` = ${c.green(String(d.selected))}${mark}` : ''}`);
      } else if (d.type === 'text' || d.type === 'file') {
        const state = !d.canBeSet ? c.yellow('must stay empty') : !d.canBeEmpty ? c.yellow('must be filled in') : 'optional';
        out.push(`${name}: ${d.type}, ${state}${applies}${d.selected !== undefined ? ` = ${c.green(showValue(d.selected))}${mark}` : ''}`);
      } else if (d.type === 'choice' || d.type === 'boolean') {
        const forced = d.forced !== undefined && d.selected === undefined ? c.yellow(` forced to ${showValue(d.forced)}`) : '';
        out.push(`${name}: ${d.type}${forced}${applies}`);
        for (const v of r.values ?? []) {
          const shown = `${showValue(v.value)}${v.label !== String(v.value) ? c.dim(` (${v.label})`) : ''}`;
          if (v.selected && mark) out.push(`  ${c.green('●')} ${shown} ${c.green(origins[r.option]!)}`);
          else if (v.selected) out.push(`  ${c.green('●')} ${shown} ${c.green('selected')}`);
          else if (v.available) out.push(`  ${c.green('○')} ${shown}`);
          else out.push(`  ${c.red('✗')} ${shown} — ${formatReason(v.reason, c)}`);
        }
      }
    }
    if (listed.length < reports.length) out.push(c.dim(`… ${reports.length - listed.length} more options with every value available (--all lists them)`));
    if (unexplained > 0) out.push(c.dim(`${unexplained} unavailable values listed without a reason: the --budget of ${budgetMs} ms ran out`));
    if (want && wantReport) {
      out.push('');
      if (wantReport.available) out.push(`${c.green('✓')} ${want.option} = ${showValue(want.value)} is available: select it.`);
      else if (wantReport.repair) out.push(`To get ${c.bold(`${want.option} = ${showValue(want.value)}`)}, the smallest repair:`, ...formatRepair(wantReport.repair as Repair));
      else out.push(`${c.red('✗')} ${want.option} = ${showValue(want.value)} is in no valid configuration — ${formatReason(wantReport.reason as Reason | null, c)}`);
    }
    io.out(`${out.join('\n')}\n`);
    return exit;
  },
};
