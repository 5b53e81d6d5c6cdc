// axe-core (through @open-wc/testing's chai-a11y-axe) on every example product, in both languages
// and both colour schemes: zero violations. Also the states that only appear after an interaction:
// an unavailable value with its reason, the repair offer, the steps layout and a failed load.
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { change, configurator, deepQuery, EXAMPLES, optionEl, settled, until } from './testing/fixtures.js';

describe('accessibility (axe-core)', () => {
  after(() => emulateMedia({ colorScheme: 'light' }));

  for (const scheme of ['light', 'dark'] as const) {
    for (const lang of ['en', 'zh-CN']) {
      for (const name of EXAMPLES) {
        it(`${name}, ${lang}, ${scheme}: no violations`, async () => {
          await emulateMedia({ colorScheme: scheme });
          const el = await configurator(name, { lang });
          expect(matchMedia('(prefers-color-scheme: dark)').matches).to.equal(scheme === 'dark');
          await expect(el).to.be.accessible();
          el.remove();
        });
      }
    }
  }

  it('the theme attribute forces the dark scheme whatever the preference', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const el = await configurator('mug', { theme: 'dark' });
    const base = el.shadowRoot!.querySelector('.base')!;
    expect(getComputedStyle(el).colorScheme).to.equal('dark');
    expect(getComputedStyle(base).color).to.equal('rgb(236, 238, 242)');
    await expect(el).to.be.accessible();
    el.remove();
  });

  it('an unavailable value, its reason and the repair offer: no violations', async () => {
    const el = await configurator('mug');
    const c = el.configuration!;
    await change(el, (c) => c.select('handle', 'none'));
    const espresso = deepQuery(optionEl(el, 'size'), '[data-value="espresso"]')!;
    expect(espresso.getAttribute('aria-disabled')).to.equal('true');
    await expect(el).to.be.accessible();
    espresso.click();
    await until(c, () => !!c.offer);
    await settled(el);
    expect(optionEl(el, 'size').shadowRoot!.querySelector('[part~="offer"]') != null).to.equal(true);
    await expect(el).to.be.accessible();
    el.remove();
  });

  it('steps layout and a product that fails to load: no violations', async () => {
    const el = await configurator('suit', { layout: 'steps', lang: 'zh-CN' });
    await expect(el).to.be.accessible();
    el.remove();
    const broken = document.createElement('c2m-configurator');
    broken.src = URL.createObjectURL(new Blob(['{"schemaVersion": 1, "product": {"id": 5}}'], { type: 'application/json' }));
    const failed = new Promise((r) => broken.addEventListener('c2m-error', r, { once: true }));
    document.body.append(broken);
    await failed;
    await settled(broken);
    await expect(broken).to.be.accessible();
    broken.remove();
  });
});
