import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LIMITS } from '@c2m/rules';
import { loadProduct, productLoader } from './rules-glue.js';

/** A product file with `n` boolean options, as JSON text. */
function wide(n: number): string {
  return JSON.stringify({
    schemaVersion: 1,
    product: { id: 'wide', version: '1', name: 'Wide', currency: 'XXX', defaultLocale: 'en' },
    options: Array.from({ length: n }, (_, i) => ({ id: `f${i}`, type: 'boolean', label: `F${i}` })),
  });
}

test('product files over the default limits load only with productLimits: raised', () => {
  const text = wide(LIMITS.maxOptions + 1);
  const byDefault = loadProduct(text, 'wide.json');
  assert.equal(byDefault.ok, false);
  assert.ok(!byDefault.ok && byDefault.issues.some((i) => i.path.join('.') === 'options' && i.code === 'invalid-value'));
  assert.equal(productLoader('default')(text, 'wide.json').ok, false);
  const raised = productLoader('raised')(text, 'wide.json');
  assert.ok(raised.ok);
  assert.equal(raised.product.options.length, LIMITS.maxOptions + 1);
});
