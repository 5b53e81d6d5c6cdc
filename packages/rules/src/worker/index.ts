/**
 * `@c2m/rules/worker`: a configuration session that runs in a module Web Worker, so that a large
 * product never blocks the page. The page sends the product file's text (or parsed object); the
 * worker parses, checks and compiles it and runs the session; the page gets the same
 * {@link AsyncSession} as in-page sessions (`createLocalSession`), with the state after every change.
 *
 * Works under a strict Content-Security-Policy: the worker is a module script from the page's own
 * origin (`worker-src 'self'`, or `script-src 'self'`), no `blob:` URL, no `eval`.
 *
 * @packageDocumentation
 */
import type { AsyncSession, ChangeResult, OpenSessionResult, ProductInput, SessionOptions, SessionState } from '../api.js';
import type { ProductFile } from '../schema/product-file.js';
import type { CountResult, Reason, Repair, SelectionValue, Snapshot, Specification } from '../types.js';
import { IncompleteConfigurationError } from '../errors.js';
import type { ErrorData, Method, Opened, Request, Response } from './protocol.js';

/** Options of {@link createWorkerSession}: the session's, and how to start the worker. */
export interface WorkerSessionOptions extends SessionOptions {
  /**
   * Starts the worker. Default: `new Worker(new URL('./thread.js', import.meta.url), { type: 'module' })`,
   * the module `@c2m/rules/worker/thread` next to this one, which Vite resolves and esbuild serves
   * when both are emitted side by side. A bundler that moves files passes its own factory, e.g.
   * `() => new Worker(new URL('@c2m/rules/worker/thread', import.meta.url), { type: 'module' })`.
   */
  worker?: () => Worker;
  /** Aborts starting the session: the worker is terminated and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** The outcome of {@link createWorkerSession}: a session, or every problem of the product file. */
export type WorkerSessionResult = OpenSessionResult;

function defaultWorker(): Worker {
  return new Worker(new URL('./thread.js', import.meta.url), { type: 'module' });
}

function toError(data: ErrorData): Error {
  if (data.name === 'IncompleteConfigurationError') return new IncompleteConfigurationError(data.missing ?? [], data.violated ?? []);
  const error = new Error(data.message);
  error.name = data.name;
  return error;
}

/** A request before it gets its id. */
type Outgoing = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

/** Requests and their answers over one worker, in order. */
class Channel {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (r: Response & { ok: true }) => void; reject: (e: unknown) => void }>();
  private failure: unknown = null;

  constructor(private readonly worker: Worker) {
    worker.addEventListener('message', (event: MessageEvent<Response>) => {
      const response = event.data;
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      this.pending.delete(response.id);
      if (response.ok) waiting.resolve(response);
      else waiting.reject(toError(response.error));
    });
    // A module that cannot load (a wrong URL, a CSP that forbids it) or a crash ends every request.
    worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault?.();
      this.close(new Error(`c2m: the session worker failed${event.message ? `: ${event.message}` : ' to start (check its URL and the page\'s Content-Security-Policy worker-src)'}`));
    });
    worker.addEventListener('messageerror', () => this.close(new Error('c2m: a message from the session worker could not be read')));
  }

  send(request: Outgoing): Promise<Response & { ok: true }> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as Request);
    });
  }

  /** Terminates the worker; every request still waiting rejects with `reason`. */
  close(reason: unknown): void {
    this.failure ??= reason;
    this.worker.terminate();
    for (const { reject } of this.pending.values()) reject(this.failure);
    this.pending.clear();
  }
}

class WorkerSession implements AsyncSession {
  readonly mode = 'worker' as const;
  private current: SessionState;
  private readonly listeners = new Set<(state: SessionState) => void>();

  constructor(
    private readonly channel: Channel,
    readonly file: ProductFile,
    readonly digest: string,
    state: SessionState,
  ) {
    this.current = state;
  }

  get state(): SessionState {
    return this.current;
  }

  private async call<T>(op: Method, args: unknown[]): Promise<T> {
    const response = await this.channel.send({ op, args });
    // Answers come in order, so a state that arrives is the latest.
    if (response.state && response.state.version > this.current.version) {
      this.current = response.state;
      for (const l of this.listeners) l(this.current);
    }
    return response.value as T;
  }

  select(option: string, value: SelectionValue): Promise<ChangeResult> {
    return this.call('select', [option, value]);
  }
  clear(option: string): Promise<ChangeResult> {
    return this.call('clear', [option]);
  }
  setMany(values: Record<string, SelectionValue | undefined>): Promise<ChangeResult> {
    return this.call('setMany', [values]);
  }
  reset(): Promise<void> {
    return this.call('reset', []);
  }
  undo(): Promise<boolean> {
    return this.call('undo', []);
  }
  redo(): Promise<boolean> {
    return this.call('redo', []);
  }
  setLocale(locale: string): Promise<void> {
    return this.call('setLocale', [locale]);
  }
  isAvailable(option: string, value: SelectionValue): Promise<boolean> {
    return this.call('isAvailable', [option, value]);
  }
  explain(option: string, value: SelectionValue): Promise<Reason | null> {
    return this.call('explain', [option, value]);
  }
  repair(option: string, value: SelectionValue): Promise<Repair | null> {
    return this.call('repair', [option, value]);
  }
  applyRepair(repair: Repair): Promise<ChangeResult> {
    return this.call('applyRepair', [repair]);
  }
  autocomplete(): Promise<void> {
    return this.call('autocomplete', []);
  }
  count(options?: { budgetMs?: number }): Promise<CountResult> {
    return this.call('count', [options]);
  }
  toSpecification(options?: { snapshot?: Snapshot; now?: Date }): Promise<Specification> {
    return this.call('toSpecification', [options]);
  }

  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.listeners.clear();
    this.channel.close(new Error('c2m: the session was disposed'));
  }
}

/**
 * The product file with its constraints, which came as JSON text: parsed the first time they are
 * read (a user interface never reads them), then an ordinary property.
 */
function withConstraints(file: ProductFile, text: string): ProductFile {
  let constraints: ProductFile['constraints'] | undefined;
  return Object.defineProperty(file, 'constraints', {
    enumerable: true,
    configurable: true,
    get: () => (constraints ??= JSON.parse(text) as ProductFile['constraints']),
  });
}

/**
 * Starts a session in a module Web Worker. `input` is the product file's JSON text (issues then
 * carry line and column) or the parsed object. Resolves with every problem of the file when it
 * cannot be configured (the worker is then ended); rejects only when the worker cannot run (see the
 * `worker` option) or `signal` aborts.
 */
export async function createWorkerSession(input: ProductInput, options: WorkerSessionOptions = {}): Promise<WorkerSessionResult> {
  const { worker = defaultWorker, signal, ...sessionOptions } = options;
  signal?.throwIfAborted();
  const channel = new Channel(worker());
  const abort = () => channel.close(signal!.reason);
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const response = await channel.send({ op: 'open', input, options: sessionOptions });
    const opened = response.value as Opened;
    if (!opened.ok) {
      channel.close(new Error('c2m: the product file has errors'));
      return opened;
    }
    return { ok: true, session: new WorkerSession(channel, withConstraints(opened.file, opened.constraints), opened.digest, response.state!), issues: opened.issues };
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}
