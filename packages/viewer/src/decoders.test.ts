// Compressed models: the decoders arrive only with a model that needs them, from the package's own
// files (no CDN), and the picture is the same as the uncompressed model's.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { covered, mount, pixels } from './testing/fixtures.js';

performance.setResourceTimingBufferSize(100_000);
const resources = () => performance.getEntriesByType('resource').map((e) => e.name);
const decoderFiles = () => resources().filter((n) => /draco|meshopt|basis|KTX2Loader|DRACOLoader/i.test(n));

afterEach(() => {
  for (const v of document.querySelectorAll('c2m-viewer')) v.remove();
});

describe('decoders', () => {
  it('a plain model loads no decoder; Draco and meshopt models load theirs from the package', async function () {
    this.timeout(180_000);
    const plain = await mount({ src: '/packages/rules/examples/models/mug.glb' });
    expect(plain.outcome.type).to.equal('c2m-viewer-load');
    await plain.viewer.whenRendered();
    const reference = covered(pixels(plain.viewer));
    expect(decoderFiles(), 'no decoder for an uncompressed model').to.deep.equal([]);
    plain.viewer.remove();

    const meshoptUrl = await executeServerCommand<string, unknown>('c2m-compressed-model', { name: 'mug.glb', method: 'meshopt' });
    const meshopt = await mount({ src: meshoptUrl });
    expect(meshopt.outcome.type, JSON.stringify((meshopt.outcome as CustomEvent).detail)).to.equal('c2m-viewer-load');
    await meshopt.viewer.whenRendered();
    expect(decoderFiles().some((n) => n.includes('meshopt_decoder'))).to.equal(true);
    expect(decoderFiles().some((n) => /draco/i.test(n)), 'meshopt needs no Draco').to.equal(false);
    expect(Math.abs(covered(pixels(meshopt.viewer)) - reference)).to.be.lessThan(reference * 0.02);
    meshopt.viewer.remove();

    const dracoUrl = await executeServerCommand<string, unknown>('c2m-compressed-model', { name: 'mug.glb', method: 'draco' });
    const draco = await mount({ src: dracoUrl });
    expect(draco.outcome.type, JSON.stringify((draco.outcome as CustomEvent).detail)).to.equal('c2m-viewer-load');
    await draco.viewer.whenRendered();
    const dracoFiles = decoderFiles().filter((n) => /draco_/i.test(n));
    expect(dracoFiles.length).to.be.greaterThan(0);
    for (const f of dracoFiles) expect(new URL(f).pathname).to.match(/^\/packages\/viewer\/decoders\/draco\//);
    expect(Math.abs(covered(pixels(draco.viewer)) - reference)).to.be.lessThan(reference * 0.02);
    for (const f of decoderFiles()) expect(new URL(f).origin, 'same origin, no CDN').to.equal(location.origin);
  });
});
