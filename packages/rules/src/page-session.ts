/** A session in the page, with the engine fetched on demand: the main entry's way to open one. */
import type { OpenSessionResult, ProductInput, SessionOptions } from './api.js';
import type { Counter } from './engine/start.js';
import { isCompiledInput } from './compiled-product.js';

/** The engine's chunk, imported on demand (a bundler that splits code makes it a file of its own). */
const pageEngine = () => import('./engine/open.js');
/** The runtime of compiled products: the engine without the product-file checks, the parser and the model builder (a chunk of its own). */
const compiledRuntime = () => import('./engine/open-compiled.js');

/**
 * Starts fetching what {@link createPageSession} needs, e.g. while the product file downloads, so
 * that the two overlap: the engine for product files, or with `{ compiled: true }` the smaller
 * runtime for compiled products (a page that knows it will receive one). Resolves when it is
 * loaded; rejects when it cannot be fetched.
 */
export async function preloadPageEngine(options: { compiled?: boolean } = {}): Promise<void> {
  await (options.compiled ? compiledRuntime() : pageEngine());
}

/** Options of {@link createPageSession}: the session's, a signal to stop waiting for it, and counting. */
export interface PageSessionOptions extends SessionOptions {
  /** Aborts opening: the promise rejects with the signal's reason (a session opened meanwhile is disposed). */
  signal?: AbortSignal;
  /**
   * Exact counting, for a session that calls `count`: `() => import('@c2m/rules/count')`, called
   * on the first `count` (a bundler makes it a chunk of its own). Without it, `count` rejects: a
   * page that never counts never downloads the counter.
   */
  counter?: Counter;
}

/**
 * Starts a session on a product file in this thread, for products small enough that a change never
 * takes longer than a frame (`createWorkerSession` of `@c2m/rules/worker` runs larger ones off the
 * main thread, with the same result). The engine (`@c2m/rules/engine`'s compiler and session, a
 * chunk of its own in a build that splits code) is imported on the first call, never up front;
 * what the session needs only after its first state is shown (the work of a change, reasons,
 * repairs, `autocomplete`, building the specification) is fetched in idle time once it is open, and
 * a `select`, `clear`, `setMany`, `applyRepair`, `autocomplete`, `explain`, `repair` or
 * `toSpecification` made before it arrived waits for it.
 *
 * `input` is the product file's JSON text or the parsed object, or a compiled product's (the
 * product file compiled ahead of time, e.g. by `c2m compile`: it starts with
 * `{"c2m":"compiled-product"`, see {@link isCompiledProduct}). A compiled product is opened by a
 * smaller runtime, without the checks, the parser and the model builder, and gives the same session
 * as its product file; one this engine cannot use (another format, a damaged model) is opened
 * through the product file inside it, with a warning in `issues`. Resolves with `ok: false` when the
 * file cannot be configured, with brief issues (code, path and params, a short message, no
 * position): the shop path's checks refuse exactly the files the complete checks find an error in,
 * but do not word them, so that a page downloads less. To show the problems, fetch the complete
 * checks then and pass them the same input: `productProblems` of `@c2m/rules/check` gives every
 * problem worded, with suggestions, and line and column for JSON text. Rejects only when the engine
 * cannot be fetched or `signal` aborts.
 *
 * ```ts
 * const input = { text: await (await fetch('/suit.json')).text() };
 * const opened = await createPageSession(input);
 * if (opened.ok) opened.session.subscribe((state) => render(state));
 * else showProblems((await import('@c2m/rules/check')).productProblems(input, { locale: 'en' }));
 * ```
 */
export async function createPageSession(input: ProductInput, options: PageSessionOptions = {}): Promise<OpenSessionResult> {
  const { signal, counter, ...sessionOptions } = options;
  signal?.throwIfAborted();
  const open = isCompiledInput(input) ? (await compiledRuntime()).openCompiledSession : (await pageEngine()).openSession;
  signal?.throwIfAborted();
  const result = await open(input, sessionOptions, counter);
  if (signal?.aborted && result.ok) result.session.dispose();
  signal?.throwIfAborted();
  return result;
}
