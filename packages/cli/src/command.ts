/**
 * The shape every `c2m` subcommand has: its help text, its options for node:util `parseArgs`, and a
 * `run` that returns the exit code. Exit codes: 0 success, 1 problems found, 2 the command line itself
 * is wrong (or a file cannot be read), 3 an internal error.
 */
import { parseArgs } from 'node:util';
import type { Io } from './io.js';

export const EXIT = { ok: 0, problems: 1, usage: 2, internal: 3 } as const;

/** One command-line option. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  /** Shown in `--help`. */
  description: string;
  /** The placeholder in `--help`, e.g. `option=value`. */
  valueName?: string;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The synopsis after `c2m`, e.g. `validate <files…>`. */
  synopsis: string;
  /** A paragraph for `--help`. */
  description: string;
  options: Record<string, OptionSpec>;
  examples: string[];
  positionals: { min: number; max?: number };
  run(args: ParsedArgs, io: Io): Promise<number>;
}

/** A mistake on the command line: reported with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Options every command accepts. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
};

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  const options = { ...COMMON_OPTIONS, ...command.options };
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(options)) {
    config[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true }) as ParsedArgs;
  } catch (error) {
    // parseArgs names the offending option in its message; drop Node's error-code prefix.
    throw new UsageError((error as Error).message.replace(/^\w+ \[[A-Z_]+\]: /, ''));
  }
  if (parsed.values.help) return parsed;
  for (const [name, spec] of Object.entries(options)) {
    if (parsed.values[name] === undefined && spec.default !== undefined) parsed.values[name] = spec.default;
  }
  const n = parsed.positionals.length;
  if (n < command.positionals.min) throw new UsageError(`missing argument: c2m ${command.synopsis}`);
  if (command.positionals.max !== undefined && n > command.positionals.max) {
    throw new UsageError(`unexpected argument "${parsed.positionals[command.positionals.max]}": c2m ${command.synopsis}`);
  }
  return parsed;
}

/** The `--help` text of a command. */
export function commandHelp(command: Command): string {
  const options = { ...command.options, ...COMMON_OPTIONS };
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : ''}`;
    return [flag, spec.description + (spec.multiple ? ' (repeatable)' : '')];
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return [
    `Usage: c2m ${command.synopsis}`,
    '',
    command.description,
    '',
    'Options:',
    ...rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`),
    '',
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}

/** A string option's value, if given. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable string option's values. */
export function stringList(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** Writes a value as the `--json` output: one JSON document, bigints as decimal strings. */
export function writeJson(io: Io, value: unknown): void {
  io.out(`${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
}
