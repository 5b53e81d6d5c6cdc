/** `c2m lint`: what is valid but probably wrong in a product file, each finding with its path. */
import { formatPath } from '@c2m/rules';
import { EXIT, flag, stringOption, writeJson, type Command } from '../command.js';
import { codeFrame } from '@c2m/rules/tooling';
import { colors } from '../io.js';
import { loadModelNames } from '../lint/bindings.js';
import type { LintFinding } from '../lint/finding.js';
import { lintProduct } from '../lint/lint.js';
import { hasErrors, issuesJson, loadProduct, printIssues, limitsOption, LIMITS_OPTION } from '../load.js';
import { createProgress } from '../progress.js';
import { parseBudget } from './count.js';

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Find dead values, forced options, useless or redundant constraints, missing translations, negative prices',
  synopsis: 'lint <file> [--budget ms] [--no-redundancy] [--json]',
  description: [
    'Validates the file, then asks the engine about it: values no valid configuration contains (dead-value),',
    'options left with one possible value (forced-option), number ranges valid configurations never reach',
    '(narrowed-range), constraints whose "if" never holds and options whose "when" never holds (never-applies)',
    'or always holds (always-applies), constraints that the others already imply',
    '(redundant-constraint), scene bindings that name no option, value or part of the 3D model',
    '(binding-names-nothing), texts missing a language the product uses (missing-translation), and prices or',
    'lead times that a valid configuration drives below zero (negative-price, negative-lead-time).',
    'Each finding names its JSON path and line. Checks that run out of --budget say so. Exits 1 on errors',
    '(and on warnings with --strict).',
  ].join('\n'),
  options: {
    limits: LIMITS_OPTION,
    budget: { type: 'string', valueName: 'ms', default: '30000', description: 'Time budget for the engine checks (default 30000).' },
    'no-redundancy': { type: 'boolean', description: 'Skip the redundant-constraint check (one solver call per constraint: the slow part on large products).' },
    strict: { type: 'boolean', description: 'Exit 1 on warnings too.' },
    json: { type: 'boolean', description: 'Print {issues, findings, skipped} as JSON.' },
  },
  examples: ['c2m lint oak-table.yaml', 'c2m lint car.product.json --budget 120000', 'c2m lint car.product.json --no-redundancy --json'],
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const path = args.positionals[0];
    const json = flag(args, 'json');
    const budgetMs = parseBudget(stringOption(args, 'budget'), 30_000);
    const c = colors(io);
    const loaded = await loadProduct(io, path, { quiet: json, limits: limitsOption(args) });
    if (!loaded.product || hasErrors(loaded.issues)) {
      if (json) writeJson(io, { ok: false, issues: issuesJson(path, loaded.issues), findings: [] });
      else printIssues(io, loaded, loaded.issues, 'out');
      return EXIT.problems;
    }
    const modelNames = await loadModelNames(loaded.product.file, path, io.cwd);
    const progress = createProgress(io, 'linting', { enabled: !json });
    const report = lintProduct(loaded.product, {
      budgetMs,
      skipRedundancy: flag(args, 'no-redundancy'),
      modelNames,
      onProgress: (done, total, step) => progress.update(done, total, step),
    });
    progress.stop();
    // The validator may already warn about a missing translation at the same place.
    const known = new Set(loaded.issues.map((i) => `${i.code}:${i.path.join('.')}`));
    const findings: LintFinding[] = report.findings
      .filter((f) => !known.has(`${f.rule}:${f.path.join('.')}`))
      .map((f) => {
        const source = loaded.locate(f.path);
        return source ? { ...f, source } : f;
      });
    const errors = findings.filter((f) => f.severity === 'error').length + loaded.issues.filter((i) => i.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length + loaded.issues.filter((i) => i.severity === 'warning').length;
    const failed = errors > 0 || (flag(args, 'strict') && warnings > 0);
    if (json) {
      writeJson(io, { ok: !failed, issues: issuesJson(path, loaded.issues), findings: findings.map((f) => ({ file: path, ...f, at: formatPath(f.path) })), skipped: report.skipped });
      return failed ? EXIT.problems : EXIT.ok;
    }
    printIssues(io, loaded, loaded.issues, 'out');
    const order = { error: 0, warning: 1, info: 2 } as const;
    const sorted = [...findings].sort((a, b) => order[a.severity] - order[b.severity] || (a.source?.line ?? 0) - (b.source?.line ?? 0));
    for (const f of sorted) {
      const where = f.source ? `${path}:${f.source.line}:${f.source.column}` : path;
      const sev = f.severity === 'error' ? c.red('error') : f.severity === 'warning' ? c.yellow('warning') : c.cyan('info');
      io.out(`${c.bold(where)}: ${sev} ${c.dim(`[${f.rule}]`)} ${formatPath(f.path)}: ${f.message}\n`);
      if (f.source && f.severity !== 'info') io.out(`${codeFrame(loaded.text, f.source.line, f.source.column, { context: 1, color: io.color, tone: f.severity === 'error' ? 'red' : 'yellow' })}\n`);
    }
    for (const s of report.skipped) io.out(`${c.dim(`not checked (${s.check}): ${s.reason}`)}\n`);
    const infos = findings.length - sorted.filter((f) => f.severity !== 'info').length;
    io.out(
      findings.length === 0
        ? `${c.green('✓')} ${path}: no findings\n`
        : `${failed ? c.red('✗') : c.yellow('!')} ${path}: ${errors} errors, ${warnings} warnings, ${infos} notes\n`,
    );
    return failed ? EXIT.problems : EXIT.ok;
  },
};
