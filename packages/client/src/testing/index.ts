/**
 * Test helpers of the outbox shared with other packages' browser tests (`@c2m/client/testing`, a
 * dev-only subpath: not in `publishConfig`, and `src/testing` is not built). Chromium and the test
 * page server are @c2m/browser-testing's.
 */
export { enqueueWhileDown, entryState, outboxReady, reloadTab, storedEntries, waitForEntryState } from './outbox-tab.js';
export { freePort } from './server.js';
