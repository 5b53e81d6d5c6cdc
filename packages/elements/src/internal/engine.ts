/**
 * What the elements use of the engine in the page, in one module imported on demand. `@c2m/rules`'
 * main entry is small and fetches the engine itself when a session opens (only the parts a product
 * needs: the compiled diagram for products with tables). A file it refuses comes back with brief
 * issues; the complete checks (`@c2m/rules/check`, fetched only then) find every problem with its
 * line and column for the problems view. With it, the wrapper that moves a session in the page to the
 * worker when it proves slow (`engine="auto"`).
 */
import { createPageSession as openInPage, type OpenSessionResult, type PageSessionOptions, type ProductInput } from '@c2m/rules';

export { preloadPageEngine } from '@c2m/rules';
// `engine="auto"`'s wrapper is used only with a session in the page: it comes with the page's engine.
export { createAdaptiveSession } from './adaptive-session.js';

/** `createPageSession`, with a refused file's problems from the complete checks, worded in the session's language. */
export async function createPageSession(input: ProductInput, options: PageSessionOptions = {}): Promise<OpenSessionResult> {
  const result = await openInPage(input, options);
  if (result.ok) return result;
  const { productProblems } = await import('@c2m/rules/check');
  return { ok: false, issues: productProblems(input, { locale: options.locale ?? 'en' }) };
}
