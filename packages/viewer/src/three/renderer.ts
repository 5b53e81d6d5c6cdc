/**
 * One WebGL renderer for every viewer on the page (browsers cap live WebGL contexts at about 16, and
 * each costs memory). Viewers render into it in turn and copy the frame onto their own 2D canvas.
 * The renderer lives while some viewer uses it; the last release disposes it after a short delay, so
 * an element moved in the DOM (disconnected and connected again at once) keeps it.
 *
 * The studio environment (RoomEnvironment prefiltered by PMREMGenerator) is the most expensive thing
 * a viewer draws: three's GGX prefilter takes 256 samples for every texel of a 256² cube, and made
 * before the first frame it held that frame back by seconds on a software GPU (`pnpm bench:viewer`).
 * So it is not made up front: the first frame of a model is lit by plain lights
 * ({@link createFirstFrameLights}), and the environment is made once per renderer, in idle time
 * after that frame ({@link SharedRenderer.requestEnvironment}).
 */
import {
  DirectionalLight, Group, HemisphereLight, NeutralToneMapping, PMREMGenerator, SRGBColorSpace, WebGLRenderer, type Texture,
} from 'three';
import { RoomEnvironment } from 'three/examples/jsm/environments/RoomEnvironment.js';
import { disposeDecoders } from './decoders.js';

/** Thrown when the browser cannot give a WebGL 2 context (no GPU, WebGL disabled, too many contexts). */
export class WebGLUnavailableError extends Error {
  override readonly name = 'WebGLUnavailableError';
}

/** What viewers share: the renderer and the environment lighting made from it. */
export interface SharedRenderer {
  readonly renderer: WebGLRenderer;
  /**
   * Image-based lighting generated locally (a studio room, prefiltered): no HDR download. Undefined
   * until {@link requestEnvironment} has made it.
   */
  readonly environment: Texture | undefined;
  /**
   * Makes the environment in the browser's next idle period (at once when `now`), once per renderer.
   * Resolves with it; listeners of {@link onEnvironment} hear of it too.
   */
  requestEnvironment(now?: boolean): Promise<Texture>;
  /** Called with each new environment: the first, and the one remade after a lost context. */
  onEnvironment(listener: (environment: Texture) => void): () => void;
  /** Called with `true` when the context is lost, `false` when it is back. */
  onContextChange(listener: (lost: boolean) => void): () => void;
}

/**
 * The lights of a model's first frame, before the environment exists: a hemisphere light for the
 * room's soft, even light and a key light from above the camera's side for shape. Tuned to come
 * close to the environment's brightness on the demo products, so that the switch is a refinement
 * (reflections, softer shading), not a jump.
 */
export function createFirstFrameLights(): Group {
  const group = new Group();
  group.name = 'c2m-first-frame-lights';
  group.add(new HemisphereLight(0xffffff, 0xc8c8c8, 5));
  const key = new DirectionalLight(0xffffff, 2);
  key.position.set(1, 2, 1.5);
  group.add(key);
  return group;
}

const RELEASE_DELAY_MS = 1000;
/** At most this long after the first frame before the environment is made, idle or not. */
const IDLE_TIMEOUT_MS = 1000;
let shared: (SharedRenderer & { dispose(): void }) | undefined;
let users = 0;
let releaseTimer: ReturnType<typeof setTimeout> | undefined;

function create(): SharedRenderer & { dispose(): void } {
  let renderer: WebGLRenderer;
  try {
    renderer = new WebGLRenderer({ antialias: true, alpha: true, powerPreference: 'high-performance' });
  } catch (cause) {
    throw new WebGLUnavailableError('This browser cannot show 3D (WebGL 2 is not available).', { cause });
  }
  renderer.setPixelRatio(1); // viewers ask for device pixels themselves
  renderer.outputColorSpace = SRGBColorSpace;
  // Khronos PBR Neutral: product colours stay as the manufacturer wrote them.
  renderer.toneMapping = NeutralToneMapping;
  renderer.setClearColor(0x000000, 0);

  let environment: Texture | undefined;
  let pending: Promise<Texture> | undefined;
  let cancelIdle: (() => void) | undefined;
  let buildNow: (() => void) | undefined;
  const environmentListeners = new Set<(environment: Texture) => void>();
  const build = (): Texture => {
    const start = performance.now();
    const pmrem = new PMREMGenerator(renderer);
    const room = new RoomEnvironment();
    const made = pmrem.fromScene(room, 0.04).texture;
    room.dispose();
    pmrem.dispose();
    performance.measure('c2m-viewer:environment', { start });
    environment?.dispose();
    environment = made;
    for (const l of environmentListeners) l(made);
    return made;
  };

  const listeners = new Set<(lost: boolean) => void>();
  const canvas = renderer.domElement;
  const lost = (event: Event) => {
    event.preventDefault(); // lets the browser restore the context
    for (const l of listeners) l(true);
  };
  const restored = () => {
    // A render target's pixels do not survive a lost context: the environment is made again.
    if (environment) build();
    for (const l of listeners) l(false);
  };
  canvas.addEventListener('webglcontextlost', lost);
  canvas.addEventListener('webglcontextrestored', restored);
  return {
    renderer,
    get environment() {
      return environment;
    },
    requestEnvironment(now = false) {
      if (environment) return Promise.resolve(environment);
      pending ??= new Promise<Texture>((resolve) => {
        buildNow = () => {
          cancelIdle?.();
          cancelIdle = buildNow = undefined;
          resolve(build());
        };
        // Safari has no requestIdleCallback: a task after the current frame's work does as well.
        if (typeof requestIdleCallback === 'function') {
          const id = requestIdleCallback(() => buildNow?.(), { timeout: IDLE_TIMEOUT_MS });
          cancelIdle = () => cancelIdleCallback(id);
        } else {
          const id = setTimeout(() => buildNow?.(), 0);
          cancelIdle = () => clearTimeout(id);
        }
      });
      if (now) buildNow?.();
      return pending;
    },
    onEnvironment(listener) {
      environmentListeners.add(listener);
      return () => environmentListeners.delete(listener);
    },
    onContextChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      cancelIdle?.();
      cancelIdle = buildNow = undefined;
      canvas.removeEventListener('webglcontextlost', lost);
      canvas.removeEventListener('webglcontextrestored', restored);
      environment?.dispose();
      environment = undefined;
      environmentListeners.clear();
      renderer.dispose();
      disposeDecoders();
    },
  };
}

/** Takes a reference to the shared renderer, creating it on first use. Throws `WebGLUnavailableError`. */
export function acquireRenderer(): SharedRenderer {
  clearTimeout(releaseTimer);
  shared ??= create();
  users++;
  return shared;
}

/** Gives a reference back; the last one disposes the renderer after a short delay. */
export function releaseRenderer(): void {
  users = Math.max(0, users - 1);
  if (users > 0) return;
  clearTimeout(releaseTimer);
  releaseTimer = setTimeout(() => {
    if (users > 0 || !shared) return;
    shared.dispose();
    shared = undefined;
  }, RELEASE_DELAY_MS);
}

/** The shared renderer if one exists (for tests and benchmarks reading `renderer.info`). */
export function currentRenderer(): WebGLRenderer | undefined {
  return shared?.renderer;
}
