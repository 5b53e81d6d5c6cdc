/**
 * Reading a product file the way every command needs it: parse (JSON or YAML, with positions),
 * compile with the engine, and print every issue with its file:line:column and a code frame.
 */
import type { CompiledProduct, LimitsProfile, ProductIssue } from '@c2m/rules';
import { isCompiledProduct, RAISED_LIMITS } from '@c2m/rules';
import { compileProduct } from '@c2m/rules/check';
import { stringOption, UsageError, type OptionSpec, type ParsedArgs } from './command.js';
import { formatIssues } from '@c2m/rules/tooling';
import { parseProduct } from '@c2m/rules/yaml';
import { FileError, readText } from './files.js';
import type { Io } from './io.js';
import { createLocator, type Locator } from './locate.js';
import { blockingStep } from './progress.js';

export interface LoadedProduct {
  path: string;
  text: string;
  /** Every issue (errors and warnings), each with a source position when it can be placed. */
  issues: ProductIssue[];
  /** Present when the file is valid and compiled. */
  product?: CompiledProduct;
  /** Finds the line and column of a JSON path in the text. */
  locate: Locator;
}

/** The `--limits` option of the commands that load product files. */
export const LIMITS_OPTION: OptionSpec = {
  type: 'string',
  valueName: 'default|raised',
  description: `Limits a file must keep: default (what a shop page loads) or raised (up to ${RAISED_LIMITS.maxOptions.toLocaleString('en')} options, ${RAISED_LIMITS.maxConstraints.toLocaleString('en')} constraints, ${RAISED_LIMITS.maxFileBytes / 2 ** 20} MiB).`,
};

/** The profile chosen with `--limits`; a usage error for anything but `default` and `raised`. */
export function limitsOption(args: ParsedArgs): LimitsProfile | undefined {
  const value = stringOption(args, 'limits');
  if (value === undefined || value === 'default' || value === 'raised') return value;
  throw new UsageError(`--limits must be default or raised, not "${value}"`);
}

/**
 * Reads, parses and compiles `path`; never throws for a broken file (only for an unreadable one, or
 * a compiled product: its product file is what a command reads).
 */
export async function loadProduct(io: Io, path: string, options: { quiet?: boolean; limits?: LimitsProfile } = {}): Promise<LoadedProduct> {
  const text = await readText(io, path);
  // Checked as a product file it would give one schema error per key of its envelope: say what it is.
  if (isCompiledProduct(text)) throw new FileError(`${path} is a compiled product (what c2m compile writes), not a product file: give the product file it was compiled from`);
  const locate = createLocator(text);
  const format = /\.ya?ml$/i.test(path) ? 'yaml' : /\.json$/i.test(path) ? 'json' : 'auto';
  const limits = options.limits ? { limits: options.limits } : {};
  const parsed = parseProduct(text, { format, ...limits });
  if (!parsed.ok) return { path, text, issues: parsed.issues, locate };
  const compiled = blockingStep(io, `compiling ${path}`, () => compileProduct(parsed.file, limits), !options.quiet);
  // compileProduct checks the file again; keep the parser's positioned issues and add the rest.
  const seen = new Set(parsed.issues.map(key));
  const issues = [...parsed.issues];
  for (const issue of compiled.issues) {
    if (seen.has(key(issue))) continue;
    seen.add(key(issue));
    issues.push(issue.source ? issue : withSource(issue, locate));
  }
  return compiled.ok ? { path, text, issues, product: compiled.product, locate } : { path, text, issues, locate };
}

function key(issue: ProductIssue): string {
  return `${issue.code}\u0000${issue.path.join('\u0000')}\u0000${issue.message}`;
}

function withSource(issue: ProductIssue, locate: Locator): ProductIssue {
  const source = locate(issue.path);
  return source ? { ...issue, source } : issue;
}

/**
 * Prints issues with code frames: to standard output when they are the command's result (validate,
 * lint), else to standard error. Colours follow `io.color`.
 */
export function printIssues(io: Io, loaded: LoadedProduct, issues: ProductIssue[] = loaded.issues, to: 'out' | 'err' = 'err', locale?: string): void {
  if (issues.length === 0) return;
  const text = formatIssues(issues, { text: loaded.text, fileName: loaded.path, color: io.color, ...(locale ? { locale } : {}) });
  (to === 'out' ? io.out : io.err)(text.endsWith('\n') ? text : `${text}\n`);
}

/** Whether any issue is an error. */
export function hasErrors(issues: readonly ProductIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** Issues as plain JSON for `--json`. */
export function issuesJson(path: string, issues: readonly ProductIssue[]) {
  return issues.map((i) => ({ file: path, ...i }));
}
