/**
 * The asynchronous session API over a session that runs in the page itself: what a UI uses for
 * products small enough that a change never takes longer than a frame. The worker session
 * (`@c2m/rules/worker`) offers the same API for the rest.
 */
import type { AsyncSession, ChangeResult, Session, SessionState } from '../api.js';
import type { ProductFile } from '../schema/product-file.js';
import type { SelectionValue } from '../types.js';

/** Reads everything a UI renders from a session, in one go. */
export function stateOf(session: Session, version: number): SessionState {
  return {
    version,
    locale: session.locale,
    selections: { ...session.selections },
    origins: { ...session.origins },
    domains: session.domains(),
    quote: session.quote(),
    leadTime: session.leadTime(),
    complete: session.isComplete(),
    canUndo: session.canUndo,
    canRedo: session.canRedo,
  };
}

/** What a local session fetches before an operation that needs a part loaded on demand (engine/open.ts). */
export interface LocalSessionPrepare {
  /** Makes counting available to the session. */
  count?: () => Promise<void>;
  /**
   * Makes changes, `autocomplete`, reasons, repairs and specifications available to the session
   * (engine/later.ts, which start.ts starts fetching once the session is open); the same promise on every call once it
   * succeeded. Calls that may need them wait for it, and every call made after one that waits is
   * queued behind it, so that calls still apply in the order they were made.
   */
  later?: () => Promise<void>;
}

const ignore = () => {};

class LocalSession implements AsyncSession {
  readonly mode = 'page' as const;
  readonly file: ProductFile;
  readonly digest: string;
  private current: SessionState;
  private version = 0;
  private disposed = false;
  private readonly listeners = new Set<(state: SessionState) => void>();
  private readonly unsubscribe: () => void;
  /** While calls wait for `prepare.later`: the last of them, which the next call waits for. */
  private queue: Promise<unknown> | null = null;
  /** Whether `prepare.later` has succeeded (calls then run at once again). */
  private loaded: boolean;

  constructor(
    private readonly session: Session,
    private readonly prepare: LocalSessionPrepare,
  ) {
    this.loaded = !prepare.later;
    this.file = session.product.file;
    this.digest = session.product.digest;
    this.current = stateOf(session, 0);
    // Every change of the underlying session, whoever makes it, becomes a new state.
    this.unsubscribe = session.subscribe(() => this.publish());
  }

  get state(): SessionState {
    return this.current;
  }

  private publish(): void {
    this.current = stateOf(this.session, ++this.version);
    for (const l of this.listeners) l(this.current);
  }

  /**
   * Runs `op` after `fetch` when given (what the call needs that is fetched on demand: the parts
   * fetched after opening, counting) and after the calls already waiting; errors become rejections,
   * never throws. A failed fetch rejects the calls that waited for it; the next such call fetches again.
   */
  private run<T>(op: () => T, fetch?: () => Promise<void>): Promise<T> {
    if (!this.queue && !fetch) return this.now(op);
    const step = (): Promise<T> => (fetch && !this.disposed ? fetch().then(() => this.now(op)) : this.now(op));
    const result = this.queue ? this.queue.then(step) : step();
    const tail = result.then(ignore, ignore);
    this.queue = tail;
    void tail.then(() => {
      if (this.queue === tail) this.queue = null;
    });
    return result;
  }

  /** What a call that needs the parts fetched after opening waits for: their fetch, or nothing once they are in. */
  private get later(): (() => Promise<void>) | undefined {
    return this.loaded ? undefined : this.fetchLater;
  }

  private readonly fetchLater = (): Promise<void> =>
    this.prepare.later!().then(() => {
      this.loaded = true;
    });

  /** Runs `op` now unless the session was disposed; errors become rejections. */
  private now<T>(op: () => T): Promise<T> {
    if (this.disposed) return Promise.reject(new Error('c2m: the session was disposed'));
    try {
      return Promise.resolve(op());
    } catch (e) {
      return Promise.reject(e);
    }
  }

  select(option: string, value: SelectionValue): Promise<ChangeResult> {
    return this.run(() => this.session.select(option, value), this.later);
  }
  clear(option: string): Promise<ChangeResult> {
    return this.run(() => this.session.setMany({ [option]: undefined }), this.later);
  }
  setMany(values: Record<string, SelectionValue | undefined>): Promise<ChangeResult> {
    return this.run(() => this.session.setMany(values), this.later);
  }
  reset(): Promise<void> {
    return this.run(() => this.session.reset());
  }
  undo(): Promise<boolean> {
    return this.run(() => this.session.undo());
  }
  redo(): Promise<boolean> {
    return this.run(() => this.session.redo());
  }
  setLocale(locale: string): Promise<void> {
    return this.run(() => {
      if (this.session.locale === locale) return;
      this.session.locale = locale;
      this.publish();
    });
  }
  isAvailable(option: string, value: SelectionValue) {
    return this.run(() => this.session.isAvailable(option, value));
  }
  explain(option: string, value: SelectionValue) {
    return this.run(() => this.session.explain(option, value), this.later);
  }
  repair(option: string, value: SelectionValue) {
    return this.run(() => this.session.repair(option, value), this.later);
  }
  applyRepair(repair: Parameters<Session['applyRepair']>[0]) {
    return this.run(() => this.session.applyRepair(repair), this.later);
  }
  autocomplete(): Promise<void> {
    return this.run(() => this.session.autocomplete(), this.later);
  }
  count(options?: { budgetMs?: number }) {
    // Counting's fetch waits in the queue as `later` does: a change made after it must not change what it counts.
    return this.run(() => this.session.count(options), this.prepare.count);
  }
  toSpecification(options?: Parameters<Session['toSpecification']>[0]) {
    return this.run(() => this.session.toSpecification(options), this.later);
  }

  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    this.listeners.clear();
  }
}

/**
 * The asynchronous session API over `session`, running in this thread. Changes made through either
 * object are seen by both.
 */
export function createLocalSession(session: Session): AsyncSession {
  return new LocalSession(session, {});
}

/** {@link createLocalSession} over a session whose counting is fetched on first use (engine/open.ts). */
export function createLocalSessionWith(session: Session, prepare: LocalSessionPrepare): AsyncSession {
  return new LocalSession(session, prepare);
}
