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
import { registerViewer } from '@c2m/elements';

/** This file's own URL: the decoders are found next to it, wherever it is served from. */
const here = import.meta.url;

registerViewer(async () => {
  const viewer = await import('@c2m/viewer');
  viewer.setDecoderPath(new URL('decoders/', here));
  return viewer;
});

export * from '@c2m/elements';
