/** `c2m import`: a UVL or FeatureIDE feature model → a product file, reporting what cannot be carried over. */
import { stringify } from 'yaml';
import { EXIT, flag, stringOption, UsageError, writeJson, type Command } from '../command.js';
import { codeFrame } from '@c2m/rules/tooling';
import { formatOf, readText, writeText } from '../files.js';
import { parseFeatureIde } from '../import/featureide.js';
import { ImportSyntaxError, type FeatureModel } from '../import/model.js';
import { overLimit, toProductFile } from '../import/to-product.js';
import { parseUvl } from '../import/uvl.js';
import { colors } from '../io.js';
import { blockingStep } from '../progress.js';

/** Reads a feature model; the format comes from `from`, else the extension, else the content. */
export function readFeatureModel(text: string, fileName: string, from?: string): FeatureModel {
  const format = from ?? (/\.uvl$/i.test(fileName) ? 'uvl' : /\.xml$/i.test(fileName) ? 'featureide' : text.trimStart().startsWith('<') ? 'featureide' : 'uvl');
  if (format !== 'uvl' && format !== 'featureide') throw new UsageError(`--from must be uvl or featureide, not "${format}"`);
  return format === 'uvl' ? parseUvl(text) : parseFeatureIde(text);
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Convert a UVL or FeatureIDE feature model into a product file',
  synopsis: 'import <model> [-o product.json|product.yaml] [--from uvl|featureide]',
  description: [
    'Converts a feature model into a product file: every feature becomes a boolean option labelled with its',
    'name, the tree becomes rule and cardinality constraints (child needs parent, mandatory children,',
    'alternative/or/[n..m] groups), and cross-tree constraints become rule constraints. Everything that a',
    'product file cannot express (typed features, equations, clones, imports, attributes other than',
    '"abstract") is reported as a warning with its line and column. Without -o the product file is printed.',
  ].join('\n'),
  options: {
    output: { type: 'string', short: 'o', valueName: 'file', description: 'Write the product file here (.json, .yaml or .yml).' },
    from: { type: 'string', valueName: 'uvl|featureide', description: 'The model format (default: from the extension or the content).' },
    id: { type: 'string', valueName: 'product-id', description: 'The product id (default: from the root feature).' },
    currency: { type: 'string', valueName: 'code', description: 'ISO 4217 currency code of the product (default XXX, "no currency").' },
    verbose: { type: 'boolean', short: 'v', description: 'Also list informational notes (renamed ids, ignored elements).' },
    json: { type: 'boolean', description: 'Print {file, notes, stats} as JSON (for CI).' },
  },
  examples: [
    'c2m import car.uvl -o car.product.json',
    'c2m import model.xml --from featureide -o model.product.yaml',
    'c2m import car.uvl --json > import-report.json',
  ],
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const path = args.positionals[0];
    const output = stringOption(args, 'output');
    const json = flag(args, 'json');
    const c = colors(io);
    const text = await readText(io, path);
    let model: FeatureModel;
    try {
      model = blockingStep(io, `reading ${path}`, () => readFeatureModel(text, path, stringOption(args, 'from')), !json);
    } catch (error) {
      if (!(error instanceof ImportSyntaxError)) throw error;
      const message = error.message.replace(/^\d+:\d+: /, '');
      if (json) writeJson(io, { ok: false, error: { message, line: error.pos.line, column: error.pos.column } });
      else {
        io.err(`${c.bold(`${path}:${error.pos.line}:${error.pos.column}`)}: ${c.red('error')}: ${message}\n`);
        io.err(`${codeFrame(text, error.pos.line, error.pos.column, { color: io.color })}\n`);
      }
      return EXIT.problems;
    }
    const currency = stringOption(args, 'currency');
    if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) throw new UsageError(`--currency must be an ISO 4217 code such as EUR, not "${currency}"`);
    const result = toProductFile(model, { productId: stringOption(args, 'id'), currency });
    const format = output ? formatOf(output) : 'json';
    const serialized = format === 'yaml' ? stringify(result.file, { lineWidth: 0 }) : `${JSON.stringify(result.file, null, 2)}\n`;
    const bytes = Buffer.byteLength(serialized);
    const tooBig = overLimit(bytes, 'maxFileBytes', `the written file has ${bytes.toLocaleString('en')} bytes; a product file has at most`, 'bytes');
    if (tooBig) result.notes.push({ severity: 'warning', kind: 'over-limit', message: tooBig });
    if (output) await writeText(io, output, serialized);
    if (json) {
      writeJson(io, { ok: true, ...(output ? { output } : { file: result.file }), notes: result.notes, stats: result.stats });
      return EXIT.ok;
    }
    if (!output) io.out(serialized);
    const verbose = flag(args, 'verbose');
    let hidden = 0;
    for (const note of result.notes) {
      if (note.severity === 'info' && !verbose) {
        hidden++;
        continue;
      }
      const where = note.pos ? `${path}:${note.pos.line}:${note.pos.column}` : path;
      const tag = note.severity === 'info' ? c.dim('note') : c.yellow(note.kind === 'shortened' ? 'shortened' : note.kind === 'over-limit' ? 'over a limit' : 'not carried over');
      io.err(`${c.bold(where)}: ${tag}: ${note.message}\n`);
    }
    const s = result.stats;
    io.err(
      `${c.green('imported')} ${s.features} features as options, ${s.treeConstraints} tree constraints, ${s.crossTreeConstraints} cross-tree constraints` +
        `${s.dropped > 0 ? c.yellow(`; ${s.dropped} constraints not carried over`) : ''}${output ? ` → ${output}` : ''}` +
        `${hidden > 0 ? c.dim(` (${hidden} notes hidden; --verbose shows them)`) : ''}\n`,
    );
    return EXIT.ok;
  },
};
