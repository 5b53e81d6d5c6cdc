import { expect } from '@open-wc/testing';
import { change, configurator, example, optionEl } from '../../testing/fixtures.js';

describe('<c2m-option>', () => {
  it('shows its label with the current value, its description, and the control for its type', async () => {
    const file = await example('mug');
    file.options[0].description = { en: 'How much it holds.', 'zh-CN': '容量。' };
    const el = await configurator({ file }, { lang: 'zh-CN' });
    const option = optionEl(el, 'size');
    expect(option.shadowRoot!.querySelector('[part="label"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.match(/^\S+ \S+/);
    expect(option.shadowRoot!.querySelector('[part="description"]')!.textContent).to.equal('容量。');
    expect(optionEl(el, 'engraving').shadowRoot!.querySelector('[part~="control"]')!.localName).to.equal('c2m-boolean-control');
    expect(optionEl(el, 'engraving_text').shadowRoot!.querySelector('[part~="control"]')!.localName).to.equal('c2m-text-control');
    el.remove();
  });

  it('says what changed by itself when a default gave way to a choice, under the option and in a live region', async () => {
    // The suit's defaults are preferences: a dinner jacket takes evening cloth, so the default cloth
    // gives way, and the engine says so with the reason (`ChangeResult.defaults`).
    const el = await configurator('suit');
    await change(el, (c) => c.select('jacket_style', 'dinner_jacket'));
    expect(el.configuration!.state.selections.fabric).to.equal('zegna_trofeo_black');
    const note = optionEl(el, 'fabric').shadowRoot!.querySelector('[part="note"]')!;
    expect(note.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Cloth changed to Ermenegildo Zegna Trofeo, black. Dinner jackets are cut from black or midnight-blue evening cloth. (with Jacket: Dinner jacket (tuxedo))',
    );
    const live = el.shadowRoot!.querySelector('.notes[role="status"]')!;
    expect(live.textContent).to.contain('Cloth changed to Ermenegildo Zegna Trofeo, black.');
    // The next change that changes no default clears the notes.
    await change(el, (c) => c.select('fit', 'slim'));
    expect(optionEl(el, 'fabric').shadowRoot!.querySelector('[part="note"]')).to.equal(null);
    expect(live.textContent!.trim()).to.equal('');
    el.remove();
  });

  it('renders nothing for an option id the product does not have', async () => {
    const el = await configurator('mug');
    const stray = document.createElement('c2m-option');
    stray.option = 'nope';
    stray.configuration = el.configuration;
    document.body.append(stray);
    await stray.updateComplete;
    expect(stray.shadowRoot!.children.length).to.equal(0);
    stray.remove();
    el.remove();
  });
});
