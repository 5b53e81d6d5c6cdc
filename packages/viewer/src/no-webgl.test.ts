// Without WebGL (no GPU, WebGL switched off): the poster or the product's picture stays, with a
// message, and the options keep working. Its own file: the page's renderer must never have existed.
import { expect } from '@open-wc/testing';
import { example, exampleUrl, mount, sessionOf } from './testing/fixtures.js';

const getContext = HTMLCanvasElement.prototype.getContext;
before(() => {
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
    return type === 'webgl2' || type === 'webgl' ? null : (getContext as (...a: unknown[]) => RenderingContext | null).call(this, type, ...rest);
  } as typeof getContext;
});
after(() => {
  HTMLCanvasElement.prototype.getContext = getContext;
});

describe('<c2m-viewer> without WebGL', () => {
  it("shows the product's image and says why, and follows the session without 3D", async () => {
    const file = await example('mug');
    const session = sessionOf(file);
    const { viewer, outcome } = await mount({ session, baseUrl: exampleUrl('mug') });
    expect(outcome.type).to.equal('c2m-viewer-error');
    expect((outcome as CustomEvent<{ message: string }>).detail.message).to.contain('WebGL');
    const root = viewer.shadowRoot!;
    const poster = root.querySelector('[part=poster]') as HTMLImageElement;
    expect(poster.hidden).to.equal(false);
    // The product's own picture (packages/rules/examples/images/mug.webp), resolved against the product file.
    expect(poster.src).to.equal(new URL('/packages/rules/examples/images/mug.webp', location.href).href);
    await poster.decode();
    expect([poster.naturalWidth, poster.naturalHeight]).to.deep.equal([800, 600]);
    expect((root.querySelector('canvas') as HTMLCanvasElement).hidden).to.equal(true);
    expect(root.querySelector('[part=error]')!.textContent).to.equal('This browser cannot show the product in 3D.');
    expect((await session.select('glaze', 'white')).ok).to.equal(true);
    expect(viewer.values.glaze).to.equal('white');
    await viewer.whenRendered();
    expect(viewer.loaded).to.equal(false);
  });
});
