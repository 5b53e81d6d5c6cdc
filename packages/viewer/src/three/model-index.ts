/**
 * Finds a model's parts by the names a manufacturer sees in their 3D tool: glTF node, mesh and
 * material names exactly as written in the file (three.js renames nodes to sanitized, unique names;
 * the original is kept by the loader and used here).
 */
import type { Material, Mesh, Object3D } from 'three';
import type { LoadedModel } from './load-model.js';

function add<T>(map: Map<string, T[]>, name: string | undefined, item: T): void {
  if (!name) return;
  const list = map.get(name);
  if (!list) map.set(name, [item]);
  else if (!list.includes(item)) list.push(item);
}

/** The meshes at or under each of `objects`. */
export function meshesOf(objects: readonly Object3D[]): Mesh[] {
  const out: Mesh[] = [];
  for (const o of objects) o.traverse((x) => { if ((x as Mesh).isMesh && !out.includes(x as Mesh)) out.push(x as Mesh); });
  return out;
}

export class ModelIndex {
  readonly nodes = new Map<string, Object3D[]>();
  readonly meshes = new Map<string, Mesh[]>();
  readonly materials = new Map<string, Material[]>();

  constructor(model: LoadedModel) {
    const json = model.parser.json as { meshes?: Array<{ name?: string }>; nodes?: Array<{ name?: string }> };
    model.root.traverse((object) => {
      const ref = model.parser.associations.get(object);
      const nodeName = ref?.nodes !== undefined ? json.nodes?.[ref.nodes]?.name : (object.userData.name as string | undefined);
      add(this.nodes, nodeName ?? object.name, object);
      if (ref?.meshes !== undefined) {
        for (const mesh of meshesOf([object])) add(this.meshes, json.meshes?.[ref.meshes]?.name, mesh);
      }
      const mesh = object as Mesh;
      if (mesh.isMesh) for (const m of Array.isArray(mesh.material) ? mesh.material : [mesh.material]) add(this.materials, m.name, m);
    });
    for (const byVariant of model.variantMaterials.values()) for (const m of byVariant.values()) add(this.materials, m.name, m);
  }

  /** Meshes named `name` as a glTF mesh, or else the meshes of the node named `name`. */
  meshesNamed(name: string): Mesh[] {
    return this.meshes.get(name) ?? meshesOf(this.nodes.get(name) ?? []);
  }
}
