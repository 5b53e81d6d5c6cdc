/**
 * Turning and zooming around the product: drag (mouse, pen, one finger) turns, the wheel and a pinch
 * zoom, the arrow keys and + / − do the same from the keyboard. Smaller than three's OrbitControls,
 * which also pans and damps: a product view needs neither.
 */
import { Spherical, Vector3, type PerspectiveCamera } from 'three';

const EPS = 0.05;

export class Orbit {
  readonly target = new Vector3();
  minDistance = 0.01;
  maxDistance = Infinity;
  readonly #camera: PerspectiveCamera;
  readonly #element: HTMLElement;
  readonly #changed: () => void;
  readonly #started: () => void;
  readonly #pointers = new Map<number, { x: number; y: number }>();
  readonly #offset = new Vector3();
  readonly #spherical = new Spherical();
  #pinch = 0;

  /** `changed`: the camera moved; `started`: the shopper took over (a running camera move stops). */
  constructor(camera: PerspectiveCamera, element: HTMLElement, changed: () => void, started: () => void) {
    this.#camera = camera;
    this.#element = element;
    this.#changed = changed;
    this.#started = started;
    element.addEventListener('pointerdown', this.#down);
    element.addEventListener('pointermove', this.#move);
    element.addEventListener('pointerup', this.#up);
    element.addEventListener('pointercancel', this.#up);
    element.addEventListener('wheel', this.#wheel, { passive: false });
    element.addEventListener('keydown', this.#key);
  }

  /** Points the camera at the target (after the camera or the target moved). */
  update(): void {
    this.#camera.lookAt(this.target);
  }

  /** Turns around the target by `theta` (left/right) and `phi` (up/down) radians, zooms by `scale`. */
  orbit(theta: number, phi: number, scale = 1): void {
    this.#offset.copy(this.#camera.position).sub(this.target);
    const s = this.#spherical.setFromVector3(this.#offset);
    s.theta -= theta;
    s.phi = Math.min(Math.PI - EPS, Math.max(EPS, s.phi - phi));
    s.radius = Math.min(this.maxDistance, Math.max(this.minDistance, s.radius * scale));
    this.#camera.position.copy(this.target).add(this.#offset.setFromSpherical(s));
    this.update();
    this.#changed();
  }

  readonly #down = (e: PointerEvent) => {
    this.#element.setPointerCapture?.(e.pointerId);
    this.#pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    this.#pinch = this.#spread();
    this.#started();
  };

  readonly #move = (e: PointerEvent) => {
    const last = this.#pointers.get(e.pointerId);
    if (!last) return;
    const dx = e.clientX - last.x, dy = e.clientY - last.y;
    last.x = e.clientX;
    last.y = e.clientY;
    if (this.#pointers.size === 1) {
      const turn = (2 * Math.PI) / Math.max(this.#element.clientHeight, 1);
      this.orbit(dx * turn, dy * turn);
    } else {
      const spread = this.#spread();
      if (this.#pinch > 0 && spread > 0) this.orbit(0, 0, this.#pinch / spread);
      this.#pinch = spread;
    }
  };

  readonly #up = (e: PointerEvent) => {
    this.#pointers.delete(e.pointerId);
    this.#pinch = this.#spread();
  };

  readonly #wheel = (e: WheelEvent) => {
    e.preventDefault();
    this.#started();
    this.orbit(0, 0, Math.exp(Math.max(-1, Math.min(1, e.deltaY / 300))));
  };

  readonly #key = (e: KeyboardEvent) => {
    const step = Math.PI / 18;
    const moves: Record<string, [number, number, number]> = {
      ArrowLeft: [-step, 0, 1], ArrowRight: [step, 0, 1], ArrowUp: [0, -step, 1], ArrowDown: [0, step, 1],
      '+': [0, 0, 1 / 1.15], '=': [0, 0, 1 / 1.15], '-': [0, 0, 1.15], _: [0, 0, 1.15],
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    this.#started();
    this.orbit(...move);
  };

  /** Distance between the first two pointers (0 with fewer). */
  #spread(): number {
    const [a, b] = [...this.#pointers.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  }

  dispose(): void {
    const el = this.#element;
    el.removeEventListener('pointerdown', this.#down);
    el.removeEventListener('pointermove', this.#move);
    el.removeEventListener('pointerup', this.#up);
    el.removeEventListener('pointercancel', this.#up);
    el.removeEventListener('wheel', this.#wheel);
    el.removeEventListener('keydown', this.#key);
    this.#pointers.clear();
  }
}
