/**
 * Scene bindings that name nothing: an option or value that does not exist (or cannot take a value),
 * and — when the product's 3D model is a local glTF/GLB file — a material variant, material, node, mesh
 * or morph target the model does not contain.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ProductFile } from '@c2m/rules';
import type { LintFinding } from './finding.js';

/** The names a glTF asset defines. */
export interface GltfNames {
  nodes: Set<string>;
  materials: Set<string>;
  meshes: Set<string>;
  variants: Set<string>;
  /** mesh name → morph target names (from `extras.targetNames`). */
  targets: Map<string, Set<string>>;
}

/** Reads the JSON of a .gltf file or of a GLB's first chunk. */
export function gltfJson(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 20 && view.getUint32(0, true) === 0x46546c67) {
    const length = view.getUint32(12, true);
    if (view.getUint32(16, true) !== 0x4e4f534a || 20 + length > bytes.length) throw new Error('the GLB has no JSON chunk');
    return JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + length)));
  }
  return JSON.parse(new TextDecoder().decode(bytes));
}

export function gltfNames(json: unknown): GltfNames {
  const doc = (json ?? {}) as {
    nodes?: Array<{ name?: string }>;
    materials?: Array<{ name?: string }>;
    meshes?: Array<{ name?: string; extras?: { targetNames?: string[] } }>;
    extensions?: { KHR_materials_variants?: { variants?: Array<{ name?: string }> } };
  };
  const names = (xs: Array<{ name?: string }> | undefined) => new Set((xs ?? []).map((x) => x.name).filter((n): n is string => typeof n === 'string'));
  const targets = new Map<string, Set<string>>();
  for (const m of doc.meshes ?? []) if (m.name) targets.set(m.name, new Set(m.extras?.targetNames ?? []));
  return {
    nodes: names(doc.nodes),
    materials: names(doc.materials),
    meshes: names(doc.meshes),
    variants: names(doc.extensions?.KHR_materials_variants?.variants),
    targets,
  };
}

/** Loads the names of the product's model when it is a local file next to the product file. */
export async function loadModelNames(file: ProductFile, productPath: string, cwd: string): Promise<GltfNames | undefined> {
  const model = file.product.model;
  if (!model || /^[a-z][a-z0-9+.-]*:/i.test(model) || !/\.(gltf|glb)$/i.test(model)) return undefined;
  try {
    return gltfNames(gltfJson(await readFile(resolve(cwd, dirname(productPath), model))));
  } catch {
    return undefined;
  }
}

export function bindingFindings(file: ProductFile, names?: GltfNames): LintFinding[] {
  const findings: LintFinding[] = [];
  const scene = file.scene;
  if (!scene) return findings;
  const options = new Map(file.options.map((o) => [o.id, o]));
  const add = (path: Array<string | number>, message: string) => findings.push({ rule: 'binding-names-nothing', severity: 'warning', path, message });
  scene.bindings.forEach((b, i) => {
    const option = options.get(b.option);
    if (!option) add(['scene', 'bindings', i, 'option'], `binds option "${b.option}", which does not exist`);
    else if (option.type === 'choice' || option.type === 'boolean') {
      if (b.value === undefined) add(['scene', 'bindings', i], `binds ${option.type} option "${b.option}" without saying for which value`);
      else if (option.type === 'choice' && !option.values.some((v) => v.id === b.value)) add(['scene', 'bindings', i, 'value'], `binds value "${String(b.value)}", which option "${b.option}" does not have`);
      else if (option.type === 'boolean' && typeof b.value !== 'boolean') add(['scene', 'bindings', i, 'value'], `binds boolean option "${b.option}" to "${String(b.value)}" (use true or false)`);
    } else if (b.value !== undefined) add(['scene', 'bindings', i, 'value'], `gives a value for ${option.type} option "${b.option}", which has no values to bind`);
    if (!names) return;
    b.actions.forEach((a, j) => {
      const at = ['scene', 'bindings', i, 'actions', j];
      const missing = (kind: string, name: string) => add(at, `${kind} "${name}" is not in the 3D model ${file.product.model}`);
      switch (a.type) {
        case 'variant':
          if (!names.variants.has(a.name)) missing('material variant', a.name);
          break;
        case 'material':
          if (!names.materials.has(a.material)) missing('material', a.material);
          break;
        case 'visibility':
          for (const n of a.nodes) if (!names.nodes.has(n)) missing('node', n);
          break;
        case 'morph':
          if (!names.meshes.has(a.mesh)) missing('mesh', a.mesh);
          else if (!names.targets.get(a.mesh)?.has(a.target)) missing(`morph target of mesh "${a.mesh}"`, a.target);
          break;
        case 'scale':
        case 'text':
        case 'decal':
          if (!names.nodes.has(a.node)) missing('node', a.node);
          break;
      }
    });
  });
  scene.cameras.forEach((cam, i) => {
    if (!options.has(cam.option)) add(['scene', 'cameras', i, 'option'], `focuses option "${cam.option}", which does not exist`);
  });
  return findings;
}
