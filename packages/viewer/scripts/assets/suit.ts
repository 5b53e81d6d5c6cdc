/**
 * The made-to-measure suit of examples/suit.yaml as a ghost mannequin: jacket and trousers,
 * modelled at the sample size (chest 100, shoulder 46, sleeve 64, jacket length 76, waist 86,
 * inside leg 82 cm). Names the product file binds:
 * - material variants (KHR_materials_variants): one per cloth, named as the `fabric` value ids, on
 *   every cloth mesh; `satin-facings` on the lapels only (the dinner jacket);
 * - materials `Lining`, `Buttons`, `Monogram_Thread`;
 * - nodes `Lapel_Notch`, `Lapel_Peak`, `Lapel_Shawl` (each with morph target `Width`),
 *   `Buttons_1`, `Buttons_2`, `Buttons_3`, `Buttons_6x2`, `Buttons_4x2`, pockets, vents, trouser
 *   details, `Waistcoat`, `Lining_Body`, and `Monogram` (on the left cuff, where the text goes);
 * - measured parts: `Jacket_Body`, `Shoulders`, `Sleeves` (with `Sleeve_L`, `Sleeve_R`),
 *   `Trousers_Waist`, `Trousers_Seat`, `Trouser_Legs`.
 */
import type { Document, Material, Mesh, Node } from '@gltf-transform/core';
import { KHRMaterialsVariants } from '@gltf-transform/extensions';
import { ModelBuilder } from './build.js';
import { box, cylinder, lathe, merge, plate, rod, rotateX, translate, type Geometry } from './geometry.js';
import { twill } from './png.js';
import { hide } from './visibility.js';

/** The cloths of suit.yaml's `fabric` option: value id → sRGB colour and roughness. */
export const FABRICS: Record<string, [string, number]> = {
  vbc_perennial_navy: ['#1f2a44', 0.8],
  vbc_perennial_charcoal: ['#3a3b3f', 0.8],
  vbc_21micron_grey: ['#6b6e73', 0.8],
  reda_flexo_blue: ['#2c4a7a', 0.75],
  loro_piana_tasmanian_navy: ['#1c2536', 0.7],
  loro_piana_four_seasons_grey: ['#55585e', 0.7],
  zegna_trofeo_black: ['#121212', 0.65],
  holland_sherry_crystal_springs_charcoal: ['#34353a', 0.75],
  dormeuil_amadeus_midnight: ['#1a1f33', 0.65],
  holland_sherry_mohair_tonic: ['#2f3640', 0.5],
  fox_flannel_grey: ['#8a8d91', 0.95],
  harris_tweed_herringbone: ['#6d5a43', 1],
  lovat_tweed_green: ['#4f5a3a', 1],
  baird_mcnutt_linen_sand: ['#cbb994', 0.9],
  solbiati_linen_sky: ['#9db4cf', 0.9],
  minnis_fresco_tan: ['#a3875f', 0.85],
};

const TOP = 1.56; // the jacket's shoulder line
const SQUASH = 0.62; // depth / width of the torso's section

/** The torso's radius (in x) at height y below the shoulder line (y ≤ 0): shoulder, chest, waist, hem. */
function torso(y: number): number {
  const stops: Array<[number, number]> = [[0, 0.2], [-0.15, 0.22], [-0.42, 0.185], [-0.76, 0.205]];
  for (let i = 1; i < stops.length; i++) {
    const [y0, r0] = stops[i - 1]!, [y1, r1] = stops[i]!;
    if (y >= y1) return r0 + ((y - y0) / (y1 - y0)) * (r1 - r0);
  }
  return stops[stops.length - 1]![1];
}
/** Where the front of the torso is at (x, y). */
const front = (x: number, y: number) => SQUASH * Math.sqrt(Math.max(torso(y) ** 2 - x * x, 0)) + 0.003;

/** Lays a flat part (made at z ≥ 0) onto the torso's front, vertex by vertex. */
function drape(g: Geometry): Geometry {
  const positions = g.positions.slice();
  for (let i = 0; i < positions.length; i += 3) positions[i + 2] += front(positions[i]!, positions[i + 1]!);
  return { ...g, positions };
}

/** A flat part lying on the torso's front, centred at (x, y). */
function onFront(points: Array<[number, number]>, x: number, y: number, thickness = 0.005): Geometry {
  return drape(translate(plate(points, 0, thickness), [x, y, 0]));
}

const rect = (w: number, h: number): Array<[number, number]> => [[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]];

function lapel(shape: 'notch' | 'peak' | 'shawl'): { base: Geometry; wide: Geometry } {
  const right: Record<typeof shape, Array<[number, number]>> = {
    notch: [[0, -0.38], [0.13, -0.14], [0.14, -0.04], [0.1, -0.05], [0.06, 0]],
    peak: [[0, -0.38], [0.13, -0.14], [0.175, -0.01], [0.06, 0]],
    shawl: [[0, -0.38], [0.09, -0.26], [0.125, -0.13], [0.115, -0.04], [0.06, 0]],
  };
  const make = (widen: number) => {
    const pts = right[shape].map(([x, y]): [number, number] => [x > 0.08 ? x + widen : x, y]);
    const mirrored = pts.map(([x, y]): [number, number] => [-x, y]).reverse();
    return drape(merge(plate(pts, 0.004, 0.01), plate(mirrored, 0.004, 0.01)));
  };
  return { base: make(0), wide: make(0.03) };
}

function buttons(rows: number[], columns: number[]): Geometry {
  const one = rotateX(cylinder(0.011, 0.011, 0, 0.005, 16), Math.PI / 2);
  return merge(...rows.flatMap((y) => columns.map((x) => translate(one, [x, y, front(x, y) + 0.004]))));
}

export function buildSuit(): Document {
  const b = new ModelBuilder('c2m make-assets: suit');
  const weave = b.texture('Twill', twill());
  const cloth = b.material('Cloth', FABRICS.vbc_perennial_navy![0], { roughness: 0.8, map: weave });
  const variants = b.doc.createExtension(KHRMaterialsVariants);
  const fabricMaterials = Object.entries(FABRICS).map(([id, [color, roughness]]) => [variants.createVariant(id), b.material(`Cloth_${id}`, color, { roughness, map: weave })] as const);
  const satinVariant = variants.createVariant('satin-facings');
  const satin = b.material('Satin', '#0c0c0c', { roughness: 0.2 });
  const lining = b.material('Lining', '#1d2a4d', { roughness: 0.3, doubleSided: true });
  const buttonMaterial = b.material('Buttons', '#3e2f25', { roughness: 0.3 });
  const thread = b.material('Monogram_Thread', '#ffffff', { roughness: 0.5, alpha: true });
  const shirt = b.material('Shirt', '#f4f4f2', { roughness: 0.8 });
  const dark = b.material('Seam', '#0b0b0b', { roughness: 1 });

  /** A cloth mesh: the default cloth, every fabric as a variant (and satin on lapels). */
  const clothMesh = (name: string, g: Geometry, morphs: Record<string, Geometry> = {}, facings = false): Mesh => {
    // The weave repeats every couple of centimetres, whatever the part's own texture coordinates.
    const weaveScale = name.startsWith('Pocket') || name.startsWith('Breast') || name.startsWith('Lapel') ? 8 : 48;
    const mesh = b.mesh(name, { ...g, uvs: g.uvs.map((v) => v * weaveScale) }, cloth, morphs);
    const list = variants.createMappingList();
    for (const [variant, material] of fabricMaterials) list.addMapping(variants.createMapping().addVariant(variant).setMaterial(material));
    if (facings) list.addMapping(variants.createMapping().addVariant(satinVariant).setMaterial(satin));
    mesh.listPrimitives()[0]!.setExtension('KHR_materials_variants', list);
    return mesh;
  };
  const part = (name: string, g: Geometry, material: Material | 'cloth'): Node =>
    b.node(name, { mesh: material === 'cloth' ? clothMesh(name, g) : b.mesh(name, g, material) });

  // Jacket: everything is placed relative to the shoulder line.
  const profile: Array<[number, number]> = [];
  for (let y = -0.76; y <= 0.0001; y += 0.04) profile.push([torso(y), y]);
  const body = part('Jacket_Body', merge(lathe(profile, 40, Math.PI * 2, SQUASH), lathe([[torso(0), 0], [0.05, -0.001]], 40, Math.PI * 2, SQUASH)), 'cloth');
  const liningBody = part('Lining_Body', lathe(profile.map(([r, y]) => [r - 0.006, y] as [number, number]).reverse(), 40, Math.PI * 2, SQUASH), lining);
  const shirtV = part('Shirt', onFront([[-0.06, 0], [0, -0.36], [0.06, 0]], 0, 0, 0.002), shirt);
  const waistcoat = part('Waistcoat', merge(
    onFront([[-0.075, -0.4], [0, -0.4], [0, -0.27], [-0.075, -0.12]], 0, 0, 0.005),
    onFront([[0, -0.4], [0.075, -0.4], [0.075, -0.12], [0, -0.27]], 0, 0, 0.005),
  ), 'cloth');
  const lapels = (['notch', 'peak', 'shawl'] as const).map((shape) => {
    const name = `Lapel_${shape[0]!.toUpperCase()}${shape.slice(1)}`;
    const { base, wide } = lapel(shape);
    return b.node(name, { mesh: clothMesh(name, base, { Width: wide }, true) });
  });
  const buttonSets = ([
    ['Buttons_1', [-0.4], [0]],
    ['Buttons_2', [-0.36, -0.46], [0]],
    ['Buttons_3', [-0.3, -0.4, -0.5], [0]],
    ['Buttons_6x2', [-0.3, -0.4, -0.5], [-0.07, 0.07]],
    ['Buttons_4x2', [-0.4, -0.5], [-0.07, 0.07]],
  ] as const).map(([name, rows, cols]) => part(name, buttons([...rows], [...cols]), buttonMaterial));
  const pocket = (name: string, w: number, h: number, x: number, y: number) => part(name, onFront(rect(w, h), x, y), 'cloth');
  const pockets = [
    pocket('Pocket_Flap_L', 0.15, 0.05, -0.11, -0.56), pocket('Pocket_Flap_R', 0.15, 0.05, 0.11, -0.56),
    pocket('Pocket_Jetted_L', 0.15, 0.01, -0.11, -0.56), pocket('Pocket_Jetted_R', 0.15, 0.01, 0.11, -0.56),
    pocket('Pocket_Patch_L', 0.16, 0.17, -0.11, -0.6), pocket('Pocket_Patch_R', 0.16, 0.17, 0.11, -0.6),
    pocket('Pocket_Ticket', 0.11, 0.035, 0.11, -0.48),
    pocket('Breast_Welt', 0.1, 0.022, -0.1, -0.2), pocket('Breast_Barchetta', 0.1, 0.03, -0.1, -0.2), pocket('Breast_Patch', 0.1, 0.12, -0.1, -0.23),
  ];
  const back = (x: number) => -front(x, -0.66) - 0.002;
  const vents = [
    part('Vent_Centre', translate(box([-0.002, -0.76, 0], [0.002, -0.56, 0.003]), [0, 0, back(0)]), dark),
    part('Vent_Side_L', translate(box([-0.002, -0.76, 0], [0.002, -0.56, 0.003]), [-0.16, 0, back(0.16)]), dark),
    part('Vent_Side_R', translate(box([-0.002, -0.76, 0], [0.002, -0.56, 0.003]), [0.16, 0, back(0.16)]), dark),
  ];
  // A rounded shoulder line from sleeve head to sleeve head.
  const shoulders = part('Shoulders', rod([-0.215, -0.04, 0], [0.215, -0.04, 0], 0.06, 24), 'cloth');
  const sleeve = cylinder(0.047, 0.058, -0.62, 0, 24);
  // A strip wrapped round the front of the left cuff: the text is drawn across it.
  const monogram = part('Monogram', lathe([[0.0497, -0.56], [0.0495, -0.538]], 12, 1.2), thread);
  const sleeveL = b.node('Sleeve_L', { at: [-0.235, 0, 0], mesh: clothMesh('Sleeve_L', sleeve), children: [monogram] });
  const sleeveR = b.node('Sleeve_R', { at: [0.235, 0, 0], mesh: clothMesh('Sleeve_R', sleeve) });
  const sleeves = b.node('Sleeves', { at: [0, -0.02, 0], children: [sleeveL, sleeveR] });
  const jacket = b.node('Jacket', {
    at: [0, TOP, 0],
    children: [body, liningBody, shirtV, waistcoat, ...lapels, ...buttonSets, ...pockets, ...vents, shoulders, sleeves],
  });

  // Trousers: waistband, seat and legs (the legs grow downward from the crotch).
  const loops = merge(...[-0.15, -0.08, 0.08, 0.15].map((x) => translate(box([-0.006, -0.045, 0], [0.006, 0.005, 0.004]), [x, 0, 0.7 * Math.sqrt(0.172 ** 2 - x * x)])));
  const adjusters = merge(...[-1, 1].map((s) => translate(box([-0.004, -0.035, -0.02], [0.004, -0.01, 0.02]), [s * 0.172, 0, 0])));
  const braces = merge(...[-0.1, -0.05, 0.05, 0.1].map((x) => translate(rotateX(cylinder(0.006, 0.006, 0, 0.003, 12), Math.PI / 2), [x, -0.02, 0.7 * Math.sqrt(0.172 ** 2 - x * x)])));
  const beltLoops = part('Belt_Loops', loops, 'cloth');
  const sideAdjusters = part('Side_Adjusters', adjusters, buttonMaterial);
  const bracesButtons = part('Braces_Buttons', braces, buttonMaterial);
  const waist = b.node('Trousers_Waist', { at: [0, 0.99, 0], mesh: clothMesh('Trousers_Waist', cylinder(0.17, 0.17, -0.05, 0, 32, 0.7)), children: [beltLoops, sideAdjusters, bracesButtons] });
  const seat = b.node('Trousers_Seat', { at: [0, 0.94, 0], mesh: clothMesh('Trousers_Seat', lathe([[0.185, -0.17], [0.19, -0.08], [0.17, 0]], 32, Math.PI * 2, 0.7)) });
  const leg = (x: number) => translate(cylinder(0.062, 0.085, -0.76, 0, 24), [x, 0, 0]);
  const turnups = part('Trouser_Turnups', merge(...[-0.09, 0.09].map((x) => translate(cylinder(0.066, 0.066, -0.76, -0.72, 24), [x, 0, 0]))), 'cloth');
  const legs = b.node('Trouser_Legs', { at: [0, 0.77, 0], mesh: clothMesh('Trouser_Legs', merge(leg(-0.09), leg(0.09))), children: [turnups] });
  const trousers = b.node('Trousers', { children: [waist, seat, legs] });

  b.scene.addChild(b.node('Suit', { children: [trousers, jacket] }));
  hide(b.doc, waistcoat, ...lapels, ...buttonSets, ...pockets, ...vents, monogram, turnups, sideAdjusters, bracesButtons);
  return b.doc;
}
