/** `c2m validate`: every problem of one or more product files, with positions and code frames. */
import { EXIT, flag, stringOption, writeJson, type Command } from '../command.js';
import { colors } from '../io.js';
import { hasErrors, issuesJson, loadProduct, printIssues, limitsOption, LIMITS_OPTION } from '../load.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check product files: every error with file:line:column and a code frame',
  synopsis: 'validate <files…> [--json]',
  description: [
    'Parses (JSON or YAML, by extension), checks and compiles each product file with the same engine the',
    'browser and the backend use. Prints every error and warning with file:line:column and a code frame,',
    'in colour on a terminal. Exits with 1 when any file has an error (warnings alone exit 0).',
  ].join('\n'),
  options: {
    limits: LIMITS_OPTION,
    json: { type: 'boolean', description: 'Print {files: [{file, valid, issues}]} as JSON (for CI).' },
    strict: { type: 'boolean', description: 'Treat warnings as errors (exit 1).' },
    lang: { type: 'string', short: 'l', valueName: 'tag', description: 'Language of the messages: en (default) or zh-CN.' },
  },
  examples: ['c2m validate oak-table.yaml', 'c2m validate products/*.json --json > report.json', 'c2m validate chair.json --strict', 'c2m validate 桌子.yaml --lang zh-CN'],
  positionals: { min: 1 },
  async run(args, io) {
    const json = flag(args, 'json');
    const strict = flag(args, 'strict');
    const c = colors(io);
    const results = [];
    let failed = false;
    for (const path of args.positionals) {
      const loaded = await loadProduct(io, path, { quiet: json, limits: limitsOption(args) });
      const bad = hasErrors(loaded.issues) || !loaded.product || (strict && loaded.issues.length > 0);
      failed ||= bad;
      results.push({ file: path, valid: !bad, issues: issuesJson(path, loaded.issues) });
      if (json) continue;
      printIssues(io, loaded, loaded.issues, 'out', stringOption(args, 'lang'));
      const errors = loaded.issues.filter((i) => i.severity === 'error').length;
      const warnings = loaded.issues.length - errors;
      const counts = [errors && `${errors} error${errors > 1 ? 's' : ''}`, warnings && `${warnings} warning${warnings > 1 ? 's' : ''}`].filter(Boolean).join(', ');
      if (!bad) {
        const p = loaded.product!;
        io.out(`${c.green('✓')} ${path}: valid — ${p.options.length} options, ${p.file.constraints.length} constraints${counts ? ` (${counts})` : ''}\n`);
      } else io.out(`${c.red('✗')} ${path}: ${counts || 'invalid'}\n`);
    }
    if (json) writeJson(io, { ok: !failed, files: results });
    return failed ? EXIT.problems : EXIT.ok;
  },
};
