// Server-side commands for the viewer's in-page tests (run in Node by @web/test-runner; a test calls
// them with executeServerCommand): the Khronos validator on the demo models, the check that the
// committed models are what scripts/make-assets.ts builds, compressed copies of a model (Draco,
// meshopt) and a KTX2-textured model to exercise the lazily loaded decoders, and saving screenshots
// for the docs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, NodeIO } from '@gltf-transform/core';
import { KHRDracoMeshCompression, EXTMeshoptCompression, KHRMaterialsVariants, KHRNodeVisibility, KHRTextureBasisu } from '@gltf-transform/extensions';
import { encodeToKTX2 } from 'ktx2-encoder';
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

/**
 * A square card (1 × 1 m, facing +Z) whose base colour is a KTX2 texture (Basis Universal ETC1S,
 * encoded here by the Basis encoder's WebAssembly build from the ktx2-encoder package): the left half
 * red, the right half blue. Answers its URL; the viewer needs its KTX2 transcoder to show it.
 */
async function ktx2Model() {
  const size = 64;
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) rgba.set(x < size / 2 ? [220, 30, 30, 255] : [30, 30, 220, 255], (y * size + x) * 4);
  }
  // The encoder takes raw pixels through its image decoder: ours answers the pixels made above.
  const ktx2 = await encodeToKTX2(new Uint8Array(1), { isUASTC: false, generateMipmap: true, enableDebug: false, imageDecoder: async () => ({ data: rgba, width: size, height: size }) });
  const doc = new Document();
  doc.createExtension(KHRTextureBasisu).setRequired(true);
  const buffer = doc.createBuffer();
  const texture = doc.createTexture('halves').setMimeType('image/ktx2').setImage(new Uint8Array(ktx2)).setURI('halves.ktx2');
  const material = doc.createMaterial('Card').setBaseColorTexture(texture).setRoughnessFactor(1).setMetallicFactor(0);
  const accessor = (type, array) => doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const primitive = doc.createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', new Float32Array([-0.5, 0, 0, 0.5, 0, 0, 0.5, 1, 0, -0.5, 1, 0])))
    .setAttribute('NORMAL', accessor('VEC3', new Float32Array([0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1])))
    .setAttribute('TEXCOORD_0', accessor('VEC2', new Float32Array([0, 1, 1, 1, 1, 0, 0, 0])))
    .setIndices(accessor('SCALAR', new Uint16Array([0, 1, 2, 0, 2, 3])))
    .setMaterial(material);
  const node = doc.createNode('Card').setMesh(doc.createMesh('Card').addPrimitive(primitive));
  doc.createScene('Scene').addChild(node);
  const bytes = await new NodeIO().registerExtensions([KHRTextureBasisu]).writeBinary(doc);
  const report = await validateBytes(bytes, { maxIssues: 100, writeTimestamp: false });
  if (report.issues.numErrors > 0) throw new Error(`the KTX2 test model is not valid glTF: ${JSON.stringify(report.issues.messages)}`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'card.ktx2.glb'), bytes);
  return { url: '/packages/viewer/test-output/card.ktx2.glb', textureBytes: ktx2.byteLength, warnings: report.issues.messages.filter((m) => m.severity === 1) };
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
  /** A KTX2-textured card; answers `{ url, textureBytes, warnings }` (the validator's warnings). */
  'c2m-ktx2-model'() {
    return ktx2Model();
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
