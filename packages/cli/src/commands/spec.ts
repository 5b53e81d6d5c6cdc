/**
 * `c2m spec`: writes the specification a shop page would send for some choices, so that a
 * manufacturer can test a backend (`curl --data @order.json`) without writing code.
 */
import { createSession, IncompleteConfigurationError } from '@c2m/rules/engine';
import { EXIT, flag, stringList, stringOption, UsageError, writeJson, type Command } from '../command.js';
import { writeText } from '../files.js';
import { colors } from '../io.js';
import { hasErrors, loadProduct, printIssues } from '../load.js';
import { applySelections, showValue } from '../selections.js';

/** An RFC 3339 time as `--created-at` takes it, e.g. `2026-11-25T10:00:00Z`. */
function parseTime(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? new Date(text) : undefined;
  if (!t || Number.isNaN(t.getTime())) throw new UsageError(`--created-at takes a time such as 2026-11-25T10:00:00Z, not "${text}"`);
  return t;
}

export const specCommand: Command = {
  name: 'spec',
  summary: 'Write the specification a shop page would send for some choices (to test a backend)',
  synopsis: 'spec <file> [--select option=value …] [--complete] [-o order.json]',
  description: [
    'Configures the product as a shopper would: the defaults, then each --select in order (a refused one is',
    'reported with its reason, exit 1). With --complete the engine fills what is still open; otherwise every',
    'option that needs a value must have one (from a default or a --select). Prints the specification as',
    'JSON (or writes it with -o): the body of POST /specifications, exactly as a shop page sends it.',
    '',
    'Send it to a backend with curl (a new Idempotency-Key per order):',
    '  c2m spec oak-table.yaml -s wood=walnut --complete -o order.json',
    '  curl -X POST https://maker.example/api/specifications -H "Content-Type: application/json" \\',
    '       -H "Idempotency-Key: $(uuidgen)" --data @order.json',
  ].join('\n'),
  options: {
    select: { type: 'string', short: 's', multiple: true, valueName: 'option=value', description: 'A choice, applied in order after the defaults.' },
    complete: { type: 'boolean', short: 'c', description: 'Let the engine choose a value for every option still open.' },
    'no-defaults': { type: 'boolean', description: 'Start from nothing instead of the product\'s defaults.' },
    lang: { type: 'string', short: 'l', valueName: 'tag', description: 'The shopper\'s language (the specification\'s locale and labels; default: the product\'s).' },
    'created-at': { type: 'string', valueName: 'time', description: 'The specification\'s createdAt, e.g. 2026-11-25T10:00:00Z (default: now).' },
    output: { type: 'string', short: 'o', valueName: 'file', description: 'Write it to a file instead of printing it.' },
  },
  examples: [
    'c2m spec oak-table.yaml --select wood=walnut --complete > order.json',
    'c2m spec suit.yaml -s fabric=linen -s lining=false -o order.json',
    'c2m spec oak-table.yaml --complete --lang zh-CN --created-at 2026-11-25T10:00:00Z',
  ],
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const path = args.positionals[0];
    const c = colors(io);
    const lang = stringOption(args, 'lang');
    if (lang !== undefined && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang)) throw new UsageError(`--lang takes a language tag such as en or zh-CN, not "${lang}"`);
    const now = parseTime(stringOption(args, 'created-at'));
    const loaded = await loadProduct(io, path, { quiet: true });
    if (!loaded.product || hasErrors(loaded.issues)) {
      printIssues(io, loaded);
      io.err(`${c.red('✗')} ${path} is not a valid product file, so no specification can be built from it\n`);
      return EXIT.problems;
    }
    const product = loaded.product;
    const session = createSession(product, { applyDefaults: !flag(args, 'no-defaults'), ...(lang ? { locale: lang } : {}) });
    const applied = applySelections(session, product, stringList(args, 'select'));
    if (!applied.ok) {
      const r = applied.result;
      const because = r.reason ? ` — ${r.reason.constraints.map((k) => `[${k.id}] ${k.message}`).join('; ')}` : '';
      io.err(`${c.red('refused')}: ${applied.option} = ${showValue(applied.value)}: ${r.message}${because}\n`);
      if (r.repair) io.err(`  run "c2m explain ${path} --want ${applied.option}=${showValue(applied.value)}" for the smallest change that allows it\n`);
      return EXIT.problems;
    }
    if (flag(args, 'complete')) session.autocomplete();
    // What a shopper would still have to choose (an empty text or file is a choice already, unless required).
    const open = product.options.filter((o) => session.selections[o.id] === undefined && (o.type === 'choice' || o.type === 'boolean' || o.type === 'number' || o.required === true));
    if (open.length > 0) {
      const list = open.map((o) => `${o.id} (${o.type === 'choice' ? o.values.map((v) => v.id).join(', ') : o.type})`);
      io.err(`${c.red('✗')} not complete: ${open.length === 1 ? 'this option needs' : 'these options need'} a value: ${list.join('; ')}\n  choose with --select option=value, or add --complete to let the engine choose\n`);
      return EXIT.problems;
    }
    let spec;
    try {
      spec = session.toSpecification({ now });
    } catch (error) {
      if (!(error instanceof IncompleteConfigurationError)) throw error;
      io.err(`${c.red('✗')} ${error.message}\n`);
      return EXIT.problems;
    }
    const output = stringOption(args, 'output');
    if (output === undefined) {
      writeJson(io, spec);
      return EXIT.ok;
    }
    await writeText(io, output, `${JSON.stringify(spec, null, 2)}\n`);
    io.err(`${c.green('wrote')} ${output}: ${spec.product.id} ${spec.product.version}, total ${spec.quote.total} ${spec.quote.currency} minor units\n`);
    return EXIT.ok;
  },
};
