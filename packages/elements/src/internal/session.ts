/**
 * Opening a session for a product file, in the page or in the engine's module worker, behind one
 * function: the elements only ever see an {@link AsyncSession}, wherever the engine runs.
 *
 * The engine is imported on demand, never up front: a page whose products run in the worker never
 * downloads it (the worker loads its own copy), and a page with a small product fetches it in
 * parallel with the product file.
 */
import type { AsyncSession, ProductIssue, Selections, SessionOptions } from '@c2m/rules';
import type { EngineMove } from './adaptive-session.js';

/**
 * Where the engine runs: `auto` starts large products in the worker and the rest in the page, and
 * moves a product to the worker when one of its engine calls takes longer than a frame.
 */
export type EngineMode = 'auto' | 'page' | 'worker';

/** What a product file was given as. */
export type ProductInput = { text: string } | { file: unknown };

/** The outcome of opening a session. */
export type OpenResult = { ok: true; session: AsyncSession; issues: ProductIssue[] } | { ok: false; issues: ProductIssue[] };

/**
 * Products above these sizes run in the worker under `engine="auto"`: compiling them and
 * propagating one choice can take longer than a frame on a phone.
 */
export const WORKER_THRESHOLD = { bytes: 256 * 1024, options: 300 } as const;

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
 * Starts loading what a session needs before the product file is there (the fetch and the engine's
 * download then overlap): the page engine, or the worker's client side.
 */
export function preload(mode: EngineMode): void {
  if (mode === 'worker') void import('@c2m/rules/worker').catch(() => undefined);
  else void pageEngine().then((engine) => engine.preloadPageEngine()).catch(() => undefined);
}

/** Whether a product is large enough for the worker under `engine="auto"`. */
export function prefersWorker(input: ProductInput): boolean {
  if ('text' in input) return input.text.length > WORKER_THRESHOLD.bytes;
  const options = (input.file as { options?: unknown } | null)?.options;
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
