/**
 * Helpers the packages' browser tests share (`@c2m/browser-testing`, private, never published): real
 * Chromium, and a page served with its esbuild bundle. A package of its own so that a package's tests
 * can drive Chromium without depending on another c2m package (@c2m/rules' tests once reached them
 * through @c2m/client, which depends on @c2m/rules: a cycle pnpm warned about on every install).
 */
export { chromiumPath, launchChromium } from './chromium.js';
export { servePage, type ServeOptions } from './static-server.js';
