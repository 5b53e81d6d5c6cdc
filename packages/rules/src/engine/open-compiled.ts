/**
 * A compiled product to a running session in one step (`createPageSession` and the engine's worker
 * import this module on demand, for a compiled product only): the runtime a page fetches instead of
 * open.ts, without the product-file checks, the formula parser, the model builder and SHA-256.
 *
 * A compiled product this engine cannot use (a format it does not know, a model that fails the
 * reader's checks: read-compiled.ts) is not refused for that: the product file inside it is opened
 * as any product file is (open.ts, fetched then), with every check a product file gets, and the
 * session's issues say why in a warning. Text that is not JSON is refused as a product file's would be.
 */
import type { OpenSessionResult, ProductInput, SessionOptions } from '../api.js';
import type { ProductIssue } from '../types.js';
import { LIMITS } from '../limits.js';
import { readCompiledProduct, type Unread } from './read-compiled.js';
import { startSession, type Counter } from './start.js';

/**
 * The most UTF-16 units of a compiled product's text a page parses: room for a product file at the
 * default limits (`LIMITS.maxFileBytes`) with its model.
 */
export const MAX_COMPILED_CHARS = 4 * LIMITS.maxFileBytes;

/** The brief issue of a text that is not a compiled product at all, shaped like the shop path's for a product file. */
function textIssue(code: 'syntax' | 'limit', params: Record<string, string | number>): ProductIssue {
  return { code, severity: 'error', path: [], message: `(root): ${code} (${String(params.kind)})`, params };
}

/**
 * Opens a compiled product (its text, or the parsed object) and starts a session in this thread,
 * like `openSession` (open.ts) opens a product file: the same session, state and issues as opening
 * the product file it was compiled from.
 */
export async function openCompiledSession(input: ProductInput, options: SessionOptions = {}, counter?: Counter): Promise<OpenSessionResult> {
  let json: unknown;
  if ('text' in input) {
    const { text } = input;
    if (text.length > MAX_COMPILED_CHARS) return { ok: false, issues: [textIssue('limit', { kind: 'file-bytes', max: MAX_COMPILED_CHARS })] };
    try {
      json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (error) {
      // A RangeError: nesting deep enough to exhaust the parser's stack in some engines.
      if (error instanceof RangeError) return { ok: false, issues: [textIssue('limit', { kind: 'depth', max: LIMITS.maxDepth })] };
      return { ok: false, issues: [textIssue('syntax', { kind: 'json', detail: error instanceof Error ? error.message : String(error) })] };
    }
  } else json = input.file;
  const read = readCompiledProduct(json);
  if (!read.ok) return openEmbedded(read, options, counter);
  let reason: string;
  try {
    // As compiling does (load.ts), with the same budget: the solver's first answers then match.
    const answer = read.product.main.solver.solve([], 200_000);
    if (answer !== 'unsat') return await startSession(read.product, options, counter, read.warnings);
    reason = 'no configuration satisfies its model';
  } catch (e) {
    // What the reader's checks let through and the session cannot read: the file's own checks will name it.
    reason = `it cannot be opened (${e instanceof Error ? e.message : String(e)})`;
  }
  return openEmbedded({ ok: false, reason, file: read.product.file }, options, counter);
}

/** Opens the product file inside a compiled product that cannot be used as it is, with today's checks. */
async function openEmbedded(read: Unread, options: SessionOptions, counter: Counter | undefined): Promise<OpenSessionResult> {
  const { openSession } = await import('./open.js');
  const opened = await openSession({ file: read.file }, options, counter);
  if (!opened.ok) return opened;
  const warning: ProductIssue = {
    code: 'invalid-value',
    severity: 'warning',
    path: ['model'],
    message: `the compiled product could not be used (${read.reason}): the product file inside it was opened instead`,
    params: { kind: 'compiled-product', reason: read.reason },
  };
  return { ...opened, issues: [...opened.issues, warning] };
}
