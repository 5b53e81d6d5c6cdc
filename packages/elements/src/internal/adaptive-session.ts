/**
 * `engine="auto"` for a product that opened in the page: a session that measures its own engine
 * calls and moves to the engine's Web Worker when the page's engine proves slow for this product,
 * carrying the configuration over — the shopper's choices with their origins, the undo history,
 * the language — so that nothing changes for the shopper but a moment of "Updating…".
 *
 * How it carries the configuration: every change made in the page is logged (a few plain values per
 * click) and replayed, in order, by the worker's session (the engine is deterministic: the same
 * changes give the same selections, origins, defaults and history). Changes the shopper makes while
 * the worker compiles still run in the page and are logged; the ones made during the replay wait
 * for it, so that every state and `c2m-change` comes in order.
 */
import type { AsyncSession, OpenSessionResult, ProductInput, SessionOptions, SessionState } from '@c2m/rules';

/** Why and when a session moved to the worker. */
export interface EngineMove {
  /** Where the engine runs from now on. */
  mode: 'worker';
  /** The engine call that took too long: `select`, `explain`, `undo`, … */
  operation: string;
  /** How long it held the main thread, in ms. */
  ms: number;
}

/** Changes: what the worker replays, in order. */
const CHANGES = ['select', 'clear', 'setMany', 'reset', 'undo', 'redo', 'setLocale', 'applyRepair', 'autocomplete'] as const;
/** Every engine call: the changes, and queries (which change nothing and are not logged). */
const METHODS = [...CHANGES, 'isAvailable', 'explain', 'repair', 'count', 'toSpecification'] as const;

type Method = (typeof METHODS)[number];

/** Options of {@link createAdaptiveSession}. */
export interface AdaptiveSessionOptions {
  /** The product file as it was opened (the worker opens it again). */
  input: ProductInput;
  /** The options it was opened with (its language and restored choices). */
  options: SessionOptions;
  /**
   * The most one engine call may hold the main thread (ms), read at every call; 0 moves at the
   * first call. Opening does not count: its one-time costs (the engine's code running cold, the
   * product compiled) say little about how long a choice takes.
   */
  budget: () => number;
  /** Opens the worker's session (`createWorkerSession`, with the page's worker factory). */
  openWorker: (input: ProductInput, options: SessionOptions) => Promise<OpenSessionResult>;
  /** Called once the session runs in the worker. */
  onMove?: (move: EngineMove) => void;
}

/** What must be the same after the move: the choices with their origins, the history's ends, the language. */
function configurationOf(state: SessionState): string {
  return JSON.stringify([state.selections, state.origins, state.canUndo, state.canRedo, state.locale]);
}

// The engine calls, defined in the class's static block (one wrapper each, all alike).
interface AdaptiveSession extends Pick<AsyncSession, Method> {}

class AdaptiveSession implements AsyncSession {
  readonly file;
  readonly digest;
  #inner: AsyncSession;
  #state: SessionState;
  #version: number;
  readonly #listeners = new Set<(state: SessionState) => void>();
  #unsubscribe: () => void;
  /** The changes made so far, for the worker to replay; `undefined` once moved (or staying for good). */
  #log: Array<{ method: Method; args: unknown[] }> | undefined = [];
  /** Set while the worker opens. */
  #moving = false;
  /** Set while the worker replays the log: calls wait for it. */
  #switching: Promise<void> | undefined;
  #disposed = false;

  constructor(
    page: AsyncSession,
    private readonly opts: AdaptiveSessionOptions,
  ) {
    this.#inner = page;
    this.file = page.file;
    this.digest = page.digest;
    this.#state = page.state;
    this.#version = page.state.version;
    this.#unsubscribe = page.subscribe(this.#publish);
  }

  get mode(): 'page' | 'worker' {
    return this.#inner.mode;
  }

  get state(): SessionState {
    return this.#state;
  }

  /** A state of the session in use, numbered on from the ones before (the worker counts its own). */
  readonly #publish = (state: SessionState): void => {
    this.#state = { ...state, version: ++this.#version };
    for (const l of this.#listeners) l(this.#state);
  };

  #call<T>(method: Method, args: unknown[]): Promise<T> {
    if (this.#switching) return this.#switching.then(() => this.#call<T>(method, args));
    const inner = this.#inner;
    const start = performance.now();
    const result = (inner[method] as (...a: unknown[]) => Promise<T>).apply(inner, args);
    // In the page the engine runs within the call: this is how long it held the main thread.
    const ms = performance.now() - start;
    if (this.#log && (CHANGES as readonly string[]).includes(method)) this.#log.push({ method, args });
    if (inner.mode === 'page' && ms >= this.opts.budget()) this.#move(method, ms);
    return result;
  }

  /** Opens the worker in the background; once open, it replays the log and takes over. */
  #move(operation: string, ms: number): void {
    if (this.#moving || !this.#log || this.#disposed) return;
    this.#moving = true;
    const { input, options, openWorker } = this.opts;
    // The worker starts from the configuration the page started from, and replays every change.
    openWorker(input, options).then(
      (opened) => {
        if (!opened.ok) return this.#stay();
        if (this.#disposed) return opened.session.dispose();
        const switching = this.#switchTo(opened.session, { mode: 'worker', operation, ms });
        this.#switching = switching;
        // Cleared before the calls that waited for it go on (reactions run in the order they were added).
        void switching.finally(() => {
          if (this.#switching === switching) this.#switching = undefined;
        });
      },
      () => this.#stay(),
    );
  }

  async #switchTo(worker: AsyncSession, move: EngineMove): Promise<void> {
    try {
      for (const { method, args } of this.#log!) {
        // A change the page refused is refused there too: the same outcome, nothing to carry.
        await (worker[method] as (...a: unknown[]) => Promise<unknown>).apply(worker, args).catch(() => undefined);
      }
      if (this.#disposed) return worker.dispose();
      // A worker that failed on the way (or an engine that differs) carries nothing over: stay.
      if (configurationOf(worker.state) !== configurationOf(this.#inner.state)) throw new Error('c2m: the worker did not reach the same configuration');
      this.#unsubscribe();
      this.#inner.dispose();
      this.#inner = worker;
      this.#log = undefined;
      // The same configuration, now computed in the worker: the state keeps its number (no change to announce).
      this.#state = { ...worker.state, version: this.#version };
      this.#unsubscribe = worker.subscribe(this.#publish);
      this.opts.onMove?.(move);
    } catch {
      worker.dispose();
      this.#stay();
    }
  }

  /** The worker cannot run here (a policy forbids it, say): the page's engine for good. */
  #stay(): void {
    this.#log = undefined;
  }

  static {
    // Every engine call goes through #call: timed in the page, and queued behind a move.
    for (const method of METHODS) {
      Object.defineProperty(this.prototype, method, {
        configurable: true,
        writable: true,
        value(this: AdaptiveSession, ...args: unknown[]) {
          return this.#call(method, args);
        },
      });
    }
  }

  subscribe(listener: (state: SessionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.#disposed = true;
    this.#listeners.clear();
    this.#unsubscribe();
    this.#inner.dispose();
  }
}

/**
 * Wraps a session opened in the page so that it moves to the engine's worker when one of its
 * engine calls holds the main thread for the budget or longer (see {@link AdaptiveSessionOptions}).
 * `mode` says where it runs; `onMove` tells when it moved.
 */
export function createAdaptiveSession(page: AsyncSession, options: AdaptiveSessionOptions): AsyncSession {
  return new AdaptiveSession(page, options);
}
