// Product-file text is data: labels, descriptions, value names and constraint messages full of
// markup render as text, everywhere (options, reasons, repair offers, price lines, summary, notes),
// and never create an element or run a script.
import { expect } from '@open-wc/testing';
import { change, configurator, deepQueryAll, optionEl, settled, until } from './testing/fixtures.js';

const PAYLOADS = [
  '<img src=x onerror="globalThis.__xss=1">',
  '<script>globalThis.__xss=2</script>',
  '"><svg onload="globalThis.__xss=3">',
  "javascript:globalThis.__xss=4//",
  '{{constructor.constructor("globalThis.__xss=5")()}}',
  '<a href="javascript:globalThis.__xss=6">x</a>',
];

function hostile() {
  const t = (i: number) => PAYLOADS[i % PAYLOADS.length]!;
  return {
    schemaVersion: 1,
    product: { id: 'xss', version: '1', name: { en: t(0), 'zh-CN': t(1) }, description: t(2), currency: 'EUR' },
    groups: [{ id: 'g', label: t(3), description: t(4) }],
    options: [
      {
        id: 'colour', type: 'choice', group: 'g', label: t(5), description: t(0), default: 'a',
        values: [
          { id: 'a', label: t(1), description: t(2), price: 100 },
          { id: 'b', label: t(3), price: 200 },
        ],
      },
      { id: 'lock', type: 'boolean', group: 'g', label: t(4), default: true },
      { id: 'note', type: 'text', label: t(2), maxLength: 200 },
    ],
    constraints: [{ id: 'c1', type: 'excludes', if: { option: 'lock', is: true }, then: { option: 'colour', is: 'b' }, message: { en: t(0), 'zh-CN': t(5) } }],
    pricing: { base: 1000, baseLabel: t(1), lines: [{ id: 'l1', label: t(3), if: { option: 'colour', is: 'a' }, amount: 5 }] },
    leadTime: { base: 3, baseLabel: t(4) },
  };
}

describe('XSS payloads in the product file', () => {
  afterEach(() => {
    expect((globalThis as { __xss?: number }).__xss).to.equal(undefined);
  });

  for (const lang of ['en', 'zh-CN']) {
    it(`render as text in every part (${lang})`, async () => {
      const el = await configurator({ file: hostile() }, { lang });
      const c = el.configuration!;
      // A text with markup typed by the shopper is text too.
      await change(el, (c) => c.select('note', PAYLOADS[0]!));
      // The reason of an unavailable value, the repair offer and its note. (Defaults give way by
      // themselves: the lock must be the shopper's own choice to rule colour b out.)
      await change(el, (c) => c.select('lock', true));
      await c.select('colour', 'b');
      await until(c, () => c.offer !== undefined);
      await settled(el);
      expect(c.offer?.option).to.equal('colour');
      expect(optionEl(el, 'colour').shadowRoot!.querySelector('[part~="offer"]')!.textContent).to.contain(PAYLOADS[lang === 'en' ? 0 : 5]);
      await change(el, () => c.applyOffer());
      for (const tag of ['img', 'script', 'svg', 'a']) {
        const found = deepQueryAll(el, tag).filter((n) => !(tag === 'img' && n.getAttribute('part') === 'image'));
        expect(found.map((n) => n.outerHTML), tag).to.deep.equal([]);
      }
      const text = deepQueryAll(el, '*').map((n) => n.shadowRoot?.textContent ?? '').join(' ') + el.shadowRoot!.textContent;
      expect(text).to.contain(lang === 'en' ? PAYLOADS[0] : PAYLOADS[1]);
      expect(text).to.contain(PAYLOADS[3]);
      el.remove();
    });
  }

  it('in product-file problems (messages quote the file’s own text)', async () => {
    const bad = hostile() as Record<string, any>;
    bad.options[0].default = PAYLOADS[0];
    const el = document.createElement('c2m-configurator');
    el.product = bad;
    const error = new Promise((r) => el.addEventListener('c2m-error', r, { once: true }));
    document.body.append(el);
    await error;
    await settled(el);
    expect(deepQueryAll(el, 'img, script, svg')).to.deep.equal([]);
    el.remove();
  });
});
