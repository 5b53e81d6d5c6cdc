/**
 * The configuration a configurator and its parts share (through `@lit/context`): the asynchronous
 * session, plus what the user interface needs around it — changes in flight, notes about defaults
 * that gave way, the repair offered for an unavailable value, the order's progress. Plain
 * `EventTarget`, no rendering: every part renders from it, so parts stay consistent with each other.
 *
 * Everything goes through {@link AsyncSession}, so a session running in a worker changes nothing here.
 */
import type {
  AsyncSession,
  ChangeResult,
  DefaultChange,
  OptionDomain,
  Reason,
  Repair,
  SelectionValue,
  SessionState,
  Snapshot,
  Specification,
} from '@c2m/rules';
import { OUTBOX_CHANGE, type Outbox, type OutboxChangeEvent, type OutboxEntry, type Problem, type Receipt } from '@c2m/client';
import { C2mChangeEvent, C2mErrorEvent, C2mSubmitEvent, C2mSubmittedEvent } from './events/events.js';

/** What the shopper is offered after choosing an unavailable value. */
export interface RepairOffer {
  option: string;
  value: SelectionValue;
  /** The smallest change making it possible; `null` when no configuration contains the value. */
  repair: Repair | null;
  reason?: Reason;
}

/** Where the order stands. */
export type OrderStatus =
  | { state: 'idle' }
  | { state: 'preparing' }
  | { state: 'sending'; entryId: string }
  /** Stored on this device; delivered when the network or the server is back. */
  | { state: 'kept'; entryId: string }
  | { state: 'delivered'; entryId: string; receipt: Receipt }
  /** A definitive answer: the server's problem (with per-field errors) or another final error. */
  | { state: 'refused'; entryId: string; message: string; problem?: Problem }
  /** The shop cancelled `c2m-submit` and took the specification itself. */
  | { state: 'handed-over'; specification: Specification }
  | { state: 'error'; message: string };

/** Products with at most this many options get every reason computed up front. */
export const EAGER_EXPLAIN_OPTIONS = 100;

/** Name of the event a {@link Configuration} fires after anything it holds changed. */
export const CONFIGURATION_UPDATE = 'update';

/** Options of {@link Configuration}. */
export interface ConfigurationOptions {
  /** Base for relative URLs of the product file (images, model): the product file's own URL. */
  baseUrl?: string;
}

/** True when the option needs a value before the configuration can be ordered and has none. */
export function isMissing(d: OptionDomain): boolean {
  if (!d.applicable || d.selected !== undefined) return false;
  if (d.type === 'text' || d.type === 'file') return !d.canBeEmpty;
  return true;
}

/**
 * The shared state of one configurator. Listen for `update` (or use `ConfigurationController`) to
 * re-render; call its methods instead of the session's so that every part sees notes and offers.
 */
export class Configuration extends EventTarget {
  readonly session: AsyncSession;
  readonly baseUrl: string;
  /** The session's latest state. */
  state: SessionState;
  /** Changes sent to the session and not yet answered. */
  pending = 0;
  /** Defaults that gave way (or came back) with the latest change. */
  notes: DefaultChange[] = [];
  /** The repair offered for the unavailable value the shopper chose last, until applied or dismissed. */
  offer: RepairOffer | undefined;
  /** Option → why its last entered value was refused (e.g. a character that is not allowed). */
  readonly invalid = new Map<string, string>();
  order: OrderStatus = { state: 'idle' };
  /** Uploads files chosen for `file` options (the configurator's `uploadFile`); see `FileUploader`. */
  uploader: ((file: File, option: string) => Promise<string>) | undefined;
  /** Set by the configurator when a viewer can take a picture for the specification. */
  snapshot: (() => Promise<Snapshot | undefined>) | undefined;

  #outbox: Outbox | undefined;
  #orderHost: EventTarget = this;
  #explained = new Map<string, Promise<Reason | null>>();
  #explainedVersion = -1;
  readonly #unsubscribe: () => void;

  constructor(session: AsyncSession, options: ConfigurationOptions = {}) {
    super();
    this.session = session;
    this.baseUrl = options.baseUrl ?? globalThis.document?.baseURI ?? '';
    this.state = session.state;
    this.#unsubscribe = session.subscribe((state) => {
      this.state = state;
      this.#emit();
      this.#orderHost.dispatchEvent(
        new C2mChangeEvent({ selections: { ...state.selections }, complete: state.complete, quote: state.quote, leadTime: state.leadTime, state }),
      );
    });
  }

  /** Where events for shops (`c2m-change`, `c2m-submit`, …) are dispatched: the configurator. */
  set eventTarget(target: EventTarget) {
    this.#orderHost = target;
  }

  readonly #watchers = new Set<() => void>();

  /**
   * Calls `callback` after anything changed, like the `update` event, without an event's cost: a
   * product with thousands of options has thousands of parts watching. Returns the unsubscribe.
   */
  watch(callback: () => void): () => void {
    this.#watchers.add(callback);
    return () => this.#watchers.delete(callback);
  }

  #emit(): void {
    for (const w of this.#watchers) w();
    this.dispatchEvent(new Event(CONFIGURATION_UPDATE));
  }

  /** Resolves a URL of the product file (an image, the model) against the file's own URL. */
  resolve(url: string): string {
    try {
      return new URL(url, this.baseUrl).href;
    } catch {
      return url;
    }
  }

  #domains: { state: SessionState; byId: Map<string, OptionDomain> } | undefined;

  /** The current domain of one option (an index per state: products may have thousands of options). */
  domain(option: string): OptionDomain | undefined {
    if (this.#domains?.state !== this.state) {
      this.#domains = { state: this.state, byId: new Map(this.state.domains.map((d) => [d.option, d])) };
    }
    return this.#domains.byId.get(option);
  }

  /** Options that still need a value before ordering, in file order. */
  get missing(): string[] {
    return this.state.domains.filter(isMissing).map((d) => d.option);
  }

  async #change(op: () => Promise<ChangeResult>, option?: string): Promise<ChangeResult> {
    this.pending++;
    this.#emit();
    try {
      const result = await op();
      if (result.ok) {
        this.notes = result.defaults ?? [];
        this.offer = undefined;
        if (option) this.invalid.delete(option);
      } else if (result.error === 'invalid-value' && option) {
        this.invalid.set(option, result.message);
      }
      return result;
    } finally {
      this.pending--;
      this.#emit();
    }
  }

  /**
   * Chooses a value. An unavailable value changes nothing and becomes the {@link offer}: the
   * engine's repair, to apply with {@link applyOffer}.
   */
  async select(option: string, value: SelectionValue): Promise<ChangeResult> {
    const result = await this.#change(() => this.session.select(option, value), option);
    if (!result.ok && result.error === 'unavailable') {
      this.offer = { option, value, repair: result.repair ?? null, ...(result.reason ? { reason: result.reason } : {}) };
      this.#emit();
    }
    return result;
  }

  clear(option: string): Promise<ChangeResult> {
    return this.#change(() => this.session.clear(option), option);
  }

  /** Applies the offered repair in one undoable step. */
  async applyOffer(): Promise<ChangeResult | undefined> {
    const repair = this.offer?.repair;
    if (!repair) return undefined;
    return this.#change(() => this.session.applyRepair(repair), repair.target.option);
  }

  dismissOffer(): void {
    this.offer = undefined;
    this.#emit();
  }

  undo(): Promise<ChangeResult> {
    return this.#change(async () => ((await this.session.undo()), { ok: true }));
  }
  redo(): Promise<ChangeResult> {
    return this.#change(async () => ((await this.session.redo()), { ok: true }));
  }
  reset(): Promise<ChangeResult> {
    return this.#change(async () => ((await this.session.reset()), { ok: true }));
  }

  /**
   * Whether controls explain every unavailable value as soon as it shows (small products), or only
   * the one the shopper points at or focuses (large ones: one explanation can take a solver run).
   */
  get explainsEagerly(): boolean {
    return this.session.file.options.length <= EAGER_EXPLAIN_OPTIONS;
  }

  /** Why a value is unavailable (cached until the state changes). */
  explain(option: string, value: SelectionValue): Promise<Reason | null> {
    if (this.#explainedVersion !== this.state.version) {
      this.#explained.clear();
      this.#explainedVersion = this.state.version;
    }
    const key = `${option}\u0000${JSON.stringify(value)}`;
    let p = this.#explained.get(key);
    if (!p) {
      p = this.session.explain(option, value).catch(() => null);
      this.#explained.set(key, p);
    }
    return p;
  }

  // ------------------------------------------------------------------------------------- order

  /** The outbox orders go through (set by the configurator from its `endpoint`). */
  get outbox(): Outbox | undefined {
    return this.#outbox;
  }
  set outbox(outbox: Outbox | undefined) {
    this.#outbox?.removeEventListener(OUTBOX_CHANGE, this.#onOutbox);
    this.#outbox = outbox;
    outbox?.addEventListener(OUTBOX_CHANGE, this.#onOutbox);
  }

  readonly #onOutbox = (e: Event): void => {
    const { entry } = (e as OutboxChangeEvent).detail;
    const order = this.order;
    if (!('entryId' in order) || order.entryId !== entry.id) return;
    this.#track(entry);
  };

  #setOrder(order: OrderStatus): void {
    this.order = order;
    this.#emit();
  }

  #track(entry: OutboxEntry): void {
    const entryId = entry.id;
    switch (entry.state) {
      case 'delivering':
        return this.#setOrder({ state: 'sending', entryId });
      case 'pending':
        // Stored, not delivered: an attempt failed for a transient reason (offline, server down).
        return this.#setOrder(entry.error ? { state: 'kept', entryId } : { state: 'sending', entryId });
      case 'delivered': {
        const was = this.order.state;
        this.#setOrder({ state: 'delivered', entryId, receipt: entry.receipt! });
        if (was !== 'delivered') {
          this.#orderHost.dispatchEvent(new C2mSubmittedEvent({ receipt: entry.receipt!, specification: entry.spec }));
        }
        return;
      }
      case 'failed': {
        const message = entry.error?.problem?.detail ?? entry.error?.problem?.title ?? entry.error?.message ?? 'refused';
        this.#setOrder({ state: 'refused', entryId, message, ...(entry.error?.problem ? { problem: entry.error.problem } : {}) });
        this.#orderHost.dispatchEvent(new C2mErrorEvent({ code: 'order', message, cause: entry.error }));
      }
    }
  }

  #orderError(message: string, cause?: unknown): void {
    this.#setOrder({ state: 'error', message });
    this.#orderHost.dispatchEvent(new C2mErrorEvent({ code: 'order', message, cause }));
  }

  /**
   * Orders the configuration: builds the specification (with a snapshot when a viewer can take
   * one), fires the cancelable `c2m-submit`, then stores it in the outbox, which delivers it.
   * Resolves once the order is stored (or handed over), not when it is delivered.
   */
  async submit(messages: { noEndpoint: string }): Promise<void> {
    if (this.order.state === 'preparing' || this.order.state === 'sending') return;
    if (!this.state.complete) return;
    this.#setOrder({ state: 'preparing' });
    let specification: Specification;
    try {
      const snapshot = await this.snapshot?.().catch(() => undefined);
      specification = await this.session.toSpecification(snapshot ? { snapshot } : {});
    } catch (e) {
      return this.#orderError(e instanceof Error ? e.message : String(e), e);
    }
    const event = new C2mSubmitEvent({ specification });
    this.#orderHost.dispatchEvent(event);
    if (event.defaultPrevented) return this.#setOrder({ state: 'handed-over', specification });
    const outbox = this.#outbox;
    if (!outbox) return this.#orderError(messages.noEndpoint);
    try {
      const entryId = await outbox.enqueue(specification);
      this.#setOrder({ state: 'sending', entryId });
      const entry = await outbox.get(entryId);
      if (entry) this.#track(entry);
    } catch (e) {
      this.#orderError(e instanceof Error ? e.message : String(e), e);
    }
  }

  /** Sends a refused or kept order again (same idempotency key: never a second order). */
  async retry(): Promise<void> {
    const order = this.order;
    if (!this.#outbox || !('entryId' in order)) return;
    try {
      if (order.state === 'refused') await this.#outbox.retry(order.entryId);
      else await this.#outbox.flush();
    } catch (e) {
      this.#orderError(e instanceof Error ? e.message : String(e), e);
    }
  }

  /** Back to a fresh order (after a delivered or handed-over one). */
  newOrder(): void {
    this.#setOrder({ state: 'idle' });
  }

  /** Stops listening to the session (the session itself is disposed by its owner). */
  dispose(): void {
    this.#unsubscribe();
    this.outbox = undefined;
  }
}
