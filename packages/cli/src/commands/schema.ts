/** `c2m schema`: prints the product file's JSON Schema (for editors and other validators). */
import { productFileJsonSchemaText } from '@c2m/rules/tooling';
import { EXIT, stringOption, type Command } from '../command.js';
import { writeText } from '../files.js';
import { colors } from '../io.js';

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the JSON Schema of product files',
  synopsis: 'schema [-o file]',
  description: [
    'Prints the JSON Schema of the product-file format (draft 2020-12), generated from the same definition',
    'the engine validates with. Point your editor at it for completion and inline errors: a product file',
    'may name it in "$schema", or YAML files in a "# yaml-language-server: $schema=…" comment.',
  ].join('\n'),
  options: {
    output: { type: 'string', short: 'o', valueName: 'file', description: 'Write it to a file instead of printing it.' },
  },
  examples: ['c2m schema > product-file.schema.json', 'c2m schema -o .vscode/product-file.schema.json'],
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const text = productFileJsonSchemaText();
    const output = stringOption(args, 'output');
    if (output === undefined) {
      io.out(text.endsWith('\n') ? text : `${text}\n`);
      return EXIT.ok;
    }
    await writeText(io, output, text);
    io.err(`${colors(io).green('wrote')} ${output}\n`);
    return EXIT.ok;
  },
};
