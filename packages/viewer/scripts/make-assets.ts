/**
 * Builds the demo models of the example products (packages/rules/examples/models/*.glb) in code:
 * a made-to-measure suit jacket, a solid-wood table and a mug, with the node, mesh, material and
 * variant names their product files' `scene` bindings use. Deterministic: the committed files are
 * exactly what this script writes (`--check` compares instead of writing; the tests run it).
 *
 *   pnpm --filter @c2m/viewer assets          # write
 *   pnpm --filter @c2m/viewer assets --check  # exit 1 when a committed file differs
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeIO, type Document } from '@gltf-transform/core';
import { KHRMaterialsVariants, KHRNodeVisibility } from '@gltf-transform/extensions';
import { buildTable } from './assets/table.js';
import { buildSuit } from './assets/suit.js';
import { buildMug } from './assets/mug.js';

/** Where the example product files expect their models (`product.model` is relative to the file). */
export const modelsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules', 'examples', 'models');

export const builders: Record<string, () => Document> = {
  'table.glb': buildTable,
  'suit.glb': buildSuit,
  'mug.glb': buildMug,
};

/** Every demo model as GLB bytes, by file name. */
export async function makeAssets(): Promise<Map<string, Uint8Array>> {
  const io = new NodeIO().registerExtensions([KHRMaterialsVariants, KHRNodeVisibility]);
  const out = new Map<string, Uint8Array>();
  for (const [name, build] of Object.entries(builders)) out.set(name, await io.writeBinary(build()));
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const assets = await makeAssets();
  let stale = 0;
  mkdirSync(modelsDir, { recursive: true });
  for (const [name, bytes] of assets) {
    const path = join(modelsDir, name);
    if (check) {
      const same = existsSync(path) && Buffer.compare(readFileSync(path), Buffer.from(bytes)) === 0;
      if (!same) {
        stale++;
        console.error(`${path} differs from what scripts/make-assets.ts builds: run 'pnpm --filter @c2m/viewer assets'`);
      }
    } else {
      writeFileSync(path, bytes);
      console.log(`${path}: ${(bytes.byteLength / 1024).toFixed(1)} KB`);
    }
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
