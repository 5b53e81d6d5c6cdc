// Under a strict Content-Security-Policy for styles (`style-src 'self'`, no 'unsafe-inline'), the
// elements set no style attribute from markup or as a string and insert no <style> element: every
// example product, both layouts, the states that appear after a change (an unavailable value, the
// repair offer, a file option with its preview), with the engine in the page and in the worker.
// This page has the policy (a <meta> in <head>) and records every violation.
import { expect } from '@open-wc/testing';
import { change, configurator, deepQuery, example, EXAMPLES, optionEl, settled, until } from './testing/fixtures.js';

const meta = document.createElement('meta');
meta.httpEquiv = 'Content-Security-Policy';
meta.content = "style-src 'self'";
document.head.append(meta);

const violations: string[] = [];
let probed: (() => void) | undefined;
document.addEventListener('securitypolicyviolation', (e) => {
  const target = e.composedPath()[0] as Element | undefined;
  if (target?.id === 'csp-probe') return probed?.();
  violations.push(`${e.violatedDirective} by <${target?.localName ?? '?'}>: ${e.sample}`);
});

/**
 * Resolves once the violations of everything done so far are reported: violation reports arrive in
 * order, so those come before the report of a probe that violates the policy on purpose now.
 */
function reported(): Promise<void> {
  const probe = document.createElement('div');
  probe.innerHTML = '<span id="csp-probe" style="color: red"></span>';
  document.body.append(probe);
  return new Promise<void>((resolve) => (probed = resolve)).then(() => probe.remove());
}

describe('strict CSP for styles', () => {
  it('the policy is in force on this page: a style attribute set by a directive’s first render is reported', async () => {
    const { html, render } = await import('lit');
    const { styleMap } = await import('lit/directives/style-map.js');
    const host = document.createElement('div');
    document.body.append(host);
    render(html`<span style=${styleMap({ color: 'red' })}></span>`, host);
    await reported();
    host.remove();
    expect(violations.length).to.equal(1);
    violations.length = 0;
  });

  for (const engine of ['page', 'worker']) {
    for (const layout of ['sections', 'steps']) {
      it(`every example, ${layout}, engine ${engine}: no violation`, async () => {
        for (const name of EXAMPLES) {
          const el = await configurator(name, { layout, engine });
          await reported();
          expect(violations, name).to.deep.equal([]);
          el.remove();
        }
      });
    }
  }

  it('after changes: an unavailable value with its reason, the repair offer, a file with its preview', async () => {
    const file = await example('mug');
    file.options.push({ id: 'logo', type: 'file', label: { en: 'Logo' }, accept: ['image/png'], maxBytes: 20_000 });
    const el = await configurator({ file });
    const c = el.configuration!;
    await change(el, (c) => c.select('handle', 'none'));
    deepQuery(optionEl(el, 'size'), '[data-value="espresso"]')!.click();
    await until(c, () => !!c.offer);
    await settled(el);
    const canvas = new OffscreenCanvas(8, 8);
    canvas.getContext('2d')!.fillRect(0, 0, 8, 8);
    const input = deepQuery<HTMLInputElement>(optionEl(el, 'logo'), 'input[type="file"]')!;
    const dt = new DataTransfer();
    dt.items.add(new File([await canvas.convertToBlob({ type: 'image/png' })], 'logo.png', { type: 'image/png' }));
    input.files = dt.files;
    input.dispatchEvent(new Event('change'));
    await until(c, () => c.state.selections.logo !== undefined);
    await settled(el);
    await reported();
    expect(violations).to.deep.equal([]);
    el.remove();
  });
});
