/**
 * Decoders for compressed glTF (Draco geometry, meshopt buffers, KTX2/Basis textures), loaded only
 * when a model declares the extension that needs them: most models need none, and the decoders are
 * larger than the viewer. Their JavaScript comes as lazily imported chunks; their WebAssembly files
 * are served from `decoders/` next to the package (copied from three's own by
 * `scripts/copy-decoders.mjs`), never from a third-party CDN.
 */
import type { WebGLRenderer } from 'three';
import type { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import type { DRACOLoader } from 'three/examples/jsm/loaders/DRACOLoader.js';
import type { KTX2Loader } from 'three/examples/jsm/loaders/KTX2Loader.js';

let decoderPath = new URL(/* @vite-ignore */ '../../decoders/', import.meta.url).href;

/**
 * Sets where the decoder files (`draco/`, `basis/`) are served from, e.g. when a bundler moved the
 * viewer's code away from the package folder. Default: `decoders/` in the package folder.
 */
export function setDecoderPath(url: string | URL): void {
  decoderPath = new URL(String(url), document.baseURI).href.replace(/\/?$/, '/');
}

/** The glTF extensions whose decoders load on demand. */
export const DECODER_EXTENSIONS = {
  draco: 'KHR_draco_mesh_compression',
  meshopt: ['EXT_meshopt_compression', 'KHR_meshopt_compression'],
  ktx2: 'KHR_texture_basisu',
} as const;

let draco: DRACOLoader | undefined;
let ktx2: KTX2Loader | undefined;

/** Gives `loader` the decoders that a model using `extensions` needs, importing them on first use. */
export async function attachDecoders(loader: GLTFLoader, extensions: readonly string[], renderer: WebGLRenderer): Promise<void> {
  const uses = (name: string) => extensions.includes(name);
  const jobs: Promise<void>[] = [];
  if (uses(DECODER_EXTENSIONS.draco)) {
    jobs.push(import('three/examples/jsm/loaders/DRACOLoader.js').then(({ DRACOLoader }) => {
      draco ??= new DRACOLoader().setDecoderPath(`${decoderPath}draco/`);
      loader.setDRACOLoader(draco);
    }));
  }
  if (DECODER_EXTENSIONS.meshopt.some(uses)) {
    jobs.push(import('three/examples/jsm/libs/meshopt_decoder.module.js').then(async ({ MeshoptDecoder }) => {
      await MeshoptDecoder.ready;
      loader.setMeshoptDecoder(MeshoptDecoder);
    }));
  }
  if (uses(DECODER_EXTENSIONS.ktx2)) {
    jobs.push(import('three/examples/jsm/loaders/KTX2Loader.js').then(({ KTX2Loader }) => {
      ktx2 ??= new KTX2Loader().setTranscoderPath(`${decoderPath}basis/`).detectSupport(renderer);
      loader.setKTX2Loader(ktx2);
    }));
  }
  await Promise.all(jobs);
}

/** Ends the decoders' workers (with the shared renderer). */
export function disposeDecoders(): void {
  draco?.dispose();
  ktx2?.dispose();
  draco = undefined;
  ktx2 = undefined;
}
