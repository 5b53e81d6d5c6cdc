import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProduct } from '../check.js';
import { compileProduct as compileMain } from './compile.js';

const label = { en: 'x' };
const file = {
  schemaVersion: 1,
  product: { id: 'p', version: '1', name: label, currency: 'EUR' },
  options: ['a', 'b', 'c'].map((id) => ({ id, type: 'boolean', label })),
  constraints: [
    { id: 'at-most-one', type: 'cardinality', message: label, of: ['a', 'b', 'c'].map((option) => ({ option, is: true })), max: 1 },
    { id: 'at-most-two', type: 'cardinality', message: label, of: ['a', 'b', 'c'].map((option) => ({ option, is: true })), max: 2 },
    { id: 'one-of-a-b', type: 'cardinality', message: label, of: [{ option: 'a', is: true }, { option: 'b', is: true }], min: 1 },
  ],
};

test('the complete entry decides whether a cardinality is implied by the others; the shop path leaves it undecided', () => {
  const complete = compileProduct(file);
  assert.ok(complete.ok);
  assert.equal(complete.product.isImplied('at-most-two'), true, 'at most one of them implies at most two');
  assert.equal(complete.product.isImplied('at-most-one'), false);
  assert.equal(complete.product.isImplied('one-of-a-b'), false, 'a min is violated when too few hold');
  const shop = compileMain(file);
  assert.ok(shop.ok);
  assert.equal(shop.product.isImplied('at-most-two'), undefined);
});
