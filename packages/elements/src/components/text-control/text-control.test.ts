import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { change, configurator, example, nextState, optionEl, settled, until } from '../../testing/fixtures.js';
import { codePoints } from './text-control.component.js';

async function withEngraving() {
  const file = await example('mug');
  const el = await configurator({ file });
  const c = el.configuration!;
  await change(el, (c) => c.select('engraving', true));
  const control = optionEl(el, 'engraving_text').shadowRoot!.querySelector('c2m-text-control')!;
  return { el, c, control, input: control.shadowRoot!.querySelector('input')! };
}

describe('<c2m-text-control>', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePoints('𠮷野家')).to.equal(3);
    expect('𠮷野家'.length).to.equal(4);
  });

  it('shows a live character count and the allowed characters, and commits on Enter', async () => {
    const { el, c, control, input } = await withEngraving();
    const option = c.session.file.options.find((o) => o.id === 'engraving_text') as { maxLength: number; characters?: string[] };
    input.focus();
    await sendKeys({ type: 'Mei' });
    await control.updateComplete;
    expect(control.shadowRoot!.querySelector('[part="count"]')!.textContent).to.equal(`3 of ${option.maxLength} characters`);
    if (option.characters) expect(control.shadowRoot!.querySelector('[part="hint"]')!.textContent).to.match(/^Allowed: /);
    expect(c.state.selections.engraving_text).to.equal(undefined, 'typing does not commit');
    const changed = nextState(c);
    await sendKeys({ press: 'Enter' });
    await changed;
    expect(c.state.selections.engraving_text).to.equal('Mei');
    el.remove();
  });

  it('does not commit while an IME is composing (Enter confirms the candidate), and counts the composed text', async () => {
    const { el, c, control, input } = await withEngraving();
    input.focus();
    input.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
    input.value = 'mei';
    input.dispatchEvent(new InputEvent('input', { data: 'mei', isComposing: true, composed: true }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, keyCode: 229 }));
    await settled(el);
    expect(c.pending).to.equal(0);
    expect(c.state.selections.engraving_text).to.equal(undefined);
    input.value = '美';
    input.dispatchEvent(new CompositionEvent('compositionend', { data: '美' }));
    await control.updateComplete;
    expect(control.shadowRoot!.querySelector('[part="count"]')!.textContent).to.match(/^1 of /);
    el.remove();
  });

  it('a text the engine refuses stays in the field, marked invalid, with the engine’s message', async () => {
    const { el, c, control, input } = await withEngraving();
    const option = c.session.file.options.find((o) => o.id === 'engraving_text') as { maxLength: number };
    input.value = 'x'.repeat(option.maxLength + 1);
    input.dispatchEvent(new InputEvent('input', { composed: true }));
    await control.updateComplete;
    expect(control.shadowRoot!.querySelector('[part="count"]')!.classList.contains('over')).to.equal(true);
    input.dispatchEvent(new Event('change'));
    await until(c, () => c.invalid.has('engraving_text'));
    await settled(el);
    expect(input.value).to.equal('x'.repeat(option.maxLength + 1));
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(optionEl(el, 'engraving_text').shadowRoot!.querySelector('[part~="error"]')!.textContent).to.not.equal('');
    el.remove();
  });
});
