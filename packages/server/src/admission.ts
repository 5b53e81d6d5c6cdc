/**
 * Load shedding by queueing delay. At most `concurrency` requests are processed at once
 * (re-validation and the database); the others wait in a FIFO queue. A request that would wait
 * longer than `maxQueueMs` is refused at once (503 with Retry-After, which clients honour), and one
 * that has waited that long is refused then. The expected wait is the queue length times the
 * recent time a request spends being processed, divided by `concurrency`.
 *
 * Counting requests in flight is not enough on its own: on the embedded database (one statement
 * at a time) a few hundred requests can each be "in flight" while the last of them waits far longer
 * than any client's timeout. Waiting time is what clients feel, so that is what is bounded.
 */

export interface AdmissionOptions {
  /** Requests processed at once. */
  concurrency: number;
  /** Longest wait for a turn, in ms. */
  maxQueueMs: number;
  /** Longest queue, whatever the estimate says (a bound on memory). */
  maxQueued: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

/** A turn: call `release` once processing ends. */
export type Admission = { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number };

interface Waiter {
  since: number;
  resolve: (a: Admission) => void;
}

/** Weight of the newest measurement in the moving average of processing time. */
const EWMA_WEIGHT = 0.2;

export class AdmissionGate {
  readonly #options: Required<AdmissionOptions>;
  #active = 0;
  /** FIFO: `#queue[#head]` waited longest. */
  #queue: Array<Waiter | undefined> = [];
  #head = 0;
  #serviceMs = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: AdmissionOptions) {
    this.#options = { now: () => performance.now(), ...options };
  }

  /** Requests waiting for a turn. */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  /** Requests being processed. */
  get active(): number {
    return this.#active;
  }

  /** Expected wait, in ms, of a request that joins the queue now. */
  expectedWaitMs(): number {
    return ((this.queued + 1) * this.#serviceMs) / this.#options.concurrency;
  }

  /**
   * The refusal `enter()` would give now, without queueing: lets a request be turned away before
   * its body is read and parsed, the work a crowd would otherwise cost. Undefined when it may wait.
   */
  refusal(): (Admission & { ok: false }) | undefined {
    if (this.#active < this.#options.concurrency && this.queued === 0) return undefined;
    const expected = this.expectedWaitMs();
    if (expected > this.#options.maxQueueMs || this.queued >= this.#options.maxQueued) return this.#refusal(expected);
    return undefined;
  }

  /** A turn now, a turn after waiting, or a refusal with the seconds to wait before retrying. */
  enter(): Promise<Admission> | Admission {
    if (this.#active < this.#options.concurrency && this.queued === 0) return this.#admit();
    const refused = this.refusal();
    if (refused) return refused;
    return new Promise((resolve) => {
      this.#queue.push({ since: this.#options.now(), resolve });
      if (this.#timer === undefined) this.#arm();
    });
  }

  #admit(): Admission {
    this.#active++;
    const start = this.#options.now();
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        const took = this.#options.now() - start;
        this.#serviceMs = this.#serviceMs === 0 ? took : this.#serviceMs + EWMA_WEIGHT * (took - this.#serviceMs);
        this.#active--;
        this.#next();
      },
    };
  }

  #refusal(expectedMs: number): Admission & { ok: false } {
    // Come back about when the queue ahead has drained; at least 1 s, at most 30 s.
    return { ok: false, retryAfterSeconds: Math.min(30, Math.max(1, Math.ceil(expectedMs / 1000))) };
  }

  #shift(): Waiter | undefined {
    if (this.queued === 0) return undefined;
    const w = this.#queue[this.#head];
    this.#queue[this.#head++] = undefined;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return w;
  }

  /** Hands free turns to waiters, refusing those that waited too long. */
  #next(): void {
    this.#expire();
    while (this.#active < this.#options.concurrency && this.queued > 0) this.#shift()!.resolve(this.#admit());
    this.#arm();
  }

  #expire(): void {
    const now = this.#options.now();
    while (this.queued > 0 && now - this.#queue[this.#head]!.since >= this.#options.maxQueueMs) {
      this.#shift()!.resolve(this.#refusal(this.expectedWaitMs()));
    }
  }

  /** One timer, for the waiter that waited longest (FIFO: the first to expire). */
  #arm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.queued === 0) return;
    const wait = this.#queue[this.#head]!.since + this.#options.maxQueueMs - this.#options.now();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#next();
    }, Math.max(0, wait));
  }
}
