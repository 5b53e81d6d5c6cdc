/**
 * Test helpers shared with other packages' browser tests (`@c2m/client/testing`, a dev-only subpath:
 * not in `publishConfig`, and `src/testing` is not built). Real Chromium and a page served with its
 * esbuild bundle.
 */
export { chromiumPath, launchChromium } from './chromium.js';
export { servePage, type ServeOptions } from './static-server.js';
export { enqueueWhileDown, entryState, outboxReady, reloadTab, storedEntries, waitForEntryState } from './outbox-tab.js';
