/**
 * The `c2m` command: dispatches to the subcommands, prints help, and turns errors into exit codes
 * (0 success, 1 problems found, 2 a wrong command line or an unreadable file).
 */
import { readFileSync } from 'node:fs';
import { commandHelp, EXIT, parseCommandArgs, UsageError, type Command } from './command.js';
import { checkCommand } from './commands/check.js';
import { compileCommand } from './commands/compile.js';
import { countCommand } from './commands/count.js';
import { explainCommand } from './commands/explain.js';
import { importCommand } from './commands/import.js';
import { initCommand } from './commands/init.js';
import { lintCommand } from './commands/lint.js';
import { schemaCommand } from './commands/schema.js';
import { specCommand } from './commands/spec.js';
import { testCommand } from './commands/test.js';
import { validateCommand } from './commands/validate.js';
import { FileError } from './files.js';
import { processIo, type Io } from './io.js';

/** Every subcommand, in the order `c2m --help` lists them. */
export const COMMANDS: readonly Command[] = [
  validateCommand,
  lintCommand,
  countCommand,
  explainCommand,
  checkCommand,
  specCommand,
  compileCommand,
  testCommand,
  importCommand,
  schemaCommand,
  initCommand,
];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'c2m — check, explain and import c2m product files.',
    '',
    'Usage: c2m <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run "c2m <command> --help" for a command\'s options and examples.',
    'Exit codes: 0 success, 1 problems found, 2 wrong arguments or unreadable file, 3 internal error.',
    'Colours are used on a terminal unless NO_COLOR is set.',
    '',
  ].join('\n');
}

/** Runs `c2m` with `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.out(topic ? commandHelp(topic) : overview());
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.out(`${version()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`c2m: unknown command "${name}"\n\n${overview()}`);
    return EXIT.usage;
  }
  try {
    const args = parseCommandArgs(command, [...rest]);
    if (args.values.help) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`c2m ${command.name}: ${error.message}\nRun "c2m ${command.name} --help" for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof FileError) {
      io.err(`c2m ${command.name}: ${error.message}\n`);
      return EXIT.usage;
    }
    // A bug of ours, not a problem of the manufacturer's file: say so plainly, with the stack on request.
    const e = error instanceof Error ? error : new Error(String(error));
    io.err(`c2m ${command.name}: internal error: ${e.message}\n${process.env.C2M_DEBUG ? `${e.stack}\n` : 'Set C2M_DEBUG=1 for the stack trace, and please report it.\n'}`);
    return EXIT.internal;
  }
}
