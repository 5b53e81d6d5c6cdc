// The element's life: lazy loading with a poster, progress, errors that leave the options working,
// snapshots, camera moves, disposal, and no leak over a thousand changes.
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { currentRenderer } from './three/renderer.js';
import { ViewerErrorEvent, ViewerProgressEvent } from './index.js';
import { covered, difference, example, exampleUrl, mount, mountExample, next, pixels, sessionOf } from './testing/fixtures.js';

// The page loads many modules: keep every resource entry, so that the model's fetch is in the list.
performance.setResourceTimingBufferSize(100_000);

afterEach(() => {
  for (const v of document.querySelectorAll('c2m-viewer')) v.remove();
  for (const s of document.querySelectorAll('[data-spacer]')) s.remove();
});

const modelUrl = (name: string, query = '') => new URL(`/packages/rules/examples/models/${name}.glb${query}`, location.href).href;
const fetched = (url: string) => performance.getEntriesByType('resource').some((e) => e.name === url);
const memory = () => ({ ...currentRenderer()!.info.memory });

/** Resolves once `element`'s visibility in the viewport is known (the observer's first report). */
function intersecting(element: Element): Promise<boolean> {
  return new Promise((resolve) => {
    const o = new IntersectionObserver(([entry]) => { o.disconnect(); resolve(entry!.isIntersecting); });
    o.observe(element);
  });
}

describe('<c2m-viewer> life', () => {
  it('waits until it is near the viewport, shows the poster until the first frame, reports progress', async () => {
    const file = await example('mug');
    const spacer = Object.assign(document.createElement('div'), { style: 'height: 5000px' });
    spacer.dataset.spacer = '';
    document.body.append(spacer);
    const viewer = document.createElement('c2m-viewer');
    Object.assign(viewer.style, { width: '300px', height: '200px', display: 'block' });
    const src = modelUrl('mug', '?lazy');
    viewer.src = src;
    viewer.poster = 'data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';
    viewer.file = file;
    const progress: ViewerProgressEvent[] = [];
    viewer.addEventListener('c2m-viewer-progress', (e) => progress.push(e));
    document.body.append(viewer);
    expect(await intersecting(viewer)).to.equal(false);
    await new Promise(requestAnimationFrame);
    expect(fetched(src), 'nothing fetched below the fold').to.equal(false);
    expect(progress).to.have.length(0);
    const poster = viewer.shadowRoot!.querySelector('[part=poster]') as HTMLImageElement;
    expect(poster.hidden).to.equal(false);
    expect(poster.hasAttribute('data-hidden')).to.equal(false);

    const loaded = next(viewer, 'c2m-viewer-load');
    viewer.scrollIntoView();
    await loaded;
    expect(fetched(src)).to.equal(true);
    expect(viewer.loaded).to.equal(true);
    expect(poster.hasAttribute('data-hidden')).to.equal(true);
    expect(progress.length).to.be.greaterThan(0);
    const last = progress[progress.length - 1]!.detail;
    expect(last.loaded).to.equal(viewer.modelBytes);
    if (last.total !== undefined) expect(last.total).to.equal(last.loaded);
  });

  it('a broken GLB shows an error, and the options keep working', async () => {
    const file = await example('mug');
    const session = sessionOf(file);
    const broken = new Uint8Array(64);
    broken.set([0x67, 0x6c, 0x54, 0x46, 2, 0, 0, 0, 64, 0, 0, 0]); // 'glTF', version 2, 64 bytes, then garbage
    const src = URL.createObjectURL(new Blob([broken], { type: 'model/gltf-binary' }));
    const { viewer, outcome } = await mount({ session, src });
    expect(outcome).to.be.instanceOf(ViewerErrorEvent);
    expect((outcome as ViewerErrorEvent).detail.message).to.contain('is not a valid glTF/GLB file');
    const error = viewer.shadowRoot!.querySelector('[part=error]') as HTMLElement;
    expect(error.hidden).to.equal(false);
    expect(error.textContent).to.equal('The 3D model could not be loaded.');
    expect(error.getAttribute('role')).to.equal('alert');
    // The shopper goes on choosing; the viewer follows without throwing.
    expect((await session.select('glaze', 'tenmoku')).ok).to.equal(true);
    expect(viewer.values.glaze).to.equal('tenmoku');
    await viewer.whenRendered();
    await viewer.snapshot().then(() => expect.fail('no snapshot without a model'), (e: Error) => expect(e.message).to.contain('not shown'));
    URL.revokeObjectURL(src);
  });

  it('a missing model says which URL and what the server answered; a new src loads', async () => {
    const file = await example('mug');
    const missing = modelUrl('nope');
    const { viewer, outcome } = await mount({ file, src: missing });
    expect((outcome as ViewerErrorEvent).detail.message).to.equal(`The 3D model ${missing} could not be loaded: the server answered 404.`);
    const loaded = next(viewer, 'c2m-viewer-load');
    viewer.src = modelUrl('mug');
    await loaded;
    expect((viewer.shadowRoot!.querySelector('[part=error]') as HTMLElement).hidden).to.equal(true);
  });

  it('the error message follows the page language', async () => {
    document.documentElement.lang = 'zh-CN';
    try {
      const { viewer } = await mount({ file: await example('mug'), src: modelUrl('nope') });
      expect(viewer.shadowRoot!.querySelector('[part=error]')!.textContent).to.equal('无法加载 3D 模型。');
      expect(viewer.shadowRoot!.querySelector('canvas')!.getAttribute('aria-label')).to.contain('3D 视图');
    } finally {
      document.documentElement.lang = 'en';
    }
  });

  it('snapshot() gives a PNG, JPEG or WebP of the requested size', async () => {
    const { viewer } = await mountExample('mug', { width: 300, height: 200 });
    for (const type of ['image/png', 'image/jpeg', 'image/webp'] as const) {
      const snap = await viewer.snapshot({ type, width: 320, height: 240 });
      expect(snap.type).to.equal(type);
      const bitmap = await createImageBitmap(await (await fetch(`data:${type};base64,${snap.data}`)).blob());
      expect([bitmap.width, bitmap.height]).to.deep.equal([320, 240]);
    }
    const canvas = viewer.shadowRoot!.querySelector('canvas')!;
    const own = await viewer.snapshot();
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${own.data}`)).blob());
    expect([bitmap.width, bitmap.height]).to.deep.equal([canvas.width, canvas.height]);
    await viewer.snapshot({ type: 'image/gif' as 'image/png' }).then(() => expect.fail('gif'), (e: Error) => expect(e).to.be.instanceOf(TypeError));
  });

  it('focus-option moves the camera: smoothly, or at once with prefers-reduced-motion', async () => {
    const { viewer } = await mountExample('mug');
    const home = pixels(viewer);
    viewer.focusOption = 'engraving_text';
    await new Promise(requestAnimationFrame);
    const firstFrame = pixels(viewer);
    await viewer.whenRendered();
    const close = pixels(viewer);
    expect(difference(close, home)).to.be.greaterThan(5000);
    expect(difference(firstFrame, close), 'a transition has frames in between').to.be.greaterThan(1000);

    await emulateMedia({ reducedMotion: 'reduce' });
    viewer.focusOption = null;
    viewer.shadowRoot!.querySelector('canvas')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home' }));
    await viewer.whenRendered();
    expect(difference(pixels(viewer), home)).to.be.lessThan(50);
    viewer.focusOption = 'engraving_text';
    await new Promise(requestAnimationFrame);
    expect(difference(pixels(viewer), close), 'reduced motion: the first frame is the last').to.be.lessThan(50);
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('arrow keys turn the model and + zooms (keyboard)', async () => {
    const { viewer } = await mountExample('mug');
    const canvas = viewer.shadowRoot!.querySelector('canvas')!;
    expect(canvas.tabIndex).to.equal(0);
    const before = pixels(viewer);
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', cancelable: true }));
    await viewer.whenRendered();
    expect(difference(pixels(viewer), before)).to.be.greaterThan(500);
    const turned = covered(pixels(viewer));
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: '+', cancelable: true }));
    await viewer.whenRendered();
    expect(covered(pixels(viewer))).to.be.greaterThan(turned * 1.1);
  });

  it('removing the element frees its geometries and textures; moving it keeps the model', async () => {
    const { viewer: first } = await mountExample('mug');
    await first.whenRendered();
    const one = memory();
    const { viewer: second } = await mountExample('oak-table');
    await second.whenRendered();
    const two = memory();
    expect(two.geometries).to.be.greaterThan(one.geometries);
    expect(two.textures).to.be.greaterThan(one.textures);
    // Moved within one task: still loaded, nothing reloaded.
    document.body.prepend(second);
    await Promise.resolve();
    expect(second.loaded).to.equal(true);
    second.remove();
    await Promise.resolve();
    await first.whenRendered();
    expect(second.loaded).to.equal(false);
    const after = memory();
    expect(after.geometries).to.equal(one.geometries);
    expect(after.textures).to.equal(one.textures);
  });

  it('a thousand option changes leave geometries and textures at their baseline (no leak)', async () => {
    const file = await example('oak-table');
    const { viewer, session } = await mountExample('oak-table', { file, width: 200, height: 150 });
    const base = { ...session.state.selections };
    const choices: Array<[string, unknown[]]> = [
      ['species', ['european_oak', 'smoked_oak', 'american_walnut', 'ash', 'cherry', 'maple', 'teak']],
      ['finish', ['natural_oil', 'hardwax_oil', 'white_oil', 'matt_lacquer', 'black_stain']],
      ['leg_style', ['tapered', 'trestle', 'pedestal', 'a_frame', 'u_frame', 'hairpin']],
      ['leg_finish', ['same_wood', 'black_steel', 'white_steel', 'brushed_steel']],
      ['edge', ['square', 'eased', 'chamfer', 'knife', 'live_edge']],
      ['top_shape', ['rectangle', 'rounded', 'oval', 'boat']],
      ['extension_leaf', [true, false]],
      ['width', [1200, 1600, 1800, 2400, 3000]],
      ['height', [650, 720, 750, 780]],
    ];
    // Values go straight to the viewer (any combination, valid or not: this is about the GPU).
    const show = async (values: Record<string, unknown>) => {
      viewer.values = values as typeof viewer.values;
      await viewer.whenRendered();
    };
    for (const [option, values] of choices) for (const v of values) await show({ ...base, [option]: v });
    await show(base);
    const baseline = memory();
    let seed = 20261201;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const current: Record<string, unknown> = { ...base };
    for (let i = 0; i < 1000; i++) {
      const [option, values] = choices[Math.floor(random() * choices.length)]!;
      current[option] = values[Math.floor(random() * values.length)];
      await show({ ...current });
    }
    await show(base);
    expect(memory()).to.deep.include({ geometries: baseline.geometries, textures: baseline.textures });
    expect(viewer.warnings).to.deep.equal([]);
  });

  it('text and sizes changing a hundred times do not leak either', async function () {
    this.timeout(180_000); // each text is drawn and uploaded again: slow on a software GPU
    const { viewer, file } = await mountExample('mug', { width: 200, height: 150 });
    const values = { size: 'regular', glaze: 'white', handle: 'loop', engraving: true, engraving_text: 'A' };
    viewer.session = undefined;
    viewer.file = file;
    const show = async (v: Record<string, unknown>) => {
      viewer.values = v as typeof viewer.values;
      await viewer.whenRendered();
    };
    await show(values);
    const baseline = memory();
    const words = ['Anna', '张伟', 'Ω', '', 'Grandpa 80', '早安'];
    for (let i = 0; i < 120; i++) await show({ ...values, engraving_text: words[i % words.length], size: ['regular', 'espresso', 'large'][i % 3] });
    await show(values);
    expect(memory()).to.deep.include({ geometries: baseline.geometries, textures: baseline.textures });
  });

  it('a model without a product file shows as it is', async () => {
    const { viewer, outcome } = await mount({ src: modelUrl('table') });
    expect(outcome.type).to.equal('c2m-viewer-load');
    await viewer.whenRendered();
    expect(covered(pixels(viewer))).to.be.greaterThan(2000);
  });

  it('relative model URLs resolve against base-url (the product file) or, for src, the document', async () => {
    const file = await example('mug');
    const { viewer, outcome } = await mount({ file, baseUrl: exampleUrl('mug') });
    expect(outcome.type).to.equal('c2m-viewer-load');
    expect(fetched(modelUrl('mug'))).to.equal(true);
    viewer.remove();
    const { outcome: viaSrc } = await mount({ file, src: '/packages/rules/examples/models/mug.glb' });
    expect(viaSrc.type).to.equal('c2m-viewer-load');
  });
});

describe('<c2m-viewer> under a strict Content-Security-Policy', () => {
  it('styles its shadow root with a shared constructed stylesheet, never an inline <style>', async () => {
    const a = document.createElement('c2m-viewer');
    const b = document.createElement('c2m-viewer');
    a.loading = b.loading = 'lazy';
    document.body.append(a, b);
    for (const v of [a, b]) {
      expect(v.shadowRoot!.querySelector('style'), 'no <style> element (blocked by style-src)').to.equal(null);
      expect(v.shadowRoot!.adoptedStyleSheets).to.have.length(1);
    }
    expect(a.shadowRoot!.adoptedStyleSheets[0]).to.equal(b.shadowRoot!.adoptedStyleSheets[0]);
    expect(getComputedStyle(a).display).to.equal('block');
  });
});
