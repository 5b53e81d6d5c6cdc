// Copies the WebAssembly decoders that three ships (Draco, Basis/KTX2) into packages/viewer/decoders/,
// where the viewer looks for them by default (see src/three/decoders.ts). Run by `build`, by the
// in-page tests and by the benchmark; the folder is not committed (it is three's, at three's version).
import { cpSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'decoders');

export function copyDecoders() {
  // three's `exports` hide package.json; its main module lives in build/.
  const require = createRequire(join(here, '..', 'package.json'));
  const three = resolve(dirname(require.resolve('three')), '..');
  const libs = join(three, 'examples', 'jsm', 'libs');
  mkdirSync(out, { recursive: true });
  cpSync(join(libs, 'draco', 'gltf'), join(out, 'draco'), { recursive: true });
  cpSync(join(libs, 'basis'), join(out, 'basis'), { recursive: true, filter: (src) => !src.endsWith('.md') });
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`decoders copied to ${copyDecoders()}`);
