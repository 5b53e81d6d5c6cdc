/**
 * The stoneware mug of examples/mug.json, 300 ml at regular size. Names the product file binds:
 * - materials `Glaze` (body and handle), `Gold` (the rim), `Engraving` (white: the text's colour
 *   comes from the binding);
 * - meshes `Body`, `Handle`, `GoldRim`, `EngravingDecal`, each with morph targets `Espresso` and
 *   `Large` (the three sizes share one model);
 * - nodes `Handle`, `GoldRim` (hidden in the file), `EngravingDecal` (a strip round the front).
 */
import type { Document } from '@gltf-transform/core';
import { ModelBuilder } from './build.js';
import { lathe, merge, rod, type Geometry } from './geometry.js';
import { hide } from './visibility.js';

type Size = { r: number; h: number };
const SIZES: Record<'regular' | 'espresso' | 'large', Size> = {
  regular: { r: 0.042, h: 0.095 },
  espresso: { r: 0.032, h: 0.065 },
  large: { r: 0.048, h: 0.115 },
};

function body({ r, h }: Size): Geometry {
  const wall = 0.004;
  // Outside up, over the lip, inside down to the floor: one surface.
  return lathe([[0.0001, 0], [r - 0.006, 0], [r, 0.006], [r, h - 0.002], [r - wall / 2, h], [r - wall, h - 0.002], [r - wall, 0.01], [0.0001, 0.01]], 48);
}

function handle({ r, h }: Size): Geometry {
  const points: Array<[number, number, number]> = [];
  for (let i = 0; i <= 12; i++) {
    const a = -Math.PI / 2 + (Math.PI * i) / 12;
    points.push([r - 0.002 + Math.cos(a) * 0.028, h * 0.5 + Math.sin(a) * h * 0.3, 0]);
  }
  return merge(...points.slice(1).map((p, i) => rod(points[i]!, p, 0.0055, 10)));
}

const rim = ({ r, h }: Size): Geometry => lathe([[r + 0.0002, h - 0.006], [r + 0.0004, h - 0.002], [r - 0.002, h + 0.0004], [r - 0.0042, h - 0.002]], 48);
const engraving = ({ r, h }: Size): Geometry => lathe([[r + 0.0006, h * 0.35], [r + 0.0006, h * 0.55]], 16, 1.3);

export function buildMug(): Document {
  const b = new ModelBuilder('c2m make-assets: mug');
  const glaze = b.material('Glaze', '#9fbfa8', { roughness: 0.2 });
  const gold = b.material('Gold', '#d4af37', { roughness: 0.25, metalness: 1 });
  const engraved = b.material('Engraving', '#ffffff', { roughness: 0.6, alpha: true });
  const sized = (make: (s: Size) => Geometry) => ({ base: make(SIZES.regular), morphs: { Espresso: make(SIZES.espresso), Large: make(SIZES.large) } });
  const part = (name: string, make: (s: Size) => Geometry, material: typeof glaze) => {
    const { base, morphs } = sized(make);
    return b.node(name, { mesh: b.mesh(name, base, material, morphs) });
  };
  const bodyNode = part('Body', body, glaze);
  const handleNode = part('Handle', handle, glaze);
  const rimNode = part('GoldRim', rim, gold);
  const engravingNode = part('EngravingDecal', engraving, engraved);
  b.scene.addChild(b.node('Mug', { children: [bodyNode, handleNode, rimNode, engravingNode] }));
  hide(b.doc, rimNode);
  return b.doc;
}
