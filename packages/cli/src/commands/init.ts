/** `c2m init`: writes a commented example product file to start from. */
import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { productFileJsonSchemaText } from '@c2m/rules/tooling';
import { parse } from 'yaml';
import { EXIT, flag, stringOption, UsageError, type Command } from '../command.js';
import { formatOf, writeText } from '../files.js';
import { colors, type Io } from '../io.js';
import { productTemplate, SCHEMA_FILE } from '../template.js';

const exists = (io: Io, path: string): Promise<boolean> =>
  access(resolve(io.cwd, path)).then(
    () => true,
    () => false,
  );

export const initCommand: Command = {
  name: 'init',
  summary: 'Scaffold a commented product file',
  synopsis: 'init [file] [--id product-id] [--name "Product name"] [--force]',
  description: [
    'Writes an example product file (a made-to-order table: choice, number, boolean and text options,',
    'constraints, pricing and lead time) whose comments explain every part. Without a file name it is',
    'printed. A .json file name writes JSON (without the comments). Existing files are kept unless --force.',
    `The file names its JSON Schema as ./${SCHEMA_FILE}, for completion and inline errors in editors;`,
    'init writes that schema beside it (unless --no-schema, or it is there already).',
  ].join('\n'),
  options: {
    id: { type: 'string', valueName: 'product-id', default: 'my-product', description: 'The product id.' },
    name: { type: 'string', valueName: 'text', default: 'My product', description: 'The product name.' },
    force: { type: 'boolean', short: 'f', description: 'Overwrite an existing file (and the schema beside it).' },
    'no-schema': { type: 'boolean', description: `Do not write ${SCHEMA_FILE} beside the file.` },
  },
  examples: ['c2m init oak-table.yaml --id oak-table --name "Oak table"', 'c2m init > product.yaml', 'c2m init product.json'],
  positionals: { min: 0, max: 1 },
  async run(args, io) {
    const id = stringOption(args, 'id') ?? 'my-product';
    const name = stringOption(args, 'name') ?? 'My product';
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(id)) throw new UsageError(`--id "${id}" is not an id: letters, digits, "_", "-", "." (at most 64)`);
    if (/[\n\r:#"']/.test(name) || name.length > 200) throw new UsageError('--name must be one line without : # or quotes (edit the file for anything fancier)');
    const yamlText = productTemplate(id, name);
    const file = args.positionals[0];
    if (file === undefined) {
      io.out(yamlText);
      return EXIT.ok;
    }
    const force = flag(args, 'force');
    if (!force && (await exists(io, file))) throw new UsageError(`${file} exists; use --force to overwrite it`);
    const text = formatOf(file) === 'json' ? `${JSON.stringify({ $schema: `./${SCHEMA_FILE}`, ...parse(yamlText) }, null, 2)}\n` : yamlText;
    await writeText(io, file, text);
    const c = colors(io);
    io.err(`${c.green('created')} ${file}\n`);
    const schema = join(dirname(file), SCHEMA_FILE);
    if (!flag(args, 'no-schema') && (force || !(await exists(io, schema)))) {
      await writeText(io, schema, productFileJsonSchemaText());
      io.err(`${c.green('created')} ${schema} (the JSON Schema the file names, for editors)\n`);
    }
    io.err(`next: c2m validate ${file} && c2m lint ${file}\n`);
    return EXIT.ok;
  },
};
