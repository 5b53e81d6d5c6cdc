// In-page tests of @c2m/elements in Debian's Chromium (see scripts/wtr-config.mjs). The node-driven
// end-to-end test against the reference server (`*.browser.test.ts`) runs through
// scripts/run-browser-tests.mjs instead.
import { browserTestConfig } from '../../scripts/wtr-config.mjs';
import { productFixtures } from './scripts/wtr-products.mjs';

export default browserTestConfig(import.meta.url, {
  files: ['src/**/*.test.ts', '!src/**/*.browser.test.ts'],
  plugins: [productFixtures()],
});
