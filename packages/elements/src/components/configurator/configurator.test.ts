import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { change, configurator, deepQuery, eventually, example, EXAMPLES, next, nextState, optionEl, settled, shopConfigurator, until, useTestWorker } from '../../testing/fixtures.js';
import type { C2mChangeEvent, C2mEngineChangeEvent, C2mErrorEvent, C2mReadyEvent, C2mSubmitEvent } from '../../events/events.js';
import { registerWorker } from '../../internal/session.js';
import type { C2mConfigurator } from './configurator.component.js';
import { loadTranslation } from '../../i18n/localize.js';
import { compileProduct, createLocalSession, createSession, type AsyncSession, type SelectionValue } from '@c2m/rules/engine';

describe('<c2m-configurator> loading', () => {
  it('loads each example product and renders every option that applies', async () => {
    for (const name of EXAMPLES) {
      const el = await configurator(name);
      const c = el.configuration!;
      const shown = c.state.domains.filter((d) => d.applicable).length;
      const options = [...el.shadowRoot!.querySelectorAll('c2m-option')];
      expect(options.length, name).to.equal(c.session.file.options.length);
      const rendered = options.filter((o) => o.shadowRoot!.querySelector('[part~="control"]'));
      expect(rendered.length, name).to.equal(shown);
      el.remove();
    }
  });
});

/** Presses `key` with the modifiers held (real key events through the browser's input pipeline). */
async function chord(modifiers: string[], key: string): Promise<void> {
  for (const m of modifiers) await sendKeys({ down: m });
  await sendKeys({ press: key });
  for (const m of modifiers.reverse()) await sendKeys({ up: m });
}

describe('<c2m-configurator> states and events', () => {
  it('shows a loading state, then fires c2m-ready with the product', async () => {
    const el = document.createElement('c2m-configurator');
    el.persistence = 'none';
    el.src = '/__c2m/products/mug.json';
    document.body.append(el);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="loading"]')!.textContent).to.equal('Loading the product…');
    const ready = await next<C2mReadyEvent>(el, 'c2m-ready');
    expect(ready.detail.product.id).to.equal('mug');
    expect(ready.detail.product.digest).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(ready.detail.mode).to.equal('page');
    el.remove();
  });

  it('a product file that cannot be fetched says why and offers a retry; c2m-error code load', async () => {
    const el = document.createElement('c2m-configurator');
    el.src = '/__c2m/products/nothing-here.json';
    const error = next<C2mErrorEvent>(el, 'c2m-error');
    document.body.append(el);
    expect((await error).detail.code).to.equal('load');
    await settled(el);
    const problems = el.shadowRoot!.querySelector('c2m-product-issues')!;
    expect(problems.shadowRoot!.textContent).to.contain('The product could not be loaded: the server answered 404');
    expect([...el.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent!.trim())).to.deep.equal(['Try again']);
    el.remove();
  });

  it('a product file with errors shows every problem with its line and column, never a blank box', async () => {
    const text = '{\n  "schemaVersion": 1,\n  "product": { "id": "x", "version": "1", "name": "X", "currency": "eur" },\n  "options": [\n    { "id": "a", "type": "choice", "label": "A", "values": [] }\n  ]\n}';
    const el = document.createElement('c2m-configurator');
    el.setAttribute('lang', 'zh-CN');
    el.src = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const error = next<C2mErrorEvent>(el, 'c2m-error');
    document.body.append(el);
    const { detail } = await error;
    expect(detail.code).to.equal('product');
    expect(detail.issues!.length).to.be.greaterThan(1);
    await settled(el);
    const problems = el.shadowRoot!.querySelector('c2m-product-issues')!;
    const items = [...problems.shadowRoot!.querySelectorAll('[part="issue"]')];
    expect(items.length).to.equal(detail.issues!.filter((i) => i.severity === 'error').length);
    const currency = items.find((li) => li.textContent!.includes('product.currency'))!;
    // Worded by @c2m/rules/check (loaded only now) in the page's language.
    expect(currency.textContent).to.match(/[\u4e00-\u9fff]/);
    expect(currency.querySelector('[part="position"]')!.textContent).to.equal('第 3 行，第 68 列');
    expect(problems.shadowRoot!.querySelector('[part="heading"]')!.textContent).to.match(/^产品文件有 \d+ 个问题：$/);
    el.remove();
  });

  it('fires c2m-change with selections, validity and price after every change', async () => {
    const el = await configurator('mug');
    const c = el.configuration!;
    const change = next<C2mChangeEvent>(el, 'c2m-change');
    await c.select('glaze', 'gold_rim');
    const { detail } = await change;
    expect(detail.selections.glaze).to.equal('gold_rim');
    expect(detail.complete).to.equal(true);
    expect(detail.quote.total).to.equal(c.state.quote.total);
    expect(detail.quote.lines.some((l) => l.option === 'glaze')).to.equal(true);
    el.remove();
  });

  it('undo and redo with the buttons and with Ctrl+Z / Ctrl+Shift+Z', async () => {
    const el = await configurator('mug');
    const c = el.configuration!;
    await change(el, (c) => c.select('glaze', 'white'));
    const history = el.shadowRoot!.querySelector('c2m-history')!;
    const undo = history.shadowRoot!.querySelector<HTMLElement>('[part="undo"]')!;
    expect(undo.getAttribute('aria-disabled')).to.equal('false');
    await change(el, async () => { undo.click(); });
    expect(c.state.selections.glaze).to.equal('celadon');
    await settled(el);
    expect(history.shadowRoot!.querySelector('[part="redo"]')!.getAttribute('aria-disabled')).to.equal('false');
    undo.focus();
    await change(el, async () => { await chord(['Control', 'Shift'], 'KeyZ'); });
    expect(c.state.selections.glaze).to.equal('white');
    await change(el, async () => { await chord(['Control'], 'KeyZ'); });
    expect(c.state.selections.glaze).to.equal('celadon');
    el.remove();
  });

  it('Ctrl+Z inside a text field is the field’s own undo, not the configuration’s', async () => {
    const el = await configurator('mug');
    const c = el.configuration!;
    await change(el, (c) => c.select('engraving', true));
    const input = optionEl(el, 'engraving_text').shadowRoot!.querySelector('c2m-text-control')!.shadowRoot!.querySelector('input')!;
    input.focus();
    const version = c.state.version;
    await chord(['Control'], 'KeyZ');
    await settled(el);
    expect(c.state.version).to.equal(version);
    el.remove();
  });

  it('steps: one group at a time, with a step list, Previous and Next', async () => {
    const el = await configurator('suit', { layout: 'steps' });
    const groups = el.configuration!.session.file.groups;
    const shown = () => el.shadowRoot!.querySelectorAll('section[part="group"]');
    expect(shown().length).to.equal(1);
    const steps = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="steps"] button')];
    expect(steps.length).to.equal(groups.length);
    expect(steps[0]!.getAttribute('aria-current')).to.equal('step');
    const nextButton = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.step-nav button')].find((b) => b.textContent!.trim() === 'Next')!;
    nextButton.click();
    await settled(el);
    expect(shown()[0]!.querySelector('h3')!.textContent).to.equal('Cloth and lining');
    expect(el.shadowRoot!.activeElement === shown()[0]!.querySelector('h3'), 'the new step’s heading has the focus').to.equal(true);
    expect(el.shadowRoot!.querySelectorAll('[part="steps"] button')[1]!.getAttribute('aria-current')).to.equal('step');
    el.remove();
  });

  it('hides an option that does not apply, and leaves its value out of the summary, the price and the specification', async () => {
    // The suit's turn-ups apply unless the jacket is a dinner jacket (`when`), the monogram's text and
    // thread only with a monogram: the engine says `applicable: false`, the UI hides them.
    const el = await configurator('suit');
    const c = el.configuration!;
    const shown = (id: string) => optionEl(el, id).shadowRoot!.querySelector('[part="base"]') !== null;
    const summary = () => el.shadowRoot!.querySelector('c2m-summary')!.shadowRoot!.textContent!;
    expect(shown('trouser_cuffs')).to.equal(true);
    expect([shown('monogram_text'), shown('monogram_thread')]).to.deep.equal([false, false]);
    expect(summary()).to.not.contain('Thread colour');
    await change(el, (c) => c.select('trouser_cuffs', true));
    expect(summary()).to.contain('Turn-ups (4 cm)');
    await change(el, (c) => c.select('jacket_style', 'dinner_jacket'));
    expect(shown('trouser_cuffs')).to.equal(false);
    expect(c.state.selections).to.not.have.property('trouser_cuffs');
    expect(summary()).to.not.contain('Turn-ups');
    expect(c.state.quote.lines.some((line) => line.option === 'trouser_cuffs')).to.equal(false);
    await change(el, (c) => c.select('monogram', true));
    expect([shown('monogram_text'), shown('monogram_thread')]).to.deep.equal([true, true]);
    expect(summary()).to.contain('Thread colour');
    await change(el, (c) => c.select('monogram_text', 'J.S.'));
    const submitted = next<C2mSubmitEvent>(el, 'c2m-submit');
    el.addEventListener('c2m-submit', (e) => e.preventDefault(), { once: true });
    void c.submit({ noEndpoint: '' });
    const { specification } = (await submitted).detail;
    const ids = JSON.stringify(specification);
    expect(ids).to.contain('monogram_thread');
    expect(ids).to.not.contain('trouser_cuffs');
    // Undo: the turn-ups apply again, with the shopper's choice back.
    await change(el, (c) => c.undo());
    await change(el, (c) => c.undo());
    await change(el, (c) => c.undo());
    expect(shown('trouser_cuffs')).to.equal(true);
    expect(c.state.selections.trouser_cuffs).to.equal(true);
    el.remove();
  });

  it('follows the language of the nearest ancestor, and the engine’s messages follow too', async () => {
    const wrapper = document.createElement('div');
    wrapper.setAttribute('lang', 'en');
    document.body.append(wrapper);
    const el = document.createElement('c2m-configurator');
    el.persistence = 'none';
    el.src = '/__c2m/products/suit.json';
    const ready = next(el, 'c2m-ready');
    wrapper.append(el);
    await ready;
    await settled(el);
    expect(el.shadowRoot!.querySelector('[part="title"]')!.textContent).to.equal('Made-to-measure suit');
    wrapper.setAttribute('lang', 'zh-CN');
    await loadTranslation('zh-CN'); // fetched the first time the page shows Chinese
    await new Promise((r) => setTimeout(r, 0));
    await settled(el);
    expect(el.shadowRoot!.querySelector('[part="title"]')!.textContent).to.equal('量身定制西装');
    expect(el.shadowRoot!.querySelector('c2m-order-button')!.shadowRoot!.querySelector('[part="button"]')!.textContent!.trim()).to.equal('下单');
    const total = el.shadowRoot!.querySelector('c2m-price')!.shadowRoot!.querySelector('[part="total"]')!.textContent!;
    expect(total).to.equal(new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(el.configuration!.state.quote.total / 100));
    await new Promise<void>((r) => (el.configuration!.state.locale === 'zh-CN' ? r() : el.configuration!.addEventListener('update', () => r(), { once: true })));
    expect(el.configuration!.state.locale).to.equal('zh-CN');
    wrapper.remove();
  });

  it('keeps the configuration across a reload (storage) and in a shared link', async () => {
    localStorage.clear();
    // The runner's own query (its session id) stays in the URL; the test adds and removes `c2m` only.
    const original = location.href;
    const make = async (share = '') => {
      const url = new URL(original);
      if (share) url.searchParams.set('c2m', new URL(share).searchParams.get('c2m')!);
      history.replaceState(null, '', url.href);
      return shopConfigurator('/__c2m/products/mug.json');
    };
    const first = await make();
    const changed = nextState(first.configuration!);
    await first.configuration!.select('glaze', 'tenmoku');
    await changed;
    first.remove();
    const reloaded = await make();
    expect(reloaded.configuration!.state.selections.glaze).to.equal('tenmoku');
    expect(reloaded.configuration!.state.origins.glaze).to.equal('user');

    // The share button's link carries the configuration to another device (no storage there).
    const toolbar = reloaded.shadowRoot!.querySelector('c2m-history')!;
    toolbar.shadowRoot!.querySelector<HTMLElement>('[part="share"]')!.click();
    const linkOf = () => toolbar.shadowRoot!.querySelector<HTMLInputElement>('[part="link"]')?.value ?? '';
    await eventually(() => linkOf() !== '', 'the shared link shown');
    const link = linkOf();
    expect(link).to.match(/[?&]c2m=/);
    reloaded.remove();
    localStorage.clear();
    const shared = await make(link);
    expect(shared.configuration!.state.selections.glaze).to.equal('tenmoku');
    shared.remove();
    history.replaceState(null, '', original);
    localStorage.clear();
  });

  it('inside a form: the selections are the field value, and the field is invalid until complete', async () => {
    const form = document.createElement('form');
    document.body.append(form);
    const el = document.createElement('c2m-configurator');
    el.persistence = 'none';
    el.name = 'configuration';
    el.src = '/__c2m/products/mug.json';
    const ready = next(el, 'c2m-ready');
    form.append(el);
    await ready;
    const c = el.configuration!;
    expect(JSON.parse(new FormData(form).get('configuration') as string)).to.deep.equal(c.state.selections);
    expect(form.checkValidity()).to.equal(true);
    await change(el, (c) => c.select('engraving', true));
    expect(c.state.complete).to.equal(false);
    expect(form.checkValidity()).to.equal(false);
    form.remove();
  });

  it('c2m-submit can be cancelled: the shop takes the specification into its cart', async () => {
    const el = await configurator('mug');
    el.addEventListener('c2m-submit', (e) => e.preventDefault(), { once: true });
    const submit = next<C2mSubmitEvent>(el, 'c2m-submit');
    const button = el.shadowRoot!.querySelector('c2m-order-button')!;
    button.shadowRoot!.querySelector<HTMLElement>('[part="button"]')!.click();
    const { detail } = await submit;
    expect(detail.specification.product.id).to.equal('mug');
    expect(detail.specification.selections).to.include({ size: 'regular' });
    await new Promise<void>((r) => (el.configuration!.order.state === 'handed-over' ? r() : el.configuration!.addEventListener('update', () => el.configuration!.order.state === 'handed-over' && r())));
    await settled(el);
    expect(button.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim()).to.equal('Added to your cart.');
    el.remove();
  });

  it('without an endpoint, ordering says so (c2m-error code order)', async () => {
    const el = await configurator('mug');
    const error = next<C2mErrorEvent>(el, 'c2m-error');
    el.shadowRoot!.querySelector('c2m-order-button')!.shadowRoot!.querySelector<HTMLElement>('[part="button"]')!.click();
    expect((await error).detail).to.include({ code: 'order', message: 'This configurator has no order endpoint.' });
    el.remove();
  });

  it('layout="custom": parts in the light DOM share the configurator’s session', async () => {
    const wrapper = await fixture(html`<c2m-configurator layout="custom" persistence="none" src="/__c2m/products/mug.json">
      <h1>My mug</h1>
      <c2m-option option="glaze"></c2m-option>
      <c2m-price hide-lines></c2m-price>
      <c2m-order-button></c2m-order-button>
    </c2m-configurator>`);
    const el = wrapper as C2mConfigurator;
    if (!el.configuration) await next(el, 'c2m-ready');
    await settled(el);
    await settled(el.parentElement!);
    const option = el.querySelector('c2m-option')!;
    expect(option.configuration === el.configuration).to.equal(true);
    expect(el.shadowRoot!.querySelector('slot:not([name])') != null).to.equal(true);
    const price = el.querySelector('c2m-price')!;
    expect(price.shadowRoot!.querySelector('details') === null).to.equal(true);
    const changed = nextState(el.configuration!);
    option.shadowRoot!.querySelector('c2m-choice-control')!.shadowRoot!.querySelector<HTMLElement>('[data-value="gold_rim"]')!.click();
    await changed;
    await price.updateComplete;
    expect(price.shadowRoot!.querySelector('[part="total"]')!.textContent).to.equal(
      new Intl.NumberFormat('en', { style: 'currency', currency: el.configuration!.state.quote.currency }).format(el.configuration!.state.quote.total / 100),
    );
    el.remove();
  });
});

describe('<c2m-configurator> theming', () => {
  it('page CSS reaches nested parts through ::part (exported with prefixes) and tokens reach every element', async () => {
    const style = document.createElement('style');
    style.textContent = `
      :root { --c2m-color-accent: rgb(138, 59, 18); }
      c2m-configurator::part(option-value) { outline-offset: 7px; }
      c2m-configurator::part(option-value option-selected) { word-spacing: 9px; }
      c2m-configurator::part(order-button) { min-height: 77px; }
      c2m-configurator::part(price-total) { letter-spacing: 3px; }
    `;
    document.head.append(style);
    try {
      const el = await configurator('mug');
      const value = optionEl(el, 'size').shadowRoot!.querySelector('c2m-choice-control')!.shadowRoot!.querySelector('[part~="value"]')!;
      expect(getComputedStyle(value).outlineOffset).to.equal('7px');
      const selected = optionEl(el, 'size').shadowRoot!.querySelector('c2m-choice-control')!.shadowRoot!.querySelector('[aria-checked="true"]')!;
      expect(getComputedStyle(selected).wordSpacing).to.equal('9px');
      expect(getComputedStyle(value).wordSpacing).to.equal('0px');
      const button = el.shadowRoot!.querySelector('c2m-order-button')!.shadowRoot!.querySelector('[part="button"]')!;
      expect(getComputedStyle(button).minHeight).to.equal('77px');
      expect(getComputedStyle(button).backgroundColor).to.equal('rgb(138, 59, 18)');
      const total = el.shadowRoot!.querySelector('c2m-price')!.shadowRoot!.querySelector('[part="total"]')!;
      expect(getComputedStyle(total).letterSpacing).to.equal('3px');
      el.remove();
    } finally {
      style.remove();
    }
  });
});

describe('<c2m-configurator> with hundreds of options', () => {
  const many = (n: number) => ({
    schemaVersion: 1,
    product: { id: 'many', version: '1', name: 'Many', currency: 'EUR' },
    options: Array.from({ length: n }, (_, i) => ({ id: `o${i}`, type: 'boolean', label: `Option ${i}`, default: false })),
    pricing: { base: 1000, lines: [] },
  });

  it('renders them chunk by chunk (busy meanwhile); updateComplete waits for all; the summary is folded', async () => {
    const el = document.createElement('c2m-configurator');
    el.persistence = 'none';
    el.product = many(400);
    const ready = next(el, 'c2m-ready');
    document.body.append(el);
    await ready;
    await new Promise((r) => requestAnimationFrame(r));
    const options = () => el.shadowRoot!.querySelectorAll('c2m-option').length;
    const busy = () => el.shadowRoot!.querySelector('[part="options"]')!.getAttribute('aria-busy');
    expect(options()).to.be.lessThan(400);
    expect(busy()).to.equal('true');
    await el.updateComplete;
    expect(options()).to.equal(400);
    expect(busy()).to.equal('false');
    const summary = el.shadowRoot!.querySelector('c2m-summary')!;
    await summary.updateComplete;
    const details = summary.shadowRoot!.querySelector('details')!;
    expect(details.querySelector('summary')!.textContent).to.equal('Summary of 400 options');
    expect(details.querySelector('dl')).to.equal(null);
    details.open = true;
    await next(details, 'toggle');
    await summary.updateComplete;
    expect(details.querySelectorAll('dt').length).to.equal(400);
    el.remove();
  });

  it('a change renders only the options whose domain changed', async () => {
    const file = many(200);
    (file as Record<string, unknown>).constraints = [{ id: 'c', type: 'excludes', message: 'No.', if: { option: 'o0', is: true }, then: { option: 'o1', is: true } }];
    const el = await configurator({ file });
    await el.updateComplete;
    const renders = new Map<string, number>();
    for (const o of el.shadowRoot!.querySelectorAll<HTMLElement & { updated(c: unknown): void }>('c2m-option')) {
      const id = o.getAttribute('option')!;
      const updated = o.updated.bind(o);
      o.updated = (c: unknown) => (renders.set(id, (renders.get(id) ?? 0) + 1), updated(c));
    }
    await change(el, (c) => c.select('o0', true));
    expect([...renders.keys()].sort()).to.deep.equal(['o0', 'o1']);
    el.remove();
  });
});

describe('<c2m-configurator engine="worker">', () => {
  it('runs the session in the engine’s module worker: the same options, choices, price and pending state', async () => {
    const el = await configurator('suit', { engine: 'worker' });
    const c = el.configuration!;
    expect(c.session.mode).to.equal('worker');
    const shown = [...el.shadowRoot!.querySelectorAll('c2m-option')].filter((o) => o.shadowRoot!.querySelector('[part~="control"]'));
    expect(shown.length).to.equal(c.state.domains.filter((d) => d.applicable).length);
    const before = c.state.quote.total;
    const radio = deepQuery(optionEl(el, 'jacket_style'), '[role="radio"][data-value="double_breasted"]')!;
    const changed = nextState(c);
    radio.click();
    // The click returns before the worker answers: the options say they are busy meanwhile.
    expect(c.pending).to.equal(1);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="options"]')!.getAttribute('aria-busy')).to.equal('true');
    await changed;
    await settled(el);
    expect(c.state.selections.jacket_style).to.equal('double_breasted');
    expect(c.state.quote.total).to.equal(before + 40000);
    expect(radio.getAttribute('aria-checked')).to.equal('true');
    expect(el.shadowRoot!.querySelector('[part="options"]')!.getAttribute('aria-busy')).to.equal('false');
    el.remove();
    // Removed, the configurator ends its worker: the session answers no more.
    let error: unknown;
    await c.session.select('fit', 'slim').catch((e: unknown) => (error = e));
    expect(String(error)).to.contain('disposed');
  });

  it('moved in the page it keeps its session; removed, it ends it, and added again it reloads with the choices', async () => {
    const el = await configurator('mug', { engine: 'worker' });
    await change(el, (c) => c.select('glaze', 'white'));
    const first = el.configuration!;
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el); // a move: disconnected and connected in one task
    await Promise.resolve();
    expect(el.configuration === first).to.equal(true);
    const ready = next(el, 'c2m-ready');
    el.remove();
    await Promise.resolve();
    expect(el.configuration).to.equal(undefined);
    other.append(el);
    await ready;
    expect(el.configuration === first).to.equal(false);
    expect(el.configuration!.state.selections.glaze).to.equal('white');
    other.remove();
  });

  it('a product file with errors: every problem from the worker’s checks, worded in the page’s language', async () => {
    const file = await example('mug');
    file.options[0].values[0].id = file.options[0].values[1].id;
    const el = document.createElement('c2m-configurator');
    el.persistence = 'none';
    el.engine = 'worker';
    el.lang = 'zh-CN';
    el.product = file;
    const failed = next<C2mErrorEvent>(el, 'c2m-error');
    document.body.append(el);
    const e = await failed;
    expect(e.detail.code).to.equal('product');
    expect(e.detail.issues!.length).to.be.greaterThan(0);
    expect(e.detail.issues![0]!.message).to.match(/[\u4e00-\u9fff]/);
    await settled(el);
    expect(deepQuery(el, '[part="issue"]')).to.not.equal(null);
    el.remove();
  });
});

describe('<c2m-configurator engine="auto">', () => {
  /** The configurator's session states and c2m-change events, as a shop sees them. */
  function record(el: C2mConfigurator) {
    const versions: number[] = [];
    el.addEventListener('c2m-change', (e) => versions.push(e.detail.state.version));
    return versions;
  }
  const snapshot = (c: NonNullable<C2mConfigurator['configuration']>) => ({
    selections: { ...c.state.selections },
    origins: { ...c.state.origins },
    canUndo: c.state.canUndo,
    locale: c.state.locale,
  });

  it('a choice that holds the main thread longer than engine-budget moves the session to the worker, with its choices, history and language', async () => {
    // A budget no opening reaches: the product opens in the page, as a small file does.
    const el = await configurator('suit', { engine: 'auto', 'engine-budget': '1e9' });
    const c = el.configuration!;
    expect(c.session.mode).to.equal('page');
    await change(el, (c) => c.select('jacket_style', 'double_breasted'));
    // Linen makes two defaults give way: origins to carry.
    await change(el, (c) => c.select('fabric', 'baird_mcnutt_linen_sand'));
    el.lang = 'zh-CN';
    await until(c, () => c.state.locale === 'zh-CN');
    const versions = record(el);
    const moved = next<C2mEngineChangeEvent>(el, 'c2m-engine-change');
    // Now every call is too slow (0 ms: the machine's speed plays no part): the next choice moves it.
    el.engineBudget = 0;
    const fit = c.select('fit', 'slim');
    // Made while the worker starts: still answered in the page, and carried over.
    const monogram = c.select('monogram', true);
    const before = await Promise.all([fit, monogram]).then(() => snapshot(c));
    expect(c.session.mode).to.equal('page');
    const move = (await moved).detail;
    expect(move.mode).to.equal('worker');
    expect(move.operation).to.equal('select');
    expect(c.session.mode).to.equal('worker');
    expect(snapshot(c)).to.deep.equal(before);
    // Origins other than the shopper's came along too (a default that gave way to linen).
    expect(before.origins.fit).to.equal('user');
    expect(before.origins.lining_type).to.not.equal('user');
    expect(before.selections.lining_type).to.equal('half');
    // The history came along: undo in the worker takes back the choices made in the page, in order.
    await change(el, (c) => c.undo());
    expect(c.state.selections.monogram).to.not.equal(true);
    expect(c.state.selections.fit).to.equal('slim');
    await change(el, (c) => c.undo());
    expect(c.state.selections.fit).to.not.equal('slim');
    expect(c.state.selections.fabric).to.equal('baird_mcnutt_linen_sand');
    await change(el, (c) => c.redo());
    expect(c.state.selections.fit).to.equal('slim');
    expect(c.state.locale).to.equal('zh-CN');
    // Every state and c2m-change in order, across the move.
    expect(versions.length).to.be.greaterThan(4);
    expect(versions).to.deep.equal([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).to.equal(versions.length);
    // The controls show the worker's answers.
    const radio = deepQuery(optionEl(el, 'fit'), '[role="radio"][data-value="slim"]')!;
    expect(radio.getAttribute('aria-checked')).to.equal('true');
    el.remove();
    let error: unknown;
    await c.session.select('fit', 'regular').catch((e: unknown) => (error = e));
    expect(String(error)).to.contain('disposed', 'removed, the configurator ended the worker');
  });

  it('engine-budget="0": the product opens in the page, and the first engine call moves it', async () => {
    const el = await configurator('mug', { engine: 'auto', 'engine-budget': '0' });
    const c = el.configuration!;
    // Opening does not count (its one-time costs say nothing of a choice's); the first call does.
    const moved = c.session.mode === 'worker' ? undefined : next<C2mEngineChangeEvent>(el, 'c2m-engine-change');
    await change(el, (c) => c.select('glaze', 'white'));
    if (moved) expect((await moved).detail.mode).to.equal('worker');
    expect(c.session.mode).to.equal('worker');
    await change(el, (c) => c.select('glaze', 'tenmoku'));
    expect(c.state.selections.glaze).to.equal('tenmoku');
    await change(el, (c) => c.undo());
    expect(c.state.selections.glaze).to.equal('white');
    el.remove();
  });

  it('a worker that cannot start leaves the session in the page, working', async () => {
    let failed!: () => void;
    const failure = new Promise<void>((r) => (failed = r));
    registerWorker(() => {
      const w = new Worker('/__c2m/no-such-worker.js', { type: 'module' });
      w.addEventListener('error', () => failed());
      return w;
    });
    try {
      const el = await configurator('mug', { engine: 'auto', 'engine-budget': '0' });
      const c = el.configuration!;
      // The first call tries to move; the worker fails to start.
      await change(el, (c) => c.select('glaze', 'white'));
      await failure;
      await change(el, (c) => c.select('glaze', 'tenmoku'));
      expect(c.session.mode).to.equal('page');
      expect(c.state.selections.glaze).to.equal('tenmoku');
      await change(el, (c) => c.undo());
      expect(c.state.selections.glaze).to.equal('white');
      el.remove();
    } finally {
      useTestWorker();
    }
  });
});

describe('<c2m-configurator> with a session of your own', () => {
  /** The real in-page session, with changes held until released: a change that takes a while. */
  function slowSession(session: AsyncSession) {
    let release!: () => void;
    const gate = () => new Promise<void>((r) => (release = r));
    let held = Promise.resolve();
    const slow: AsyncSession = Object.create(session, {
      select: { value: async (o: string, v: SelectionValue) => { await held; return session.select(o, v); } },
    });
    return { slow, hold: () => (held = gate()), release: () => release() };
  }

  it('uses it, shows the pending state while a change is in flight, and leaves it open when removed', async () => {
    const file = await example('mug');
    const compiled = compileProduct(file);
    if (!compiled.ok) throw new Error('mug does not compile');
    const session = createLocalSession(createSession(compiled.product));
    const { slow, hold, release } = slowSession(session);
    const el = document.createElement('c2m-configurator');
    el.persistence = 'none';
    el.session = slow;
    const ready = next(el, 'c2m-ready');
    document.body.append(el);
    await ready;
    await settled(el);
    const c = el.configuration!;
    expect(c.session === slow).to.equal(true);
    hold();
    const done = c.select('glaze', 'white');
    await until(c, () => c.pending === 1);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="options"]')!.getAttribute('aria-busy')).to.equal('true');
    // The order button waits for the change too.
    const order = el.shadowRoot!.querySelector('c2m-order-button')!;
    await order.updateComplete;
    expect(order.shadowRoot!.querySelector('[part="button"]')!.getAttribute('aria-disabled')).to.equal('true');
    // "Updating…" appears once the change has taken longer than a frame or so.
    const status = el.shadowRoot!.querySelector('.pending')!;
    await new Promise<void>((r) => new MutationObserver((_, o) => { if (status.textContent!.includes('Updating')) { o.disconnect(); r(); } }).observe(status, { childList: true, subtree: true, characterData: true }));
    release();
    await done;
    await settled(el);
    expect(c.state.selections.glaze).to.equal('white');
    expect(el.shadowRoot!.querySelector('[part="options"]')!.getAttribute('aria-busy')).to.equal('false');
    expect(status.textContent!.trim()).to.equal('');
    el.remove();
    expect(await session.isAvailable('glaze', 'celadon')).to.equal(true, 'the session was not disposed');
  });
});
