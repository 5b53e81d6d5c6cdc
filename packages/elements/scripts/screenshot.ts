/**
 * Screenshots for docs/shops/ (configurator.md, theming.md), made in headless Chromium from the real elements:
 * `node --import tsx packages/elements/scripts/screenshot.ts`. Writes docs/shops/images/*.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { launchChromium, servePage } from '@c2m/browser-testing';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const out = join(root, 'docs/shops/images');
mkdirSync(out, { recursive: true });
const suit = JSON.stringify(parseYaml(readFileSync(join(root, 'packages/rules/examples/suit.yaml'), 'utf8')));

declare global {
  var show: (json: string, options: { lang: string; theme?: string; css?: string }) => Promise<void>;
}

const shots = [
  { file: 'configurator-light.png', lang: 'en', theme: 'light' },
  { file: 'configurator-dark.png', lang: 'en', theme: 'dark' },
  // Needs a CJK font on the machine (Debian: fonts-noto-cjk), else the Chinese renders as boxes.
  { file: 'configurator-zh-CN.png', lang: 'zh-CN', theme: 'light' },
  {
    file: 'configurator-themed.png',
    lang: 'en',
    theme: 'light',
    css: `:root { --c2m-color-accent: #8a3b12; --c2m-radius: 0; --c2m-font-family: Georgia, serif; --c2m-color-surface-raised: #fbf6ef; }
          c2m-configurator::part(title) { letter-spacing: 0.04em; text-transform: uppercase; }`,
  },
];

const page = await servePage(fileURLToPath(new URL('./screenshot-page.ts', import.meta.url)));
const browser = await launchChromium();
try {
  for (const shot of shots) {
    const tab = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: shot.theme === 'dark' ? 'dark' : 'light' });
    await tab.goto(page.url);
    await tab.waitForFunction(() => 'show' in globalThis);
    await tab.evaluate(([json, options]) => globalThis.show(json!, options as { lang: string }), [suit, shot] as const);
    await tab.screenshot({ path: join(out, shot.file) });
    console.log('wrote', join('docs/shops/images', shot.file));
    await tab.close();
  }
} finally {
  await browser.close();
  await page.close();
}
