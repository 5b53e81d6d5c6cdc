/** Frees the GPU resources of objects the viewer created or loaded. */
import type { Material, Mesh, Object3D, Texture } from 'three';

/** Disposes a material and every texture it holds. */
export function disposeMaterial(material: Material): void {
  for (const value of Object.values(material)) {
    if (value && typeof value === 'object' && (value as Texture).isTexture) (value as Texture).dispose();
  }
  material.dispose();
}

/**
 * Disposes every geometry, material and texture under `root`, plus `materials` that are not in the
 * scene at the moment (e.g. material variants not shown). Each is disposed once.
 */
export function disposeObject(root: Object3D, materials: Iterable<Material> = []): void {
  const all = new Set<Material>(materials);
  root.traverse((object) => {
    const mesh = object as Mesh;
    if (!mesh.isMesh) return;
    mesh.geometry?.dispose();
    for (const m of Array.isArray(mesh.material) ? mesh.material : [mesh.material]) if (m) all.add(m);
  });
  for (const m of all) disposeMaterial(m);
  root.removeFromParent();
}
