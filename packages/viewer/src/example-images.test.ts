// Every picture an example product file names (the product's poster, the values' swatches) is there,
// is a real image the browser decodes, and has the size of its kind: the demo shows no broken images.
// The pictures are made by scripts/make-images.ts (`pnpm --filter @c2m/viewer images`).
import { expect } from '@open-wc/testing';
import { EXAMPLES, example, exampleUrl } from './testing/fixtures.js';

/** Pixels of each kind, as scripts/make-images.ts makes them; and the most bytes a page should fetch. */
const SIZES = { product: { width: 800, height: 600, maxBytes: 60_000 }, swatch: { width: 256, height: 256, maxBytes: 30_000 } };

describe('images of the example products', () => {
  for (const name of EXAMPLES) {
    it(`${name}: the product image and every swatch image exist, decode, and have their size`, async () => {
      const file = await example(name);
      const images: Array<{ url: string; kind: keyof typeof SIZES }> = [];
      expect(file.product.image, `${name} has a product image (the poster, and the picture without WebGL)`).to.be.a('string');
      images.push({ url: file.product.image!, kind: 'product' });
      for (const option of file.options) {
        if (option.type !== 'choice') continue;
        for (const value of option.values) if (value.image) images.push({ url: value.image, kind: 'swatch' });
      }
      for (const { url, kind } of images) {
        const href = new URL(url, exampleUrl(name)).href;
        const response = await fetch(href);
        expect(response.status, href).to.equal(200);
        const blob = await response.blob();
        expect(blob.type, href).to.match(/^image\/(webp|png|jpeg)$/);
        expect(blob.size, `${href}: bytes`).to.be.within(200, SIZES[kind].maxBytes);
        const bitmap = await createImageBitmap(blob);
        expect([bitmap.width, bitmap.height], href).to.deep.equal([SIZES[kind].width, SIZES[kind].height]);
        // A picture, not a flat fill: some pixels differ from the first one.
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
        let opaque = 0;
        let varied = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! > 200) opaque++;
          if (Math.abs(data[i]! - data[0]!) + Math.abs(data[i + 1]! - data[1]!) + Math.abs(data[i + 2]! - data[2]!) + Math.abs(data[i + 3]! - data[3]!) > 12) varied++;
        }
        const pixels = bitmap.width * bitmap.height;
        // A product shot shows the model on a transparent background; a swatch is opaque all over.
        if (kind === 'product') expect(opaque / pixels, `${href}: the model covers part of the picture`).to.be.within(0.03, 0.9);
        else expect(opaque, `${href}: opaque`).to.equal(pixels);
        expect(varied / pixels, `${href}: not a flat fill`).to.be.greaterThan(0.02);
      }
    });
  }
});
