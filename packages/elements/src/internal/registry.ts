/**
 * Extension points: the viewer loader, and custom option controls.
 */
import type { OptionType } from '@c2m/rules';

let viewerLoader: (() => Promise<unknown>) | undefined;
const viewerListeners = new Set<() => void>();

/**
 * Lets `<c2m-configurator>` show a 3D viewer for products that have a model: the loader imports the
 * module that defines `<c2m-viewer>` (`registerViewer(() => import('@c2m/viewer'))`). It is called
 * once, when a configurator with a model comes near the viewport. Without it the product image is shown.
 */
export function registerViewer(loader: () => Promise<unknown>): void {
  viewerLoader = loader;
  for (const l of viewerListeners) l();
}

/** @internal */
export function viewerRegistry() {
  return {
    get loader() {
      return viewerLoader;
    },
    listen(l: () => void) {
      viewerListeners.add(l);
      return () => viewerListeners.delete(l);
    },
  };
}

/** Which options a custom control is for: one option id, or every option of a type. */
export type ControlMatch = { option: string } | { type: OptionType };

const byOption = new Map<string, string>();
const byType = new Map<OptionType, string>();
const controlListeners = new Set<() => void>();

/**
 * Uses the custom element `tagName` instead of the built-in control for one option or for every
 * option of a type. The element gets the properties of `C2mControl` (`option`, `domain`, `configuration`)
 * — extend `C2mControl` to get them and its `choose(value)` helper. Options render again.
 */
export function registerControl(match: ControlMatch, tagName: string): void {
  if (!/^[a-z][a-z0-9._-]*-[a-z0-9._-]*$/.test(tagName)) throw new TypeError(`registerControl: "${tagName}" is not a valid custom element name`);
  if ('option' in match) byOption.set(match.option, tagName);
  else byType.set(match.type, tagName);
  for (const l of controlListeners) l();
}

/** @internal The custom control's tag for an option, if one is registered. */
export function customControl(option: string, type: OptionType): string | undefined {
  return byOption.get(option) ?? byType.get(type);
}

/** @internal */
export function onControlsChanged(l: () => void): () => void {
  controlListeners.add(l);
  return () => controlListeners.delete(l);
}
