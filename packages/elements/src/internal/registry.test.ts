import { expect } from '@open-wc/testing';
import { html } from 'lit';
import type { ChoiceOption } from '@c2m/rules';
import { C2mControl } from '../components/control/control.component.js';
import { change, configurator, eventually, example, next, optionEl, settled } from '../testing/fixtures.js';
import { registerControl, registerViewer } from './registry.js';

class GlazeWheel extends C2mControl<ChoiceOption> {
  override render() {
    return html`<div role="radiogroup" aria-label=${this.label}>
      ${this.option.values.map(
        (v) => html`<button type="button" data-id=${v.id} role="radio" aria-checked=${this.domain.selected === v.id ? 'true' : 'false'} @click=${() => this.choose(v.id)}>${this.t(v.label)}</button>`,
      )}
    </div>`;
  }
}
customElements.define('test-glaze-wheel', GlazeWheel);

describe('extension points', () => {
  it('registerControl replaces the control of one option, which then chooses through the configuration', async () => {
    registerControl({ option: 'glaze' }, 'test-glaze-wheel');
    const el = await configurator('mug');
    const c = el.configuration!;
    const wheel = optionEl(el, 'glaze').shadowRoot!.querySelector('test-glaze-wheel') as GlazeWheel;
    expect(wheel != null).to.equal(true);
    expect(wheel.domain.option).to.equal('glaze');
    expect(optionEl(el, 'size').shadowRoot!.querySelector('c2m-choice-control') != null).to.equal(true);
    await change(el, async () => wheel.shadowRoot!.querySelector<HTMLElement>('[data-id="white"]')!.click());
    expect(c.state.selections.glaze).to.equal('white');
    el.remove();
  });

  it('refuses a tag name that is not a custom element name', () => {
    expect(() => registerControl({ type: 'choice' }, 'div')).to.throw(/not a valid custom element name/);
  });

  it('registerViewer: a product with a model shows <c2m-viewer> near the viewport, with the session and the model URL', async () => {
    let loads = 0;
    registerViewer(async () => {
      loads++;
      if (!customElements.get('c2m-viewer')) {
        // The contract of @c2m/viewer's element (CONTRACTS.md §2), as far as the configurator uses it.
        customElements.define('c2m-viewer', class extends HTMLElement {
          session: unknown;
          async snapshot() {
            return { type: 'image/jpeg' as const, data: 'AAAA' };
          }
          connectedCallback() {
            queueMicrotask(() => this.dispatchEvent(new Event('c2m-viewer-load', { bubbles: true, composed: true })));
          }
        });
      }
    });
    const file = await example('suit');
    const el = await configurator({ file });
    await eventually(() => el.shadowRoot!.querySelector('c2m-viewer') !== null, 'the viewer added');
    const viewer = el.shadowRoot!.querySelector('c2m-viewer') as HTMLElement & { session: unknown };
    expect(loads).to.equal(1);
    expect(viewer.session === el.configuration!.session).to.equal(true);
    expect(viewer.getAttribute('src')).to.equal(new URL(file.product.model, document.baseURI).href);
    // Textures and fonts of the scene bindings resolve against the product file, as the model does.
    expect(viewer.getAttribute('base-url')).to.equal(document.baseURI);
    expect(viewer.getAttribute('part')).to.equal('viewer');
    // Once loaded, its snapshot goes into the specification.
    await new Promise((r) => setTimeout(r, 0));
    el.addEventListener('c2m-submit', (e) => e.preventDefault(), { once: true });
    const submit = next<import('../events/events.js').C2mSubmitEvent>(el, 'c2m-submit');
    await el.configuration!.session.autocomplete();
    await settled(el);
    await el.configuration!.submit({ noEndpoint: '' });
    expect((await submit).detail.specification.snapshot).to.deep.equal({ type: 'image/jpeg', data: 'AAAA' });
    el.remove();
  });

  // Last in the file: a control registered for a type stays registered for every later configurator.
  it('registerControl by type replaces the control of every option of that type; one registered by option id wins', async () => {
    registerControl({ type: 'choice' }, 'test-glaze-wheel');
    const el = await configurator('mug');
    const c = el.configuration!;
    const wheel = optionEl(el, 'size').shadowRoot!.querySelector('test-glaze-wheel') as GlazeWheel;
    expect(wheel != null, 'a choice option without a control of its own').to.equal(true);
    expect(optionEl(el, 'size').shadowRoot!.querySelector('c2m-choice-control')).to.equal(null);
    expect(optionEl(el, 'engraving').shadowRoot!.querySelector('test-glaze-wheel'), 'a boolean option keeps the built-in control').to.equal(null);
    await change(el, async () => wheel.shadowRoot!.querySelector<HTMLElement>('[data-id="large"]')!.click());
    expect(c.state.selections.size).to.equal('large');
    el.remove();
  });
});
