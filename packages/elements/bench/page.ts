// The benchmark's page: mounts a configurator on a product given as JSON text and measures, in the
// page, the time from a click on a value to the updated controls (the main thread's tasks are
// measured from outside, in Chromium's trace).
import '../src/index.js';
import type { C2mConfigurator } from '../src/index.js';
import type { SelectionValue } from '@c2m/rules';

let el: C2mConfigurator | undefined;

/**
 * Mounts the configurator on the product file at `src`; resolves with the load time (ms) once it is
 * ready and rendered, and the shopper's own choices it started with (restored from this device's
 * storage after a reload, with `persistence` `storage` as a shop has it by default).
 */
async function mount(src: string, engine: 'page' | 'worker' | 'auto', persistence: 'storage' | 'none'): Promise<{ loadMs: number; mode: string; options: number; restored: number }> {
  el?.remove();
  el = document.createElement('c2m-configurator') as C2mConfigurator;
  el.persistence = persistence;
  el.engine = engine;
  el.src = src;
  // Measured from here: not the page's own start, nor the task that handed this function the product's text.
  await new Promise((r) => setTimeout(r, 0));
  const t0 = performance.now();
  const ready = new Promise<CustomEvent>((resolve, reject) => {
    el!.addEventListener('c2m-ready', (e) => resolve(e as CustomEvent), { once: true });
    el!.addEventListener('c2m-error', (e) => reject(new Error((e as CustomEvent).detail.message)), { once: true });
  });
  document.body.append(el);
  const e = await ready;
  await rendered();
  const loadMs = performance.now() - t0;
  const { state, file } = el.configuration!.session;
  const restored = Object.values(state.origins).filter((o) => o === 'user').length;
  return { loadMs, mode: e.detail.mode, options: file.options.length, restored };
}

/** Every element inside the configurator has finished its update. */
async function rendered(): Promise<void> {
  const all = [el!, ...Array.from(el!.shadowRoot!.querySelectorAll('*'))];
  await Promise.all(all.map((n) => (n as { updateComplete?: Promise<unknown> }).updateComplete));
  const options = Array.from(el!.shadowRoot!.querySelectorAll('c2m-option'));
  await Promise.all(options.map((o) => Array.from(o.shadowRoot!.querySelectorAll('*')).map((n) => (n as { updateComplete?: Promise<unknown> }).updateComplete)).flat());
}

/**
 * Resolves in the next task: Lit renders in microtasks, so by then every element that the change
 * touched has rendered (a MessageChannel task, not setTimeout's clamped delay).
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** A seeded generator, so that runs click the same values. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** A clickable, available, unselected value of a visible choice or boolean option. */
function pickTarget(next: () => number): HTMLElement | undefined {
  const options = Array.from(el!.shadowRoot!.querySelectorAll('c2m-option'));
  for (let tries = 0; tries < 200; tries++) {
    const option = options[Math.floor(next() * options.length)]!;
    const control = option.shadowRoot!.querySelector('c2m-choice-control, c2m-boolean-control');
    if (!control) continue;
    const candidates = Array.from(control.shadowRoot!.querySelectorAll<HTMLElement>('[role="radio"][aria-checked="false"][aria-disabled="false"], [role="switch"][aria-disabled="false"]'));
    if (candidates.length) return candidates[Math.floor(next() * candidates.length)];
  }
  return undefined;
}

/** Clicks `count` values; per click: ms to the new state rendered in every control. */
async function clicks(count: number, seed: number): Promise<{ times: number[]; engine: number[]; mode: string }> {
  const next = random(seed);
  const c = el!.configuration!;
  const times: number[] = [];
  const engine: number[] = [];
  // The engine's share: the synchronous part of the session's select (in the page, the whole
  // propagation and the new state); the rest is rendering.
  const session = c.session;
  const select = session.select.bind(session);
  let engineMs = 0;
  Object.defineProperty(session, 'select', {
    configurable: true,
    value: (option: string, value: SelectionValue) => {
      const t = performance.now();
      const result = select(option, value);
      engineMs = performance.now() - t;
      return result;
    },
  });
  for (let i = 0; i < count; i++) {
    const target = pickTarget(next);
    if (!target) break;
    const version = c.state.version;
    const changed = new Promise<void>((resolve) => {
      const check = () => {
        if (c.state.version !== version && c.pending === 0) {
          c.removeEventListener('update', check);
          resolve();
        }
      };
      c.addEventListener('update', check);
    });
    const t0 = performance.now();
    target.click();
    await changed;
    engine.push(engineMs);
    await nextTask();
    times.push(performance.now() - t0);
    // Let the frame paint and the idle work (reasons of unavailable values) run before the next click.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  delete (session as { select?: unknown }).select;
  return { times, engine, mode: session.mode };
}

Object.assign(globalThis, { mount, clicks });
