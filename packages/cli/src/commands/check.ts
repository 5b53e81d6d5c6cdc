/** `c2m check`: validates a submitted specification exactly as the backend does. */
import { validateSpecification } from '@c2m/rules/backend';
import { EXIT, flag, writeJson, type Command } from '../command.js';
import { codeFrame } from '@c2m/rules/tooling';
import { readText } from '../files.js';
import { formatPath } from '@c2m/rules';
import { colors } from '../io.js';
import { hasErrors, issuesJson, loadProduct, printIssues, limitsOption, LIMITS_OPTION } from '../load.js';
import { createLocator } from '../locate.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Validate a submitted specification as the backend does (digest, selections, price, lead time)',
  synopsis: 'check <file> <specification.json> [--json]',
  description: [
    'Checks a specification (what a shop submits) against the product file with the backend\'s own',
    'validation: its shape, product id, version and digest, every selection, every constraint, and the',
    'quote, lead time and derived values recomputed and compared line by line. Lists every problem with the',
    'path (and line) of the field at fault. Exits 1 when there is any.',
  ].join('\n'),
  options: {
    limits: LIMITS_OPTION,
    json: { type: 'boolean', description: 'Print {ok, issues} as JSON.' },
  },
  examples: ['c2m check oak-table.yaml order-1042.json', 'c2m check oak-table.yaml order.json --json'],
  positionals: { min: 2, max: 2 },
  async run(args, io) {
    const [path, specPath] = args.positionals;
    const json = flag(args, 'json');
    const c = colors(io);
    const loaded = await loadProduct(io, path, { quiet: json, limits: limitsOption(args) });
    if (!loaded.product || hasErrors(loaded.issues)) {
      if (json) writeJson(io, { ok: false, productIssues: issuesJson(path, loaded.issues), issues: [] });
      else {
        printIssues(io, loaded);
        io.err(`${c.red('✗')} ${path} is not a valid product file, so no specification can be checked against it\n`);
      }
      return EXIT.problems;
    }
    const text = await readText(io, specPath);
    let spec: unknown;
    try {
      spec = JSON.parse(text);
    } catch (error) {
      const message = `not valid JSON: ${(error as Error).message}`;
      if (json) writeJson(io, { ok: false, issues: [{ code: 'schema', path: [], message }] });
      else io.out(`${c.bold(specPath)}: ${c.red('error')}: ${message}\n`);
      return EXIT.problems;
    }
    const result = validateSpecification(loaded.product, spec);
    const locate = createLocator(text);
    if (json) {
      writeJson(io, result.ok ? { ok: true, issues: [] } : { ok: false, issues: result.issues.map((i) => ({ ...i, at: formatPath(i.path), source: locate(i.path) })) });
      return result.ok ? EXIT.ok : EXIT.problems;
    }
    if (result.ok) {
      const s = result.specification;
      io.out(`${c.green('✓')} ${specPath}: valid for ${s.product.id} ${s.product.version} — total ${s.quote.total} ${s.quote.currency} minor units, ${s.leadTime.days} days\n`);
      return EXIT.ok;
    }
    for (const issue of result.issues) {
      const pos = locate(issue.path);
      const where = pos ? `${specPath}:${pos.line}:${pos.column}` : specPath;
      io.out(`${c.bold(where)}: ${c.red('error')} ${c.dim(`[${issue.code}]`)} ${formatPath(issue.path)}: ${issue.message}${issue.constraint ? c.dim(` (constraint ${issue.constraint})`) : ''}\n`);
      if (pos) io.out(`${codeFrame(text, pos.line, pos.column, { context: 0, color: io.color })}\n`);
    }
    io.out(`${c.red('✗')} ${specPath}: ${result.issues.length} problem${result.issues.length > 1 ? 's' : ''}\n`);
    return EXIT.problems;
  },
};
