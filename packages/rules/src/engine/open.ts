/**
 * A product file to a running session in one step, as a shop opens it: what `createPageSession`
 * (the main entry, which imports this module on demand) and the engine's worker both do.
 */
import type { OpenSessionResult, ProductInput, SessionOptions } from '../api.js';
import { compileProduct } from './compile.js';
import { loadProduct } from './load.js';
import { createLocalSession } from './local-session.js';
import { createSession } from './session.js';

/**
 * Parses, checks and compiles `input` on the shop path and starts a session in this thread. A file
 * the shop path refuses is checked again by the complete checks (`@c2m/rules/check`, imported only
 * then), so the result lists every problem, worded, with line and column for JSON text.
 */
export async function openSession(input: ProductInput, options: SessionOptions = {}): Promise<OpenSessionResult> {
  const compiled = 'text' in input ? loadProduct(input.text) : compileProduct(input.file);
  if (!compiled.ok) {
    const full = await import('../check.js');
    return { ok: false, issues: ('text' in input ? full.loadProduct(input.text) : full.compileProduct(input.file)).issues };
  }
  return { ok: true, session: createLocalSession(createSession(compiled.product, options)), issues: compiled.issues };
}
