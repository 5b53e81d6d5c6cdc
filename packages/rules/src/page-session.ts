/** A session in the page, with the engine fetched on demand: the main entry's way to open one. */
import type { OpenSessionResult, ProductInput, SessionOptions } from './api.js';

/** The engine's chunk, imported on demand (a bundler that splits code makes it a file of its own). */
const pageEngine = () => import('./engine/open.js');

/**
 * Starts fetching what {@link createPageSession} needs, e.g. while the product file downloads, so
 * that the two overlap. Resolves when it is loaded; rejects when it cannot be fetched.
 */
export async function preloadPageEngine(): Promise<void> {
  await pageEngine();
}

/** Options of {@link createPageSession}: the session's, and a signal to stop waiting for it. */
export interface PageSessionOptions extends SessionOptions {
  /** Aborts opening: the promise rejects with the signal's reason (a session opened meanwhile is disposed). */
  signal?: AbortSignal;
}

/**
 * Starts a session on a product file in this thread, for products small enough that a change never
 * takes longer than a frame (`createWorkerSession` of `@c2m/rules/worker` runs larger ones off the
 * main thread, with the same result). The engine (`@c2m/rules/engine`'s compiler and session, a
 * chunk of its own in a build that splits code) is imported on the first call, never up front.
 *
 * `input` is the product file's JSON text or the parsed object. Resolves with every problem of the
 * file when it cannot be configured (the complete checks, `@c2m/rules/check`, are fetched only then:
 * each problem worded, with line and column for JSON text); rejects only when the engine cannot be
 * fetched or `signal` aborts.
 *
 * ```ts
 * const opened = await createPageSession({ text: await (await fetch('/suit.json')).text() });
 * if (opened.ok) opened.session.subscribe((state) => render(state));
 * ```
 */
export async function createPageSession(input: ProductInput, options: PageSessionOptions = {}): Promise<OpenSessionResult> {
  const { signal, ...sessionOptions } = options;
  signal?.throwIfAborted();
  const { openSession } = await pageEngine();
  signal?.throwIfAborted();
  const result = await openSession(input, sessionOptions);
  if (signal?.aborted && result.ok) result.session.dispose();
  signal?.throwIfAborted();
  return result;
}
