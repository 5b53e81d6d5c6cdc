import { expect } from '@open-wc/testing';
import { change, configurator, example } from '../../testing/fixtures.js';
import { pointerOption } from './order-button.component.js';

describe('<c2m-order-button>', () => {
  it('is focusable but aria-disabled while incomplete, and names what is missing (the first five, then how many more)', async () => {
    const file = await example('mug');
    for (let i = 0; i < 7; i++) file.options.push({ id: `pick${i}`, type: 'choice', label: `Pick ${i}`, values: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] });
    const el = await configurator({ file });
    const button = el.shadowRoot!.querySelector('c2m-order-button')!;
    const b = button.shadowRoot!.querySelector<HTMLButtonElement>('[part="button"]')!;
    expect(b.disabled).to.equal(false);
    expect(b.getAttribute('aria-disabled')).to.equal('true');
    const hint = button.shadowRoot!.getElementById(b.getAttribute('aria-describedby')!)!;
    expect(hint.textContent).to.equal('Still to choose: Pick 0, Pick 1, Pick 2, Pick 3, Pick 4, and 2 more');
    for (let i = 0; i < 7; i++) await change(el, (c) => c.select(`pick${i}`, 'a'));
    expect(b.getAttribute('aria-disabled')).to.equal('false');
    expect(b.hasAttribute('aria-describedby')).to.equal(false);
    el.remove();
  });

  it('maps the JSON Pointer of a refused field to its option', () => {
    expect(pointerOption('/selections/cuffs')).to.equal('cuffs');
    expect(pointerOption('/selections/a~1b/x')).to.equal('a/b');
    expect(pointerOption('/quote/total')).to.equal(undefined);
  });
});
