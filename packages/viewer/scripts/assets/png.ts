/** A minimal PNG encoder (8-bit grey or RGB) for textures made in code. */
import { deflateSync } from 'node:zlib';
import { seededRandom } from '@c2m/rules/testing';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes `pixels` (row by row, `channels` bytes a pixel: 1 grey, 3 RGB) as a PNG file. */
export function encodePng(width: number, height: number, channels: 1 | 3, pixels: Uint8Array): Uint8Array {
  const raw = new Uint8Array((width * channels + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * channels + 1)] = 0; // filter: none
    raw.set(pixels.subarray(y * width * channels, (y + 1) * width * channels), y * (width * channels + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = channels === 1 ? 0 : 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Light wood grain (grey, to be tinted by the material's colour): long fibres along u. */
export function woodGrain(size = 256): Uint8Array {
  const rnd = seededRandom(7); // the same grain on every run
  const phases = Array.from({ length: 6 }, () => rnd() * Math.PI * 2);
  const pixels = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = y / size, u = x / size;
      const wobble = 0.02 * Math.sin(u * Math.PI * 2 + phases[0]!) + 0.01 * Math.sin(u * Math.PI * 6 + phases[1]!);
      const rings = Math.sin((v + wobble) * Math.PI * 2 * 18 + 3 * Math.sin(v * Math.PI * 4 + phases[2]!));
      const fibre = Math.sin((v + wobble * 0.5) * Math.PI * 2 * 90 + phases[3]!) * 0.5;
      const value = 214 + 26 * rings + 8 * fibre + 6 * (rnd() - 0.5);
      pixels[y * size + x] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return encodePng(size, size, 1, pixels);
}

/** A twill weave (grey): diagonal ribs, tiling. */
export function twill(size = 64): Uint8Array {
  const pixels = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const rib = ((x + y) % 8) / 8;
      const thread = (x % 2 === 0 ? 8 : 0) + (y % 2 === 0 ? 6 : 0);
      pixels[y * size + x] = Math.round(200 + 40 * Math.sin(rib * Math.PI * 2) + thread);
    }
  }
  return encodePng(size, size, 1, pixels);
}
