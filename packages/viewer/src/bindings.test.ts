// The demo models with their product files: every binding kind changes the picture as it should.
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { ProductFile } from '@c2m/rules/engine';
import { change, covered, difference, example, EXAMPLES, exampleUrl, meanColor, mount, mountExample, pixels, runs } from './testing/fixtures.js';

const brightness = ([r, g, b]: [number, number, number]) => (r + g + b) / 3;

afterEach(() => {
  for (const v of document.querySelectorAll('c2m-viewer')) v.remove();
});

describe('<c2m-viewer> with the demo models', () => {
  for (const name of EXAMPLES) {
    it(`${name}: loads, finds every name its product file binds, and draws the default configuration`, async () => {
      const { viewer } = await mountExample(name);
      expect(viewer.loaded).to.equal(true);
      expect(viewer.warnings, viewer.warnings.join('\n')).to.deep.equal([]);
      expect(viewer.modelBytes).to.be.greaterThan(10_000);
      await viewer.whenRendered();
      expect(covered(pixels(viewer))).to.be.greaterThan(5_000);
      const poster = viewer.shadowRoot!.querySelector('[part=poster]') as HTMLElement;
      expect(poster.hasAttribute('data-hidden') || poster.hidden).to.equal(true);
    });
  }

  it('mug: a glaze colours the body (material colour)', async () => {
    const { viewer, session } = await mountExample('mug');
    const celadon = meanColor(await change(viewer, session, { glaze: 'celadon' }), 0.35, 0.3, 0.6, 0.7);
    const tenmoku = meanColor(await change(viewer, session, { glaze: 'tenmoku' }), 0.35, 0.3, 0.6, 0.7);
    expect(celadon[1]).to.be.greaterThan(celadon[0]); // green over red
    expect(brightness(tenmoku)).to.be.lessThan(brightness(celadon) - 40);
    expect(tenmoku[0]).to.be.greaterThan(tenmoku[2]); // brown: red over blue
  });

  it('mug: no handle hides the handle, and the gold rim shows (visibility)', async () => {
    const { viewer, session } = await mountExample('mug');
    const loop = await change(viewer, session, { handle: 'loop', glaze: 'white' });
    const none = await change(viewer, session, { handle: 'none' });
    expect(covered(none)).to.be.lessThan(covered(loop) - 300);
    const rim = await change(viewer, session, { glaze: 'gold_rim' });
    expect(difference(rim, none)).to.be.greaterThan(200);
  });

  it('mug: sizes are morph targets of one model (morph)', async () => {
    const { viewer, session } = await mountExample('mug');
    const regular = covered(await change(viewer, session, { size: 'regular' }));
    const espresso = covered(await change(viewer, session, { size: 'espresso' }));
    const large = covered(await change(viewer, session, { size: 'large' }));
    expect(espresso).to.be.lessThan(regular * 0.75);
    expect(large).to.be.greaterThan(regular * 1.15);
  });

  it('mug: the engraving text is drawn on the mug, Latin and CJK (text)', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const { viewer, session } = await mountExample('mug', { attributes: { 'focus-option': 'engraving_text' } });
    const plain = await change(viewer, session, { engraving: false, engraving_text: undefined });
    const latin = await change(viewer, session, { engraving: true, engraving_text: 'ANNA 1987' });
    const cjk = await change(viewer, session, { engraving_text: '张伟' });
    expect(difference(latin, plain)).to.be.greaterThan(300);
    expect(difference(cjk, plain)).to.be.greaterThan(300);
    expect(difference(cjk, latin)).to.be.greaterThan(300);
    const again = await change(viewer, session, { engraving: false, engraving_text: undefined });
    expect(difference(again, plain)).to.be.lessThan(50);
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('table: a wider top moves the legs outward, their width unchanged (scale + translate)', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const file = await example('oak-table');
    // A camera straight at the legs, level with their middle, so that one row crosses all four.
    file.scene!.cameras.push({ option: 'width', target: [0, 0.3, 0], position: [0, 0.3, 4.2] });
    const { viewer, session } = await mountExample('oak-table', { file, width: 480, height: 300, attributes: { 'focus-option': 'width' } });
    const legsAt = async (width: number) => {
      const image = await change(viewer, session, { width, leg_style: 'tapered' });
      const row = runs(image, Math.round(image.height / 2));
      return { left: row[0]!, right: row[row.length - 1]!, count: row.length, top: runs(image, Math.round(image.height * 0.37)) };
    };
    const narrow = await legsAt(1800);
    const wide = await legsAt(2400);
    expect(narrow.count, 'four legs in the row').to.equal(4);
    expect(wide.count).to.equal(4);
    // Outward on both sides...
    expect(wide.left[0]).to.be.lessThan(narrow.left[0] - 10);
    expect(wide.right[1]).to.be.greaterThan(narrow.right[1] + 10);
    // ...and as thick as before (a scaled base would have widened them by a third).
    const thickness = (r: [number, number]) => r[1] - r[0];
    expect(Math.abs(thickness(wide.left) - thickness(narrow.left))).to.be.at.most(1);
    expect(Math.abs(thickness(wide.right) - thickness(narrow.right))).to.be.at.most(1);
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('table: leg styles swap parts, a species tints the wood, the height lifts the top', async () => {
    const { viewer, session } = await mountExample('oak-table');
    const tapered = await change(viewer, session, { leg_style: 'tapered', species: 'european_oak' });
    const trestle = await change(viewer, session, { leg_style: 'trestle' });
    expect(difference(trestle, tapered)).to.be.greaterThan(1000);
    const oak = meanColor(tapered, 0.3, 0.2, 0.7, 0.45);
    const walnut = meanColor(await change(viewer, session, { leg_style: 'tapered', species: 'american_walnut' }), 0.3, 0.2, 0.7, 0.45);
    expect(brightness(walnut)).to.be.lessThan(brightness(oak) - 25);
    const low = await change(viewer, session, { height: 650 });
    const high = await change(viewer, session, { height: 780 });
    const topRow = (image: ImageData) => {
      for (let y = 0; y < image.height; y++) if (runs(image, y).length > 0) return y;
      return image.height;
    };
    expect(topRow(high)).to.be.lessThan(topRow(low));
  });

  it('suit: a cloth is a material variant; lapels and buttons are nodes; lapel width a morph', async () => {
    const { viewer, session } = await mountExample('suit');
    const navy = await change(viewer, session, { fabric: 'vbc_perennial_navy' });
    const flannel = await change(viewer, session, { fabric: 'fox_flannel_grey' });
    expect(brightness(meanColor(flannel, 0.4, 0.2, 0.6, 0.4))).to.be.greaterThan(brightness(meanColor(navy, 0.4, 0.2, 0.6, 0.4)) + 40);
    const notch = await change(viewer, session, { lapel_style: 'notch' });
    const peak = await change(viewer, session, { lapel_style: 'peak' });
    expect(difference(peak, notch)).to.be.greaterThan(30);
    const narrow = await change(viewer, session, { lapel_width: 'narrow' });
    const wide = await change(viewer, session, { lapel_width: 'wide' });
    expect(difference(wide, narrow)).to.be.greaterThan(30);
    const two = await change(viewer, session, { jacket_style: 'single_breasted', buttons: 'two' });
    const three = await change(viewer, session, { buttons: 'three_roll' });
    expect(difference(three, two)).to.be.greaterThan(10);
  });

  it('suit: the shoulder measurement widens the shoulders and moves the sleeves out', async () => {
    const { viewer, session } = await mountExample('suit');
    const narrow = await change(viewer, session, { chest: 110, shoulder: 42 });
    const broad = await change(viewer, session, { chest: 110, shoulder: 52 });
    const row = (image: ImageData) => runs(image, Math.round(image.height * 0.4));
    const span = (r: Array<[number, number]>) => r[r.length - 1]![1] - r[0]![0];
    expect(span(row(broad))).to.be.greaterThan(span(row(narrow)) + 8);
  });

  it('a texture from the product file and an uploaded image as a decal (material texture, decal)', async () => {
    const mug = await example('mug');
    const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 64 });
    const ctx = canvas.getContext('2d')!;
    for (let i = 0; i < 8; i++) {
      ctx.fillStyle = i % 2 ? '#d01010' : '#1010d0';
      ctx.fillRect(i * 8, 0, 8, 64);
    }
    const stripes = canvas.toDataURL('image/png');
    ctx.fillStyle = '#10d010';
    ctx.fillRect(0, 0, 64, 64);
    const logo = canvas.toDataURL('image/png');
    const file = ProductFile.parse({
      ...mug,
      options: [...mug.options, { id: 'logo', type: 'file', label: 'Logo', accept: ['image/png'], maxBytes: 100_000 }],
      scene: {
        bindings: [
          { option: 'glaze', value: 'white', actions: [{ type: 'material', material: 'Glaze', color: '#ffffff', texture: stripes }] },
          { option: 'logo', actions: [{ type: 'decal', node: 'Body', position: [0, 0.05, 0.05], size: [0.05, 0.05, 0.05] }] },
        ],
        cameras: [],
      },
    });
    const { viewer, outcome } = await mount({ file, baseUrl: exampleUrl('mug'), values: { glaze: 'celadon', size: 'regular', handle: 'loop' } });
    expect(outcome.type).to.equal('c2m-viewer-load');
    await viewer.whenRendered();
    const before = pixels(viewer);
    viewer.values = { glaze: 'white', size: 'regular', handle: 'loop' };
    await viewer.whenRendered();
    const striped = pixels(viewer);
    expect(difference(striped, before)).to.be.greaterThan(1000);
    const [r, , b] = meanColor(striped, 0.35, 0.3, 0.6, 0.7);
    expect(Math.max(r, b)).to.be.greaterThan(90); // red and blue stripes, not celadon
    viewer.values = { glaze: 'white', size: 'regular', handle: 'loop', logo: { name: 'logo.png', type: 'image/png', bytes: 100, url: logo } };
    await viewer.whenRendered();
    const decal = pixels(viewer);
    expect(difference(decal, striped)).to.be.greaterThan(200);
    const [, g] = meanColor(decal, 0.4, 0.35, 0.6, 0.6);
    expect(g).to.be.greaterThan(meanColor(striped, 0.4, 0.35, 0.6, 0.6)[1]);
    expect(viewer.warnings).to.deep.equal([]);
  });

  it('names the product file uses but the model lacks are reported, not thrown', async () => {
    const mug = await example('mug');
    const file = ProductFile.parse({
      ...mug,
      scene: { bindings: [{ option: 'glaze', value: 'white', actions: [{ type: 'material', material: 'Glazz', color: '#ffffff' }, { type: 'visibility', nodes: ['Hndle'], visible: false }, { type: 'variant', name: 'matte' }] }], cameras: [] },
    });
    const { viewer, outcome } = await mount({ file, baseUrl: exampleUrl('mug'), values: { glaze: 'white' } });
    expect(outcome.type).to.equal('c2m-viewer-load');
    expect(viewer.warnings.join('\n')).to.match(/no material 'Glazz'/).and.match(/no node 'Hndle'/).and.match(/no material variant 'matte'/);
  });
});
