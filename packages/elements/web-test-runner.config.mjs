// In-page tests of @c2m/elements in Debian's Chromium (see scripts/wtr-config.mjs). The node-driven
// end-to-end test against the reference server (`*.browser.test.ts`) runs through
// scripts/run-browser-tests.mjs instead; it lives in test/, outside src/.
import { browserTestConfig } from '../../scripts/wtr-config.mjs';
import { productFixtures, streamedProducts } from './scripts/wtr-products.mjs';
import { minifyLiterals, SOURCES } from '../../scripts/minify-literals.mjs';

/** The elements' CSS and HTML minified as they ship (scripts/minify-literals.mjs): the tests see what shops get. */
const shippedLiterals = {
  name: 'c2m-minify-literals',
  transform(context) {
    if (!SOURCES.test(context.path) || context.path.endsWith('.test.ts') || typeof context.body !== 'string') return undefined;
    const body = minifyLiterals(context.body, context.path);
    return body === undefined ? undefined : { body };
  },
};

export default browserTestConfig(import.meta.url, {
  files: ['src/**/*.test.ts'],
  plugins: [productFixtures(), shippedLiterals],
  middleware: [streamedProducts()],
});
