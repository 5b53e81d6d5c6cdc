/**
 * Helpers of the viewer's in-page tests: the example products with their demo models, a viewer
 * that has shown its first frame, and reading its pixels back.
 */
import { compileProduct, createLocalSession, createSession, type AsyncSession, type ProductFile } from '@c2m/rules/engine';
import { parseProduct } from '@c2m/rules/yaml';
import type { C2mViewer } from '../viewer-element.js';
import '../index.js';

export type Example = 'suit' | 'oak-table' | 'mug';
export const EXAMPLES: readonly Example[] = ['suit', 'oak-table', 'mug'];
const FILES: Record<Example, string> = { suit: 'suit.yaml', 'oak-table': 'oak-table.json', mug: 'mug.json' };

/** The URL of an example product file, as the page sees it. */
export const exampleUrl = (name: Example) => new URL(`/packages/rules/examples/${FILES[name]}`, location.href).href;

/** The checked example product file (defaults filled in). */
export async function example(name: Example): Promise<ProductFile> {
  const r = parseProduct(await (await fetch(exampleUrl(name))).text());
  if (!r.ok) throw new Error(`${name}: ${r.issues.map((i) => i.message).join('; ')}`);
  return r.file!;
}

/** An in-page session of a product file, defaults applied. */
export function sessionOf(file: ProductFile): AsyncSession {
  const compiled = compileProduct(file);
  if (!compiled.ok) throw new Error(compiled.issues.map((i) => i.message).join('; '));
  return createLocalSession(createSession(compiled.product));
}

/** Resolves with the next event of that type on `target`. */
export function next<E extends Event = Event>(target: EventTarget, type: string): Promise<E> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e as E), { once: true }));
}

export interface MountOptions {
  file?: ProductFile;
  session?: AsyncSession;
  values?: Record<string, unknown>;
  src?: string;
  baseUrl?: string;
  width?: number;
  height?: number;
  attributes?: Record<string, string>;
  /**
   * Wait for the studio environment after the first frame (default true), so that pixels read back
   * are lit as they stay; false returns at the first frame, still lit by the plain lights.
   */
  environment?: boolean;
}

/** Resolves once `viewer` shows its model lit by the studio environment. */
export function environmentReady(viewer: C2mViewer): Promise<void> {
  if (viewer.environmentReady) return Promise.resolve();
  return new Promise((resolve) => viewer.addEventListener('c2m-viewer-environment', () => resolve(), { once: true }));
}

/**
 * Adds a `<c2m-viewer>` (400×300, eager) and waits for its first frame or its error, then (unless
 * `environment: false`) for the studio environment.
 */
export async function mount(options: MountOptions): Promise<{ viewer: C2mViewer; outcome: Event }> {
  const viewer = document.createElement('c2m-viewer');
  viewer.style.width = `${options.width ?? 400}px`;
  viewer.style.height = `${options.height ?? 300}px`;
  viewer.setAttribute('loading', 'eager');
  for (const [k, v] of Object.entries(options.attributes ?? {})) viewer.setAttribute(k, v);
  if (options.baseUrl) viewer.baseUrl = options.baseUrl;
  if (options.src) viewer.src = options.src;
  if (options.session) viewer.session = options.session;
  else {
    if (options.file) viewer.file = options.file;
    if (options.values) viewer.values = options.values as C2mViewer['values'];
  }
  const outcome = Promise.race([next(viewer, 'c2m-viewer-load'), next(viewer, 'c2m-viewer-error')]);
  document.body.append(viewer);
  const event = await outcome;
  if (event.type === 'c2m-viewer-load' && options.environment !== false) await environmentReady(viewer);
  return { viewer, outcome: event };
}

/** Mounts an example with its own session. */
export async function mountExample(name: Example, extra: Partial<MountOptions> = {}): Promise<{ viewer: C2mViewer; session: AsyncSession; file: ProductFile }> {
  const file = extra.file ?? (await example(name));
  const session = sessionOf(file);
  const { viewer, outcome } = await mount({ session, baseUrl: exampleUrl(name), ...extra });
  if (outcome.type !== 'c2m-viewer-load') throw new Error(`${name} did not load: ${(outcome as CustomEvent<{ message: string }>).detail.message}`);
  return { viewer, session, file };
}

/** The viewer's current picture. */
export function pixels(viewer: C2mViewer): ImageData {
  const canvas = viewer.shadowRoot!.querySelector('canvas')!;
  return canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
}

/** Pixels with some opacity (the model and its shadow; the background is transparent). */
export function covered(image: ImageData, minAlpha = 200): number {
  let n = 0;
  for (let i = 3; i < image.data.length; i += 4) if (image.data[i]! >= minAlpha) n++;
  return n;
}

/** The mean colour of the opaque pixels in a rectangle (fractions of the picture). */
export function meanColor(image: ImageData, x0 = 0, y0 = 0, x1 = 1, y1 = 1): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = Math.floor(y0 * image.height); y < Math.ceil(y1 * image.height); y++) {
    for (let x = Math.floor(x0 * image.width); x < Math.ceil(x1 * image.width); x++) {
      const i = (y * image.width + x) * 4;
      if (image.data[i + 3]! < 250) continue;
      for (let k = 0; k < 3; k++) sum[k] += image.data[i + k]!;
      n++;
    }
  }
  return n === 0 ? [NaN, NaN, NaN] : (sum.map((s) => s / n) as [number, number, number]);
}

/** Runs of opaque pixels along one row: [start, end) in pixels. */
export function runs(image: ImageData, row: number, minAlpha = 250): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let x = 0; x <= image.width; x++) {
    const opaque = x < image.width && image.data[(row * image.width + x) * 4 + 3]! >= minAlpha;
    if (opaque && start < 0) start = x;
    if (!opaque && start >= 0) {
      out.push([start, x]);
      start = -1;
    }
  }
  return out;
}

/** How many pixels differ (any channel by more than `tolerance`) between two pictures. */
export function difference(a: ImageData, b: ImageData, tolerance = 8): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (Math.abs(a.data[i]! - b.data[i]!) > tolerance || Math.abs(a.data[i + 1]! - b.data[i + 1]!) > tolerance || Math.abs(a.data[i + 2]! - b.data[i + 2]!) > tolerance || Math.abs(a.data[i + 3]! - b.data[i + 3]!) > tolerance) n++;
  }
  return n;
}

/** Sets values through the session and waits until they are drawn. */
export async function change(viewer: C2mViewer, session: AsyncSession, values: Record<string, unknown>): Promise<ImageData> {
  const r = await session.setMany(values as Parameters<AsyncSession['setMany']>[0]);
  if (!r.ok) throw new Error(`setMany(${JSON.stringify(values)}) failed: ${JSON.stringify(r)}`);
  await viewer.whenRendered();
  return pixels(viewer);
}
