import { expect } from '@open-wc/testing';
import { productIdOf } from './product-id.js';

/** What parsing the whole text gives: the answer productIdOf must agree with. */
function parsedId(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { product?: { id?: unknown } } | null)?.product?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

describe('productIdOf (the product id of a product file’s text, without parsing the file)', () => {
  const tricky = {
    $schema: 'https://example.com/s.json',
    schemaVersion: 1,
    // Strings with brackets, quotes, backslashes and a key named like the one looked for.
    notes: ['a ] b', 'c } d', 'e " f', 'g \\', '\\"]', { product: { id: 'nested' } }, [[[]]], {}],
    number: -1.5e3,
    flags: [true, false, null],
    empty: '',
  };
  const product = { id: 'mug-二', version: '1', name: { en: 'Mug "}]' } };

  it('agrees with JSON.parse wherever the product comes, in any layout', async () => {
    const layouts = [
      { product, ...tricky },
      { ...tricky, product },
      { schemaVersion: 1, product },
      { ...tricky, product: { ...product, id: 'x\\y"z\u2028' } },
    ];
    for (const file of layouts) {
      for (const text of [JSON.stringify(file), JSON.stringify(file, null, 2), JSON.stringify(file, null, '\t') + '\r\n', `  \n${JSON.stringify(file)}`]) {
        expect(await productIdOf(text), text).to.equal(parsedId(text));
        expect(await productIdOf(text), text).to.be.a('string');
      }
    }
  });

  it('reads a key written with escapes as JSON.parse does', async () => {
    const text = '{"pro\\u0064uct": {"id": "escaped"}, "options": []}';
    expect(await productIdOf(text)).to.equal('escaped');
    expect(parsedId(text)).to.equal('escaped');
  });

  it('has no id for text that is not a product object', async () => {
    for (const text of ['', 'product: {id: mug}', '[]', '"x"', 'null', '{}', '{"product": null}', '{"product": {"id": 7}}', '{"options": [1, 2', '{"options": "open', '{"a": 1 "product": {"id": "m"}}', '{"product": {"id": "m"']) {
      expect(await productIdOf(text), text).to.equal(undefined);
    }
  });

  it('finds the id of a compiled product: its product file’s, not the envelope’s', async () => {
    const compiled = await (await fetch('/__c2m/compiled/mug.json')).text();
    expect(compiled.startsWith('{"c2m":"compiled-product"')).to.equal(true);
    expect(await productIdOf(compiled)).to.equal('mug');
    // Parsed whole, the id is one level down: under the compiled product's `product`.
    expect((JSON.parse(compiled) as { product: { product: { id: string } } }).product.product.id).to.equal('mug');
    // A product file whose first key happens to be "c2m" is no compiled product.
    expect(await productIdOf(JSON.stringify({ c2m: 'x', product }))).to.equal(product.id);
    // A compiled product with no product file in it, or one without an id.
    expect(await productIdOf('{"c2m":"compiled-product","format":1,"model":{}}')).to.equal(undefined);
    expect(await productIdOf('{"c2m":"compiled-product","format":1,"product":{"schemaVersion":1}}')).to.equal(undefined);
  });

  it('finds the id after megabytes of options (scanned a slice per task)', async () => {
    const options = Array.from({ length: 20_000 }, (_, i) => ({ id: `o${i}`, type: 'choice', label: { en: `Option [${i}] {"x"}` }, values: [{ id: 'a' }, { id: 'b' }] }));
    const text = JSON.stringify({ schemaVersion: 1, options, product: { id: 'last', version: '1' } });
    expect(text.length).to.be.greaterThan(2_000_000);
    expect(await productIdOf(text)).to.equal('last');
    // With no time per slice, it yields at its first check: a task queued before it runs before it ends.
    let other = false;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => (other = true);
    channel.port2.postMessage(null);
    const id = productIdOf(text, 0).then((found) => ({ found, other }));
    expect(await id).to.deep.equal({ found: 'last', other: true });
    channel.port1.close();
  });
});
