import { expect, fixture, html as testHtml } from '@open-wc/testing';
import { html } from 'lit';
import { change, configurator } from '../../testing/fixtures.js';
import { C2mPrice } from './price.component.js';
import '../lead-time/lead-time.js';
import '../summary/summary.js';

class ShopPrice extends C2mPrice {
  override render() {
    const q = this.configuration?.state.quote;
    return html`<strong part="total">${q ? this.localize.money(q.total, q.currency) : ''}</strong>`;
  }
}
customElements.define('shop-price', ShopPrice);

describe('<c2m-price>, <c2m-lead-time>, <c2m-summary>', () => {
  it('the price shows its lines and announces changes politely', async () => {
    const el = await configurator('mug');
    const c = el.configuration!;
    const price = el.shadowRoot!.querySelector('c2m-price')!;
    const lines = [...price.shadowRoot!.querySelectorAll('[part="lines"] dt')].map((d) => d.textContent);
    expect(lines).to.deep.equal(c.state.quote.lines.map((l) => l.label));
    const live = price.shadowRoot!.querySelector('[aria-live="polite"]')!;
    expect(live.textContent).to.equal('');
    await change(el, (c) => c.select('glaze', 'gold_rim'));
    expect(live.textContent).to.equal(`Price: ${new Intl.NumberFormat('en', { style: 'currency', currency: c.state.quote.currency }).format(c.state.quote.total / 100)}`);
    el.remove();
  });

  it('the lead time says the days and the date it is ready around', async () => {
    const el = await configurator('suit', { lang: 'zh-CN' });
    const lead = el.shadowRoot!.querySelector('c2m-lead-time')!;
    lead.now = () => new Date('2026-12-01T00:00:00Z');
    lead.requestUpdate();
    await lead.updateComplete;
    const days = el.configuration!.state.leadTime.days;
    expect(lead.shadowRoot!.querySelector('[part="days"]')!.textContent).to.equal(`${days} 天`);
    const ready = new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium' }).format(new Date(Date.parse('2026-12-01T00:00:00Z') + days * 86_400_000));
    expect(lead.shadowRoot!.querySelector('[part="date"]')!.textContent).to.equal(`预计 ${ready} 完成`);
    el.remove();
  });

  it('the summary lists every option that applies with its value', async () => {
    const el = await configurator('mug');
    const summary = el.shadowRoot!.querySelector('c2m-summary')!;
    const items = [...summary.shadowRoot!.querySelectorAll('dt')].map((d) => `${d.textContent}: ${d.nextElementSibling!.textContent}`);
    expect(items).to.include('Engraving: No');
    expect(items).to.include('Engraving text: Not chosen');
    el.remove();
  });

  it('a subclass registered under its own name gets the same configuration', async () => {
    const el = await configurator('mug');
    const mine = (await fixture(testHtml`<shop-price .configuration=${el.configuration}></shop-price>`)) as ShopPrice;
    expect(mine.shadowRoot!.querySelector('[part="total"]')!.textContent).to.equal(
      el.shadowRoot!.querySelector('c2m-price')!.shadowRoot!.querySelector('[part="total"]')!.textContent,
    );
    el.remove();
  });
});
