/**
 * `c2m compile`: the compiled product of a product file, which a shop publishes next to the file so
 * that its pages open the product without the checks, the formula parser and the model builder
 * (a smaller download, and no compiling in the shopper's browser).
 */
import { COMPILED_PRODUCT_MEDIA_TYPE } from '@c2m/rules';
import { compileForPage } from '@c2m/rules/engine';
import { EXIT, flag, stringOption, UsageError, writeJson, type Command } from '../command.js';
import { writeText } from '../files.js';
import { colors } from '../io.js';
import { hasErrors, issuesJson, limitsOption, loadProduct, printIssues, LIMITS_OPTION } from '../load.js';

/** `suit.yaml` → `suit.compiled.json`, next to it. */
export function compiledPath(path: string): string {
  return `${path.replace(/\.(json|ya?ml)$/i, '')}.compiled.json`;
}

export const compileCommand: Command = {
  name: 'compile',
  summary: 'Compile a product file for shop pages (the compiled product, served next to the file)',
  synopsis: 'compile <file> [-o out.compiled.json] [--json]',
  description: [
    'Checks a product file (JSON or YAML) as validate does and writes its compiled product: the checked file,',
    'the engine\'s model, the formulas parsed and the file\'s digest, in one JSON file. Pages given it (in place',
    'of the product file, e.g. <c2m-configurator src="suit.compiled.json">) open the product without checking,',
    'parsing or compiling it: they download less and start sooner. It says the same as its file: publish it',
    'with every new version of the file (a page cannot tell a stale one; the backend refuses its orders, whose',
    `digest is the old file's). Serve it as ${COMPILED_PRODUCT_MEDIA_TYPE}.`,
    '',
    'The output is <file>.compiled.json next to the file (suit.yaml → suit.compiled.json) unless -o names',
    'another (- for standard output). Exits 1, writing nothing, when the file has an error.',
  ].join('\n'),
  options: {
    output: { type: 'string', short: 'o', valueName: 'file', description: 'Where to write it (- for standard output).' },
    limits: LIMITS_OPTION,
    json: { type: 'boolean', description: 'Print {ok, output, bytes, digest, issues} as JSON.' },
  },
  examples: ['c2m compile suit.yaml', 'c2m compile oak-table.json -o public/oak-table.compiled.json', 'cat mug.json | c2m compile - -o -'],
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const path = args.positionals[0];
    const json = flag(args, 'json');
    const c = colors(io);
    const output = stringOption(args, 'output') ?? (path === '-' ? undefined : compiledPath(path));
    if (output === undefined) throw new UsageError('reading standard input, name the output with -o (- for standard output)');
    if (output === '-' && json) throw new UsageError('--json prints a report on standard output: write the compiled product to a file with -o');
    const limits = limitsOption(args);
    const loaded = await loadProduct(io, path, { quiet: json || output === '-', limits });
    if (!loaded.product || hasErrors(loaded.issues)) {
      if (json) writeJson(io, { ok: false, issues: issuesJson(path, loaded.issues) });
      else {
        printIssues(io, loaded);
        io.err(`${c.red('✗')} ${path} is not a valid product file, so it cannot be compiled\n`);
      }
      return EXIT.problems;
    }
    const compiled = compileForPage(loaded.product.file, limits ? { limits } : {});
    if (!compiled.ok) {
      // The complete checks accepted it, so the shop path does too (they are tested to agree): a bug if not.
      throw new Error(`the engine refused a file the checks accepted: ${compiled.issues.map((i) => i.message).join('; ')}`);
    }
    // A page accepts only what the default limits allow; say so before a shop publishes what no page opens.
    const pageLimits = limits === 'raised' ? compileForPage(loaded.product.file) : compiled;
    if (output === '-') io.out(`${compiled.text}\n`);
    else await writeText(io, output, `${compiled.text}\n`);
    const bytes = Buffer.byteLength(compiled.text) + 1;
    const digest = loaded.product.digest;
    if (json) {
      writeJson(io, { ok: true, output, bytes, digest, pages: pageLimits.ok, issues: issuesJson(path, loaded.issues) });
      return EXIT.ok;
    }
    printIssues(io, loaded);
    if (!pageLimits.ok) io.err(`${c.yellow('warning')}: ${path} needs raised limits, which shop pages do not allow: a page refuses this compiled product\n`);
    const where = output === '-' ? 'standard output' : output;
    io.err(`${c.green('✓')} ${path} → ${where}: ${(bytes / 1024).toFixed(1)} KiB, ${loaded.product.options.length} options, ${loaded.product.file.constraints.length} constraints, ${digest}\n`);
    return EXIT.ok;
  },
};
