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
import type { OUTBOX_CHANGE, Outbox, OutboxChangeEvent, OutboxEntry, Problem, Receipt } from '@c2m/client';
import { C2mChangeEvent, C2mErrorEvent, C2mSubmitEvent, C2mSubmittedEvent } from './events/events.js';
import { whenIdle } from './internal/idle.js';

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

/**
 * The outbox's change event (`OUTBOX_CHANGE` of `@c2m/client`), named here so that the client's
 * code loads only when there is something to order: the type keeps the two the same.
 */
const OUTBOX_CHANGE_EVENT: typeof OUTBOX_CHANGE = 'c2m-outbox-change';

/** Number options whose feasible range has at most this many steps are probed for holes. */
export const HOLE_PROBE_STEPS = 200;

/** Products with at most this many options get every reason computed up front. */
export const EAGER_EXPLAIN_OPTIONS = 100;

/** Name of the event a {@link Configuration} fires after anything it holds changed. */
export const CONFIGURATION_UPDATE = 'update';

/** Options of {@link Configuration}. */
export interface ConfigurationOptions {
  /** Base for relative URLs of the product file (images, model): the product file's own URL. */
  baseUrl?: string;
}

/** Whether two domains of one option say the same (cheaper than serializing them). */
export function sameDomain(a: OptionDomain | undefined, b: OptionDomain | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.type !== b.type || a.applicable !== b.applicable || a.selected !== b.selected) return false;
  switch (a.type) {
    case 'choice':
    case 'boolean': {
      const bv = (b as typeof a).values;
      return a.forced === (b as typeof a).forced && a.values.length === bv.length && a.values.every((v, i) => v.value === bv[i]!.value && v.available === bv[i]!.available && v.selected === bv[i]!.selected);
    }
    case 'number': {
      const n = b as typeof a;
      return a.feasible.min === n.feasible.min && a.feasible.max === n.feasible.max && a.min === n.min && a.max === n.max;
    }
    default: {
      const p = b as typeof a;
      return a.canBeSet === p.canBeSet && a.canBeEmpty === p.canBeEmpty;
    }
  }
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
    this.#told = { state: this.state, offer: undefined, notes: [] };
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

  readonly #optionWatchers = new Map<string, Set<() => void>>();
  /** What the option watchers were last told about: changes are found against it. */
  #told: { state: SessionState; offer: RepairOffer | undefined; notes: DefaultChange[] } | undefined;
  /** Options whose refusal message changed since the watchers were last told. */
  readonly #invalidChanged = new Set<string>();

  /**
   * Calls `callback` when what one option shows changed: its domain, its refusal message, the repair
   * offered for it, a note about it (for products that explain eagerly, after every new state). A
   * product with thousands of options then updates the few that changed, not all of them.
   */
  watchOption(option: string, callback: () => void): () => void {
    let set = this.#optionWatchers.get(option);
    if (!set) this.#optionWatchers.set(option, (set = new Set()));
    set.add(callback);
    return () => set.delete(callback);
  }

  #emit(): void {
    for (const w of this.#watchers) w();
    this.#tellOptions();
    this.dispatchEvent(new Event(CONFIGURATION_UPDATE));
  }

  #tellOptions(): void {
    const told = this.#told;
    const now = { state: this.state, offer: this.offer, notes: this.notes };
    this.#told = now;
    if (!told) return;
    const touched = new Set(this.#invalidChanged);
    this.#invalidChanged.clear();
    if (told.offer !== now.offer) for (const o of [told.offer, now.offer]) if (o) touched.add(o.option);
    if (told.notes !== now.notes) for (const n of [...told.notes, ...now.notes]) touched.add(n.option);
    if (told.state !== now.state) {
      // Small products explain every unavailable value up front: each reason belongs to one state.
      const all = this.explainsEagerly;
      const before = told.state.domains;
      now.state.domains.forEach((d, i) => {
        const old = before[i]?.option === d.option ? before[i] : before.find((b) => b.option === d.option);
        if (all || !sameDomain(old, d)) touched.add(d.option);
      });
    }
    for (const option of touched) for (const w of this.#optionWatchers.get(option) ?? []) w();
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
        if (option && this.invalid.delete(option)) this.#invalidChanged.add(option);
      } else if (result.error === 'invalid-value' && option) {
        this.invalid.set(option, result.message);
        this.#invalidChanged.add(option);
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

  #holes = new Map<string, Promise<number[] | undefined>>();
  #holesVersion = -1;

  /**
   * The values on a number option's grid, inside its feasible range, that no valid configuration
   * has now (the range's holes), cached until the state changes. Each is probed with the session's
   * exact `isAvailable`: in the worker all at once, in the page one per idle moment (a probe is a
   * solver run). `undefined` when the range has more than {@link HOLE_PROBE_STEPS} steps.
   */
  holes(option: string): Promise<number[] | undefined> {
    if (this.#holesVersion !== this.state.version) {
      this.#holes.clear();
      this.#holesVersion = this.state.version;
    }
    let p = this.#holes.get(option);
    if (!p) {
      p = this.#probeHoles(option);
      this.#holes.set(option, p);
    }
    return p;
  }

  async #probeHoles(option: string): Promise<number[] | undefined> {
    const d = this.domain(option);
    if (d?.type !== 'number') return undefined;
    const { min, max } = d.feasible;
    const steps = Math.round((max - min) / d.step);
    if (!(steps >= 0) || steps > HOLE_PROBE_STEPS) return undefined;
    const decimals = (String(d.step).split('.')[1] ?? '').length;
    const version = this.state.version;
    const session = this.session;
    const stale = () => this.state.version !== version;
    // One probe at a time: a change the shopper makes meanwhile waits for one probe at most (the
    // worker answers in order), and the rest are dropped once the state moved on.
    const probe = (v: number): Promise<boolean> =>
      stale()
        ? Promise.resolve(true)
        : session.mode === 'worker'
          ? session.isAvailable(option, v).catch(() => true) // a session disposed meanwhile: no holes to show
          : new Promise((resolve) => whenIdle(() => (stale() ? resolve(true) : session.isAvailable(option, v).then(resolve, () => resolve(true)))));
    // The ends of the feasible range are feasible by definition: only the values between are probed.
    const inside = Array.from({ length: Math.max(0, steps - 1) }, (_, i) => Number((min + (i + 1) * d.step).toFixed(decimals)));
    const available: boolean[] = [];
    for (const v of inside) available.push(await probe(v));
    return inside.filter((_, i) => !available[i]);
  }

  // ------------------------------------------------------------------------------------- order

  /** Set while the outbox is being set up (its code loading): ordering waits for it. */
  outboxLoading: Promise<unknown> | undefined;

  /** The outbox orders go through (set by the configurator from its `endpoint`). */
  get outbox(): Outbox | undefined {
    return this.#outbox;
  }
  set outbox(outbox: Outbox | undefined) {
    this.#outbox?.removeEventListener(OUTBOX_CHANGE_EVENT, this.#onOutbox);
    this.#outbox = outbox;
    outbox?.addEventListener(OUTBOX_CHANGE_EVENT, this.#onOutbox);
    if (outbox) void this.#resumeOrder(outbox);
  }

  /**
   * An order of this product still in the outbox from an earlier visit (made offline, say) shows
   * its state again: kept until delivered, then delivered with its number. Also one that the
   * outbox's start-up round settled during this visit, before anyone could say so.
   */
  async #resumeOrder(outbox: Outbox): Promise<void> {
    const product = this.session.file.product.id;
    const visit = globalThis.performance?.timeOrigin ?? 0;
    let entries: OutboxEntry[];
    try {
      entries = await outbox.entries();
    } catch {
      return; // no storage (private mode): nothing was kept either
    }
    const entry = entries
      .filter((e) => e.spec.product.id === product && (e.state === 'pending' || e.state === 'delivering' || e.updatedAt >= visit))
      .at(-1);
    if (!entry || this.#outbox !== outbox || this.order.state !== 'idle') return;
    this.#track(entry, true);
    // A change between the list and now was not for the order shown yet: catch up once.
    const now = await outbox.get(entry.id).catch(() => undefined);
    if (now && 'entryId' in this.order && this.order.entryId === entry.id) this.#track(now);
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

  /** Shows an outbox entry's state; `resumed`: from an earlier visit, where a pending one is kept. */
  #track(entry: OutboxEntry, resumed = false): void {
    const entryId = entry.id;
    switch (entry.state) {
      case 'delivering':
        // A kept order stays kept while the outbox tries again by itself: otherwise its status and
        // its "Send again" button would come and go with every background attempt (and a screen
        // reader would hear each one). The shopper's own "Send again" shows it sending.
        if (this.order.state === 'kept') return;
        return this.#setOrder({ state: 'sending', entryId });
      case 'pending':
        // Stored, not delivered: an attempt failed for a transient reason (offline, server down).
        return this.#setOrder(entry.error || resumed ? { state: 'kept', entryId } : { state: 'sending', entryId });
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
    await this.outboxLoading;
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
    const outbox = this.#outbox;
    if (!outbox || !('entryId' in order)) return;
    try {
      if (order.state === 'refused') await outbox.retry(order.entryId);
      else {
        // Shown sending until this attempt settles; then the entry says where it stands.
        this.#setOrder({ state: 'sending', entryId: order.entryId });
        await outbox.flush();
        const entry = await outbox.get(order.entryId);
        if (entry) this.#track(entry);
      }
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
