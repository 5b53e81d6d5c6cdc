/** Bounds of what is shown: visible meshes only, with their current morph weights. */
import { Box3, Vector3, type Mesh, type Object3D } from 'three';

const point = new Vector3();

/**
 * The world-space box of the visible meshes under `root`, vertex by vertex. three's own bounds
 * include every morph target at full weight and hidden parts, which would put the shadow and the
 * framing around shapes that are not on screen.
 */
export function visibleBounds(root: Object3D, target = new Box3()): Box3 {
  target.makeEmpty();
  root.updateWorldMatrix(true, true);
  root.traverseVisible((object) => {
    const mesh = object as Mesh;
    const position = mesh.isMesh ? mesh.geometry.getAttribute('position') : undefined;
    if (!position) return;
    for (let i = 0; i < position.count; i++) target.expandByPoint(mesh.getVertexPosition(i, point).applyMatrix4(mesh.matrixWorld));
  });
  return target;
}
