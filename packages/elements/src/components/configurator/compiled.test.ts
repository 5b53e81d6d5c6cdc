import { expect } from '@open-wc/testing';
import { COMPILED_PRODUCT_MEDIA_TYPE, type SelectionValue, type Specification } from '@c2m/rules';
import { configurator, deepQuery, EXAMPLES, next, nextState, settled, shopConfigurator, type Example } from '../../testing/fixtures.js';
import type { C2mErrorEvent, C2mSubmitEvent } from '../../events/events.js';
import { isCompiledProduct } from '@c2m/rules/compiled';
import { PRODUCT_ACCEPT } from '../../internal/session.js';
import type { C2mConfigurator } from './configurator.component.js';

// A compiled product (`compileForPage` of @c2m/rules/engine: what `c2m compile` and the reference
// server write) in the configurator: the same product as its file, opened by the engine's runtime.

const compiledUrl = (name: Example) => `/__c2m/compiled/${name}.json`;
const compiledText = async (name: Example) => (await fetch(compiledUrl(name))).text();

/** The page's modules of the engine fetched so far (the test server serves them one by one). */
const engineModules = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((p) => /\/rules\/src\/engine\/open(-compiled)?\.ts$/.test(p))
    .map((p) => p.slice(p.lastIndexOf('/') + 1));

/** What a shopper sees of a configurator: the options shown and rendered, the state, the price. */
function view(el: C2mConfigurator) {
  const { state, session } = el.configuration!;
  const options = [...el.shadowRoot!.querySelectorAll('c2m-option')];
  return {
    product: session.file.product,
    digest: session.digest,
    options: options.map((o) => o.getAttribute('option')),
    rendered: options.filter((o) => o.shadowRoot!.querySelector('[part~="control"]')).length,
    domains: state.domains,
    selections: state.selections,
    quote: state.quote,
    leadTime: state.leadTime,
    complete: state.complete,
    price: el.shadowRoot!.querySelector('c2m-price')!.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim(),
  };
}

/** The specification the order button hands over (taken into a "cart": the event cancelled). */
async function specificationOf(el: C2mConfigurator): Promise<Omit<Specification, 'createdAt'>> {
  const submitted = next<C2mSubmitEvent>(el, 'c2m-submit');
  el.addEventListener('c2m-submit', (e) => e.preventDefault(), { once: true });
  void el.configuration!.submit({ noEndpoint: '' });
  const { createdAt, ...rest } = (await submitted).detail.specification;
  expect(createdAt).to.be.a('string');
  return rest;
}

/** The same walk on both: for each option in turn, the last value its domain allows, when it is not chosen yet (a change of the price, mostly). */
async function walk(a: C2mConfigurator, b: C2mConfigurator): Promise<number> {
  let steps = 0;
  for (const { option } of a.configuration!.state.domains) {
    const domain = a.configuration!.state.domains.find((d) => d.option === option)!;
    const last = 'values' in domain ? domain.values.filter((v) => v.available).at(-1) : undefined;
    if (!last || last.selected || !domain.applicable) continue;
    const value = last.value as SelectionValue;
    for (const el of [a, b]) {
      const changed = nextState(el.configuration!);
      await el.configuration!.select(option, value);
      await changed;
      await settled(el);
    }
    expect(view(b), `after ${option} = ${String(value)}`).to.deep.equal(view(a));
    steps++;
  }
  return steps;
}

describe('<c2m-configurator> with a compiled product', () => {
  it('tells a compiled product by its first bytes, whatever comes after them', async () => {
    const compiled = await compiledText('mug');
    const file = await (await fetch('/__c2m/products/mug.json')).text();
    const cases: Array<[string, boolean]> = [
      [compiled, true],
      [`\ufeff ${compiled}`, true],
      [`\n\t${compiled}`, true],
      [compiled.slice(0, 25), true],
      [file, false],
      [compiled.slice(0, 24), false],
      ['', false],
      [' ', false],
      ['{"c2m": "compiled-product"}', false],
      ['x{"c2m":"compiled-product"', false],
    ];
    for (const [text, expected] of cases) expect(isCompiledProduct(text), JSON.stringify(text.slice(0, 30))).to.equal(expected);
  });

  it('asks for the compiled product with a CORS-safelisted Accept (no preflight)', async () => {
    expect(PRODUCT_ACCEPT).to.equal(`${COMPILED_PRODUCT_MEDIA_TYPE}, application/json;q=0.9`);
    // Fetch's CORS-safelisted `Accept`: at most 128 bytes, none of the CORS-unsafe request-header bytes.
    expect(new TextEncoder().encode(PRODUCT_ACCEPT).length).to.be.at.most(128);
    expect(PRODUCT_ACCEPT).to.not.match(/[\x00-\x08\x0a-\x1f"():<>?@[\\\]{}\x7f]/);
    const sent: Array<string | null> = [];
    const fetch = window.fetch;
    window.fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/__c2m/')) sent.push(new Headers(init?.headers).get('accept'));
      return fetch(input, init);
    };
    try {
      (await configurator({ src: compiledUrl('mug') }, { engine: 'page' })).remove();
    } finally {
      window.fetch = fetch;
    }
    expect(sent).to.deep.equal([PRODUCT_ACCEPT]);
  });

  it('opens it with the runtime only: no product-file checks or compiler fetched', async () => {
    // First in this file's page: nothing has opened a product file here yet.
    const el = await configurator({ src: compiledUrl('suit') }, { engine: 'page' });
    expect(el.configuration!.session.mode).to.equal('page');
    expect(engineModules()).to.include('open-compiled.ts');
    expect(engineModules()).to.not.include('open.ts');
    el.remove();
  });

  it('renders and orders each example exactly as its product file', async () => {
    for (const name of EXAMPLES) {
      const file = await configurator(name, { engine: 'page' });
      const compiled = await configurator({ src: compiledUrl(name) }, { engine: 'page' });
      expect(view(compiled), name).to.deep.equal(view(file));
      expect(await walk(file, compiled), name).to.be.greaterThan(1);
      expect(await specificationOf(compiled), name).to.deep.equal(await specificationOf(file));
      file.remove();
      compiled.remove();
    }
  });

  it('takes a compiled product as the `product` property, in the page and in the worker', async () => {
    const file = await configurator('oak-table', { engine: 'page' });
    for (const engine of ['page', 'worker']) {
      const el = await configurator({ file: JSON.parse(await compiledText('oak-table')) }, { engine });
      expect(el.configuration!.session.mode).to.equal(engine);
      expect(view(el), engine).to.deep.equal(view(file));
      el.remove();
    }
    file.remove();
  });

  it('a compiled product that is not JSON, or whose product file has errors, shows the problems view', async () => {
    const text = await compiledText('mug');
    const broken = [
      // Cut short: not JSON.
      text.slice(0, Math.floor(text.length / 2)),
      // An unknown format: read as the product file inside it, whose currency is wrong.
      text.replace(/"format":\d+/, '"format":999').replace(/"currency":"[A-Z]{3}"/, '"currency":"euro"'),
    ];
    expect(broken[1]).to.contain('"currency":"euro"');
    for (const [i, body] of broken.entries()) {
      const el = document.createElement('c2m-configurator');
      el.persistence = 'none';
      el.engine = 'page';
      el.src = URL.createObjectURL(new Blob([body], { type: COMPILED_PRODUCT_MEDIA_TYPE }));
      const error = next<C2mErrorEvent>(el, 'c2m-error');
      document.body.append(el);
      const { detail } = await error;
      expect(detail.code, `case ${i}`).to.equal('product');
      expect(detail.issues!.length, `case ${i}`).to.be.greaterThan(0);
      await settled(el);
      const problems = deepQuery(el, 'c2m-product-issues')!;
      expect(problems.shadowRoot!.querySelectorAll('[part="issue"]').length, `case ${i}`).to.be.greaterThan(0);
      if (i === 1) expect(problems.shadowRoot!.textContent).to.contain('currency');
      URL.revokeObjectURL(el.src);
      el.remove();
    }
  });

  it('restores the shopper’s choices after a reload (the product id read from the compiled text)', async () => {
    localStorage.clear();
    const open = () => shopConfigurator(compiledUrl('mug'), 'page');
    const first = await open();
    const changed = nextState(first.configuration!);
    await first.configuration!.select('glaze', 'tenmoku');
    await changed;
    first.remove();
    expect(Object.keys(localStorage).filter((k) => k.startsWith('c2m:'))).to.deep.equal(['c2m:configuration:mug']);
    const reloaded = await open();
    expect(reloaded.configuration!.state.selections.glaze).to.equal('tenmoku');
    expect(reloaded.configuration!.state.origins.glaze).to.equal('user');
    reloaded.remove();
    localStorage.clear();
  });
});
