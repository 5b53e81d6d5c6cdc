/** Helpers to put geometry, materials and nodes into a glTF-Transform document. */
import { Document, type Material, type Mesh, type Node, type Texture } from '@gltf-transform/core';
import type { Geometry, Vec3 } from './geometry.js';

export class ModelBuilder {
  readonly doc = new Document();
  readonly buffer = this.doc.createBuffer();
  readonly scene = this.doc.createScene('Scene');

  constructor(generator: string) {
    this.doc.getRoot().getAsset().generator = generator;
  }

  texture(name: string, png: Uint8Array): Texture {
    return this.doc.createTexture(name).setMimeType('image/png').setImage(png);
  }

  material(name: string, color: string, options: { roughness?: number; metalness?: number; map?: Texture; alpha?: boolean; doubleSided?: boolean } = {}): Material {
    const hex = parseInt(color.slice(1), 16);
    // glTF colour factors are linear; the hex colours here are sRGB, as designers write them.
    const lin = (c: number) => { const s = c / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    const m = this.doc.createMaterial(name)
      .setBaseColorFactor([lin((hex >> 16) & 255), lin((hex >> 8) & 255), lin(hex & 255), 1])
      .setRoughnessFactor(options.roughness ?? 0.7)
      .setMetallicFactor(options.metalness ?? 0)
      .setDoubleSided(options.doubleSided ?? false);
    if (options.map) m.setBaseColorTexture(options.map);
    if (options.alpha) m.setAlphaMode('BLEND');
    return m;
  }

  #accessor(array: Float32Array | Uint16Array | Uint32Array, type: 'VEC3' | 'VEC2' | 'SCALAR') {
    return this.doc.createAccessor().setArray(array).setType(type).setBuffer(this.buffer);
  }

  /** A mesh of one primitive; `morphs` are whole alternative shapes (same vertex order) by name. */
  mesh(name: string, g: Geometry, material: Material, morphs: Record<string, Geometry> = {}): Mesh {
    const vertices = g.positions.length / 3;
    const prim = this.doc.createPrimitive()
      .setAttribute('POSITION', this.#accessor(new Float32Array(g.positions), 'VEC3'))
      .setAttribute('NORMAL', this.#accessor(new Float32Array(g.normals), 'VEC3'))
      .setAttribute('TEXCOORD_0', this.#accessor(new Float32Array(g.uvs), 'VEC2'))
      .setIndices(this.#accessor(vertices > 65535 ? new Uint32Array(g.indices) : new Uint16Array(g.indices), 'SCALAR'))
      .setMaterial(material);
    const mesh = this.doc.createMesh(name).addPrimitive(prim);
    const names = Object.keys(morphs);
    for (const target of names) {
      const shape = morphs[target]!;
      if (shape.positions.length !== g.positions.length) throw new Error(`morph ${name}/${target}: vertex count differs`);
      const delta = new Float32Array(shape.positions.map((v, i) => v - g.positions[i]!));
      prim.addTarget(this.doc.createPrimitiveTarget(target).setAttribute('POSITION', this.#accessor(delta, 'VEC3')));
    }
    if (names.length > 0) {
      mesh.setWeights(names.map(() => 0));
      mesh.setExtras({ targetNames: names });
    }
    return mesh;
  }

  /** A node, optionally with a mesh, a position, children, hidden (scale 0 is not used: see `visible`). */
  node(name: string, options: { mesh?: Mesh; at?: Vec3; children?: Node[] } = {}): Node {
    const n = this.doc.createNode(name);
    if (options.mesh) n.setMesh(options.mesh);
    if (options.at) n.setTranslation(options.at);
    for (const c of options.children ?? []) n.addChild(c);
    return n;
  }
}
