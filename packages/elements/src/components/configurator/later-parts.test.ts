import { expect } from '@open-wc/testing';
import type { CSSResult } from 'lit';
import { C2mConfigurator } from './configurator.component.js';
import { configurator } from '../../testing/fixtures.js';

// A page of its own (each test file runs in one): nothing else has defined the summary or the toolbar here.
const defined = () => ['c2m-summary', 'c2m-history'].filter((tag) => customElements.get(tag));

describe('<c2m-configurator> summary and toolbar', () => {
  it('are not in the script: defined once the product is shown, then rendered (updateComplete waits for them)', async () => {
    expect(defined(), 'defined by importing the elements').to.deep.equal([]);
    let atReady: string[] | undefined;
    addEventListener('c2m-ready', () => (atReady ??= defined()), { capture: true, once: true });
    const el = await configurator('mug');
    expect(atReady, 'defined when the configurator said it was ready').to.deep.equal([]);
    expect(defined()).to.deep.equal(['c2m-summary', 'c2m-history']);
    const toolbar = el.shadowRoot!.querySelector('c2m-history')!;
    expect(toolbar.shadowRoot!.querySelector('[part="undo"]')!.getAttribute('aria-disabled')).to.equal('true');
    expect(el.shadowRoot!.querySelector('c2m-summary')!.shadowRoot!.textContent).to.contain('Summary');
  });

  it('keeps the toolbar’s place while its code loads, so that the options do not move when it appears', () => {
    const rules = C2mConfigurator.elementStyles.flatMap((s) => [...((s as CSSResult).styleSheet?.cssRules ?? [])]);
    const placeholder = rules.find((r) => r instanceof CSSStyleRule && r.selectorText === 'c2m-history:not(:defined)') as CSSStyleRule | undefined;
    expect(placeholder?.style.minHeight).to.equal('var(--_target)');
  });
});
