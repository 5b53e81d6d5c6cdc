// The page of scripts/screenshot.ts: a plain page with a configurator on the product given as JSON.
import '../src/index.js';
import type { C2mConfigurator } from '../src/index.js';

async function show(json: string, options: { lang: string; theme?: string; css?: string }): Promise<void> {
  document.documentElement.lang = options.lang;
  document.body.style.margin = '0';
  if (options.css) document.head.insertAdjacentHTML('beforeend', `<style>${options.css}</style>`);
  const el = document.createElement('c2m-configurator') as C2mConfigurator;
  el.persistence = 'none';
  if (options.theme) el.setAttribute('theme', options.theme);
  el.src = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const ready = new Promise((r) => el.addEventListener('c2m-ready', r, { once: true }));
  document.body.append(el);
  await ready;
  for (const node of [el, ...el.shadowRoot!.querySelectorAll('*')]) await (node as { updateComplete?: Promise<unknown> }).updateComplete;
  await new Promise((r) => setTimeout(r, 300));
}

Object.assign(globalThis, { show });
