/** `<c2m-viewer>`: the element shell around the three.js view (see the class's contract below). */
import type { AsyncSession, ProductFile, SelectionValue, Snapshot } from '@c2m/rules';
import { ViewerCore } from './three/viewer-core.js';
import { WebGLUnavailableError } from './three/renderer.js';
import { ViewerEnvironmentEvent, ViewerErrorEvent, ViewerLoadEvent, ViewerProgressEvent } from './events.js';
import { styles } from './viewer-styles.js';
import { message, type MessageKey } from './viewer-messages.js';

let shared: CSSStyleSheet | undefined;
/** One stylesheet for every viewer on the page, made on first use. */
function sheet(): CSSStyleSheet {
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync(styles);
  }
  return shared;
}

/** Options of {@link C2mViewer.snapshot}. */
export interface SnapshotOptions {
  /** Default `image/png`. */
  type?: Snapshot['type'];
  /** Pixels; default the canvas's size. At most 4096. */
  width?: number;
  height?: number;
}

const MAX_SNAPSHOT_SIDE = 4096;
const template = `<div part="base"><canvas part="canvas" tabindex="0" role="img"></canvas><img part="poster" alt="" hidden><div part="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" hidden><div></div></div><div part="error" role="alert" hidden></div></div>`;

/**
 * `<c2m-viewer>`: the product in 3D, following the shopper's choices.
 *
 * A thin shell around {@link ViewerCore} (three.js, in `./three/`): it reads attributes and
 * properties, waits until it is near the viewport, shows the poster, progress and errors, and fires
 * the events. Usable alone (`src` plus `file`/`values`, or a `session`) and inside
 * `<c2m-configurator>`, which creates it only when the product has a model.
 *
 * @summary A three.js view of a configurable product, driven by the product file's scene bindings.
 *
 * @event c2m-viewer-progress - Bytes of the model arrive: `{ loaded, total? }`.
 * @event c2m-viewer-load - The first frame of the model is shown.
 * @event c2m-viewer-environment - The studio environment lighting is in place and shown (after `c2m-viewer-load`; see `environmentReady`).
 * @event c2m-viewer-error - The model cannot be shown: `{ message, cause? }`. The element shows it too.
 *
 * @csspart base - The wrapper of everything below.
 * @csspart canvas - The 3D view (focusable: arrow keys turn the model, + and − zoom, Home resets).
 * @csspart poster - The picture shown until the first frame, and instead of 3D without WebGL.
 * @csspart progress - The loading bar (its child is the filled part).
 * @csspart error - The message shown when the model cannot be shown.
 *
 * @cssproperty --c2m-viewer-aspect-ratio - Width / height of the element when the page sets no height (default 4 / 3).
 * @cssproperty --c2m-viewer-background - Background behind the model (default `--c2m-color-surface`, else transparent).
 * @cssproperty --c2m-viewer-radius - Corner radius.
 * @cssproperty --c2m-viewer-poster-fit - `object-fit` of the poster (default `contain`).
 * @cssproperty --c2m-viewer-progress-color - The loading bar (default `--c2m-color-accent`).
 * @cssproperty --c2m-viewer-progress-height - Height of the loading bar (default 3px).
 * @cssproperty --c2m-viewer-error-background - Background of the error message.
 * @cssproperty --c2m-viewer-error-color - Colour of the error message (default `--c2m-color-danger`).
 * @cssproperty --c2m-viewer-focus-ring - Focus ring of the canvas (default `--c2m-color-focus`).
 */
export class C2mViewer extends HTMLElement {
  static readonly observedAttributes = ['src', 'poster', 'focus-option', 'loading', 'base-url'];

  #session: AsyncSession | undefined;
  #unsubscribe: (() => void) | undefined;
  #file: ProductFile | undefined;
  #values: Readonly<Record<string, SelectionValue>> = {};
  #core: ViewerCore | undefined;
  #noWebgl = false;
  #near = false;
  #loadedUrl: string | undefined;
  #loadingUrl: string | undefined;
  #abort: AbortController | undefined;
  #firstFrame: { url: string; resolve: () => void } | undefined;
  #loaded = false;
  #bytes = 0;
  #intersection: IntersectionObserver | undefined;
  #resize: ResizeObserver | undefined;
  #parts: { canvas: HTMLCanvasElement; poster: HTMLImageElement; progress: HTMLElement; error: HTMLElement } | undefined;
  #warnings: string[] = [];

  // --- properties ------------------------------------------------------------------------------

  /** The configurator session: the viewer reads `session.file` and follows `session.state`. */
  get session(): AsyncSession | undefined {
    return this.#session;
  }
  set session(session: AsyncSession | undefined) {
    if (session === this.#session) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#session = session;
    if (session) {
      this.#unsubscribe = session.subscribe((state) => this.#setValues(state.selections));
      this.#file = session.file;
      this.#values = session.state.selections;
    }
    this.#update();
  }

  /** The product file, when there is no session. */
  get file(): ProductFile | undefined {
    return this.#session?.file ?? this.#file;
  }
  set file(file: ProductFile | undefined) {
    this.#file = file;
    this.#update();
  }

  /** The current values (option id → value), when there is no session. */
  get values(): Readonly<Record<string, SelectionValue>> {
    return this.#values;
  }
  set values(values: Readonly<Record<string, SelectionValue>> | undefined) {
    this.#setValues(values ?? {});
  }

  /** The model URL; overrides the product file's `product.model`. Relative URLs resolve against the document. */
  get src(): string | null {
    return this.getAttribute('src');
  }
  set src(value: string | null) {
    if (value === null) this.removeAttribute('src');
    else this.setAttribute('src', value);
  }

  /** An image shown until the first frame (and instead of 3D where WebGL is missing). */
  get poster(): string | null {
    return this.getAttribute('poster');
  }
  set poster(value: string | null) {
    if (value === null) this.removeAttribute('poster');
    else this.setAttribute('poster', value);
  }

  /** The option the shopper is working on: the camera moves to its `scene.cameras` entry. */
  get focusOption(): string | null {
    return this.getAttribute('focus-option');
  }
  set focusOption(value: string | null) {
    if (value === null) this.removeAttribute('focus-option');
    else this.setAttribute('focus-option', value);
  }

  /** `lazy` (default): load when near the viewport. `eager`: load at once. */
  get loading(): 'lazy' | 'eager' {
    return this.getAttribute('loading') === 'eager' ? 'eager' : 'lazy';
  }
  set loading(value: 'lazy' | 'eager') {
    this.setAttribute('loading', value);
  }

  /**
   * The URL the product file's relative URLs (model, textures, fonts) are resolved against, usually
   * the product file's own URL. Default: the document's base URL.
   */
  get baseUrl(): string | null {
    return this.getAttribute('base-url');
  }
  set baseUrl(value: string | null) {
    if (value === null) this.removeAttribute('base-url');
    else this.setAttribute('base-url', value);
  }

  /** The first frame of the current model has been shown. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /**
   * The model is lit by the studio environment. The first frame of the first model on a page is lit
   * by plain lights, so that it shows quickly; the environment is made in idle time after it and
   * replaces them (`c2m-viewer-environment`). Later viewers and models use it from their first frame.
   */
  get environmentReady(): boolean {
    return this.#core?.environmentShown ?? false;
  }

  /** Bytes fetched for the current model. */
  get modelBytes(): number {
    return this.#bytes;
  }

  /** Product-file names the model lacks, and resources that failed; also logged with `console.warn`. */
  get warnings(): readonly string[] {
    return this.#warnings;
  }

  /**
   * Resolves after a frame that shows every change made so far (values, camera, and the textures,
   * fonts and images they load). At once when there is no 3D view.
   */
  whenRendered(): Promise<void> {
    return this.#core?.whenRendered() ?? Promise.resolve();
  }

  /**
   * An image of the current configuration, for the specification. Rejects when no model is shown.
   */
  async snapshot(options: SnapshotOptions = {}): Promise<Snapshot> {
    const core = this.#core;
    if (!core || !this.#loaded) throw new Error('The 3D model is not shown yet, so there is nothing to take a snapshot of.');
    const canvas = this.#parts!.canvas;
    const side = (n: number | undefined, fallback: number) => Math.max(1, Math.min(MAX_SNAPSHOT_SIDE, Math.round(n ?? fallback)));
    const type = options.type ?? 'image/png';
    if (!['image/png', 'image/jpeg', 'image/webp'].includes(type)) throw new TypeError(`Unsupported snapshot type '${String(type)}' (image/png, image/jpeg or image/webp).`);
    return core.snapshot(type, side(options.width, canvas.width), side(options.height, canvas.height));
  }

  // --- lifecycle -------------------------------------------------------------------------------

  connectedCallback(): void {
    if (!this.shadowRoot) {
      const root = this.attachShadow({ mode: 'open' });
      // A constructed stylesheet, not a <style> element: pages with `style-src 'self'` block inline styles.
      root.adoptedStyleSheets = [sheet()];
      root.innerHTML = template;
      this.#parts = {
        canvas: root.querySelector('canvas')!,
        poster: root.querySelector('[part=poster]')!,
        progress: root.querySelector('[part=progress]')!,
        error: root.querySelector('[part=error]')!,
      };
    }
    this.#parts!.canvas.setAttribute('aria-label', message(this, 'label'));
    this.#resize = new ResizeObserver(([entry]) => {
      const box = entry!.contentRect;
      this.#core?.resize(box.width, box.height, devicePixelRatio);
    });
    this.#resize.observe(this);
    if (this.loading === 'eager') this.#near = true;
    else {
      this.#intersection = new IntersectionObserver((entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        this.#near = true;
        this.#intersection?.disconnect();
        this.#update();
      }, { rootMargin: '300px' });
      this.#intersection.observe(this);
    }
    this.#renderPoster();
    this.#update();
  }

  disconnectedCallback(): void {
    this.#intersection?.disconnect();
    this.#resize?.disconnect();
    // Moving the element (remove + insert in one task) keeps the model: check after the task's microtasks.
    queueMicrotask(() => {
      if (!this.isConnected) this.#teardown();
    });
  }

  attributeChangedCallback(name: string, previous: string | null, value: string | null): void {
    if (previous === value) return;
    if (name === 'poster') this.#renderPoster();
    else if (name === 'focus-option') this.#core?.focus(value ?? undefined, !matchMedia('(prefers-reduced-motion: reduce)').matches);
    else if (name === 'loading' && value === 'eager') {
      this.#near = true;
      this.#update();
    } else this.#update();
  }

  // --- internals -------------------------------------------------------------------------------

  #setValues(values: Readonly<Record<string, SelectionValue>>): void {
    this.#values = values;
    this.#core?.setValues(values);
  }

  #resolve(url: string, base?: string | null): string {
    return new URL(url, new URL(base ?? this.baseUrl ?? document.baseURI, document.baseURI)).href;
  }

  /** The model URL: `src`, else the product file's `product.model`. */
  #modelUrl(): string | undefined {
    if (this.src) return this.#resolve(this.src, document.baseURI);
    const model = this.file?.product.model;
    return model ? this.#resolve(model) : undefined;
  }

  #update(): void {
    if (!this.isConnected || !this.#parts) return;
    this.#renderPoster();
    const url = this.#modelUrl();
    if (!this.#near || this.#noWebgl || !url) return;
    if (!this.#core) {
      try {
        this.#core = new ViewerCore(this.#parts.canvas, {
          frame: () => this.#onFrame(),
          environment: () => this.dispatchEvent(new ViewerEnvironmentEvent()),
          warn: (m) => this.#warn(m),
          contextLost: (lost) => this.#showError(lost ? 'lost' : undefined),
          resolveUrl: (u) => this.#resolve(u),
        });
      } catch (cause) {
        if (!(cause instanceof WebGLUnavailableError)) throw cause;
        this.#noWebgl = true;
        this.#fail('noWebgl', cause.message, cause);
        return;
      }
      const box = this.getBoundingClientRect();
      this.#core.resize(box.width, box.height, devicePixelRatio);
    }
    this.#core.setScene(this.file?.scene);
    this.#core.setValues(this.#values);
    if (url !== this.#loadedUrl && url !== this.#loadingUrl) void this.#load(url);
  }

  async #load(url: string): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.#loadingUrl = url;
    this.#loaded = false;
    this.#warnings = [];
    this.#showError(undefined);
    this.#renderPoster();
    const { progress } = this.#parts!;
    const bar = progress.firstElementChild as HTMLElement;
    progress.hidden = false;
    bar.style.width = '0';
    try {
      const firstFrame = new Promise<void>((resolve) => { this.#firstFrame = { url, resolve }; });
      this.#bytes = await this.#core!.load(url, {
        signal: abort.signal,
        onProgress: (loaded, total) => {
          if (total) {
            const percent = Math.round((loaded / total) * 100);
            bar.style.width = `${percent}%`;
            progress.setAttribute('aria-valuenow', String(percent));
          }
          this.dispatchEvent(new ViewerProgressEvent(total === undefined ? { loaded } : { loaded, total }));
        },
      });
      this.#loadedUrl = url;
      await firstFrame;
    } catch (cause) {
      if (abort.signal.aborted) return;
      this.#loadedUrl = url; // not again until the URL changes
      this.#fail('failed', cause instanceof Error ? cause.message : String(cause), cause);
    } finally {
      if (this.#abort === abort) {
        this.#loadingUrl = undefined;
        progress.hidden = true;
      }
    }
  }

  #onFrame(): void {
    const first = this.#firstFrame;
    if (!first) return;
    this.#firstFrame = undefined;
    this.#loaded = true;
    this.#renderPoster();
    const focus = this.focusOption;
    if (focus) this.#core?.focus(focus, false);
    this.dispatchEvent(new ViewerLoadEvent(first.url));
    first.resolve();
  }

  #warn(text: string): void {
    this.#warnings.push(text);
    console.warn(`<c2m-viewer>: ${text}`);
  }

  #fail(key: MessageKey, detail: string, cause: unknown): void {
    this.#showError(key, detail);
    this.#renderPoster();
    this.dispatchEvent(new ViewerErrorEvent({ message: detail, cause }));
  }

  #showError(key: MessageKey | undefined, detail?: string): void {
    const error = this.#parts?.error;
    if (!error) return;
    error.hidden = key === undefined;
    error.textContent = key ? message(this, key) : '';
    if (detail) error.title = detail;
    else error.removeAttribute('title');
  }

  /** The poster shows until the first frame, and stays when there is no 3D. */
  #renderPoster(): void {
    const parts = this.#parts;
    if (!parts) return;
    const src = this.poster ?? (this.file?.product.image ? this.#resolve(this.file.product.image) : null);
    const { poster } = parts;
    if (src && poster.getAttribute('src') !== src) poster.src = src;
    poster.hidden = !src;
    if (this.#loaded) poster.dataset.hidden = '';
    else delete poster.dataset.hidden;
    parts.canvas.hidden = this.#noWebgl;
  }

  #teardown(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    this.#firstFrame?.resolve(); // a load waiting for its first frame ends with the element's 3D
    this.#firstFrame = undefined;
    this.#core?.dispose();
    this.#core = undefined;
    this.#loadedUrl = undefined;
    this.#loadingUrl = undefined;
    this.#loaded = false;
    this.#near = false;
    this.#renderPoster();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'c2m-viewer': C2mViewer;
  }
}
