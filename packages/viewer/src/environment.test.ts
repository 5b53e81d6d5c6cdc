// The studio environment comes after the first frame: the first frame (the product, its bindings
// applied) is lit by plain lights; the environment is made in idle time, replaces them in one more
// frame, and leaves nothing behind. Its own file: a fresh page, so a fresh renderer without one.
import { expect } from '@open-wc/testing';
import { currentRenderer } from './three/renderer.js';
import { covered, difference, environmentReady, meanColor, mountExample, pixels } from './testing/fixtures.js';

const brightness = ([r, g, b]: [number, number, number]) => (r + g + b) / 3;
const memory = () => ({ ...currentRenderer()!.info.memory });

afterEach(() => {
  for (const v of document.querySelectorAll('c2m-viewer')) v.remove();
});

describe('<c2m-viewer> environment lighting', () => {
  it('arrives after the first frame, replaces the first lights in one more frame, and leaks nothing', async () => {
    expect(currentRenderer(), 'a fresh page: no renderer yet').to.equal(undefined);
    const events: string[] = [];
    const record = (e: Event) => events.push(e.type);
    document.addEventListener('c2m-viewer-load', record);
    document.addEventListener('c2m-viewer-environment', record);
    try {
      const { viewer, session } = await mountExample('mug', { environment: false });
      // The first frame is the product itself: drawn, with its bindings, before any environment.
      expect(events).to.deep.equal(['c2m-viewer-load']);
      expect(viewer.environmentReady).to.equal(false);
      const first = pixels(viewer);
      expect(covered(first)).to.be.greaterThan(5_000);
      const atFirstFrame = memory();

      await environmentReady(viewer);
      expect(events).to.deep.equal(['c2m-viewer-load', 'c2m-viewer-environment']);
      expect(viewer.environmentReady).to.equal(true);
      const lit = pixels(viewer);
      expect(difference(lit, first), 'the environment changes the light').to.be.greaterThan(500);
      expect(Math.abs(covered(lit) - covered(first)), 'the same product, in the same place').to.be.lessThan(covered(first) * 0.05);
      // The first lights are tuned to the environment: a refinement, not a jump in brightness.
      expect(Math.abs(brightness(meanColor(lit)) - brightness(meanColor(first)))).to.be.lessThan(20);
      // The environment's one texture; the prefilter's own targets and the room are gone again.
      expect(memory()).to.deep.equal({ ...atFirstFrame, textures: atFirstFrame.textures + 1 });

      // Changes afterwards keep it; nothing else is made.
      expect((await session.select('glaze', 'celadon')).ok).to.equal(true);
      await viewer.whenRendered();
      expect((await session.select('glaze', 'white')).ok).to.equal(true);
      await viewer.whenRendered();
      expect(memory()).to.deep.equal({ ...atFirstFrame, textures: atFirstFrame.textures + 1 });

      // A second viewer on the page uses the same environment from its first frame: no second one made.
      const before = memory();
      const { viewer: second } = await mountExample('mug', { environment: false });
      expect(second.environmentReady, 'lit by the environment at its first frame').to.equal(true);
      expect(events).to.deep.equal(['c2m-viewer-load', 'c2m-viewer-environment', 'c2m-viewer-load', 'c2m-viewer-environment']);
      second.remove();
      await Promise.resolve();
      await viewer.whenRendered();
      expect(memory()).to.deep.equal(before);
    } finally {
      document.removeEventListener('c2m-viewer-load', record);
      document.removeEventListener('c2m-viewer-environment', record);
    }
  });
});
