// A snapshot taken before the studio environment exists (an order placed at once) does not show the
// first frame's plain lights: it makes the environment then and there. Its own file: a fresh page,
// so a fresh renderer without an environment.
import { expect } from '@open-wc/testing';
import { currentRenderer } from './three/renderer.js';
import { difference, environmentReady, mountExample, pixels } from './testing/fixtures.js';

async function decode(data: string, type: string): Promise<ImageData> {
  const bitmap = await createImageBitmap(await (await fetch(`data:${type};base64,${data}`)).blob());
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
}

describe('<c2m-viewer> snapshot before the environment', () => {
  it('is lit by the environment, made at once', async () => {
    expect(currentRenderer(), 'a fresh page: no renderer yet').to.equal(undefined);
    const { viewer } = await mountExample('mug', { environment: false, width: 300, height: 200 });
    expect(viewer.environmentReady).to.equal(false);
    const first = pixels(viewer);
    const snap = await viewer.snapshot({ type: 'image/png' });
    await environmentReady(viewer);
    const lit = pixels(viewer);
    const shot = await decode(snap.data!, snap.type);
    expect(difference(shot, lit), 'the snapshot is the environment-lit picture').to.be.lessThan(50);
    expect(difference(shot, first), 'not the first frame\'s lights').to.be.greaterThan(500);
    viewer.remove();
  });
});
