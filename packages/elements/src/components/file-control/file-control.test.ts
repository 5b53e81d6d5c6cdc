import { expect } from '@open-wc/testing';
import { change, configurator, eventually, example, nextState, optionEl, settled } from '../../testing/fixtures.js';

async function png(width: number, height: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.fillRect(0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/png' });
}

async function withLogo() {
  const file = await example('mug');
  file.options.push({ id: 'logo', type: 'file', label: { en: 'Logo', 'zh-CN': '标志' }, accept: ['image/png', 'image/svg+xml'], maxBytes: 20_000, maxWidth: 64, maxHeight: 64 });
  const el = await configurator({ file });
  const control = optionEl(el, 'logo').shadowRoot!.querySelector('c2m-file-control')!;
  return { el, c: el.configuration!, control, input: control.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')! };
}

function choose(input: HTMLInputElement, file: File): void {
  const dt = new DataTransfer();
  dt.items.add(file);
  input.files = dt.files;
  input.dispatchEvent(new Event('change'));
}

const alert = (control: HTMLElement) => control.shadowRoot!.querySelector('[role="alert"]')?.textContent ?? '';
const error = async (control: HTMLElement & { updateComplete: Promise<boolean> }, like?: RegExp) => {
  await eventually(() => (like ? like.test(alert(control)) : alert(control) !== ''), `an error ${like ?? ''}`);
  return alert(control);
};

describe('<c2m-file-control>', () => {
  it('says what it accepts', async () => {
    const { el, control } = await withLogo();
    expect(control.shadowRoot!.querySelector('[part="limits"]')!.textContent).to.equal('image/png and image/svg+xml, up to 19.5 kB; at most 64 × 64 pixels');
    el.remove();
  });

  it('refuses a file of another type, a file too large, and an image with too many pixels, before anything is sent', async () => {
    const { el, c, control, input } = await withLogo();
    choose(input, new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    expect(await error(control)).to.equal('This type of file is not accepted. Use image/png or image/svg+xml.');
    choose(input, new File([new Uint8Array(30_000)], 'big.png', { type: 'image/png' }));
    expect(await error(control, /larger than 19/)).to.equal('The file is larger than 19.5 kB.');
    choose(input, new File([await png(100, 40)], 'wide.png', { type: 'image/png' }));
    expect(await error(control, /pixels/)).to.equal('The image is larger than 64 × 64 pixels.');
    choose(input, new File(['not a png'], 'broken.png', { type: 'image/png' }));
    expect(await error(control, /read/)).to.equal('The file could not be read as an image.');
    expect(c.state.selections.logo).to.equal(undefined);
    el.remove();
  });

  it('records an accepted image as a FileRef with its pixels and SHA-256, shows a preview, and removes it', async () => {
    const { el, c, control, input } = await withLogo();
    const blob = await png(32, 16);
    let changed = nextState(c);
    choose(input, new File([blob], 'logo.png', { type: 'image/png' }));
    await changed;
    await settled(el);
    const ref = c.state.selections.logo as { name: string; type: string; bytes: number; width: number; height: number; sha256: string };
    const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())), (b) => b.toString(16).padStart(2, '0')).join('');
    expect(ref).to.deep.equal({ name: 'logo.png', type: 'image/png', bytes: blob.size, width: 32, height: 16, sha256: digest });
    expect(control.shadowRoot!.querySelector('[part="preview"]') != null).to.equal(true);
    await change(el, async () => { control.shadowRoot!.querySelector<HTMLElement>('[part="remove"]')!.click(); });
    expect(c.state.selections.logo).to.equal(undefined);
    el.remove();
  });

  it('uploads through the configurator’s uploadFile hook and keeps the URL', async () => {
    const { el, c, input } = await withLogo();
    const uploaded: string[] = [];
    el.uploadFile = async (file, option) => {
      uploaded.push(`${option}:${file.name}`);
      return 'https://cdn.example/logo.png';
    };
    await el.updateComplete;
    const changed = nextState(c);
    choose(input, new File([await png(8, 8)], 'logo.png', { type: 'image/png' }));
    await changed;
    expect(uploaded).to.deep.equal(['logo:logo.png']);
    expect((c.state.selections.logo as { url: string }).url).to.equal('https://cdn.example/logo.png');
    el.remove();
  });
});
