/**
 * An uploaded image (a logo) projected onto a named node with three's DecalGeometry, which is
 * imported only when a product uses decals. The decal is a child of the mesh, so it follows the
 * mesh when bindings move or scale it.
 */
import { Box3, Euler, Matrix4, Mesh, MeshStandardMaterial, Object3D, SRGBColorSpace, Texture, TextureLoader, Triangle, Vector3 } from 'three';

/** The point of `mesh`'s surface closest to `point` (world space), with the face normal there. */
function closestSurfacePoint(mesh: Mesh, point: Vector3): { point: Vector3; normal: Vector3 } {
  const position = mesh.geometry.getAttribute('position');
  const index = mesh.geometry.getIndex();
  const count = index ? index.count : position.count;
  const tri = new Triangle();
  const candidate = new Vector3();
  const best = { point: point.clone(), normal: new Vector3(0, 0, 1), distance: Infinity };
  const at = (i: number, v: Vector3) => v.fromBufferAttribute(position, index ? index.getX(i) : i).applyMatrix4(mesh.matrixWorld);
  for (let i = 0; i + 2 < count; i += 3) {
    at(i, tri.a); at(i + 1, tri.b); at(i + 2, tri.c);
    tri.closestPointToPoint(point, candidate);
    const d = candidate.distanceToSquared(point);
    if (d < best.distance) {
      best.distance = d;
      best.point.copy(candidate);
      tri.getNormal(best.normal);
    }
  }
  return best;
}

export class DecalSurface {
  readonly #mesh: Mesh;
  readonly #position?: readonly number[];
  readonly #size?: readonly number[];
  #url: string | undefined;
  #decal: Mesh | undefined;
  #generation = 0;

  constructor(mesh: Mesh, position?: readonly number[], size?: readonly number[]) {
    this.#mesh = mesh;
    this.#position = position;
    this.#size = size;
  }

  /**
   * Shows the image at `url` (or none). Returns the loading work when there is some, `undefined`
   * when the decal is already as asked.
   */
  set(url: string | undefined, onWarning: (message: string) => void): Promise<void> | undefined {
    if (url === this.#url) return undefined;
    this.#url = url;
    const generation = ++this.#generation;
    this.#remove();
    return url ? this.#load(url, generation, onWarning) : undefined;
  }

  async #load(url: string, generation: number, onWarning: (message: string) => void): Promise<void> {
    let texture: Texture;
    try {
      const [{ DecalGeometry }, loaded] = await Promise.all([
        import('three/examples/jsm/geometries/DecalGeometry.js'),
        new TextureLoader().loadAsync(url),
      ]);
      texture = loaded;
      if (generation !== this.#generation) {
        texture.dispose();
        return;
      }
      texture.colorSpace = SRGBColorSpace;
      const mesh = this.#mesh;
      mesh.updateWorldMatrix(true, false);
      const box = new Box3().setFromObject(mesh);
      const target = this.#position ? new Vector3().fromArray(this.#position) : box.getCenter(new Vector3()).setZ(box.max.z);
      const { point, normal } = closestSurfacePoint(mesh, target);
      const aim = new Object3D();
      aim.position.copy(point);
      aim.lookAt(point.clone().add(normal));
      const extent = box.getSize(new Vector3());
      const side = Math.min(extent.x, extent.y) * 0.5;
      const size = this.#size ? new Vector3().fromArray(this.#size) : new Vector3(side, side, side);
      const geometry = new DecalGeometry(mesh, point, new Euler().copy(aim.rotation), size);
      const material = new MeshStandardMaterial({ map: texture, transparent: true, depthTest: true, depthWrite: false, polygonOffset: true, polygonOffsetFactor: -4, roughness: 0.6 });
      const decal = new Mesh(geometry, material);
      decal.name = 'c2m-decal';
      // The geometry is in world space: parent it to the mesh with the inverse of its current placement.
      decal.matrixAutoUpdate = false;
      decal.matrix.copy(new Matrix4().copy(mesh.matrixWorld).invert());
      mesh.add(decal);
      this.#decal = decal;
    } catch (cause) {
      if (generation === this.#generation) onWarning(`the image for the decal on '${this.#mesh.name}' could not be loaded (${cause instanceof Error ? cause.message : String(cause)})`);
    }
  }

  #remove(): void {
    const decal = this.#decal;
    if (!decal) return;
    decal.removeFromParent();
    decal.geometry.dispose();
    const material = decal.material as MeshStandardMaterial;
    material.map?.dispose();
    material.dispose();
    this.#decal = undefined;
  }

  dispose(): void {
    this.#generation++;
    this.#remove();
  }
}
