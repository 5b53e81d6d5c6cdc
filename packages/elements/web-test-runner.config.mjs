// In-page tests of @c2m/elements in Debian's Chromium (see scripts/wtr-config.mjs). The node-driven
// end-to-end test against the reference server (`*.browser.test.ts`) runs through
// scripts/run-browser-tests.mjs instead; it lives in test/, outside src/.
import { browserTestConfig } from '../../scripts/wtr-config.mjs';
import { productFixtures, streamedProducts } from './scripts/wtr-products.mjs';

export default browserTestConfig(import.meta.url, {
  files: ['src/**/*.test.ts'],
  plugins: [productFixtures()],
  middleware: [streamedProducts()],
});
