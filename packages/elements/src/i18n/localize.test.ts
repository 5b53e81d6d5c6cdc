import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { en } from './translations/en.js';
import { zhCN } from './translations/zh-CN.js';
import { LocalizeController, registerTranslation, resolveLang, translationFor } from './localize.js';

class Probe extends LitElement {
  readonly l = new LocalizeController(this);
  override render() {
    return html`${this.l.term('order')}`;
  }
}
customElements.define('c2m-test-probe', Probe);

describe('localization', () => {
  it('zh-CN has every string of en, none empty, with the same arguments', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      const a = en[key] as unknown;
      const b = zhCN[key] as unknown;
      expect(typeof b, key).to.equal(typeof a);
      if (typeof a === 'function') {
        expect((b as (...x: unknown[]) => string).length, key).to.equal((a as (...x: unknown[]) => string).length);
        expect((b as (...x: unknown[]) => string)(1, 2, 3), key).to.be.a('string').and.not.equal('');
      } else if (typeof a === 'object') {
        expect(Object.keys(b as object), key).to.deep.equal(Object.keys(a as object));
      } else {
        expect(b, key).to.be.a('string').and.not.equal('');
      }
    }
  });

  it('picks the translation by language: exact, then the same language, then English', () => {
    expect(translationFor('zh-CN')).to.equal(zhCN);
    expect(translationFor('zh-Hans-CN')).to.equal(zhCN);
    expect(translationFor('zh')).to.equal(zhCN);
    expect(translationFor('de-CH')).to.equal(en);
  });

  it('takes the language from the element, else the nearest ancestor, through shadow roots', async () => {
    const outer = await fixture(html`<section lang="zh-CN"><div><c2m-test-probe></c2m-test-probe></div></section>`);
    const probe = outer.querySelector('c2m-test-probe')!;
    expect(resolveLang(probe)).to.equal('zh-CN');
    await (probe as Probe).updateComplete;
    expect(probe.shadowRoot!.textContent).to.equal('下单');
    probe.setAttribute('lang', 'en');
    expect(resolveLang(probe)).to.equal('en');
    const inner = document.createElement('span');
    probe.shadowRoot!.append(inner);
    expect(resolveLang(inner)).to.equal('en');
  });

  it('re-renders when an ancestor’s lang changes', async () => {
    const outer = await fixture(html`<div lang="en"><c2m-test-probe></c2m-test-probe></div>`);
    const probe = outer.querySelector('c2m-test-probe') as Probe;
    await probe.updateComplete;
    expect(probe.shadowRoot!.textContent).to.equal('Order');
    outer.setAttribute('lang', 'zh-CN');
    await new Promise((r) => setTimeout(r, 0));
    await probe.updateComplete;
    expect(probe.shadowRoot!.textContent).to.equal('下单');
  });

  it('formats money from integer minor units with Intl, exactly', async () => {
    const probe = (await fixture(html`<c2m-test-probe lang="en"></c2m-test-probe>`)) as Probe;
    expect(probe.l.money(399900, 'CNY')).to.equal('CN¥3,999.00');
    expect(probe.l.money(-1, 'EUR')).to.equal('-€0.01');
    expect(probe.l.money(9_007_199_254_740_991, 'USD')).to.equal('$90,071,992,547,409.91');
    expect(probe.l.money(1234, 'JPY')).to.equal('¥1,234');
    expect(probe.l.moneyDelta(-40000, 'CNY')).to.equal('−CN¥400.00');
    probe.setAttribute('lang', 'zh-CN');
    expect(probe.l.money(399900, 'CNY')).to.equal('¥3,999.00');
    expect(probe.l.list(['甲', '乙', '丙'])).to.equal('甲、乙和丙');
  });

  it('accepts more languages through registerTranslation', async () => {
    registerTranslation({ ...en, $code: 'de', $name: 'Deutsch', order: 'Bestellen' });
    const probe = (await fixture(html`<c2m-test-probe lang="de-AT"></c2m-test-probe>`)) as Probe;
    expect(probe.shadowRoot!.textContent).to.equal('Bestellen');
  });
});
