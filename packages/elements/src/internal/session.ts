/**
 * Opening a session for a product file, in the page or in the engine's module worker, behind one
 * function: the elements only ever see an {@link AsyncSession}, wherever the engine runs.
 *
 * The engine is imported on demand, never up front: a page whose products run in the worker never
 * downloads it (the worker loads its own copy), and a page with a small product fetches it in
 * parallel with the product file.
 */
import type { AsyncSession, ProductIssue, Selections, SessionOptions } from '@c2m/rules';
import { COMPILED_PRODUCT_MEDIA_TYPE, isCompiledProduct } from '@c2m/rules/compiled';
import type { EngineMove } from './adaptive-session.js';

/**
 * Where the engine runs: `auto` starts large products in the worker and the rest in the page, and
 * moves a product to the worker when one of its engine calls takes longer than a frame.
 */
export type EngineMode = 'auto' | 'page' | 'worker';

/** What a product file (or a compiled product) was given as. */
export type ProductInput = { text: string } | { file: unknown };

/**
 * The `Accept` of a product's fetch: the compiled product (`application/vnd.c2m.compiled+json`:
 * `c2m compile`, or a server that compiles for pages) when there is one, else the product file. A
 * CORS-safelisted value (at most 128 bytes, no unsafe characters), so that a product on another
 * origin is fetched without a preflight.
 */
export const PRODUCT_ACCEPT = `${COMPILED_PRODUCT_MEDIA_TYPE}, application/json;q=0.9`;

/** The product file of a product given as an object: itself, or the one a compiled product (its marker) holds. */
const fileOf = (product: unknown) =>
  ((product as { c2m?: unknown } | null)?.c2m === 'compiled-product' ? (product as { product?: unknown }).product : product) as
    | { product?: { id?: unknown }; options?: unknown }
    | null
    | undefined;

/** The product id of a product file or compiled product given as an object (`undefined` when it has none). */
export function productIdOfObject(product: unknown): string | undefined {
  const id = fileOf(product)?.product?.id;
  return typeof id === 'string' ? id : undefined;
}

/** The outcome of opening a session. */
export type OpenResult = { ok: true; session: AsyncSession; issues: ProductIssue[] } | { ok: false; issues: ProductIssue[] };

/**
 * Products above these sizes run in the worker under `engine="auto"`: compiling them and
 * propagating one choice can take longer than a frame on a phone. `bytes` is for a product file's
 * text, `compiledBytes` for a compiled product's, which holds the file and the engine's model: the
 * same products (the compiled text is 1.08–1.14 times the file's on the examples and the real
 * feature models, hence 9/8), even though opening a compiled product skips compiling — what the
 * worker spares the page is mostly the propagation of each choice, which both forms share.
 */
export const WORKER_THRESHOLD = { bytes: 256 * 1024, compiledBytes: 288 * 1024, options: 300 } as const;

/**
 * Under `engine="auto"`, the most one engine call in the page may hold the main thread (ms) before
 * the session moves to the worker: a frame.
 */
export const FRAME_BUDGET_MS = 16;

let workerFactory: (() => Worker) | undefined;

/**
 * Tells the configurators how to start the engine's module worker (`@c2m/rules/worker/thread`),
 * for a bundler or a server that puts it somewhere other than next to `@c2m/rules/worker`. Vite
 * needs nothing (it builds the worker from the engine's own `new Worker(new URL('./thread.js',
 * import.meta.url))`); with another bundler, emit the thread module as an entry of its own and point
 * at it:
 *
 * ```ts
 * registerWorker(() => new Worker('/assets/c2m-thread.js', { type: 'module' }));
 * ```
 *
 * Applies to sessions opened afterwards; `undefined` goes back to the engine's default.
 */
export function registerWorker(factory: (() => Worker) | undefined): void {
  workerFactory = factory;
}

/** The engine, imported when a product runs in the page (its own chunk in a build that splits). */
export const pageEngine = () => import('./engine.js');

/**
 * Starts loading what a session needs before the product is there (the fetch and the engine's
 * download then overlap): the worker's client side, or the page engine: its runtime, all that a
 * compiled product needs (and what is known to come first when the form is not known yet), or with
 * `compiled: false` the engine a product file needs (the runtime and the checks and compiler).
 */
export function preload(mode: 'page' | 'worker', compiled = true): void {
  if (mode === 'worker') void import('@c2m/rules/worker').catch(() => undefined);
  else void pageEngine().then((engine) => engine.preloadPageEngine({ compiled })).catch(() => undefined);
}

/** The size of text above which a product runs in the worker under `engine="auto"`, for either form. */
export function workerBytes(compiled: boolean): number {
  return compiled ? WORKER_THRESHOLD.compiledBytes : WORKER_THRESHOLD.bytes;
}

/** Whether a product is large enough for the worker under `engine="auto"`. */
export function prefersWorker(input: ProductInput): boolean {
  if ('text' in input) return input.text.length > workerBytes(isCompiledProduct(input.text));
  const options = fileOf(input.file)?.options;
  return Array.isArray(options) && options.length > WORKER_THRESHOLD.options;
}

async function openInPage(input: ProductInput, options: SessionOptions): Promise<OpenResult> {
  const { createPageSession } = await pageEngine();
  // A refused file comes back with every problem worded in the session's language (internal/engine.ts).
  return createPageSession(input, options);
}

/** In the page, free to move to the worker (the wrapper that moves it comes with the page's engine). */
async function openAdaptive(input: ProductInput, options: SessionOptions, open: OpenOptions): Promise<OpenResult> {
  const [result, { createAdaptiveSession }] = await Promise.all([openInPage(input, options), pageEngine()]);
  if (!result.ok) return result;
  const { budget = FRAME_BUDGET_MS, onMove } = open;
  const session = createAdaptiveSession(result.session, {
    input,
    options,
    budget: typeof budget === 'function' ? budget : () => budget,
    openWorker: (i, o) => openInWorker(i, o, undefined),
    ...(onMove ? { onMove } : {}),
  });
  return { ...result, session };
}

async function openInWorker(input: ProductInput, options: SessionOptions, signal: AbortSignal | undefined): Promise<OpenResult> {
  const { createWorkerSession } = await import('@c2m/rules/worker');
  const result = await createWorkerSession(input, { ...options, ...(workerFactory ? { worker: workerFactory } : {}), ...(signal ? { signal } : {}) });
  // The worker ran the complete checks and worded them in the session's language: nothing to fetch here.
  return result;
}

/** Options of {@link openSession}. */
export interface OpenOptions {
  mode?: EngineMode;
  locale?: string;
  selections?: Selections;
  signal?: AbortSignal;
  /**
   * Under `auto`, for a product opened in the page: the most one engine call may hold the main
   * thread (ms) before the session moves to the worker (a function is read at every call). Default
   * {@link FRAME_BUDGET_MS}; 0 moves it at the first occasion.
   */
  budget?: number | (() => number);
  /** Under `auto`: called when the session moved to the worker (its `mode` is then `worker`). */
  onMove?: (move: EngineMove) => void;
}

/**
 * Parses, checks and compiles a product file and starts a session on it, where `mode` says (under
 * `auto`, a product that opens in the page moves to the worker when it proves slow). Rejects
 * with the signal's reason when it aborts (a session opened meanwhile is disposed).
 */
export async function openSession(input: ProductInput, options: OpenOptions = {}): Promise<OpenResult> {
  const { mode = 'auto', signal, locale, selections } = options;
  const session: SessionOptions = { ...(locale !== undefined ? { locale } : {}), ...(selections ? { selections } : {}) };
  signal?.throwIfAborted();
  const inWorker = mode === 'worker' || (mode === 'auto' && prefersWorker(input));
  const result = await (inWorker
    ? openInWorker(input, session, signal)
    : mode === 'auto'
      ? openAdaptive(input, session, options)
      : openInPage(input, session));
  if (signal?.aborted && result.ok) result.session.dispose(); // superseded while it opened: no lingering worker
  signal?.throwIfAborted();
  return result;
}
