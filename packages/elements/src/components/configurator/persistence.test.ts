import { expect } from '@open-wc/testing';
import type { C2mConfigurator } from './configurator.component.js';
import { nextState, shopConfigurator } from '../../testing/fixtures.js';
import { URL_PARAM, decode, encode } from '../../internal/persist.js';
import { WORKER_THRESHOLD } from '../../internal/session.js';
import type { ProductFile } from '@c2m/rules';

// Restoring the shopper's choices (`persistence="storage"`, the default) and the shared link.

/** The runner's own URL (its session id in the query): the tests add and remove `c2m` only. */
const original = location.href;

/** The page's URL with a shared configuration in it (or none). */
function withLink(link: string | undefined): void {
  const url = new URL(original);
  if (link) url.searchParams.set(URL_PARAM, link);
  history.replaceState(null, '', url.href);
}

afterEach(() => {
  history.replaceState(null, '', original);
  localStorage.clear();
});

const mugFile = async () => (await (await fetch('/__c2m/products/mug.json')).json()) as ProductFile;
const link = (file: ProductFile, selections: Record<string, string>, id = file.product.id) =>
  encode({ ...file, product: { ...file.product, id } }, selections);

describe('<c2m-configurator persistence="storage">', () => {
  it('a large product in the worker restores its choices after a reload, and the page never parses its text', async () => {
    localStorage.clear();
    // Over the worker's size, with `product` after the options (the id is found by scanning past them).
    const options = Array.from({ length: 320 }, (_, i) => ({ id: `o${i}`, type: 'boolean', label: `Option ${i}`, description: 'Lorem ipsum dolor sit amet. '.repeat(30), default: false }));
    const text = JSON.stringify({ schemaVersion: 1, options, pricing: { base: 1000, lines: [] }, product: { id: 'large', version: '1', name: 'Large', currency: 'EUR' } });
    expect(text.length).to.be.greaterThan(WORKER_THRESHOLD.bytes);
    const src = URL.createObjectURL(new Blob([text], { type: 'application/json' }));

    const first = await shopConfigurator(src);
    expect(first.configuration!.session.mode).to.equal('worker');
    for (const option of ['o3', 'o250']) {
      const changed = nextState(first.configuration!);
      await first.configuration!.select(option, true);
      await changed;
    }
    first.remove();

    // The whole text parsed in the page would be a long task for a file of megabytes.
    const parse = JSON.parse;
    let parsedHere = 0;
    JSON.parse = ((source: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
      if (typeof source === 'string' && source.length >= text.length) parsedHere++;
      return parse(source, reviver);
    }) as typeof JSON.parse;
    let reloaded: C2mConfigurator;
    try {
      reloaded = await shopConfigurator(src);
    } finally {
      JSON.parse = parse;
    }
    const { state, mode } = reloaded.configuration!.session;
    expect(mode).to.equal('worker');
    expect(state.selections.o3).to.equal(true);
    expect(state.selections.o250).to.equal(true);
    expect(state.origins.o3).to.equal('user');
    expect(parsedHere, 'the product text parsed in the page').to.equal(0);
    reloaded.remove();
    URL.revokeObjectURL(src);
  });

  it('the shared link wins over this device’s copy; a link or a copy of another product is ignored', async () => {
    const file = await mugFile();
    const src = '/__c2m/products/mug.json';
    localStorage.clear();
    const first = await shopConfigurator(src, 'page');
    const changed = nextState(first.configuration!);
    await first.configuration!.select('glaze', 'tenmoku');
    await changed;
    first.remove();

    // A link for this product: its choices, not the device's.
    withLink(link(file, { glaze: 'white' }));
    const linked = await shopConfigurator(src, 'page');
    expect(linked.configuration!.state.selections.glaze).to.equal('white');
    linked.remove();

    // A link for another product: the device's copy.
    const copy = decode(localStorage.getItem('c2m:configuration:mug')!, 'mug')!;
    expect(copy.glaze).to.be.oneOf(['tenmoku', 'white']);
    withLink(link(file, { glaze: 'gold_rim' }, 'another-product'));
    const other = await shopConfigurator(src, 'page');
    expect(other.configuration!.state.selections.glaze).to.equal(copy.glaze);
    other.remove();

    // Only another product's copy on the device: the defaults.
    withLink(undefined);
    const saved = Object.keys(localStorage).filter((k) => k.startsWith('c2m:'));
    expect(saved).to.have.length(1);
    localStorage.setItem(saved[0]!.replace(/mug$/, 'cup'), localStorage.getItem(saved[0]!)!);
    localStorage.removeItem(saved[0]!);
    const fresh = await shopConfigurator(src, 'page');
    expect(fresh.configuration!.state.selections.glaze).to.equal('celadon');
    expect(fresh.configuration!.state.origins.glaze).to.equal('default');
    fresh.remove();
  });
});
