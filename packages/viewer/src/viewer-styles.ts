/** The element's styles: sized by the page, themed through `--c2m-viewer-*` and the global `--c2m-*` tokens. */
export const styles = `
:host {
  display: block;
  position: relative;
  aspect-ratio: var(--c2m-viewer-aspect-ratio, 4 / 3);
  min-height: 120px;
  overflow: hidden;
  background: var(--c2m-viewer-background, var(--c2m-color-surface, transparent));
  border-radius: var(--c2m-viewer-radius, var(--c2m-radius, 0));
  color: var(--c2m-color-text, #1f1f1f);
  font: var(--c2m-font, 14px/1.4 system-ui, sans-serif);
  contain: content;
}
:host([hidden]) { display: none; }
[part=base], canvas, [part=poster] { position: absolute; inset: 0; width: 100%; height: 100%; }
canvas { display: block; touch-action: none; cursor: grab; outline: none; }
canvas:active { cursor: grabbing; }
canvas:focus-visible { box-shadow: inset 0 0 0 2px var(--c2m-viewer-focus-ring, var(--c2m-color-focus, #2563eb)); }
[part=poster] { object-fit: var(--c2m-viewer-poster-fit, contain); transition: opacity .3s; pointer-events: none; }
[part=poster][data-hidden] { opacity: 0; }
[part=progress] {
  position: absolute; left: 0; right: 0; bottom: 0; height: var(--c2m-viewer-progress-height, 3px);
  background: var(--c2m-viewer-progress-track, transparent);
}
[part=progress] > div {
  height: 100%; width: 0; background: var(--c2m-viewer-progress-color, var(--c2m-color-accent, #2563eb));
  transition: width .2s;
}
[part=error] {
  position: absolute; left: 12px; right: 12px; bottom: 12px; padding: 8px 12px; border-radius: 6px;
  background: var(--c2m-viewer-error-background, rgba(255, 255, 255, .92));
  color: var(--c2m-viewer-error-color, var(--c2m-color-danger, #9f1239));
  box-shadow: 0 1px 3px rgba(0, 0, 0, .2);
}
[hidden] { display: none !important; }
@media (prefers-reduced-motion: reduce) { [part=poster], [part=progress] > div { transition: none; } }
`;
