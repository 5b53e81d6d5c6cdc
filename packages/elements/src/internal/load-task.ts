/**
 * The configurator's loading, as a reactive controller: runs an async task whenever its arguments
 * change (checked before each update of the host), aborts the run it supersedes, and renders by
 * status. The part of `@lit/task`'s `Task` the elements use (same statuses, `run`, `abort`,
 * `render`), without its weight in the script tag.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where a {@link LoadTask} stands: the numbers of `@lit/task`'s `TaskStatus`. */
export const LoadStatus = { INITIAL: 0, PENDING: 1, COMPLETE: 2, ERROR: 3 } as const;
export type LoadStatus = (typeof LoadStatus)[keyof typeof LoadStatus];

/** What a {@link LoadTask} runs, and is told. */
export interface LoadTaskOptions<A extends readonly unknown[], R> {
  /** The arguments, read before each update of the host: the task runs again when one changed (`!==`). */
  args: () => A;
  task: (args: A, options: { signal: AbortSignal }) => Promise<R>;
  onComplete?: (value: R) => void;
  onError?: (error: unknown) => void;
}

/** Renders a {@link LoadTask} by its status. */
export interface LoadRenderer<R> {
  initial?: () => unknown;
  pending?: () => unknown;
  complete?: (value: R) => unknown;
  error?: (error: unknown) => unknown;
}

export class LoadTask<A extends readonly unknown[], R> implements ReactiveController {
  status: LoadStatus = LoadStatus.INITIAL;
  /** The last run's result, once complete. */
  value: R | undefined;
  /** The last run's error, once failed. */
  error: unknown;
  #args: A | undefined;
  #abort: AbortController | undefined;
  #call = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: LoadTaskOptions<A, R>,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const args = this.options.args();
    const prev = this.#args;
    if (!prev || prev.length !== args.length || args.some((a, i) => a !== prev[i])) void this.run(args);
  }

  /** Runs the task now (again), with `args` or the current arguments; a run in progress is aborted. */
  async run(args: A = this.options.args()): Promise<void> {
    this.#args = args;
    if (this.status === LoadStatus.PENDING) this.#abort?.abort();
    this.status = LoadStatus.PENDING;
    this.host.requestUpdate();
    const call = ++this.#call;
    const abort = (this.#abort = new AbortController());
    let value: R | undefined;
    let error: unknown;
    let failed = false;
    try {
      value = await this.options.task(args, { signal: abort.signal });
    } catch (e) {
      failed = true;
      error = e;
    }
    if (call !== this.#call) return; // superseded
    try {
      if (failed) this.options.onError?.(error);
      else this.options.onComplete?.(value as R);
    } catch {
      // a listener's failure is not the task's
    }
    this.status = failed ? LoadStatus.ERROR : LoadStatus.COMPLETE;
    this.value = value;
    this.error = error;
    this.host.requestUpdate();
  }

  /** Aborts the run in progress (its task sees its signal abort). */
  abort(reason?: unknown): void {
    if (this.status === LoadStatus.PENDING) this.#abort?.abort(reason);
  }

  render(renderer: LoadRenderer<R>): unknown {
    switch (this.status) {
      case LoadStatus.INITIAL:
        return renderer.initial?.();
      case LoadStatus.PENDING:
        return renderer.pending?.();
      case LoadStatus.COMPLETE:
        return renderer.complete?.(this.value as R);
      default:
        return renderer.error?.(this.error);
    }
  }
}
