/**
 * The durable outbox: a specification is stored before the first attempt to send it, and delivered
 * later, exactly once, when it could not be delivered now (offline, server down, tab closed).
 *
 * Exactly once rests on three things: one idempotency key per entry, chosen when it is stored and
 * sent on every attempt (the server turns repeats into replays); a delivered entry is never sent
 * again (and enqueuing an equal specification returns the existing entry); and only one sender per
 * entry at a time (a Web Lock per entry when the browser has them, else a lease written atomically
 * into the store).
 *
 * @packageDocumentation
 */
import type { Specification } from '@c2m/rules';
import { backoffDelay, type Client } from './client.js';
import { InvalidResponseError, NetworkError, ProblemError, TimeoutError, isRetryableStatus } from './errors.js';
import type { OutboxEntry, OutboxError, OutboxState, OutboxStore } from './store.js';
import { canonicalJson, hashString, randomId } from './util.js';

/** Name of the event an {@link Outbox} fires whenever an entry changes state. */
export const OUTBOX_CHANGE = 'c2m-outbox-change';

/** Detail of {@link OutboxChangeEvent}. */
export interface OutboxChangeDetail {
  entry: OutboxEntry;
  /** The state before the change; `undefined` for a new entry. */
  previous: OutboxState | undefined;
}

/** Fired on the outbox (`c2m-outbox-change`) for every state change of an entry. */
export class OutboxChangeEvent extends Event {
  constructor(readonly detail: OutboxChangeDetail) {
    super(OUTBOX_CHANGE);
  }
}

/** Name of the event an {@link Outbox} fires when an entry keeps failing (see `retry.warnAfterAttempts`). */
export const OUTBOX_STILL_FAILING = 'c2m-outbox-still-failing';

/** Detail of {@link OutboxStillFailingEvent}. */
export interface OutboxStillFailingDetail {
  /** The entry, still `pending`, with its `attempts` and its last `error` (e.g. `code: "ENOTFOUND"`). */
  entry: OutboxEntry;
}

/**
 * Fired on the outbox (`c2m-outbox-still-failing`) when an entry has failed `retry.warnAfterAttempts`
 * delivery rounds in a row with a transient error, and again after each as many more: a wrong
 * endpoint or a long outage shows up in logs and UIs instead of staying `pending` in silence.
 */
export class OutboxStillFailingEvent extends Event {
  constructor(readonly detail: OutboxStillFailingDetail) {
    super(OUTBOX_STILL_FAILING);
  }
}

/** Fired on the outbox (`c2m-outbox-error`) when its store fails (e.g. IndexedDB quota or a corrupt file). */
export class OutboxErrorEvent extends Event {
  constructor(readonly error: unknown) {
    super('c2m-outbox-error');
  }
}

/** Options of {@link createOutbox}. */
export interface OutboxOptions {
  client: Client;
  store: OutboxStore;
  /** Deliver by itself: at start-up, right after `enqueue`, on `online` events and when backoffs end. Default `true`. */
  auto?: boolean;
  /** Backoff between delivery rounds of one entry (each round is a client call with its own retries). */
  retry?: {
    /** Default 2 s. */
    baseDelayMs?: number;
    /** Default 5 min. */
    maxDelayMs?: number;
    /** Rounds after which a still-transient failure becomes `failed`. Default: never. */
    maxAttempts?: number;
    /**
     * Rounds of transient failures after which `c2m-outbox-still-failing` fires, and again after each
     * as many more. Default 5. `0` never fires it.
     */
    warnAfterAttempts?: number;
  };
  /** How long a sender owns an entry without Web Locks; must exceed the client's total timeout. Default 2 min. */
  leaseMs?: number;
  /** Delivered entries older than this are removed at start-up. Default 7 days. */
  retainDeliveredMs?: number;
  /** Web Locks to use; `false` to rely on leases only. Default: `navigator.locks` when present. */
  locks?: LockManager | false;
  /** Randomness for the jitter. Default `Math.random`. */
  random?: () => number;
}

const settledStates: ReadonlySet<OutboxState> = new Set(['delivered', 'failed']);

/** A specification is unchanged by every repeat of these: the answer is final. */
function isDefinitive(e: unknown): boolean {
  if (e instanceof ProblemError) return !isRetryableStatus(e.status) && e.code !== 'request-in-progress';
  // Anything but "no answer" (an invalid body, a bug) would fail the same way again.
  return !(e instanceof NetworkError || e instanceof TimeoutError);
}

function toOutboxError(e: unknown): OutboxError {
  const err = e instanceof Error ? e : new Error(String(e));
  const out: OutboxError = { name: err.name, message: err.message };
  if (e instanceof ProblemError) Object.assign(out, { status: e.status, problem: e.problem });
  if (e instanceof InvalidResponseError) out.status = e.status;
  if (e instanceof NetworkError && e.code !== undefined) out.code = e.code;
  return out;
}

type Timer = ReturnType<typeof setTimeout> & { ref?: () => unknown; unref?: () => unknown };

/**
 * A durable queue of submissions. Listen to `c2m-outbox-change` for every state change, or await
 * {@link Outbox.settled} for one entry.
 */
export class Outbox extends EventTarget {
  readonly #client: Client;
  readonly #store: OutboxStore;
  readonly #owner = randomId();
  readonly #locks: LockManager | undefined;
  readonly #leaseMs: number;
  readonly #base: number;
  readonly #max: number;
  readonly #maxAttempts: number;
  readonly #warnAfter: number;
  readonly #random: () => number;
  readonly #auto: boolean;
  readonly #inflight = new Map<string, Promise<void>>();
  readonly #aborts = new Set<AbortController>();
  readonly #waiters = new Map<string, Array<(e: OutboxEntry) => void>>();
  /** One timer per entry: when its backoff ends, or when another sender's lease on it runs out. */
  readonly #timers = new Map<string, Timer>();
  #closed = false;
  readonly #onOnline = () => void this.#safe(this.flush());
  /** Resolves when the start-up round (pruning, then delivering what is due) is done. */
  readonly ready: Promise<void>;

  constructor(options: OutboxOptions) {
    super();
    this.#client = options.client;
    this.#store = options.store;
    this.#auto = options.auto ?? true;
    this.#leaseMs = options.leaseMs ?? 120_000;
    this.#base = options.retry?.baseDelayMs ?? 2_000;
    this.#max = options.retry?.maxDelayMs ?? 300_000;
    this.#maxAttempts = options.retry?.maxAttempts ?? Infinity;
    this.#warnAfter = options.retry?.warnAfterAttempts ?? 5;
    this.#random = options.random ?? Math.random;
    this.#locks = options.locks === false ? undefined : (options.locks ?? globalThis.navigator?.locks);
    if (this.#auto) globalThis.addEventListener?.('online', this.#onOnline);
    this.ready = this.#safe(this.#start(options.retainDeliveredMs ?? 7 * 86_400_000));
  }

  /** Background work reports store failures as `c2m-outbox-error` events, never as unhandled rejections. */
  #safe(p: Promise<void>): Promise<void> {
    return p.catch((e: unknown) => {
      this.dispatchEvent(new OutboxErrorEvent(e));
    });
  }

  async #start(retainMs: number): Promise<void> {
    const old = Date.now() - retainMs;
    for (const e of await this.#store.list()) {
      if (e.state === 'delivered' && e.updatedAt < old) await this.#store.delete(e.id);
    }
    if (this.#auto) await this.#round(false);
  }

  /**
   * Stores a specification for delivery and resolves with its entry id once it is stored (before
   * any network attempt). An equal specification already in the outbox returns that entry instead,
   * so a double click or a reload never orders twice; a `failed` one is tried again.
   */
  async enqueue(spec: Specification): Promise<string> {
    if (this.#closed) throw new Error('outbox is closed');
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
      throw new TypeError(`enqueue expects a Specification object, got ${spec === null ? 'null' : Array.isArray(spec) ? 'an array' : typeof spec}`);
    }
    const json = canonicalJson(spec);
    // The id is derived from the content, so that an atomic "create unless present" dedupes equal
    // specifications across calls, tabs and reloads; a hash collision falls back to a random id.
    let id = `c2m-${hashString(json)}-${hashString(json, 1)}`;
    for (let tries = 0; ; tries++) {
      let created = false;
      const now = Date.now();
      const stored = await this.#store.update(id, (e) => {
        if (e) return undefined;
        created = true;
        return { id, idempotencyKey: randomId(), spec: JSON.parse(json) as Specification, state: 'pending', attempts: 0, createdAt: now, updatedAt: now, nextAttemptAt: now };
      });
      if (created) {
        this.#emit(stored!, undefined);
        if (this.#auto) void this.#deliver(id, true);
        return id;
      }
      if (stored && canonicalJson(stored.spec) === json) {
        if (stored.state === 'failed') await this.retry(id);
        return id;
      }
      if (tries > 2) throw new Error('outbox store did not keep the entry');
      id = randomId();
    }
  }

  /** All entries, oldest first. */
  async entries(): Promise<OutboxEntry[]> {
    return (await this.#store.list()).sort((a, b) => a.createdAt - b.createdAt);
  }

  get(id: string): Promise<OutboxEntry | undefined> {
    return this.#store.get(id);
  }

  /**
   * Resolves with the entry once it is `delivered` or `failed` (by this outbox instance). While
   * someone awaits it, the outbox's timer for the entry keeps a Node process alive through the
   * backoffs between attempts (other timers never do), so `await outbox.settled(id)` at the end of a
   * script waits for the outcome. With `auto: false` nothing delivers by itself: call {@link flush}.
   */
  async settled(id: string): Promise<OutboxEntry> {
    const e = await this.#store.get(id);
    if (!e) throw new Error(`no outbox entry "${id}"`);
    if (settledStates.has(e.state)) return e;
    const settled = new Promise<OutboxEntry>((resolve) => this.#waiters.set(id, [...(this.#waiters.get(id) ?? []), resolve]));
    this.#timers.get(id)?.ref?.();
    return settled;
  }

  /** Tries every pending entry now, ignoring backoffs; resolves when this round (and every delivery in flight) is over. */
  flush(): Promise<void> {
    return this.#round(true);
  }

  /** Puts a `failed` entry back to `pending` (same idempotency key) and tries it. */
  async retry(id: string): Promise<void> {
    let previous: OutboxState | undefined;
    const e = await this.#store.update(id, (e) => {
      if (!e || e.state !== 'failed') return undefined;
      previous = e.state;
      return { ...e, state: 'pending', nextAttemptAt: Date.now(), updatedAt: Date.now() };
    });
    if (!e) throw new Error(`no outbox entry "${id}"`);
    if (previous) this.#emit(e, previous);
    if (this.#auto) await this.#deliver(id, true);
  }

  /** Forgets an entry. Refused while it is being delivered. */
  async remove(id: string): Promise<void> {
    const e = await this.#store.get(id);
    if (e?.state === 'delivering' && e.lease && e.lease.until > Date.now()) {
      throw new Error(`outbox entry "${id}" is being delivered`);
    }
    await this.#store.delete(id);
  }

  /** Stops timers and listeners and aborts deliveries in flight (their entries stay pending). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
    globalThis.removeEventListener?.('online', this.#onOnline);
    for (const c of this.#aborts) c.abort();
    await Promise.allSettled([...this.#inflight.values()]);
  }

  /**
   * Looks at every entry (at start-up, on `flush()`, when the browser comes online): delivers what is
   * due and arms the timer of the rest. Each entry then lives on its own timer: a slow delivery
   * never holds back another entry's retry.
   */
  async #round(force: boolean): Promise<void> {
    const now = Date.now();
    const all = await this.#store.list();
    // Entries settled elsewhere (another tab, an earlier instance) still settle our waiters.
    for (const e of all) if (settledStates.has(e.state)) this.#settle(e);
    const due: OutboxEntry[] = [];
    for (const e of all) {
      if ((e.state === 'pending' && (force || e.nextAttemptAt <= now)) || (e.state === 'delivering' && (!e.lease || e.lease.until <= now || this.#locks !== undefined))) {
        due.push(e);
      } else this.#arm(e);
    }
    // Deliveries this outbox already has in flight are part of the round too (`flush()` waits for them).
    await Promise.all([...due.map((e) => this.#deliver(e.id, force)), ...this.#inflight.values()]);
  }

  /** Sets the entry's timer: at the end of its backoff (pending) or of another sender's lease (delivering). */
  #arm(e: OutboxEntry): void {
    clearTimeout(this.#timers.get(e.id));
    this.#timers.delete(e.id);
    if (!this.#auto || this.#closed || this.#inflight.has(e.id)) return;
    const at = e.state === 'pending' ? e.nextAttemptAt : e.state === 'delivering' ? (e.lease?.until ?? 0) : undefined;
    if (at === undefined) return;
    const timer: Timer = setTimeout(() => {
      this.#timers.delete(e.id);
      void this.#deliver(e.id, false);
    }, Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1));
    // In Node, an idle outbox does not keep the process alive; an entry someone awaits does.
    if (!this.#waiters.has(e.id)) timer.unref?.();
    this.#timers.set(e.id, timer);
  }

  #deliver(id: string, force: boolean): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const running = this.#inflight.get(id);
    if (running) return running;
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    const run = this.#locks
      ? this.#locks.request(`c2m-outbox:${id}`, { ifAvailable: true }, async (lock) => {
          if (lock) return this.#send(id, force, true);
          // Another tab holds the entry: look again when its lease says it should be done.
          const e = await this.#store.get(id);
          return e ? { retry: e } : undefined;
        })
      : this.#send(id, force, false);
    const done = () => {
      if (this.#inflight.get(id) === p) this.#inflight.delete(id);
    };
    const p: Promise<void> = this.#safe(
      Promise.resolve(run).then((outcome) => {
        done();
        // Still pending, or someone else's: its own timer decides when to look at it again.
        if (outcome) this.#arm(outcome.retry);
      }),
    ).finally(done);
    this.#inflight.set(id, p);
    return p;
  }

  /** One delivery round of one entry; resolves with the entry when it was not this sender's to send now. */
  async #send(id: string, force: boolean, locked: boolean): Promise<{ retry: OutboxEntry } | undefined> {
    const now = Date.now();
    let previous: OutboxState | undefined;
    const claimed = await this.#store.update(id, (e) => {
      if (!e || (e.state !== 'pending' && e.state !== 'delivering')) return undefined;
      // Under the Web Lock nobody else is sending it, whatever an old lease says (e.g. a closed tab's).
      if (!locked && e.lease && e.lease.until > now && e.lease.owner !== this.#owner) return undefined;
      if (!force && e.state === 'pending' && e.nextAttemptAt > now) return undefined;
      previous = e.state;
      return { ...e, state: 'delivering', updatedAt: now, lease: { owner: this.#owner, until: now + this.#leaseMs } };
    });
    if (!claimed) return undefined;
    if (previous === undefined) {
      if (settledStates.has(claimed.state)) this.#settle(claimed);
      return { retry: claimed };
    }
    this.#emit(claimed, previous);

    const ctl = new AbortController();
    this.#aborts.add(ctl);
    let change: (e: OutboxEntry) => OutboxEntry;
    try {
      const receipt = await this.#client.submit(claimed.spec, { idempotencyKey: claimed.idempotencyKey, signal: ctl.signal });
      change = (e) => ({ ...e, state: 'delivered', receipt, error: undefined });
    } catch (err) {
      if (ctl.signal.aborted) {
        change = (e) => ({ ...e, state: 'pending' });
      } else {
        const attempts = claimed.attempts + 1;
        const definitive = isDefinitive(err) || attempts >= this.#maxAttempts;
        // A small floor keeps an unlucky run of zero jitters from spinning against a dead server.
        const wait = Math.max(
          err instanceof ProblemError ? (err.retryAfterMs ?? 0) : 0,
          backoffDelay(attempts, this.#base, this.#max, this.#random),
          Math.min(this.#base, 250),
        );
        change = (e) => ({
          ...e,
          state: definitive ? 'failed' : 'pending',
          attempts,
          error: toOutboxError(err),
          nextAttemptAt: Date.now() + wait,
        });
      }
    } finally {
      this.#aborts.delete(ctl);
    }
    let wrote = false;
    const done = await this.#store.update(id, (e) => {
      // Someone else took over after our lease ran out: their outcome stands.
      if (!e || e.state !== 'delivering' || (!locked && e.lease?.owner !== this.#owner)) return undefined;
      wrote = true;
      return { ...change(e), lease: undefined, updatedAt: Date.now() };
    });
    if (!done || !wrote) return done ? { retry: done } : undefined;
    this.#emit(done, 'delivering');
    if (settledStates.has(done.state)) {
      this.#settle(done);
      return undefined;
    }
    if (done.state === 'pending' && done.attempts > claimed.attempts && this.#warnAfter > 0 && done.attempts % this.#warnAfter === 0) {
      this.dispatchEvent(new OutboxStillFailingEvent({ entry: done }));
    }
    return { retry: done };
  }

  #settle(entry: OutboxEntry): void {
    for (const resolve of this.#waiters.get(entry.id) ?? []) resolve(entry);
    this.#waiters.delete(entry.id);
  }

  #emit(entry: OutboxEntry, previous: OutboxState | undefined): void {
    this.dispatchEvent(new OutboxChangeEvent({ entry, previous }));
  }
}

export interface Outbox {
  addEventListener(type: typeof OUTBOX_CHANGE, listener: (e: OutboxChangeEvent) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: typeof OUTBOX_STILL_FAILING, listener: (e: OutboxStillFailingEvent) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: 'c2m-outbox-error', listener: (e: OutboxErrorEvent) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener(type: typeof OUTBOX_CHANGE, listener: (e: OutboxChangeEvent) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: typeof OUTBOX_STILL_FAILING, listener: (e: OutboxStillFailingEvent) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: 'c2m-outbox-error', listener: (e: OutboxErrorEvent) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** Creates an outbox that delivers through `client` and keeps its entries in `store`. */
export function createOutbox(options: OutboxOptions): Outbox {
  return new Outbox(options);
}
