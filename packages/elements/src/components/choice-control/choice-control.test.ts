import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { change, configurator, eventually, deepQuery, example, nextState, optionEl, settled, until } from '../../testing/fixtures.js';

const radios = (el: Element, option: string) => [...optionEl(el, option).shadowRoot!.querySelector('c2m-choice-control')!.shadowRoot!.querySelectorAll<HTMLElement>('[role="radio"]')];

describe('<c2m-choice-control>', () => {
  it('is a radio group with one tab stop; arrow keys move and check, Home/End jump (APG)', async () => {
    const el = await configurator('mug');
    const c = el.configuration!;
    const values = radios(el, 'size');
    expect(values.map((v) => v.getAttribute('tabindex'))).to.deep.equal(['-1', '0', '-1']);
    expect(values[1]!.getAttribute('aria-checked')).to.equal('true');
    values[1]!.focus();
    let changed = nextState(c);
    await sendKeys({ press: 'ArrowRight' });
    await changed;
    expect(c.state.selections.size).to.equal('large');
    await change(el, async () => { await sendKeys({ press: 'Home' }); });
    expect(c.state.selections.size).to.equal('espresso');
    await settled(el);
    const after = radios(el, 'size');
    expect(after[0]!.getAttribute('aria-checked')).to.equal('true');
    expect(after[0]!.getAttribute('tabindex')).to.equal('0');
    expect(deepQuery(el, '[role="radio"]:focus')?.getAttribute('data-value')).to.equal('espresso');
    el.remove();
  });

  it('keeps unavailable values focusable, aria-disabled, described by the engine’s reason; arrows do not check them', async () => {
    const el = await configurator('mug');
    const c = el.configuration!;
    await change(el, (c) => c.select('handle', 'none'));
    const [espresso, regular] = radios(el, 'size');
    expect(espresso!.getAttribute('aria-disabled')).to.equal('true');
    const root = optionEl(el, 'size').shadowRoot!.querySelector('c2m-choice-control')!.shadowRoot!;
    const described = () => root.getElementById(espresso!.getAttribute('aria-describedby')!)!.textContent!;
    // The reasons are computed in idle time (session.explain), after the render.
    await eventually(() => described() !== 'Unavailable', 'the reason of espresso');
    expect(described()).to.match(/handle/i);
    regular!.focus();
    await sendKeys({ press: 'ArrowLeft' });
    await settled(el);
    expect(c.state.selections.size).to.equal('regular', 'moving onto an unavailable value does not choose it');
    expect(c.offer).to.equal(undefined);
    el.remove();
  });

  it('on large products, explains an unavailable value when it is focused or pointed at (not up front)', async () => {
    const file = await example('mug');
    for (let i = 0; i < 100; i++) file.options.push({ id: `extra${i}`, type: 'boolean', label: `Extra ${i}` });
    const el = await configurator({ file });
    const c = el.configuration!;
    expect(c.explainsEagerly).to.equal(false);
    await change(el, (c) => c.select('handle', 'none'));
    const control = optionEl(el, 'size').shadowRoot!.querySelector('c2m-choice-control')!;
    const espresso = radios(el, 'size')[0]!;
    const description = () => control.shadowRoot!.getElementById(espresso.getAttribute('aria-describedby')!)!;
    expect(description().textContent).to.equal('Unavailable');
    expect(description().getAttribute('aria-live')).to.equal('polite');
    espresso.focus();
    await eventually(() => description().textContent !== 'Unavailable', 'the reason of the focused unavailable value');
    expect(description().textContent).to.match(/too small to hold without a handle/);
    el.remove();
  });

  it('choosing an unavailable value offers the repair; Apply applies it in one undoable step', async () => {
    const el = await configurator('mug');
    const c = el.configuration!;
    await change(el, (c) => c.select('handle', 'none'));
    radios(el, 'size')[0]!.click();
    await until(c, () => c.offer !== undefined);
    await settled(el);
    const offer = optionEl(el, 'size').shadowRoot!.querySelector('[part~="offer"]')!;
    expect(offer.textContent!.replace(/\s+/g, ' ')).to.match(/^ ?Choose Espresso \(90 ml\) and clear Handle\? An espresso cup is too small to hold without a handle\./);
    const apply = offer.querySelector<HTMLElement>('[part~="apply"]')!;
    expect(optionEl(el, 'size').shadowRoot!.activeElement === apply, 'the offer takes the focus').to.equal(true);
    await change(el, async () => { apply.click(); });
    expect(c.state.selections.size).to.equal('espresso');
    expect(c.state.selections.handle).to.not.equal('none');
    await change(el, async () => { await c.undo(); });
    expect([c.state.selections.size, c.state.selections.handle]).to.deep.equal(['regular', 'none']);
    el.remove();
  });

  it('Escape on the offer keeps the current choices', async () => {
    const el = await configurator('mug');
    const c = el.configuration!;
    await change(el, (c) => c.select('handle', 'none'));
    await c.select('size', 'espresso');
    await settled(el);
    const offer = optionEl(el, 'size').shadowRoot!.querySelector<HTMLElement>('[part~="offer"]')!;
    offer.querySelector<HTMLElement>('[part~="apply"]')!.focus();
    await sendKeys({ press: 'Escape' });
    await settled(el);
    expect(c.offer).to.equal(undefined);
    expect(c.state.selections.size).to.equal('regular');
    expect(optionEl(el, 'size').shadowRoot!.querySelector('[part~="offer"]') === null).to.equal(true);
    el.remove();
  });

  it('shows swatches and images for values that have them, and a drop-down for long lists', async () => {
    const file = await example('mug');
    file.options[1].values[0].swatch = '#6f8f72';
    file.options.push({
      id: 'stamp', type: 'choice', label: 'Stamp',
      values: Array.from({ length: 12 }, (_, i) => ({ id: `s${i}`, label: `Stamp ${i}` })),
    });
    const el = await configurator({ file });
    const glaze = optionEl(el, 'glaze').shadowRoot!.querySelector('c2m-choice-control')!;
    expect(glaze.layout).to.equal('swatches');
    expect(glaze.shadowRoot!.querySelector<HTMLElement>('[part="swatch"]')!.style.backgroundColor).to.equal('rgb(111, 143, 114)');
    const stamp = optionEl(el, 'stamp').shadowRoot!.querySelector('c2m-choice-control')!;
    expect(stamp.layout).to.equal('select');
    const select = stamp.shadowRoot!.querySelector('select')!;
    const c = el.configuration!;
    const changed = nextState(c);
    const change = new Promise((r) => stamp.addEventListener('change', r, { once: true }));
    select.value = 's3';
    select.dispatchEvent(new Event('change'));
    await changed;
    await change;
    expect(c.state.selections.stamp).to.equal('s3');
    el.remove();
  });

  it('fires native input and change events when a value is chosen', async () => {
    const el = await configurator('mug');
    const control = optionEl(el, 'glaze').shadowRoot!.querySelector('c2m-choice-control')!;
    const events: string[] = [];
    el.addEventListener('input', () => events.push('input'));
    el.addEventListener('change', () => events.push('change'));
    const changed = new Promise((r) => control.addEventListener('change', r, { once: true }));
    radios(el, 'glaze')[2]!.click();
    await changed;
    expect(events).to.deep.equal(['input', 'change']);
    el.remove();
  });
});
