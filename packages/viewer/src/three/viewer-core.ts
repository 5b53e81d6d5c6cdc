/**
 * Everything three.js about one viewer: its scene, camera and controls, the loaded model with its
 * bindings, the contact shadow, and drawing on demand. No DOM beyond the canvas it draws on: the
 * custom element around it handles attributes, events and visibility.
 *
 * Rendering happens only when something changed (`queueRender`): a change of values, the controls,
 * a camera transition, a texture that arrived. Each frame is rendered by the shared renderer and
 * copied onto this viewer's own 2D canvas.
 *
 * Lighting: a model's first frame is lit by plain lights; the shared studio environment is made in
 * idle time after it (see renderer.ts) and replaces them, one frame later. A viewer created when
 * the environment exists uses it from its first frame.
 */
import { PerspectiveCamera, Scene, Sphere, Vector3, type Group, type Light, type Texture } from 'three';
import { Orbit } from './orbit.js';
import type { Scene as SceneSpec, SelectionValue, Snapshot } from '@c2m/rules';
import { acquireRenderer, createFirstFrameLights, releaseRenderer, type SharedRenderer } from './renderer.js';
import { loadModel, type LoadedModel, type LoadOptions } from './load-model.js';
import { SceneBindings } from './bindings.js';
import { ContactShadow } from './contact-shadow.js';
import { visibleBounds } from './bounds.js';

export interface ViewerCoreHost {
  /** A frame was drawn on the canvas. */
  frame(): void;
  /** The first frame lit by the studio environment (not the first frame's plain lights) was drawn. */
  environment(): void;
  /** Something in the product file does not match the model, or a resource failed. */
  warn(message: string): void;
  /** The graphics context was lost (`true`) or restored (`false`). */
  contextLost(lost: boolean): void;
  /** Resolves a URL written in the product file. */
  resolveUrl(url: string): string;
}

interface View {
  position: Vector3;
  target: Vector3;
}

const TRANSITION_MS = 650;
const ease = (t: number) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2);

export class ViewerCore {
  readonly #host: ViewerCoreHost;
  readonly #canvas: HTMLCanvasElement;
  readonly #shared: SharedRenderer;
  readonly #scene = new Scene();
  readonly #camera = new PerspectiveCamera(30, 1, 0.01, 100);
  readonly #controls: Orbit;
  readonly #shadow = new ContactShadow();
  readonly #stopContext: () => void;
  readonly #stopEnvironment: () => void;
  /** The first frame's lights, until the environment replaces them. */
  #lights: Group | undefined;
  /** Whether a frame with the environment was drawn (the host heard of the first). */
  #environmentShown = false;
  #model: LoadedModel | undefined;
  #bindings: SceneBindings | undefined;
  #spec: SceneSpec | undefined;
  #values: Readonly<Record<string, SelectionValue>> = {};
  #size = { width: 300, height: 150, dpr: 1 };
  #raf = 0;
  #shadowDirty = true;
  #lost = false;
  #home: View | undefined;
  #transition: { from: View; to: View; start: number } | undefined;
  #disposed = false;
  /** Loads in flight (textures, fonts, decal images) that will change the picture. */
  #pending = 0;
  /** Set when a model arrives: its first frame is measured from there. */
  #frameStart: number | undefined;
  #waiters: Array<() => void> = [];

  /** Throws `WebGLUnavailableError` when the browser has no WebGL 2. */
  constructor(canvas: HTMLCanvasElement, host: ViewerCoreHost) {
    const start = performance.now();
    this.#shared = acquireRenderer();
    // User Timing entries (DevTools' performance panel, benchmarks): where the first frame's time goes.
    performance.measure('c2m-viewer:renderer', { start });
    this.#canvas = canvas;
    this.#host = host;
    this.#scene.add(this.#shadow.plane);
    if (this.#shared.environment) this.#useEnvironment(this.#shared.environment);
    else this.#scene.add((this.#lights = createFirstFrameLights()));
    this.#stopEnvironment = this.#shared.onEnvironment((environment) => this.#useEnvironment(environment));
    this.#controls = new Orbit(this.#camera, canvas, () => this.queueRender(), () => { this.#transition = undefined; });
    canvas.addEventListener('keydown', this.#onHome);
    this.#stopContext = this.#shared.onContextChange((lost) => {
      this.#lost = lost;
      this.#shadowDirty = true;
      host.contextLost(lost);
      if (!lost) this.queueRender();
    });
  }

  /** Lights the scene with the studio environment, in place of the first frame's lights. */
  #useEnvironment(environment: Texture): void {
    this.#scene.environment = environment;
    if (this.#lights) {
      this.#lights.removeFromParent();
      for (const light of this.#lights.children) (light as Light).dispose();
      this.#lights = undefined;
    }
    this.queueRender();
  }

  /** Whether a frame lit by the studio environment has been drawn. */
  get environmentShown(): boolean {
    return this.#environmentShown;
  }

  get hasModel(): boolean {
    return this.#model !== undefined;
  }

  /** The bindings' warnings for the current model and product file. */
  get warnings(): readonly string[] {
    return this.#bindings?.warnings ?? [];
  }

  /** Loads a model, replacing (and disposing) the current one. Resolves with the bytes fetched. */
  async load(url: string, options: LoadOptions): Promise<number> {
    const start = performance.now();
    const model = await loadModel(url, this.#shared.renderer, options);
    performance.measure('c2m-viewer:load', { start });
    this.#frameStart = performance.now();
    if (this.#disposed || options.signal?.aborted) {
      model.dispose();
      options.signal?.throwIfAborted();
      return 0;
    }
    this.#bindings?.dispose();
    this.#bindings = undefined;
    this.#model?.dispose();
    this.#model = model;
    this.#scene.add(model.root);
    this.#compileBindings();
    this.#frame();
    return model.bytes;
  }

  /** The product file's scene bindings and cameras (recompiled against the model). */
  setScene(spec: SceneSpec | undefined): void {
    if (spec === this.#spec) return;
    this.#spec = spec;
    if (this.#model) this.#compileBindings();
  }

  #compileBindings(): void {
    this.#bindings?.dispose();
    const bindings = new SceneBindings(this.#model!, this.#spec, {
      resolveUrl: (url) => this.#host.resolveUrl(url),
      warn: (message) => this.#host.warn(message),
      track: (work) => {
        this.#pending++;
        void work.finally(() => {
          this.#pending--;
          if (this.#bindings === bindings) this.setValues(this.#values);
          else this.#settle();
        });
      },
    });
    this.#bindings = bindings;
    for (const w of this.#bindings.warnings) this.#host.warn(w);
    this.setValues(this.#values);
  }

  /** Applies every binding for these values and draws the result. */
  setValues(values: Readonly<Record<string, SelectionValue>>): void {
    this.#values = values;
    if (!this.#bindings) return;
    this.#bindings.apply(values);
    this.#shadowDirty = true;
    this.queueRender();
  }

  /** Frames the whole model (the home view). */
  #frame(): void {
    this.#bindings?.apply(this.#values);
    const box = visibleBounds(this.#model!.root);
    const sphere = box.isEmpty() ? new Sphere(new Vector3(), 1) : box.getBoundingSphere(new Sphere());
    const radius = Math.max(sphere.radius, 0.01);
    const distance = (radius / Math.sin((this.#camera.fov * Math.PI) / 360)) * 1.05;
    const target = sphere.center.clone();
    const position = target.clone().add(new Vector3(0.55, 0.35, 1).normalize().multiplyScalar(distance));
    this.#camera.near = distance / 100;
    this.#camera.far = distance * 20;
    this.#camera.updateProjectionMatrix();
    this.#controls.minDistance = radius * 0.3;
    this.#controls.maxDistance = distance * 4;
    this.#home = { position, target };
    this.#jump(this.#home);
  }

  #jump(view: View): void {
    this.#transition = undefined;
    this.#camera.position.copy(view.position);
    this.#controls.target.copy(view.target);
    this.#controls.update();
    this.queueRender();
  }

  /**
   * Moves the camera to the product file's camera for `option` (when it has one), smoothly unless
   * `smooth` is false (prefers-reduced-motion).
   */
  focus(option: string | undefined, smooth: boolean): void {
    const camera = option === undefined ? undefined : this.#spec?.cameras.find((c) => c.option === option);
    if (!camera || !this.#model) return;
    const target = new Vector3().fromArray(camera.target);
    const position = camera.position
      ? new Vector3().fromArray(camera.position)
      : target.clone().add(this.#camera.position.clone().sub(this.#controls.target));
    this.moveTo({ position, target }, smooth);
  }

  /** Back to the view the model was framed with on load. */
  home(smooth: boolean): void {
    if (this.#home) this.moveTo(this.#home, smooth);
  }

  moveTo(to: View, smooth: boolean): void {
    if (!smooth) {
      this.#jump(to);
      return;
    }
    this.#transition = { from: { position: this.#camera.position.clone(), target: this.#controls.target.clone() }, to, start: performance.now() };
    this.queueRender();
  }

  readonly #onHome = (event: KeyboardEvent) => {
    if (event.key !== 'Home') return;
    event.preventDefault();
    this.home(false);
  };

  /** The canvas's CSS size and device pixel ratio. */
  resize(width: number, height: number, dpr: number): void {
    const next = { width: Math.max(1, Math.round(width)), height: Math.max(1, Math.round(height)), dpr: Math.min(Math.max(dpr, 1), 2) };
    if (next.width === this.#size.width && next.height === this.#size.height && next.dpr === this.#size.dpr) return;
    this.#size = next;
    this.#canvas.width = Math.round(next.width * next.dpr);
    this.#canvas.height = Math.round(next.height * next.dpr);
    this.queueRender();
  }

  /**
   * Resolves after a frame that shows every change made so far, including the textures, fonts and
   * images those changes are loading (at once when nothing is pending).
   */
  whenRendered(): Promise<void> {
    if (!this.#raf && this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #settle(): void {
    if (this.#raf || this.#pending > 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  /** Asks for a frame; many calls before it is drawn make one frame. */
  queueRender(): void {
    if (this.#raf || this.#disposed) return;
    this.#raf = requestAnimationFrame(() => {
      this.#raf = 0;
      this.#render();
      this.#settle();
    });
  }

  /** Renders at `width`×`height` pixels into the shared renderer's canvas and returns it. */
  #draw(width: number, height: number): HTMLCanvasElement {
    const { renderer } = this.#shared;
    const canvas = renderer.domElement;
    // Resizing reallocates the drawing buffer: only when the size really changes (pixel ratio 1, set once).
    if (canvas.width !== width || canvas.height !== height) renderer.setSize(width, height, false);
    this.#camera.aspect = width / height;
    this.#camera.updateProjectionMatrix();
    if (this.#shadowDirty && this.#model) {
      const start = performance.now();
      this.#shadow.update(renderer, this.#model.root);
      this.#shadowDirty = false;
      if (this.#frameStart !== undefined) performance.measure('c2m-viewer:first-frame-shadow', { start });
    }
    const start = performance.now();
    renderer.setClearColor(0x000000, 0);
    renderer.render(this.#scene, this.#camera);
    if (this.#frameStart !== undefined) performance.measure('c2m-viewer:first-frame-render', { start });
    return canvas;
  }

  #render(): void {
    if (this.#disposed || this.#lost || !this.#model) return;
    if (this.#transition) {
      const t = Math.min(1, (performance.now() - this.#transition.start) / TRANSITION_MS);
      const k = ease(t);
      const { from, to } = this.#transition;
      this.#camera.position.lerpVectors(from.position, to.position, k);
      this.#controls.target.lerpVectors(from.target, to.target, k);
      this.#controls.update();
      if (t < 1) this.queueRender();
      else this.#transition = undefined;
    }
    const { width, height } = this.#canvas;
    const source = this.#draw(width, height);
    const ctx = this.#canvas.getContext('2d');
    if (!ctx) return;
    const copy = performance.now();
    ctx.clearRect(0, 0, width, height);
    ctx.drawImage(source, 0, 0, width, height, 0, 0, width, height);
    const first = this.#frameStart !== undefined;
    if (first) {
      // With the shadow's and the render's measures: where the first frame's time goes.
      performance.measure('c2m-viewer:first-frame-copy', { start: copy });
      performance.measure('c2m-viewer:first-frame', { start: this.#frameStart });
      this.#frameStart = undefined;
    }
    this.#host.frame();
    if (!this.#environmentShown && this.#scene.environment) {
      this.#environmentShown = true;
      this.#host.environment();
    }
    // The environment is made after the first frame is on screen, when the browser is idle.
    if (first && !this.#scene.environment) void this.#shared.requestEnvironment();
  }

  /** An image of the current configuration, from the current camera. */
  async snapshot(type: Snapshot['type'], width: number, height: number): Promise<Snapshot> {
    if (!this.#model) throw new Error('The 3D model is not loaded yet.');
    // The picture for the order is lit as the product is meant to be: not the first frame's lights.
    if (!this.#scene.environment) await this.#shared.requestEnvironment(true);
    if (this.#disposed || !this.#model) throw new Error('The 3D model is not loaded yet.');
    const out = document.createElement('canvas');
    out.width = width;
    out.height = height;
    const ctx = out.getContext('2d')!;
    if (type === 'image/jpeg') {
      ctx.fillStyle = '#ffffff'; // JPEG has no transparency
      ctx.fillRect(0, 0, width, height);
    }
    ctx.drawImage(this.#draw(width, height), 0, 0);
    this.queueRender(); // the viewer's own size again
    const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, type, 0.92));
    if (!blob) throw new Error(`The browser could not encode a ${type} snapshot.`);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { type: blob.type === type ? type : 'image/png', data: btoa(binary) };
  }

  /** Frees the model, the bindings' resources, the shadow and the controls; releases the renderer. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    cancelAnimationFrame(this.#raf);
    this.#canvas.removeEventListener('keydown', this.#onHome);
    this.#stopContext();
    this.#stopEnvironment();
    for (const light of this.#lights?.children ?? []) (light as Light).dispose();
    this.#lights = undefined;
    this.#bindings?.dispose();
    this.#model?.dispose();
    this.#shadow.dispose();
    this.#controls.dispose();
    this.#bindings = undefined;
    this.#model = undefined;
    this.#raf = 0;
    this.#pending = 0;
    this.#settle();
    releaseRenderer();
  }
}
