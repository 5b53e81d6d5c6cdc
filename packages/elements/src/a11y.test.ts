// axe-core (through @open-wc/testing's chai-a11y-axe) on every example product, in both languages
// and both colour schemes: zero violations. Also the states that only appear after an interaction:
// an unavailable value with its reason, the repair offer, the steps layout and a failed load.
import { expect } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import { change, configurator, deepQuery, EXAMPLES, optionEl, settled, until } from './testing/fixtures.js';

/** The part of axe-core's global API this file calls. */
interface AxeLike {
  run(
    context: Element,
    options: { runOnly: { type: 'rule'; values: string[] } },
  ): Promise<{ passes: unknown[]; violations: Array<{ nodes: Array<{ target: string[]; failureSummary?: string }> }> }>;
}

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

  it('WCAG 2.2 target size (axe-core target-size, off by default): every control at least 24 × 24 CSS px or spaced', async () => {
    // Blocks of options far off screen skip rendering (content-visibility), and axe would measure
    // their placeholders: a viewport tall enough for the whole product renders every control.
    await emulateMedia({ colorScheme: 'light' });
    await setViewport({ width: 1000, height: 5000 });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))); // blocks now on screen are rendered
    try {
    for (const name of EXAMPLES) {
      const el = await configurator(name);
      await expect(el).to.be.accessible(); // loads axe-core onto the page
      const axe = (globalThis as unknown as { axe: AxeLike }).axe;
      const results = await axe.run(el, { runOnly: { type: 'rule', values: ['target-size'] } });
      expect(results.passes.length + results.violations.length, `${name}: the rule ran`).to.be.greaterThan(0);
      expect(results.violations.flatMap((v) => v.nodes.map((n) => `${name}: ${n.target.join(' ')}: ${n.failureSummary ?? ''}`))).to.deep.equal([]);
      el.remove();
    }
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

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
