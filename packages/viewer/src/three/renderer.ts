/**
 * One WebGL renderer for every viewer on the page (browsers cap live WebGL contexts at about 16, and
 * each costs memory). Viewers render into it in turn and copy the frame onto their own 2D canvas.
 * The renderer lives while some viewer uses it; the last release disposes it after a short delay, so
 * an element moved in the DOM (disconnected and connected again at once) keeps it.
 */
import { NeutralToneMapping, PMREMGenerator, SRGBColorSpace, WebGLRenderer, type Texture } from 'three';
import { RoomEnvironment } from 'three/examples/jsm/environments/RoomEnvironment.js';
import { disposeDecoders } from './decoders.js';

/** Thrown when the browser cannot give a WebGL 2 context (no GPU, WebGL disabled, too many contexts). */
export class WebGLUnavailableError extends Error {
  override readonly name = 'WebGLUnavailableError';
}

/** What viewers share: the renderer and the environment lighting made from it. */
export interface SharedRenderer {
  readonly renderer: WebGLRenderer;
  /** Image-based lighting generated locally (a studio room, prefiltered): no HDR download. */
  readonly environment: Texture;
  /** Called with `true` when the context is lost, `false` when it is back. */
  onContextChange(listener: (lost: boolean) => void): () => void;
}

const RELEASE_DELAY_MS = 1000;
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
  const pmrem = new PMREMGenerator(renderer);
  const room = new RoomEnvironment();
  const environment = pmrem.fromScene(room, 0.04).texture;
  room.dispose();
  pmrem.dispose();
  const listeners = new Set<(lost: boolean) => void>();
  const canvas = renderer.domElement;
  const lost = (event: Event) => {
    event.preventDefault(); // lets the browser restore the context
    for (const l of listeners) l(true);
  };
  const restored = () => {
    for (const l of listeners) l(false);
  };
  canvas.addEventListener('webglcontextlost', lost);
  canvas.addEventListener('webglcontextrestored', restored);
  return {
    renderer,
    environment,
    onContextChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      canvas.removeEventListener('webglcontextlost', lost);
      canvas.removeEventListener('webglcontextrestored', restored);
      environment.dispose();
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
