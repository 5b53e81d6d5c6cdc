/**
 * Makes the pictures the example product files name (packages/rules/examples/images, swatches):
 * - each product's `product.image` (the poster until the first frame, and the picture without
 *   WebGL): its demo model in the default configuration, rendered by <c2m-viewer> itself in headless
 *   Chromium and taken with `snapshot()`, so the poster matches the first frame;
 * - each choice value's `image` (a swatch): the material drawn in code from the value's `swatch`
 *   colour (wood grain for timber, a weave for cloth: twill, herringbone, flannel, linen, mohair).
 * WebP, written where the product file points. Chromium's encoder decides the bytes, so the files are
 * not byte-for-byte reproducible; the page test example-images.test.ts checks that every named image
 * exists, decodes, and has the size of its kind.
 *
 *   pnpm --filter @c2m/viewer images
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { compileProduct, createSession, type ProductFile } from '@c2m/rules/engine';
import { parseProduct } from '@c2m/rules/yaml';
import { bundleViewer, chromiumLaunchOptions, examplesDir, serve } from './page-server.js';

/** Sizes of the pictures, also what the test expects. */
export const IMAGE_SIZES = { product: [800, 600], swatch: [256, 256] } as const;
const EXAMPLE_FILES = ['suit.yaml', 'oak-table.json', 'mug.json'];

interface Job {
  /** Path relative to the examples directory. */
  path: string;
  kind: 'product' | 'swatch';
  file: string;
  /** Swatches: the material and its colour. */
  material?: 'wood' | 'twill' | 'herringbone' | 'flannel' | 'linen' | 'mohair';
  color?: string;
  seed?: number;
}

/** The material a swatch shows, from the option's and the value's ids. */
function materialOf(option: string, value: string): NonNullable<Job['material']> {
  if (/species|wood|timber/.test(option)) return 'wood';
  for (const m of ['herringbone', 'flannel', 'linen', 'mohair'] as const) if (value.includes(m)) return m;
  if (value.includes('tweed')) return 'herringbone';
  return 'twill';
}

/** An example product file, checked. */
function readExample(name: string): ProductFile {
  const r = parseProduct(readFileSync(join(examplesDir, name), 'utf8'));
  if (!r.ok) throw new Error(`${name}: ${r.issues.map((i) => i.message).join('; ')}`);
  return r.file!;
}

function jobs(): Job[] {
  const out: Job[] = [];
  for (const name of EXAMPLE_FILES) {
    const file = readExample(name);
    if (file.product.image) out.push({ path: file.product.image, kind: 'product', file: name });
    for (const o of file.options) {
      if (o.type !== 'choice') continue;
      o.values.forEach((v, i) => {
        if (v.image) out.push({ path: v.image, kind: 'swatch', file: name, material: materialOf(o.id, v.id), color: v.swatch ?? '#888888', seed: i + 1 });
      });
    }
  }
  return out;
}

/** Draws a swatch in the page (plain JavaScript, run by page.evaluate) and answers WebP as base64. */
const drawSwatch = `async ({ material, color, seed, size }) => {
  let s = seed * 7919;
  const random = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const canvas = Object.assign(document.createElement('canvas'), { width: size, height: size });
  const ctx = canvas.getContext('2d');
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  // Lighter or darker by k; the added term keeps the weave visible on black cloth.
  const shade = (k, a = 1) => 'rgba(' + [r, g, b].map((c) => Math.max(0, Math.min(255, Math.round(c * k + (k - 1) * 60)))).join(',') + ',' + a + ')';
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, size, size);
  if (material === 'wood') {
    // Growth rings: wavy stripes along the board, lighter earlywood and darker latewood.
    for (let y = 0; y < size; y += 1) {
      const ring = Math.sin(y * 0.21 + Math.sin(y * 0.031) * 3) * 0.5 + 0.5;
      ctx.fillStyle = shade(0.82 + ring * 0.3, 0.55);
      ctx.fillRect(0, y, size, 1);
    }
    for (let i = 0; i < 90; i++) {
      const y = random() * size;
      ctx.strokeStyle = shade(0.7 + random() * 0.2, 0.35);
      ctx.lineWidth = 0.5 + random() * 1.2;
      ctx.beginPath();
      ctx.moveTo(0, y);
      for (let x = 0; x <= size; x += 16) ctx.lineTo(x, y + Math.sin(x * 0.02 + i) * 4);
      ctx.stroke();
    }
    for (let i = 0; i < 500; i++) {
      ctx.fillStyle = shade(0.6, 0.25);
      ctx.fillRect(random() * size, random() * size, 3 + random() * 6, 1);
    }
  } else {
    // Cloth: warp and weft threads of the colour, lit and shaded by the weave.
    const step = material === 'linen' ? 4 : 3;
    for (let y = 0; y < size; y += step) {
      for (let x = 0; x < size; x += step) {
        // A 2/2 twill; herringbone reverses its diagonal every eight threads.
        const u = x / step;
        const diagonal = material === 'herringbone' && Math.floor(u / 8) % 2 ? -u : u;
        const over = (((diagonal + y / step) % 4) + 4) % 4 < 2;
        const jitter = material === 'flannel' ? (random() - 0.5) * 0.18 : material === 'linen' ? (random() - 0.5) * 0.3 : (random() - 0.5) * 0.08;
        ctx.fillStyle = shade((over ? 1.12 : 0.86) + jitter, 1);
        ctx.fillRect(x, y, step, step);
      }
    }
    if (material === 'flannel') {
      ctx.filter = 'blur(1.2px)';
      ctx.drawImage(canvas, 0, 0);
      ctx.filter = 'none';
    }
    if (material === 'linen') {
      for (let i = 0; i < 60; i++) {
        ctx.fillStyle = shade(0.8 + random() * 0.4, 0.6);
        const horizontal = random() < 0.5;
        const at = Math.floor(random() * size / 4) * 4;
        if (horizontal) ctx.fillRect(random() * size, at, 10 + random() * 40, 3);
        else ctx.fillRect(at, random() * size, 3, 10 + random() * 40);
      }
    }
    if (material === 'mohair') {
      const sheen = ctx.createLinearGradient(0, 0, size, size);
      sheen.addColorStop(0, 'rgba(255,255,255,0)');
      sheen.addColorStop(0.5, 'rgba(255,255,255,0.16)');
      sheen.addColorStop(1, 'rgba(255,255,255,0)');
      ctx.fillStyle = sheen;
      ctx.fillRect(0, 0, size, size);
    }
  }
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/webp', 0.82));
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}`;

/** Renders a product's model with <c2m-viewer> and answers its snapshot (WebP, base64). */
const renderProduct = `async ({ file, values, baseUrl, width, height }) => {
  await import('/c2m/index.js');
  const el = document.createElement('c2m-viewer');
  el.setAttribute('loading', 'eager');
  el.style.cssText = 'display:block;width:' + width + 'px;height:' + height + 'px';
  el.baseUrl = baseUrl;
  el.file = file;
  el.values = values;
  const outcome = new Promise((resolve) => {
    el.addEventListener('c2m-viewer-load', () => resolve(undefined), { once: true });
    el.addEventListener('c2m-viewer-error', (e) => resolve(e.detail.message), { once: true });
  });
  document.body.append(el);
  const error = await outcome;
  if (error) throw new Error(error);
  await el.whenRendered();
  const snap = await el.snapshot({ type: 'image/webp', width, height });
  el.remove();
  return snap.data;
}`;

async function main(): Promise<void> {
  const { server, origin } = await serve(await bundleViewer(), { '/examples/': examplesDir });
  const browser = await chromium.launch(await chromiumLaunchOptions());
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.warn(`page: ${m.text()}`); });
    await page.goto(`${origin}/`);
    for (const job of jobs()) {
      let data: string;
      if (job.kind === 'product') {
        const file = readExample(job.file);
        const compiled = compileProduct(file);
        if (!compiled.ok) throw new Error(`${job.file} does not compile`);
        const values = { ...createSession(compiled.product).selections };
        const [width, height] = IMAGE_SIZES.product;
        data = await page.evaluate(`(${renderProduct})(${JSON.stringify({ file, values, baseUrl: `${origin}/examples/${job.file}`, width, height })})`) as string;
      } else {
        data = await page.evaluate(`(${drawSwatch})(${JSON.stringify({ material: job.material, color: job.color, seed: job.seed, size: IMAGE_SIZES.swatch[0] })})`) as string;
      }
      const target = join(examplesDir, job.path);
      mkdirSync(dirname(target), { recursive: true });
      const bytes = Buffer.from(data, 'base64');
      writeFileSync(target, bytes);
      console.log(`${job.path.padEnd(48)} ${(bytes.length / 1024).toFixed(1)} KB`);
    }
  } finally {
    await browser.close();
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
