// Server-side commands for the viewer's in-page tests (run in Node by @web/test-runner; a test calls
// them with executeServerCommand): the Khronos validator on the demo models, the check that the
// committed models are what scripts/make-assets.ts builds, compressed copies of a model (Draco,
// meshopt) to exercise the lazily loaded decoders, and saving screenshots for the docs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeIO } from '@gltf-transform/core';
import { KHRDracoMeshCompression, EXTMeshoptCompression, KHRMaterialsVariants, KHRNodeVisibility } from '@gltf-transform/extensions';
import { validateBytes } from 'gltf-validator';
import draco3d from 'draco3dgltf';
import { MeshoptEncoder } from 'meshoptimizer';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '..');
const root = resolve(pkg, '../..');
const models = join(root, 'packages', 'rules', 'examples', 'models');
const outDir = join(pkg, 'test-output');

async function compress(name, method) {
  const io = new NodeIO().registerExtensions([KHRDracoMeshCompression, EXTMeshoptCompression, KHRMaterialsVariants, KHRNodeVisibility]);
  await MeshoptEncoder.ready;
  io.registerDependencies({ 'draco3d.encoder': await draco3d.createEncoderModule(), 'meshopt.encoder': MeshoptEncoder });
  const doc = await io.readBinary(new Uint8Array(readFileSync(join(models, name))));
  if (method === 'draco') doc.createExtension(KHRDracoMeshCompression).setRequired(true);
  else doc.createExtension(EXTMeshoptCompression).setRequired(true).setEncoderOptions({ method: EXTMeshoptCompression.EncoderMethod.FILTER });
  const bytes = await io.writeBinary(doc);
  mkdirSync(outDir, { recursive: true });
  const file = `${name.replace(/\.glb$/, '')}.${method}.glb`;
  writeFileSync(join(outDir, file), bytes);
  return `/packages/viewer/test-output/${file}`;
}

const commands = {
  /** The Khronos glTF validator's verdict on one demo model. */
  async 'c2m-validate-model'({ name }) {
    const bytes = new Uint8Array(readFileSync(join(models, name)));
    const report = await validateBytes(bytes, { maxIssues: 100, writeTimestamp: false });
    return { errors: report.issues.numErrors, warnings: report.issues.numWarnings, messages: report.issues.messages.filter((m) => m.severity <= 1) };
  },
  /** Whether the committed models are exactly what the generator builds. */
  'c2m-check-assets'() {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'make-assets.ts'), '--check'], { cwd: root, encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  },
  /** A Draco- or meshopt-compressed copy of a demo model; answers its URL. */
  'c2m-compressed-model'({ name, method }) {
    return compress(name, method);
  },
  /** Saves a PNG (base64) under docs/shops/images when C2M_SCREENSHOTS=1 (`pnpm --filter @c2m/viewer screenshots`). */
  'c2m-save-screenshot'({ name, data }) {
    if (process.env.C2M_SCREENSHOTS !== '1') return false;
    const dir = join(root, 'docs', 'shops', 'images');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.png`), Buffer.from(data, 'base64'));
    return true;
  },
};

/** The @web/test-runner plugin answering the commands above. */
export function viewerCommands() {
  return {
    name: 'c2m-viewer-commands',
    async executeCommand({ command, payload }) {
      const run = commands[command];
      return run ? run(payload ?? {}) : undefined;
    },
  };
}
