/**
 * Issues as text for a terminal: `file:line:col  error  message  [code]`, a code frame with a caret
 * under the column when the source text is given, and the JSON path. The CLI prints this; colours
 * only when asked, so logs and tests stay plain.
 */
import type { ProductIssue } from '../types.js';
import { formatPath } from './issue.js';
import { issueMessage } from './translate.js';

/** Options of {@link formatIssues}. */
export interface FormatIssuesOptions {
  /** The product file's text: adds a code frame under each issue that has a position. */
  text?: string;
  /** Shown before the line and column, e.g. `products/oak-table.json`. */
  fileName?: string;
  /** ANSI colours. Default `false`. */
  color?: boolean;
  /** Language of the messages (BCP 47). Default `en`. */
  locale?: string;
  /** Lines of context above and below the line at fault. Default 2. */
  context?: number;
}

const ANSI = { red: '\x1b[31m', yellow: '\x1b[33m', dim: '\x1b[2m', bold: '\x1b[1m', cyan: '\x1b[36m', reset: '\x1b[0m' };
/** Frame lines longer than this are cut around the column: minified JSON is one very long line. */
const MAX_FRAME_WIDTH = 120;

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Terminal columns taken by `s`: East Asian wide characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd)
      ? 2
      : 1;
  }
  return w;
}

/** The visible part of a line around `column` (1-based, UTF-16), and the column within it. */
function visibleSlice(line: string, column: number): { text: string; column: number } {
  const clean = line.replace(/\t/g, ' ');
  if (clean.length <= MAX_FRAME_WIDTH) return { text: clean, column };
  const start = Math.max(0, Math.min(column - 1 - MAX_FRAME_WIDTH / 2, clean.length - MAX_FRAME_WIDTH));
  const prefix = start > 0 ? '…' : '';
  const end = start + MAX_FRAME_WIDTH;
  return { text: prefix + clean.slice(start, end) + (end < clean.length ? '…' : ''), column: column - start + prefix.length };
}

function frameLines(
  lines: readonly string[],
  line: number,
  column: number,
  context: number,
  paint: (c: keyof typeof ANSI, s: string) => string,
  tone: 'red' | 'yellow' = 'red',
): string[] {
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const gutter = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const here = n === line;
    const shown = visibleSlice(lines[n - 1] ?? '', here ? column : 1);
    const marker = here ? paint(tone, '>') : ' ';
    out.push(`  ${marker} ${paint('dim', `${String(n).padStart(gutter)} |`)} ${shown.text}`.trimEnd());
    if (here) {
      const pad = ' '.repeat(displayWidth(shown.text.slice(0, Math.max(0, shown.column - 1))));
      out.push(`    ${' '.repeat(gutter)} ${paint('dim', '|')} ${pad}${paint(tone, '^')}`);
    }
  }
  return out;
}

/** Options of {@link codeFrame}. */
export interface CodeFrameOptions {
  /** Lines of context above and below. Default 2. */
  context?: number;
  /** ANSI colours. Default `false`. */
  color?: boolean;
  /** Colour of the marker and the caret: `red` for errors, `yellow` for warnings. Default `red`. */
  tone?: 'red' | 'yellow';
}

/**
 * The lines of `text` around `line` with a caret under `column` (both 1-based; the column counts
 * UTF-16 units, as the parsers report it). Long lines, such as minified JSON, are cut around the
 * column; wide CJK characters count as two terminal columns. Any text format, not only product files.
 */
export function codeFrame(text: string, line: number, column: number, options: CodeFrameOptions = {}): string {
  const paint = (c: keyof typeof ANSI, s: string) => (options.color ? `${ANSI[c]}${s}${ANSI.reset}` : s);
  return frameLines(splitLines(text), line, column, options.context ?? 2, paint, options.tone).join('\n');
}

/**
 * Formats issues for a terminal, one block per issue, then a count of errors and warnings.
 * Positions come from `issue.source`; the code frame needs `options.text`.
 */
export function formatIssues(issues: readonly ProductIssue[], options: FormatIssuesOptions = {}): string {
  const { text, fileName, color = false, locale = 'en', context = 2 } = options;
  const paint = (c: keyof typeof ANSI, s: string) => (color ? `${ANSI[c]}${s}${ANSI.reset}` : s);
  const lines = text === undefined ? undefined : splitLines(text);
  const blocks: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const issue of issues) {
    if (issue.severity === 'error') errors++;
    else warnings++;
    const where = [fileName, issue.source ? `${issue.source.line}:${issue.source.column}` : undefined]
      .filter((p) => p !== undefined)
      .join(':');
    const severity = issue.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
    const head = [where === '' ? undefined : paint('bold', where), severity, issueMessage(issue, locale), paint('dim', `[${issue.code}]`)]
      .filter((p) => p !== undefined)
      .join('  ');
    const block = [head];
    if (lines && issue.source && issue.source.line <= lines.length) {
      block.push(...frameLines(lines, issue.source.line, issue.source.column, context, paint));
    }
    block.push(`  ${paint('cyan', '→')} at ${formatPath(issue.path)}`);
    blocks.push(block.join('\n'));
  }
  const summary = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  blocks.push(errors > 0 ? paint('red', summary) : summary);
  return blocks.join('\n\n') + '\n';
}
