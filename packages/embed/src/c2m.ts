/**
 * `c2m.js`, the script tag: defines `<c2m-configurator>` and every part, and lets the configurator
 * load the 3D viewer when a product has a model. Everything heavy is a separate chunk fetched on
 * demand from next to this file — the viewer (three.js), its decoders, the engine's worker, the full
 * product-file checks — so the `dist/` folder works from any static host or CDN path.
 *
 * ```html
 * <script type="module" src="https://cdn.example/c2m/c2m.js"></script>
 * <c2m-configurator src="/products/oak-table.json" endpoint="https://maker.example/api"></c2m-configurator>
 * ```
 *
 * The module also exports what `@c2m/elements` exports (element classes, events, `registerControl`,
 * `registerTranslation`, …), so a page can extend the very elements the script defined:
 * `import { C2mControl, registerControl } from 'https://cdn.example/c2m/c2m.js'`.
 *
 * @packageDocumentation
 */
import { registerViewer, registerWorker } from '@c2m/elements';
// The engine's worker, built on its own by Vite (`worker/thread-*.js`): only its URL is in c2m.js.
import threadUrl from '@c2m/rules/worker/thread?worker&url';

/** This file's own URL: the decoders and the worker are found next to it, wherever it is served from. */
const here = import.meta.url;

/**
 * Starts the engine's module worker from next to this file. Browsers start a worker only from the
 * page's own origin: when `c2m.js` comes from another one (a CDN), the worker is a same-origin
 * `blob:` module that imports the real one (which a CDN serves with CORS, as it serves `c2m.js`);
 * that needs `worker-src blob:` on a page with a Content-Security-Policy, so a page with a strict
 * policy serves `c2m.js` from its own origin.
 */
function startEngineWorker(): Worker {
  const url = new URL(threadUrl, here);
  if (url.origin === globalThis.location?.origin) return new Worker(url, { type: 'module' });
  // Not revoked: the worker fetches it after the constructor returns, and it is one line of text.
  const loader = URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};`], { type: 'text/javascript' }));
  return new Worker(loader, { type: 'module' });
}

registerWorker(startEngineWorker);

registerViewer(async () => {
  const viewer = await import('@c2m/viewer');
  viewer.setDecoderPath(new URL('decoders/', here));
  return viewer;
});

export * from '@c2m/elements';
