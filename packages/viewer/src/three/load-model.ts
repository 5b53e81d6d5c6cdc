/**
 * Fetching and parsing a glTF/GLB model: progress while the bytes arrive, the decoders the file
 * declares (and only those), every material variant ready before the first frame (so that switching
 * one later is immediate), and errors that say what went wrong with which URL.
 */
import type { Material, Mesh, Object3D, WebGLRenderer } from 'three';
import { GLTFLoader, type GLTFParser } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { attachDecoders } from './decoders.js';
import { disposeObject } from './dispose.js';

/** A model that could not be fetched or is not a valid glTF/GLB file. */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
}

/** One mesh's material per KHR_materials_variants variant index. */
export type VariantMap = Map<Mesh, Map<number, Material>>;

/** A loaded model and what the bindings need to find its parts by their glTF names. */
export interface LoadedModel {
  readonly root: Object3D;
  readonly parser: GLTFParser;
  /** KHR_materials_variants variant names, by index. */
  readonly variants: readonly string[];
  /** For each mesh with variant mappings: its material per variant. */
  readonly variantMaterials: VariantMap;
  /** Bytes transferred for the model file. */
  readonly bytes: number;
  dispose(): void;
}

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (loaded: number, total: number | undefined) => void;
}

const GLB_MAGIC = 0x46546c67; // 'glTF'

/** The `extensionsUsed` of a glTF (JSON) or GLB file, read before parsing to pick the decoders. */
export function extensionsUsed(bytes: ArrayBuffer): string[] {
  const view = new DataView(bytes);
  let json: string;
  if (bytes.byteLength >= 20 && view.getUint32(0, true) === GLB_MAGIC) {
    const length = view.getUint32(12, true);
    json = new TextDecoder().decode(new Uint8Array(bytes, 20, Math.min(length, bytes.byteLength - 20)));
  } else {
    json = new TextDecoder().decode(bytes);
  }
  try {
    const used = (JSON.parse(json) as { extensionsUsed?: unknown }).extensionsUsed;
    return Array.isArray(used) ? used.filter((e): e is string => typeof e === 'string') : [];
  } catch {
    return []; // the parser reports the broken file with its own message
  }
}

async function fetchBytes(url: string, options: LoadOptions): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: options.signal });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new ModelLoadError(`The 3D model ${url} could not be fetched (network error).`, { cause });
  }
  if (!response.ok) throw new ModelLoadError(`The 3D model ${url} could not be loaded: the server answered ${response.status}.`);
  const header = Number(response.headers.get('content-length'));
  const total = Number.isFinite(header) && header > 0 && !response.headers.get('content-encoding') ? header : undefined;
  if (!response.body) return response.arrayBuffer();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  options.onProgress?.(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    options.onProgress?.(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return bytes.buffer;
}

interface VariantsExtension {
  variants?: Array<{ name?: string }>;
  mappings?: Array<{ material: number; variants: number[] }>;
}

/** Fetches and parses the model at `url`. Rejects with `ModelLoadError` (or the abort reason). */
export async function loadModel(url: string, renderer: WebGLRenderer, options: LoadOptions = {}): Promise<LoadedModel> {
  const bytes = await fetchBytes(url, options);
  const loader = new GLTFLoader();
  await attachDecoders(loader, extensionsUsed(bytes), renderer);
  options.signal?.throwIfAborted();
  let gltf;
  try {
    gltf = await loader.parseAsync(bytes, new URL('./', url).href);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ModelLoadError(`The 3D model ${url} is not a valid glTF/GLB file: ${reason}`, { cause });
  }
  const { parser } = gltf;
  const root = gltf.scene;
  const ext = parser.json.extensions?.KHR_materials_variants as VariantsExtension | undefined;
  const variants = (ext?.variants ?? []).map((v, i) => v.name ?? `variant ${i}`);
  // KHR_node_visibility: parts delivered hidden (the alternatives a binding shows). three.js keeps the
  // extension it does not know in userData.
  root.traverse((object) => {
    if ((object.userData.gltfExtensions?.KHR_node_visibility as { visible?: boolean } | undefined)?.visible === false) object.visible = false;
  });
  const variantMaterials: VariantMap = new Map();
  const pending: Promise<void>[] = [];
  root.traverse((object) => {
    const mappings = (object.userData.gltfExtensions?.KHR_materials_variants as VariantsExtension | undefined)?.mappings;
    if (!mappings || !(object as Mesh).isMesh) return;
    const byVariant = new Map<number, Material>();
    variantMaterials.set(object as Mesh, byVariant);
    for (const m of mappings) {
      pending.push(parser.getDependency('material', m.material).then((material: Material) => {
        for (const v of m.variants) byVariant.set(v, material);
      }));
    }
  });
  try {
    await Promise.all(pending);
  } catch (cause) {
    disposeObject(root);
    throw new ModelLoadError(`The 3D model ${url} has a material variant that cannot be loaded.`, { cause });
  }
  const extraMaterials = new Set<Material>();
  for (const byVariant of variantMaterials.values()) for (const m of byVariant.values()) extraMaterials.add(m);
  return {
    root,
    parser,
    variants,
    variantMaterials,
    bytes: bytes.byteLength,
    dispose() {
      disposeObject(root, extraMaterials);
    },
  };
}
