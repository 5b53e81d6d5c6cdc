/**
 * Helpers of the in-page tests: the example products (served by scripts/wtr-products.mjs), a
 * configurator fixture that waits until it is ready, and waiting for a configuration's next state.
 */
import { fixture, html } from '@open-wc/testing';
import type { C2mConfigurator } from '../components/configurator/configurator.component.js';
import type { Configuration } from '../configuration.js';
import { registerWorker } from '../index.js';

/**
 * The engine's worker from its TypeScript source, as the dev server serves it (a build uses the
 * engine's default, `thread.js` next to `@c2m/rules/worker`); in place from the start.
 */
export function useTestWorker(): void {
  registerWorker(() => new Worker(new URL('../../../rules/src/worker/thread.ts', import.meta.url), { type: 'module' }));
}
useTestWorker();

export type Example = 'suit' | 'oak-table' | 'mug';
export const EXAMPLES: readonly Example[] = ['suit', 'oak-table', 'mug'];
export const productUrl = (name: Example) => `/__c2m/products/${name}.json`;

const cache = new Map<Example, unknown>();
/** The parsed example product file. */
export async function example(name: Example): Promise<Record<string, any>> {
  if (!cache.has(name)) cache.set(name, await (await fetch(productUrl(name))).json());
  return structuredClone(cache.get(name)) as Record<string, any>;
}

/** Resolves with the next event of that type on `target`. */
export function next<E extends Event = Event>(target: EventTarget, type: string): Promise<E> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e as E), { once: true }));
}

/** Waits until every element under `root` (through shadow roots) has rendered. */
export async function settled(root: Element | ShadowRoot): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const pending: Promise<unknown>[] = [];
    const walk = (node: Element | ShadowRoot) => {
      for (const el of Array.from(node.querySelectorAll('*'))) {
        const u = (el as { updateComplete?: Promise<unknown> }).updateComplete;
        if (u) pending.push(u);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    if (root instanceof Element && (root as { updateComplete?: Promise<unknown> }).updateComplete) pending.push((root as any).updateComplete);
    walk(root instanceof Element && root.shadowRoot ? root.shadowRoot : root);
    await Promise.all(pending);
  }
}

/**
 * A configurator on `src` as a shop has it (persistence on, so it restores the shopper's choices),
 * appended to the page, once ready and rendered: what a reload opens again.
 */
export async function shopConfigurator(src: string, engine: C2mConfigurator['engine'] = 'auto'): Promise<C2mConfigurator> {
  const el = document.createElement('c2m-configurator');
  el.engine = engine;
  el.src = src;
  const ready = next(el, 'c2m-ready');
  document.body.append(el);
  await ready;
  await settled(el);
  return el;
}

/** A configurator showing `product`, ready (its `c2m-ready` fired) and rendered. */
export async function configurator(
  product: Example | { file: unknown } | { src: string },
  attrs: { lang?: string; theme?: string; layout?: string; persistence?: string; engine?: string; 'engine-budget'?: string; endpoint?: string } = {},
): Promise<C2mConfigurator> {
  localStorage.clear();
  const el = document.createElement('c2m-configurator');
  el.persistence = 'none';
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  const ready = next(el, 'c2m-ready');
  if (typeof product === 'string') el.src = productUrl(product);
  else if ('src' in product) el.src = product.src;
  else el.product = product.file;
  const wrapper = await fixture(html`<div></div>`);
  wrapper.append(el);
  await ready;
  await settled(el);
  return el;
}

/** Waits for the configuration's next state (after a change was started). */
export function nextState(c: Configuration): Promise<void> {
  const version = c.state.version;
  return new Promise((resolve) => {
    const check = () => {
      if (c.state.version !== version && c.pending === 0) {
        c.removeEventListener('update', check);
        resolve();
      }
    };
    c.addEventListener('update', check);
  });
}

/** Finds an element by CSS selector anywhere below `root`, through shadow roots. */
export function deepQuery<T extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): T | null {
  const scope = root instanceof Element && root.shadowRoot ? root.shadowRoot : root;
  const found = scope.querySelector<T>(selector);
  if (found) return found;
  for (const el of Array.from(scope.querySelectorAll('*'))) {
    if (el.shadowRoot) {
      const inner = deepQuery<T>(el, selector);
      if (inner) return inner;
    }
  }
  return null;
}

/** Every match below `root`, through shadow roots. */
export function deepQueryAll<T extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): T[] {
  const scope = root instanceof Element && root.shadowRoot ? root.shadowRoot : root;
  const out = Array.from(scope.querySelectorAll<T>(selector));
  for (const el of Array.from(scope.querySelectorAll('*'))) if (el.shadowRoot) out.push(...deepQueryAll<T>(el, selector));
  return out;
}

/** The `<c2m-option>` of an option id inside a configurator. */
export function optionEl(el: Element, id: string) {
  return deepQuery<HTMLElement & { updateComplete: Promise<boolean> }>(el, `c2m-option[option="${id}"]`)!;
}

/** Runs a change of the configurator's configuration and waits until its new state is rendered. */
export async function change(el: C2mConfigurator, op: (c: Configuration) => Promise<unknown>): Promise<void> {
  const c = el.configuration!;
  const changed = nextState(c);
  await op(c);
  await changed;
  await settled(el);
}

/** Waits until `predicate` holds, checked now and after every update of the configuration. */
export function until(c: Configuration, predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!predicate()) return;
      c.removeEventListener('update', check);
      resolve();
    };
    c.addEventListener('update', check);
    check();
  });
}

/**
 * Waits, frame by frame, until `check` holds: for what arrives in idle time, such as the reasons of
 * unavailable values. Counted in frames, not milliseconds (a loaded machine renders fewer frames, and
 * does less idle work, per second); fails with `what` when it never does.
 */
export async function eventually(check: () => boolean, what: string, frames = 3000): Promise<void> {
  for (let i = 0; i < frames; i++) {
    if (check()) return;
    await new Promise((r) => requestAnimationFrame(r));
  }
  throw new Error(`never happened: ${what}`);
}
