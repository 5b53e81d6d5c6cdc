import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { change, configurator, nextState, optionEl, settled, until } from '../../testing/fixtures.js';

const control = (el: Element, id: string) => optionEl(el, id).shadowRoot!.querySelector('c2m-number-control')!;

describe('<c2m-number-control>', () => {
  it('shows a slider and a field with the unit and the feasible range, and commits typed values', async () => {
    const el = await configurator('oak-table');
    const c = el.configuration!;
    const width = control(el, 'width');
    const slider = width.shadowRoot!.querySelector<HTMLInputElement>('input[type="range"]')!;
    const field = width.shadowRoot!.querySelector<HTMLInputElement>('input[type="number"]')!;
    expect(slider.value).to.equal('1800');
    expect(field.value).to.equal('1800');
    expect(width.shadowRoot!.querySelector('[part="unit"]')!.textContent).to.equal('mm');
    expect(slider.getAttribute('aria-valuetext')).to.equal('1,800 mm');
    const d = c.domain('width') as { feasible: { min: number; max: number } };
    expect(width.shadowRoot!.querySelector('[part="feasible"]')!.textContent!.trim()).to.equal(
      `Possible now: ${d.feasible.min.toLocaleString('en')} mm to ${d.feasible.max.toLocaleString('en')} mm`,
    );
    const changed = nextState(c);
    field.focus();
    field.select();
    await sendKeys({ type: '2000' });
    await sendKeys({ press: 'Tab' });
    await changed;
    expect(c.state.selections.width).to.equal(2000);
    el.remove();
  });

  it('moves by one step with the arrow keys on the slider', async () => {
    const el = await configurator('oak-table');
    const c = el.configuration!;
    const slider = control(el, 'height').shadowRoot!.querySelector<HTMLInputElement>('input[type="range"]')!;
    const before = c.state.selections.height as number;
    const step = (c.session.file.options.find((o) => o.id === 'height') as { step: number }).step;
    slider.focus();
    const changed = nextState(c);
    await sendKeys({ press: 'ArrowRight' });
    await changed;
    expect(c.state.selections.height).to.equal(before + step);
    el.remove();
  });

  it('a value outside the feasible range (or in a hole) offers the engine’s repair', async () => {
    const file = {
      schemaVersion: 1,
      product: { id: 'shelf', version: '1', name: 'Shelf', currency: 'EUR' },
      options: [
        { id: 'width', type: 'number', label: 'Width', min: 40, max: 200, step: 10, unit: 'cm', default: 80 },
        { id: 'material', type: 'choice', label: 'Material', default: 'pine', values: [{ id: 'pine', label: 'Pine' }, { id: 'glass', label: 'Glass' }] },
      ],
      constraints: [
        { id: 'glass-narrow', type: 'domain', if: { option: 'material', is: 'glass' }, option: 'width', max: 120, message: 'Glass shelves are at most 120 cm wide.' },
      ],
    };
    const el = await configurator({ file });
    const c = el.configuration!;
    await change(el, (c) => c.select('material', 'glass'));
    const control = optionEl(el, 'width').shadowRoot!.querySelector('c2m-number-control')!;
    expect(control.shadowRoot!.querySelector('[part="feasible"]')!.textContent!.trim()).to.equal('Possible now: 40 cm to 120 cm');
    const field = control.shadowRoot!.querySelector<HTMLInputElement>('input[type="number"]')!;
    field.value = '150';
    field.dispatchEvent(new Event('change'));
    await until(c, () => c.offer !== undefined);
    await settled(el);
    const offer = optionEl(el, 'width').shadowRoot!.querySelector('[part~="offer"]')!;
    expect(offer.textContent!.replace(/\s+/g, ' ')).to.contain('Choose 150 cm and');
    expect(offer.textContent).to.contain('Glass shelves are at most 120 cm wide.');
    await change(el, async () => { offer.querySelector<HTMLElement>('[part~="apply"]')!.click(); });
    expect(c.state.selections.width).to.equal(150);
    expect(c.state.selections.material).to.not.equal('glass');
    el.remove();
  });

  it('a value off the step is refused with the engine’s message', async () => {
    const el = await configurator('oak-table');
    const c = el.configuration!;
    const field = control(el, 'width').shadowRoot!.querySelector<HTMLInputElement>('input[type="number"]')!;
    field.value = '1801.5';
    field.dispatchEvent(new Event('change'));
    await until(c, () => c.invalid.has('width'));
    await settled(el);
    const error = optionEl(el, 'width').shadowRoot!.querySelector('[part~="error"]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.not.equal('');
    expect(c.state.selections.width).to.equal(1800);

    el.remove();
  });
});
