/**
 * A product file to a running session in one step, as a shop opens it: what `createPageSession`
 * (the main entry, which imports this module on demand) and the engine's worker both do. The
 * parts of the engine a product may not need are chunks of their own, fetched only when it does:
 * the compiled diagram (faster domains for products with allowed-combination tables) before the
 * session starts. What every session needs, but only after its first state is shown (changes,
 * reasons, repairs, the specification: later.ts) is fetched once it is open, in idle time. Counting is the
 * caller's to give (`@c2m/rules/count`, fetched on the first `count`): nothing here imports it, so
 * a page that never counts cannot download it.
 */
import type { OpenSessionResult, ProductInput, SessionOptions } from '../api.js';
import type { Product } from './product.js';
import { compileWith, loadWith } from './load.js';
import { startSession, type Counter } from './start.js';

export { DIAGRAM_MIN_ROWS, wantsDiagram, type Counter } from './start.js';

/**
 * Parses, checks and compiles `input` on the shop path and starts a session in this thread. A file
 * the shop path refuses comes back with its brief issues (code, path, params): the complete checks
 * that word them, with line and column (`productProblems` of `@c2m/rules/check`), are the caller's
 * to fetch, so that nothing here can fetch them.
 */
export async function openSession(input: ProductInput, options: SessionOptions = {}, counter?: Counter): Promise<OpenSessionResult> {
  // A page never sees the compiled product: it need not answer manufacturers' questions (questions.ts).
  const compiled = 'text' in input ? loadWith(input.text, {}, {}) : compileWith(input.file, {}, {});
  if (!compiled.ok) return { ok: false, issues: compiled.issues };
  return startSession(compiled.product as Product, options, counter, compiled.issues);
}
