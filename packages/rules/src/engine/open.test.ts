import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readExample } from '../../examples/index.js';
import { compileProduct, compileWith, Product } from './compile.js';
import { DIAGRAM_MIN_ROWS, wantsDiagram } from './open.js';

function product(file: unknown): Product {
  const r = compileProduct(file);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.issues.slice(0, 2)));
  return r.product as Product;
}

/** A product whose one allowed-combination table has `rows` rows (a × b, both with `n` values). */
function tableProduct(rows: number): unknown {
  const n = Math.ceil(Math.sqrt(rows));
  const values = Array.from({ length: n }, (_, i) => ({ id: `v${i}`, label: `V${i}` }));
  const pairs = Array.from({ length: rows }, (_, k) => [`v${k % n}`, `v${Math.floor(k / n)}`]);
  return {
    schemaVersion: 1,
    product: { id: 'p', version: '1', name: 'P', currency: 'EUR' },
    options: [
      { id: 'a', type: 'choice', label: 'A', values },
      { id: 'b', type: 'choice', label: 'B', values },
    ],
    constraints: [{ id: 't', type: 'table', message: 'no', mode: 'allowed', options: ['a', 'b'], rows: pairs }],
  };
}

test('the diagram is fetched for products with large allowed-combination tables only', () => {
  assert.equal(wantsDiagram(product(readExample('mug'))), false, 'no table');
  assert.equal(wantsDiagram(product(readExample('suit'))), false, 'a small table: the SAT path is as fast');
  assert.equal(wantsDiagram(product(tableProduct(DIAGRAM_MIN_ROWS - 1))), false);
  assert.equal(wantsDiagram(product(tableProduct(DIAGRAM_MIN_ROWS))), true);
});

test("a product compiled on the shop path does not answer manufacturers' questions; compileProduct's does", () => {
  const file = readExample('oak-table');
  const shop = compileWith(file, {}, {});
  assert.ok(shop.ok);
  assert.throws(() => shop.product.canHold(true), /compileProduct or loadProduct of @c2m\/rules\/engine/);
  assert.throws(() => shop.product.isImplied('x'), /compileProduct or loadProduct of @c2m\/rules\/engine/);
  assert.equal(product(file).canHold(true), true);
});
