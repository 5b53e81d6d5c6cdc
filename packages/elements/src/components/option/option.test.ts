import { expect } from '@open-wc/testing';
import { compileProduct, createLocalSession, createSession, type AsyncSession, type ChangeResult, type DefaultChange, type SelectionValue } from '@c2m/rules';
import { change, configurator, example, next, optionEl } from '../../testing/fixtures.js';

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
    // A real session whose change results carry the defaults that gave way (`ChangeResult.defaults`),
    // as the engine's soft defaults report them.
    const compiled = compileProduct(await example('mug'));
    if (!compiled.ok) throw new Error('mug does not compile');
    const session = createLocalSession(createSession(compiled.product));
    const defaults: DefaultChange[] = [
      {
        option: 'handle',
        from: 'none',
        to: 'loop',
        reason: { constraints: [{ id: 'espresso-needs-handle', type: 'excludes', message: 'An espresso cup needs a handle.' }], selections: [{ option: 'size', value: 'espresso' }], minimal: true },
      },
    ];
    const reporting: AsyncSession = Object.create(session, {
      select: { value: async (o: string, v: SelectionValue): Promise<ChangeResult> => ({ ...(await session.select(o, v)), defaults } as ChangeResult) },
    });
    const el = document.createElement('c2m-configurator');
    el.persistence = 'none';
    el.session = reporting;
    const ready = next(el, 'c2m-ready');
    document.body.append(el);
    await ready;
    await change(el, (c) => c.select('size', 'espresso'));
    const note = optionEl(el, 'handle').shadowRoot!.querySelector('[part="note"]')!;
    expect(note.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Handle changed to Loop. An espresso cup needs a handle. (with Size: Espresso (90 ml))');
    const live = el.shadowRoot!.querySelector('.notes[role="status"]')!;
    expect(live.textContent!.trim()).to.equal('Handle changed to Loop.');
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
