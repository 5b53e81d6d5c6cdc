/**
 * The solid-wood dining table of examples/oak-table.json, modelled at 1800 × 900 × 750 mm with a
 * 40 mm top. Names the product file binds:
 * - materials `Wood` (light grain texture, tinted per species) and `Steel`;
 * - node `Top` (underside at 710 mm) holding `Top_Rectangle` (morph targets `Chamfer`, `KnifeEdge`),
 *   `Top_Rounded`, `Top_Oval`, `Top_Boat`, and `Leaf_Runner` (the extension leaf's joint);
 * - node `Base` holding the legs, which reach 750 mm (into the top, so no gap at any thickness):
 *   `Corner_FL/FR/BL/BR` (moved outward by width and depth) with `Leg_Tapered_*` and `Leg_Hairpin_*`,
 *   `End_L/End_R` (moved by width) with `Trestle_*`, `AFrame_*`, `UFrame_*`, and `Pedestal`.
 * Every alternative part is hidden in the file (KHR_node_visibility); bindings show the chosen one.
 */
import type { Document, Node } from '@gltf-transform/core';
import { ModelBuilder } from './build.js';
import { box, cylinder, merge, outline, prism, rod, tube, type Geometry } from './geometry.js';
import { woodGrain } from './png.js';
import { hide } from './visibility.js';

const W = 1.8, D = 0.9, T = 0.04, UNDER = 0.71, LEG = 0.75;
const INSET_X = 0.05, INSET_Z = 0.05;

/** The top face's outline moved in by `inset` at the top (`Chamfer`) or the bottom (`KnifeEdge`). */
function edgeMorph(g: Geometry, y: number, inset: number): Geometry {
  const positions = g.positions.slice();
  for (let i = 0; i < positions.length; i += 3) {
    if (Math.abs(positions[i + 1]! - y) > 1e-9) continue;
    positions[i] -= Math.sign(positions[i]!) * inset;
    positions[i + 2] -= Math.sign(positions[i + 2]!) * inset;
  }
  return { ...g, positions };
}

export function buildTable(): Document {
  const b = new ModelBuilder('c2m make-assets: table');
  const grain = b.texture('WoodGrain', woodGrain());
  const wood = b.material('Wood', '#c49a6c', { roughness: 0.7, map: grain });
  const steel = b.material('Steel', '#2a2a2a', { roughness: 0.5, metalness: 0.6 });
  const joint = b.material('Leaf_Joint', '#2b1d12', { roughness: 0.9 });

  const slab = box([-W / 2, 0, -D / 2], [W / 2, T, D / 2], 0.6);
  const rectangle = b.node('Top_Rectangle', { mesh: b.mesh('Top_Rectangle', slab, wood, { Chamfer: edgeMorph(slab, T, 0.01), KnifeEdge: edgeMorph(slab, 0, 0.035) }) });
  const shaped = (['rounded', 'oval', 'boat'] as const).map((shape) => {
    const name = `Top_${shape[0]!.toUpperCase()}${shape.slice(1)}`;
    return b.node(name, { mesh: b.mesh(name, prism(outline(shape, W, D), 0, T, 0.6), wood) });
  });
  const leaf = b.node('Leaf_Runner', { mesh: b.mesh('Leaf_Runner', box([-0.003, T, -D / 2], [0.003, T + 0.0008, D / 2]), joint) });
  const top = b.node('Top', { at: [0, UNDER, 0], children: [rectangle, ...shaped, leaf] });

  const hidden: Node[] = [...shaped, leaf];
  const corners = ([['FL', -1, 1], ['FR', 1, 1], ['BL', -1, -1], ['BR', 1, -1]] as const).map(([c, sx, sz]) => {
    const tapered = b.node(`Leg_Tapered_${c}`, { mesh: b.mesh(`Leg_Tapered_${c}`, box([-0.03, 0, -0.03], [0.03, LEG, 0.03], 0.4, 0.55, 'bottom'), wood) });
    const hairpin = b.node(`Leg_Hairpin_${c}`, { mesh: b.mesh(`Leg_Hairpin_${c}`, tube([[-0.05 * sx, LEG, 0], [0, 0.005, 0.02 * sz], [0.05 * sx, LEG, 0.04 * sz]], 0.006, 8), steel) });
    hidden.push(tapered, hairpin);
    return b.node(`Corner_${c}`, { at: [sx * (W / 2 - INSET_X), 0, sz * (D / 2 - INSET_Z)], children: [tapered, hairpin] });
  });
  const ends = (['L', 'R'] as const).map((s) => {
    const x = s === 'L' ? -1 : 1;
    const trestle = b.node(`Trestle_${s}`, {
      mesh: b.mesh(`Trestle_${s}`, merge(
        box([-0.035, 0.05, -0.05], [0.035, LEG - 0.06, 0.05], 0.4),
        box([-0.04, 0, -0.38], [0.04, 0.05, 0.38], 0.4),
        box([-0.04, LEG - 0.06, -0.38], [0.04, LEG, 0.38], 0.4),
      ), wood),
    });
    const aFrame = b.node(`AFrame_${s}`, {
      mesh: b.mesh(`AFrame_${s}`, merge(
        tube([[0, 0, -0.38], [0, LEG - 0.01, -0.04], [0, LEG - 0.01, 0.04], [0, 0, 0.38]], 0.015),
        rod([0, LEG - 0.012, -0.38], [0, LEG - 0.012, 0.38], 0.015),
        rod([0, 0.3, -0.23], [0, 0.3, 0.23], 0.012),
      ), steel),
    });
    const uFrame = b.node(`UFrame_${s}`, {
      mesh: b.mesh(`UFrame_${s}`, merge(
        tube([[0, LEG - 0.015, -0.36], [0, 0.015, -0.36], [0, 0.015, 0.36], [0, LEG - 0.015, 0.36]], 0.018),
        rod([0, LEG - 0.015, -0.36], [0, LEG - 0.015, 0.36], 0.018),
      ), steel),
    });
    hidden.push(trestle, aFrame, uFrame);
    return b.node(`End_${s}`, { at: [x * (W / 2 - 0.15), 0, 0], children: [trestle, aFrame, uFrame] });
  });
  const pedestal = b.node('Pedestal', {
    mesh: b.mesh('Pedestal', merge(cylinder(0.09, 0.07, 0.04, LEG, 32), cylinder(0.3, 0.26, 0, 0.04, 48), cylinder(0.25, 0.25, LEG - 0.03, LEG, 48)), wood),
  });
  hidden.push(pedestal);
  const base = b.node('Base', { children: [...corners, ...ends, pedestal] });
  b.scene.addChild(b.node('Table', { children: [top, base] }));
  hide(b.doc, ...hidden);
  return b.doc;
}
