import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { change, configurator, eventually, example, nextState, optionEl, settled, until } from '../../testing/fixtures.js';

describe('<c2m-boolean-control>', () => {
  it('is a switch toggled with Space, firing input and change', async () => {
    const el = await configurator('mug');
    const c = el.configuration!;
    const control = optionEl(el, 'engraving').shadowRoot!.querySelector('c2m-boolean-control')!;
    const button = control.shadowRoot!.querySelector<HTMLElement>('[role="switch"]')!;
    expect(button.getAttribute('aria-checked')).to.equal('false');
    expect(button.getAttribute('aria-label')).to.equal('Engraving');
    const events: string[] = [];
    control.addEventListener('input', () => events.push('input'));
    control.addEventListener('change', () => events.push('change'));
    button.focus();
    const changed = nextState(c);
    await sendKeys({ press: 'Space' });
    await changed;
    await settled(el);
    expect(c.state.selections.engraving).to.equal(true);
    expect(button.getAttribute('aria-checked')).to.equal('true');
    expect(events).to.deep.equal(['input', 'change']);
    el.remove();
  });

  it('is aria-disabled with the reason when the other value is unavailable', async () => {
    const file = await example('mug');
    file.constraints.push({ id: 'gold-no-engraving', type: 'excludes', if: { option: 'glaze', is: 'gold_rim' }, then: { option: 'engraving', is: true }, message: 'Gold rims are not engraved.' });
    const el = await configurator({ file });
    const c = el.configuration!;
    await change(el, (c) => c.select('glaze', 'gold_rim'));
    const control = optionEl(el, 'engraving').shadowRoot!.querySelector('c2m-boolean-control')!;
    const button = control.shadowRoot!.querySelector<HTMLElement>('[role="switch"]')!;
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    const described = () => control.shadowRoot!.getElementById(button.getAttribute('aria-describedby')!)!.textContent!;
    await eventually(() => described().includes('Gold rims'), 'the reason of the switch');
    expect(described()).to.contain('Gold rims are not engraved.');
    button.click();
    await until(c, () => c.offer !== undefined);
    expect(c.offer?.option).to.equal('engraving');
    el.remove();
  });
});
