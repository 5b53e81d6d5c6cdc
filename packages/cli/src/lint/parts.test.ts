import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileProduct, type ProductFile } from '@c2m/rules/engine';
import { bindingFindings, gltfJson, gltfNames } from './bindings.js';
import { toCubes, violationCubes } from './cubes.js';
import { missingTranslations } from './translations.js';

function product(extra: Record<string, unknown> = {}) {
  const r = compileProduct({
    schemaVersion: 1,
    product: { id: 'p', version: '1', name: { en: 'P', 'zh-CN': '产品' }, currency: 'EUR' },
    options: [
      { id: 'c', type: 'choice', label: { en: 'C' }, values: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }, { id: 'z', label: 'Z' }] },
      { id: 'b', type: 'boolean', label: 'B' },
      { id: 'n', type: 'number', label: 'N', min: 0, max: 10, step: 1 },
      { id: 't', type: 'text', label: 'T', maxLength: 5 },
    ],
    ...extra,
  });
  assert.ok(r.ok, JSON.stringify(r.issues));
  return r.product;
}

describe('cubes', () => {
  const p = product();
  it('expands conditions into cases of option = value', () => {
    assert.deepEqual(toCubes(p, { option: 'c', isNot: 'x' }), [[{ option: 'c', value: 'y' }], [{ option: 'c', value: 'z' }]]);
    assert.deepEqual(toCubes(p, { all: [{ option: 'b', is: true }, { option: 'c', is: ['x', 'y'] }] }), [
      [
        { option: 'b', value: true },
        { option: 'c', value: 'x' },
      ],
      [
        { option: 'b', value: true },
        { option: 'c', value: 'y' },
      ],
    ]);
    assert.deepEqual(toCubes(p, { not: { implies: [{ option: 'b', is: true }, { option: 'c', is: 'x' }] } })?.length, 2);
    assert.deepEqual(toCubes(p, { option: 'n', min: 8 })?.map((c) => c[0].value), [8, 9, 10]);
    assert.deepEqual(toCubes(p, { all: [{ option: 'c', is: 'x' }, { option: 'c', is: 'y' }] }), [], 'contradictory cases are dropped');
    assert.deepEqual(toCubes(p, true), [[]]);
    assert.deepEqual(toCubes(p, false), []);
  });

  it('gives up on text presence and on conditions with too many cases', () => {
    assert.equal(toCubes(p, { option: 't', set: true }), undefined);
    const wide = { all: Array.from({ length: 10 }, () => ({ any: [{ option: 'c', is: 'x' }, { option: 'b', is: true }, { option: 'n', min: 0 }] })) };
    assert.equal(toCubes(p, wide), undefined);
  });

  it('describes the violations of each constraint type it supports', () => {
    const q = product({
      constraints: [
        { id: 'r', type: 'requires', message: 'm', if: { option: 'b', is: true }, then: { option: 'c', is: 'x' } },
        { id: 't', type: 'table', message: 'm', mode: 'allowed', options: ['c', 'b'], rows: [['x', '*'], ['y', true]] },
        { id: 'l', type: 'linear', message: 'm', relation: 'n >= 1' },
      ],
    });
    assert.deepEqual(violationCubes(q, q.constraint('r')!)?.length, 2);
    assert.deepEqual(violationCubes(q, q.constraint('t')!), [
      [
        { option: 'c', value: 'y' },
        { option: 'b', value: false },
      ],
      [
        { option: 'c', value: 'z' },
        { option: 'b', value: true },
      ],
      [
        { option: 'c', value: 'z' },
        { option: 'b', value: false },
      ],
    ]);
    assert.equal(violationCubes(q, q.constraint('l')!), undefined);
  });
});

describe('missing translations', () => {
  it('finds texts lacking a language the product uses, ignoring plain strings', () => {
    const findings = missingTranslations(product().file);
    assert.deepEqual(
      findings.map((f) => f.path.join('.')),
      ['options.0.label'],
    );
    assert.match(findings[0].message, /no zh-CN text/);
  });
});

describe('bindings', () => {
  const json = { nodes: [{ name: 'Top' }], materials: [{ name: 'Wood' }], meshes: [{ name: 'Body', extras: { targetNames: ['wide'] } }], extensions: { KHR_materials_variants: { variants: [{ name: 'Oak' }] } } };

  it('reads the JSON chunk of a GLB', () => {
    const body = new TextEncoder().encode(JSON.stringify(json).padEnd(Math.ceil(JSON.stringify(json).length / 4) * 4, ' '));
    const glb = new Uint8Array(20 + body.length);
    const view = new DataView(glb.buffer);
    view.setUint32(0, 0x46546c67, true);
    view.setUint32(4, 2, true);
    view.setUint32(8, glb.length, true);
    view.setUint32(12, body.length, true);
    view.setUint32(16, 0x4e4f534a, true);
    glb.set(body, 20);
    assert.deepEqual(gltfJson(glb), json);
  });

  it('reports options, values and model parts that do not exist', () => {
    const file = {
      ...product().file,
      product: { ...product().file.product, model: 'm.glb' },
      scene: {
        bindings: [
          { option: 'c', value: 'x', actions: [{ type: 'variant', name: 'Walnut' }, { type: 'morph', mesh: 'Body', target: 'tall' }] },
          { option: 'c', value: 'w', actions: [{ type: 'material', material: 'Wood' }] },
          { option: 'n', actions: [{ type: 'scale', node: 'Top', axis: 'x', reference: 1 }] },
        ],
        cameras: [{ option: 'gone', target: [0, 0, 0] }],
      },
    } as unknown as ProductFile;
    const found = bindingFindings(file, gltfNames(json)).map((f) => `${f.path.join('.')}: ${f.message}`);
    assert.deepEqual(found, [
      'scene.bindings.0.actions.0: material variant "Walnut" is not in the 3D model m.glb',
      'scene.bindings.0.actions.1: morph target of mesh "Body" "tall" is not in the 3D model m.glb',
      'scene.bindings.1.value: binds value "w", which option "c" does not have',
      'scene.cameras.0.option: focuses option "gone", which does not exist',
    ]);
  });
});
