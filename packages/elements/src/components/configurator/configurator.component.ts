import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { provide } from '@lit/context';
import type { AsyncSession, Group, Option, ProductFile, ProductIssue, Selections } from '@c2m/rules';
import type { Outbox } from '@c2m/client';
import { isCompiledProduct } from '@c2m/rules/compiled';
import { configurationContext, ConfigurationController } from '../../context.js';
import { Configuration } from '../../configuration.js';
import { C2mEngineChangeEvent, C2mErrorEvent, C2mReadyEvent } from '../../events/events.js';
import { loadTranslation, LocalizeController, prepareFormats, resolveLang } from '../../i18n/localize.js';
import { tokens } from '../../theme/tokens.js';
import { FRAME_BUDGET_MS, openSession, preload, PRODUCT_ACCEPT, productIdOfObject, workerBytes, type EngineMode, type OpenOptions, type OpenResult } from '../../internal/session.js';
import { anythingSaved, forget, restore, save, userSelections } from '../../internal/persist.js';
import { viewerRegistry } from '../../internal/registry.js';
import { optionLabel, valueLabel } from '../../internal/labels.js';
import { loadControls, type C2mOption } from '../option/option.component.js';
import { idle, nextTask } from '../../internal/idle.js';
import { readText } from '../../internal/read-text.js';
import { LoadTask } from '../../internal/load-task.js';
import type { FileUploader } from '../file-control/file-control.component.js';
import { exportParts, HISTORY_PARTS, ISSUES_PARTS, LEAD_TIME_PARTS, OPTION_PARTS, ORDER_PARTS, PRICE_PARTS, SUMMARY_PARTS } from '../../internal/parts.js';
import { styles } from './configurator.styles.js';

/**
 * The client (HTTP and the durable outbox, with the protocol's validation): fetched once the
 * configurator is shown and has an endpoint, at the page's first idle moment, so that it never
 * competes with the product and the engine for the network. An order placed before waits for it.
 */
const clientModule = () => idle().then(() => import('@c2m/client'));

/**
 * The summary and the undo/redo toolbar (`<c2m-summary>`, `<c2m-history>`): fetched at the first idle
 * moment after a product is shown (see later-parts.ts). Their place is kept meanwhile.
 */
let laterParts: Promise<unknown> | undefined;
const loadLaterParts = () => (laterParts ??= idle().then(() => import('./later-parts.js')));

/**
 * Options rendered in the first task after loading, with the rest of the page: about a phone
 * screen's worth. That task also creates the price, the lead time and each control type's first
 * template, and was the longest of the loading with 24 options (40 ms of CPU for the suit); the
 * rest follow chunk by chunk.
 */
const FIRST_OPTIONS = 6;
/**
 * What one chunk of options may take to render, in ms: well within a frame, far from a long task
 * (the browser's style and layout of the new options come after, in the frame's own task).
 */
const CHUNK_MS = 8;
/** The most options one chunk renders, however fast the last one was: their style and layout grow with them. */
const MAX_CHUNK = 64;

const EXPORTS = {
  option: exportParts(OPTION_PARTS, 'option'),
  price: exportParts(PRICE_PARTS, 'price'),
  leadTime: exportParts(LEAD_TIME_PARTS, 'lead-time'),
  summary: exportParts(SUMMARY_PARTS, 'summary'),
  order: exportParts(ORDER_PARTS, 'order'),
  history: exportParts(HISTORY_PARTS, 'history'),
  issues: exportParts(ISSUES_PARTS, 'problems'),
};

/** Why a product could not be loaded: a fetch that failed, or a file with problems. */
export class ProductLoadError extends Error {
  constructor(
    message: string,
    readonly issues: ProductIssue[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ProductLoadError';
  }
}

interface Section {
  id: string;
  group: Group | undefined;
  options: Option[];
}

/** Options per block: the unit that skips rendering while off screen (`content-visibility`). */
const BLOCK = 24;

function blocks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BLOCK) out.push(items.slice(i, i + BLOCK));
  return out;
}

/** The product's options by group (steps), in the file's order; options without a group last. */
export function sections(file: ProductFile): Section[] {
  const out: Section[] = file.groups.map((group) => ({ id: group.id, group, options: [] }));
  const byId = new Map(out.map((s) => [s.id, s]));
  const rest: Section = { id: '', group: undefined, options: [] };
  for (const option of file.options) (option.group ? byId.get(option.group) : undefined)?.options.push(option) ?? rest.options.push(option);
  if (rest.options.length) out.push(rest);
  return out.filter((s) => s.options.length);
}

/**
 * The product configurator: loads a product file, shows its options (as sections or steps) with
 * the live price, lead time and summary, and orders the finished configuration through the
 * manufacturer's endpoint (a durable outbox: orders made offline are sent when back). Works inside
 * any page CSS (shadow DOM), by keyboard alone, in English and Chinese.
 *
 * Everything inside shares one configuration through `@lit/context`, so parts placed in its light
 * DOM with `layout="custom"` (`<c2m-option option="cloth">`, `<c2m-price>`, …) use the same session.
 *
 * @summary The product configurator.
 * @slot - With `layout="custom"`: your own layout of parts, sharing this configurator's session.
 * @slot viewer - Replaces the product image / 3D viewer.
 * @event c2m-ready - The product is loaded; `detail.product`, `detail.state`.
 * @event c2m-change - The configuration changed; `detail.selections`, `detail.complete`, `detail.quote`.
 * @event c2m-submit - The shopper ordered; cancel it to take `detail.specification` into your cart.
 * @event c2m-submitted - The backend received the order; `detail.receipt.id` is the order number.
 * @event c2m-error - Loading or ordering failed; `detail.code`, `detail.message`, `detail.issues`.
 * @event c2m-engine-change - With `engine="auto"`: the engine moved from the page to its Web Worker; `detail.mode`, `detail.operation`, `detail.ms`.
 * @csspart base - The layout grid.
 * @csspart header - Name and description.
 * @csspart title - The product's name.
 * @csspart media - The product image or the 3D viewer.
 * @csspart viewer - The `<c2m-viewer>`, when shown.
 * @csspart image - The product image, when shown.
 * @csspart toolbar - Undo, redo, start over, share.
 * @csspart options - The options.
 * @csspart group - One group (section or step) of options.
 * @csspart steps - The list of steps (with `layout="steps"`).
 * @csspart aside - Price, lead time, summary and order button.
 * @csspart problems - What is wrong with a product file that failed to load.
 * @csspart loading - The loading message.
 * @csspart option-label - Every part of the `<c2m-option>`s inside (and of their controls), prefixed `option-`: `option-swatch`, `option-value`, `option-offer`, …
 * @csspart price-total - Every part of the `<c2m-price>` inside, prefixed `price-`.
 * @csspart lead-time-days - Every part of the `<c2m-lead-time>` inside, prefixed `lead-time-`.
 * @csspart summary-list - Every part of the `<c2m-summary>` inside, prefixed `summary-`.
 * @csspart order-button - Every part of the `<c2m-order-button>` inside, prefixed `order-`.
 * @csspart history-undo - Every part of the `<c2m-history>` inside, prefixed `history-`.
 * @csspart problems-issue - Every part of the `<c2m-product-issues>` inside, prefixed `problems-`.
 * @cssproperty --c2m-configurator-padding - Padding around the layout.
 * @cssproperty --c2m-color-accent - Accent colour (buttons, selection). Every `--c2m-*` token is listed in docs/shops/theming.md.
 */
export class C2mConfigurator extends LitElement {
  static override styles = [tokens, styles];
  static formAssociated = true;

  /**
   * URL of the product file (JSON), or of its compiled product (`c2m compile`; a server may answer
   * either: the configurator asks for the compiled one, which needs less of the engine). Relative
   * URLs inside it resolve against it.
   */
  @property() src = '';
  /** The manufacturer's API (the submission protocol), e.g. `https://maker.example/api`. */
  @property() endpoint = '';
  /** The shop's publishable key, sent with every order. */
  @property({ attribute: 'publishable-key' }) publishableKey = '';
  /** An already loaded product file or compiled product, parsed (instead of `src`). */
  @property({ attribute: false }) product: unknown;
  /**
   * A session you opened yourself (e.g. `createWorkerSession` with your bundler's worker), instead
   * of `src` or `product`. The configurator does not dispose it.
   */
  @property({ attribute: false }) session: AsyncSession | undefined;
  /**
   * Where the engine runs: `page`, `worker`, or `auto`: large product files start in the worker, the
   * rest in the page, and a product whose engine holds the page longer than `engine-budget` moves to
   * the worker (`c2m-engine-change`).
   */
  @property() engine: EngineMode = 'auto';
  /**
   * With `engine="auto"`: the most one engine call in the page (a choice, an explanation, …) may take,
   * in ms, before the session moves to the worker. Default one frame (16); `0` moves at the first call.
   */
  @property({ attribute: 'engine-budget', type: Number }) engineBudget = FRAME_BUDGET_MS;
  /** `sections` (all groups at once), `steps` (one group at a time) or `custom` (your slotted parts). */
  @property({ reflect: true }) layout: 'sections' | 'steps' | 'custom' = 'sections';
  /** `light` or `dark`; by default the user's preference. */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;
  /** `storage` keeps the configuration on this device across reloads; `none` does not. */
  @property() persistence: 'storage' | 'none' = 'storage';
  /** Form field name: inside a `<form>`, the configuration is submitted as JSON under this name. */
  @property({ reflect: true }) name = '';
  /** Uploads a file chosen for a `file` option and resolves with its URL (else only its metadata is sent). */
  @property({ attribute: false }) uploadFile: FileUploader | undefined;
  /** The outbox orders go through; by default one on IndexedDB for `endpoint`. */
  @property({ attribute: false }) outbox: Outbox | undefined;

  /** The configuration shared with every part inside; `undefined` until loaded. */
  @provide({ context: configurationContext })
  @state()
  configuration: Configuration | undefined;

  @state() private step = 0;
  @state() private viewerReady = false;
  @state() private pendingShown = false;
  @state() private imageFailed = false;

  protected readonly localize = new LocalizeController(this);
  readonly #watch = new ConfigurationController(this);
  readonly #internals: ElementInternals | undefined = this.attachInternals?.();
  #ownOutbox: Outbox | undefined;
  /** Sessions this element opened (and so disposes); a session given as a property stays its owner's. */
  readonly #opened = new WeakSet<AsyncSession>();
  #locale = '';
  #focusOption = '';
  #pendingTimer: ReturnType<typeof setTimeout> | undefined;
  #stopViewer: (() => void) | undefined;
  #observer: IntersectionObserver | undefined;
  #viewer: (HTMLElement & { snapshot?: (o?: object) => Promise<import('@c2m/rules').Snapshot> }) | undefined;

  /** Loads the product (fetch with abort, then the engine); re-runs when `src` or `product` change. */
  readonly load = new LoadTask(this, {
    args: () => [this.src, this.product, this.engine, this.session] as const,
    task: async (args, { signal }): Promise<Configuration> => {
      const lang = resolveLang(this);
      const strings = loadTranslation(lang); // alongside the product, never English first
      // The language's formatting data while the product loads (one formatter per task), not in the first render.
      const formats = prepareFormats(lang);
      try {
        const configuration = await this.#open(...args, signal);
        const { file } = configuration.session;
        await Promise.all([loadControls(file.options), strings, formats]);
        // Reading the product (from the worker, or compiling it here) took a task: the price's
        // formatter takes one of its own, and the first render the next.
        await prepareFormats(lang, file.product.currency);
        await nextTask();
        return configuration;
      } catch (e) {
        // What is wrong is shown by a view few pages ever need: fetched with the failure.
        if ((e as Error)?.name !== 'AbortError') await import('../product-issues/product-issues.js').catch(() => undefined);
        throw e;
      }
    },
    onComplete: (configuration) => this.#start(configuration),
    onError: (error) => {
      this.#stop();
      if ((error as Error)?.name === 'AbortError') return;
      const issues = error instanceof ProductLoadError ? error.issues : [];
      this.dispatchEvent(
        new C2mErrorEvent({ code: issues.length ? 'product' : 'load', message: (error as Error)?.message ?? String(error), issues, cause: error }),
      );
    },
  });

  async #open(src: string, product: unknown, engine: EngineMode, session: AsyncSession | undefined, signal: AbortSignal): Promise<Configuration> {
    const lang = resolveLang(this);
    if (session) {
      this.#locale = '';
      return new Configuration(session, { baseUrl: src ? new URL(src, document.baseURI).href : document.baseURI });
    }
    let result: OpenResult;
    let baseUrl = document.baseURI;
    const resume = this.#resume;
    this.#resume = undefined;
    const restoreFor = (id: string | undefined) => resume ?? (id ? restore(id, this.persistence === 'storage') : undefined);
    // Under `auto`: the budget read at every call, and the move told to the page.
    const adaptive: OpenOptions = {
      budget: () => (Number.isFinite(this.engineBudget) && this.engineBudget >= 0 ? this.engineBudget : FRAME_BUDGET_MS),
      onMove: (move) => this.dispatchEvent(new C2mEngineChangeEvent(move)),
    };
    if (product !== undefined) {
      const selections = restoreFor(productIdOfObject(product));
      result = await openSession({ file: product }, { ...adaptive, mode: engine, locale: lang, signal, ...(selections ? { selections } : {}) });
    } else if (src) {
      baseUrl = new URL(src, document.baseURI).href;
      if (engine !== 'auto') preload(engine);
      const text = await this.#fetch(baseUrl, signal, engine);
      // The product's id without parsing the file here (the engine parses it, in the worker for a large one).
      const selections = resume ?? (anythingSaved(this.persistence === 'storage') ? restoreFor(await (await import('../../internal/product-id.js')).productIdOf(text)) : undefined);
      result = await openSession({ text }, { ...adaptive, mode: engine, locale: lang, signal, ...(selections ? { selections } : {}) });
    } else {
      throw await this.#failure(() => this.localize.term('noProduct'));
    }
    if (!result.ok) throw await this.#failure(() => this.localize.term('productInvalid', result.issues.length), result.issues);
    this.#locale = lang;
    this.#opened.add(result.session);
    return new Configuration(result.session, { baseUrl });
  }

  /**
   * A load failure worded in the page's language: a failure (a broken file, a 404) can come before
   * the language's strings do, so it waits for them (the fetch the task started) before wording.
   */
  async #failure(word: () => string, issues: ProductIssue[] = [], options?: ErrorOptions): Promise<ProductLoadError> {
    await loadTranslation(resolveLang(this)).catch(() => undefined);
    return new ProductLoadError(word(), issues, options);
  }

  /**
   * Fetches the product's text: the compiled product when the server has one, else the product
   * file. Its first bytes tell which, and so what of the engine to fetch meanwhile: with
   * `engine="page"`, the rest of the engine a product file needs (the runtime that both need is
   * already on its way); with `engine="auto"`, its size decides between the page's engine and the
   * worker: the announced length when it is the text's own (not compressed), else the bytes as they
   * arrive, which start the worker's client side once past the threshold (a small product then
   * fetches the page's engine once it is here: never both).
   */
  async #fetch(url: string, signal: AbortSignal, engine: EngineMode): Promise<string> {
    let response: Response;
    try {
      // The compiled product when the server has it (the page then fetches the small runtime, not the
      // checks and the compiler), else the file: a CORS-safelisted Accept, so no preflight.
      response = await fetch(url, { signal, headers: { accept: PRODUCT_ACCEPT } });
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e;
      throw await this.#failure(() => this.localize.term('loadFailed', this.localize.term('loadNetwork')), [], { cause: e });
    }
    if (!response.ok) throw await this.#failure(() => this.localize.term('loadFailed', this.localize.term('loadHttp', response.status)));
    const length = Number(response.headers.get('content-length') ?? NaN);
    const exact = Number.isFinite(length) && !response.headers.get('content-encoding');
    let told = engine === 'worker';
    const counting = (bytes: number, head: string) => {
      // Enough of the text to tell the forms apart (a compiled product's marker is its first 25
      // characters; a shorter text is small whatever it is).
      if (told || head.length < 32) return;
      const compiled = isCompiledProduct(head);
      const limit = workerBytes(compiled);
      if (engine === 'page') {
        told = true;
        if (!compiled) preload('page', false);
      } else if (exact) {
        told = true;
        if (length > limit) preload('worker');
        else preload('page', compiled);
      } else if (length > limit || bytes > limit) {
        // A compressed length says little about the text, except that a large one is larger still.
        told = true;
        preload('worker');
      }
    };
    try {
      return await readText(response, counting);
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e;
      throw await this.#failure(() => this.localize.term('loadFailed', this.localize.term('loadNetwork')), [], { cause: e });
    }
  }

  #start(configuration: Configuration): void {
    this.#stop();
    configuration.eventTarget = this;
    configuration.uploader = this.uploadFile;
    this.#connectOutbox(configuration);
    configuration.addEventListener('update', this.#onUpdate);
    this.configuration = configuration;
    this.#watch.attach(configuration);
    this.step = 0;
    this.limit = FIRST_OPTIONS;
    this.imageFailed = false;
    this.#syncForm();
    const { file, digest, mode, state } = configuration.session;
    this.dispatchEvent(new C2mReadyEvent({ product: { id: file.product.id, version: file.product.version, digest }, mode, state }));
    this.#laterParts = loadLaterParts().catch((cause: unknown) => {
      laterParts = undefined; // the next configurator that starts tries again
      this.dispatchEvent(new C2mErrorEvent({ code: 'session', message: `the summary and the toolbar could not be loaded: ${(cause as Error)?.message ?? cause}`, cause }));
    });
  }

  /** Set once a product was shown: the summary's and the toolbar's code loading (see {@link loadLaterParts}). */
  #laterParts: Promise<unknown> | undefined;

  #stop(): void {
    const old = this.configuration;
    if (!old) return;
    old.removeEventListener('update', this.#onUpdate);
    old.dispose();
    if (this.#opened.has(old.session)) old.session.dispose();
    this.configuration = undefined;
    this.#watch.attach(undefined);
  }

  #outboxGeneration = 0;

  /** Gives the configuration its outbox: the one set as a property, or one for `endpoint` (loaded). */
  #connectOutbox(c: Configuration): void {
    const generation = ++this.#outboxGeneration;
    void this.#ownOutbox?.close();
    this.#ownOutbox = undefined;
    c.outboxLoading = undefined;
    if (this.outbox || !this.endpoint || !this.isConnected) {
      c.outbox = this.isConnected ? this.outbox : undefined;
      return;
    }
    const { endpoint, publishableKey } = this;
    c.outboxLoading = clientModule().then(
      ({ createClient, createOutbox, indexedDbStore }) => {
        if (generation !== this.#outboxGeneration) return;
        this.#ownOutbox = createOutbox({
          client: createClient({ endpoint, ...(publishableKey ? { publishableKey } : {}) }),
          store: indexedDbStore('c2m-outbox'),
        });
        c.outbox = this.#ownOutbox;
      },
      (cause: unknown) => this.dispatchEvent(new C2mErrorEvent({ code: 'order', message: `the order client could not be loaded: ${(cause as Error)?.message ?? cause}`, cause })),
    );
  }


  #lastVersion = -1;
  readonly #onUpdate = (): void => {
    const c = this.configuration;
    if (!c) return;
    if (c.state.version !== this.#lastVersion) {
      this.#lastVersion = c.state.version;
      if (this.persistence === 'storage') save(c.session.file, userSelections(c.state, c.session.file));
      this.#syncForm();
    }
    // The pending message only after a frame's worth of waiting: quick changes do not flicker.
    clearTimeout(this.#pendingTimer);
    if (c.pending > 0) this.#pendingTimer = setTimeout(() => (this.pendingShown = true), 100);
    else this.pendingShown = false;
  };

  /** Inside a form: the configuration as the field's value; invalid while it cannot be ordered. */
  #syncForm(): void {
    const c = this.configuration;
    const internals = this.#internals;
    // Outside a form there is nothing to submit (and thousands of selections are not serialized for nothing).
    if (!internals?.form || !c) return;
    internals.setFormValue(JSON.stringify(c.state.selections));
    if (c.state.complete) internals.setValidity({});
    else internals.setValidity({ valueMissing: true }, this.localize.term('orderInvalid'));
  }

  /** Put into a form (or moved to another): its value and validity from now on. */
  formAssociatedCallback(): void {
    this.#syncForm();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.#onKeydown);
    this.addEventListener('focusin', this.#onFocusin);
    this.#stopViewer = viewerRegistry().listen(() => this.requestUpdate());
    // Moved in the page (disconnected, then connected again): the outbox closed on the way out.
    if (this.configuration && !this.configuration.outbox) this.#connectOutbox(this.configuration);
    // Back after it was released: load again, with the shopper's choices as they were.
    if (this.#released) {
      this.#released = false;
      void this.load.run();
    }
  }

  /** Set when a removal released the session: connecting again reloads. */
  #released = false;
  /** The shopper's choices when the session was released, for the next load. */
  #resume: Selections | undefined;

  /**
   * Removed from the page (not just moved: that reconnects in the same task): the session this
   * element opened is disposed, so that its worker ends.
   */
  #release(): void {
    if (this.isConnected) return;
    const c = this.configuration;
    if (c) this.#resume = userSelections(c.state, c.session.file);
    this.load.abort();
    this.#stop();
    this.#released = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.#onKeydown);
    this.removeEventListener('focusin', this.#onFocusin);
    this.#stopViewer?.();
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#outboxGeneration++;
    void this.#ownOutbox?.close();
    this.#ownOutbox = undefined;
    if (this.configuration) this.configuration.outbox = undefined;
    queueMicrotask(() => this.#release());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const c = this.configuration;
    // The language of messages and reasons follows `lang` (here or above).
    const lang = resolveLang(this);
    if (c && lang !== this.#locale) {
      this.#locale = lang;
      c.session.setLocale(lang).catch(() => undefined); // a session disposed meanwhile has no language
    }
    if (c && (changed.has('endpoint') || changed.has('outbox') || changed.has('publishableKey'))) this.#connectOutbox(c);
    if (c && changed.has('uploadFile')) c.uploader = this.uploadFile;
  }

  /** Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z and Ctrl+Y redo (text fields keep their own undo). */
  readonly #onKeydown = (e: KeyboardEvent): void => {
    const c = this.configuration;
    if (!c || !(e.ctrlKey || e.metaKey) || e.altKey) return;
    const target = e.composedPath()[0];
    if (target instanceof HTMLInputElement && target.type !== 'range' && target.type !== 'checkbox') return;
    if (target instanceof HTMLTextAreaElement) return;
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) {
      e.preventDefault();
      void c.undo();
    } else if ((key === 'z' && e.shiftKey) || key === 'y') {
      e.preventDefault();
      void c.redo();
    }
  };

  /** The option being worked on, for the viewer's camera. */
  readonly #onFocusin = (e: FocusEvent): void => {
    const option = e.composedPath().find((n): n is HTMLElement => n instanceof HTMLElement && n.localName === 'c2m-option');
    const id = option?.getAttribute('option');
    if (id && id !== this.#focusOption) {
      this.#focusOption = id;
      this.#viewer?.setAttribute('focus-option', id);
    }
  };

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#watchMedia();
    if (this.configuration && this.layout !== 'custom') this.#continueRendering();
  }

  /** Loads the viewer when the media area comes near the viewport (and a model and a loader exist). */
  #watchMedia(): void {
    const file = this.configuration?.session.file;
    const loader = viewerRegistry().loader;
    if (this.#observer || this.viewerReady || !file?.product.model || !loader) return;
    const media = this.renderRoot.querySelector('.media');
    if (!media) return;
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        this.#observer?.disconnect();
        loader().then(
          () => (this.viewerReady = true),
          (cause: unknown) =>
            this.dispatchEvent(new C2mErrorEvent({ code: 'session', message: `the 3D viewer could not be loaded: ${(cause as Error)?.message ?? cause}`, cause })),
        );
      },
      { rootMargin: '200px' },
    );
    this.#observer.observe(media);
  }

  #renderMedia(file: ProductFile) {
    const c = this.configuration!;
    const image = file.product.image ? c.resolve(file.product.image) : undefined;
    if (file.product.model && this.viewerReady && customElements.get('c2m-viewer')) {
      return html`<c2m-viewer
        part="viewer"
        .session=${c.session}
        src=${c.resolve(file.product.model)}
        base-url=${c.baseUrl}
        poster=${image ?? nothing}
        focus-option=${this.#focusOption || nothing}
        @c2m-viewer-load=${(e: Event) => {
          this.#viewer = e.target as HTMLElement;
          c.snapshot = () => this.#viewer?.snapshot?.({ type: 'image/jpeg', width: 640, height: 480 }) ?? Promise.resolve(undefined);
        }}
      ></c2m-viewer>`;
    }
    return image && !this.imageFailed
      ? html`<img part="image" src=${image} alt=${this.localize.text(file.product.name, file.product.defaultLocale)} @error=${() => (this.imageFailed = true)} />`
      : nothing;
  }

  // ------------------------------------------------------------- rendering many options in chunks

  /** Options that the shown sections hold, and how many of them are rendered so far. */
  #total = 0;
  @state() private limit = FIRST_OPTIONS;
  /** Options rendered per chunk after the first: adapted so that a chunk takes about {@link CHUNK_MS}. */
  #chunk = FIRST_OPTIONS;
  #growing: { promise: Promise<void>; done: () => void; scheduled: boolean } | undefined;

  /**
   * Waits, beyond this element's own update, until every option of the shown sections is rendered
   * (a product with thousands of options renders them chunk by chunk, so that no task blocks), and,
   * once a product was shown, until the summary and the toolbar are defined and rendered.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    while (this.#growing) {
      await this.#growing.promise;
      result = await super.getUpdateComplete();
    }
    if (this.#laterParts) {
      await this.#laterParts;
      await Promise.all([...this.renderRoot.querySelectorAll('c2m-summary, c2m-history')].map((p) => (p as Partial<LitElement>).updateComplete));
    }
    return result;
  }

  /** After an update that left options unrendered: the next chunk, after the browser has painted. */
  #continueRendering(): void {
    if (this.limit >= this.#total) {
      this.#growing?.done();
      this.#growing = undefined;
      return;
    }
    if (!this.#growing) {
      let done!: () => void;
      const promise = new Promise<void>((r) => (done = r));
      this.#growing = { promise, done, scheduled: false };
    }
    if (this.#growing.scheduled) return;
    this.#growing.scheduled = true;
    requestAnimationFrame(() => setTimeout(() => void this.#grow()));
  }

  async #grow(): Promise<void> {
    if (this.#growing) this.#growing.scheduled = false;
    if (!this.isConnected || this.limit >= this.#total) return this.#continueRendering();
    const from = this.limit;
    const start = performance.now();
    this.limit = from + this.#chunk;
    await super.getUpdateComplete();
    // The new options render in this same task (microtasks), then their controls: time all of it.
    const added = [...this.renderRoot.querySelectorAll<C2mOption>('c2m-option')].slice(from, this.limit);
    await Promise.all(added.map((o) => o.updateComplete));
    await Promise.all(added.map((o) => (o.renderRoot.querySelector('[part~="control"]') as { updateComplete?: Promise<unknown> } | null)?.updateComplete));
    const ms = Math.max(1, performance.now() - start);
    // At most half as many again next time: one quick chunk (a warm cache) must not make the next one long.
    this.#chunk = Math.round(Math.min(this.#chunk * 1.5, MAX_CHUNK, Math.max(8, (this.#chunk * CHUNK_MS) / ms)));
  }

  /** How many options the shown sections hold (all of them, or the current step's). */
  #shownOptions(file: ProductFile): number {
    if (this.layout !== 'steps') return file.options.length;
    const all = sections(file);
    return all.length < 2 ? file.options.length : all[Math.min(this.step, all.length - 1)]!.options.length;
  }

  #renderSection(s: Section, headingId: string, budget: { left: number }) {
    if (budget.left <= 0) return nothing;
    const file = this.configuration!.session.file;
    const l = this.localize;
    const dl = file.product.defaultLocale;
    const options = s.options.length <= budget.left ? s.options : s.options.slice(0, budget.left);
    budget.left -= options.length;
    return html`<section part="group" aria-labelledby=${headingId}>
      <h3 id=${headingId} tabindex="-1">${s.group ? l.text(s.group.label, dl) : l.term('otherOptions')}</h3>
      ${s.group?.description ? html`<p class="group-description">${l.text(s.group.description, dl)}</p>` : nothing}
      ${blocks(options).map((block) => html`<div class="block">${block.map((o) => html`<c2m-option option=${o.id} exportparts=${EXPORTS.option}></c2m-option>`)}</div>`)}
    </section>`;
  }

  #renderOptions(file: ProductFile) {
    const all = sections(file);
    const budget = { left: this.limit };
    if (this.layout !== 'steps' || all.length < 2) return all.map((s, i) => this.#renderSection(s, `group-${i}`, budget));
    const l = this.localize;
    const dl = file.product.defaultLocale;
    const step = Math.min(this.step, all.length - 1);
    const go = (n: number) => {
      this.step = n;
      this.limit = FIRST_OPTIONS;
      // The new step's heading takes the focus, so that keyboard and screen-reader users start there.
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#group-${n}`)?.focus());
    };
    return html`<nav aria-label=${l.term('steps')}>
        <ol class="steps" part="steps">
          ${all.map(
            (s, i) => html`<li>
              <button type="button" class="button" aria-current=${i === step ? 'step' : nothing} @click=${() => go(i)}>
                ${i + 1}. ${s.group ? l.text(s.group.label, dl) : l.term('otherOptions')}
              </button>
            </li>`,
          )}
        </ol>
      </nav>
      <div class="visually-hidden">${l.term('stepOf', step + 1, all.length)}</div>
      ${this.#renderSection(all[step]!, `group-${step}`, budget)}
      <div class="step-nav">
        ${step > 0 ? html`<button type="button" class="button" @click=${() => go(step - 1)}>${l.term('previous')}</button>` : html`<span></span>`}
        ${step < all.length - 1 ? html`<button type="button" class="button primary" @click=${() => go(step + 1)}>${l.term('next')}</button>` : nothing}
      </div>`;
  }

  #renderNotes() {
    const c = this.configuration!;
    const file = c.session.file;
    const l = this.localize;
    return c.notes.map((n) => {
      const label = optionLabel(file, n.option, l);
      return n.to === undefined ? l.term('defaultCleared', label) : l.term('defaultChanged', label, valueLabel(file, n.option, n.to, l));
    }).join(' ');
  }

  override render() {
    const l = this.localize;
    return this.load.render({
      initial: () => html`<div class="loading" part="loading" role="status">${l.term('loading')}</div>`,
      pending: () =>
        this.configuration ? this.#renderReady() : html`<div class="loading" part="loading" role="status">${l.term('loading')}</div>`,
      complete: () => this.#renderReady(),
      error: (error) => {
        const e = error as Error;
        const issues = error instanceof ProductLoadError ? error.issues : [];
        return html`<div class="base" part="base">
          <c2m-product-issues part="problems" exportparts=${EXPORTS.issues} .issues=${issues} heading=${e?.message ?? String(error)}></c2m-product-issues>
          ${issues.length ? nothing : html`<button type="button" class="button" @click=${() => void this.load.run()}>${l.term('retry')}</button>`}
        </div>`;
      },
    });
  }

  #renderReady() {
    const c = this.configuration;
    if (!c) return nothing;
    const file = c.session.file;
    const l = this.localize;
    const dl = file.product.defaultLocale;
    if (this.layout === 'custom') return html`<slot></slot>`;
    return html`<div class="base ready" part="base">
      <div class="main">
        <header part="header">
          <h2 part="title">${l.text(file.product.name, dl)}</h2>
          ${file.product.description ? html`<p>${l.text(file.product.description, dl)}</p>` : nothing}
        </header>
        <div class="media" part="media"><slot name="viewer">${this.#renderMedia(file)}</slot></div>
        <c2m-history class="toolbar" part="toolbar" exportparts=${EXPORTS.history}></c2m-history>
        <div class="pending" role="status">${this.pendingShown ? l.term('working') : nothing}</div>
        <div class="options" part="options" aria-busy=${c.pending > 0 || this.limit < (this.#total = this.#shownOptions(file)) ? 'true' : 'false'}>
          ${guard([file, this.layout, this.step, this.limit, this.localize.lang, this.localize.strings], () => this.#renderOptions(file))}
        </div>
      </div>
      <div class="aside" part="aside">
        <c2m-price exportparts=${EXPORTS.price}></c2m-price>
        <c2m-lead-time exportparts=${EXPORTS.leadTime}></c2m-lead-time>
        <c2m-order-button exportparts=${EXPORTS.order}></c2m-order-button>
        <c2m-summary exportparts=${EXPORTS.summary}></c2m-summary>
        <div class="notes visually-hidden" role="status" aria-live="polite">${this.#renderNotes()}</div>
      </div>
    </div>`;
  }

  /** Forgets the configuration saved on this device for this product (the next load starts fresh). */
  forgetSaved(): void {
    const id = this.configuration?.session.file.product.id;
    if (id) forget(id);
  }
}
