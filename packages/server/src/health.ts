/**
 * Whether the database works, as the last requests found it. Requests that meet an unavailable
 * database (unreachable, disk full, I/O error) mark it failing; the next write that succeeds marks
 * it well again. While it is failing, `/healthz` answers 503 and tries a small write itself, so the
 * server reports its own recovery (space freed, PostgreSQL back) without waiting for an order.
 */
import { isStorageFailure } from './db/unavailable.js';
import type { LogEntry } from './options.js';

export class DatabaseHealth {
  #failure: string | undefined;
  #probing: Promise<void> | undefined;

  constructor(
    private readonly probe: () => Promise<void>,
    private readonly log: (entry: LogEntry) => void,
    private readonly probeTimeoutMs = 2_000,
  ) {}

  /** Why the database is failing, or undefined while it works. */
  get failure(): string | undefined {
    return this.#failure;
  }

  /** A request met an unavailable database. */
  failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const failure = isStorageFailure(error) ? `the database cannot write: ${message}` : `the database is unavailable: ${message}`;
    if (this.#failure === undefined) {
      this.log({ level: 'error', msg: 'database failing: answering 503 until it recovers', reason: failure });
    }
    this.#failure = failure;
  }

  /** A write succeeded. */
  succeeded(): void {
    if (this.#failure === undefined) return;
    this.#failure = undefined;
    this.log({ level: 'info', msg: 'database recovered' });
  }

  /** The failure, after one probe write when failing (shared by concurrent callers); undefined when well. */
  async check(): Promise<string | undefined> {
    if (this.#failure === undefined) return undefined;
    this.#probing ??= this.#probe().finally(() => (this.#probing = undefined));
    await this.#probing;
    return this.#failure;
  }

  async #probe(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.probeTimeoutMs} ms`)), this.probeTimeoutMs);
    });
    try {
      await Promise.race([this.probe(), timeout]);
      this.succeeded();
    } catch (err) {
      this.failed(err);
    } finally {
      clearTimeout(timer);
    }
  }
}
