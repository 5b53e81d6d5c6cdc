import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProductFile } from './product-file.js';

const minimal = {
  schemaVersion: 1,
  product: { id: 'chair', version: '1', name: { en: 'Chair', 'zh-CN': '椅子' }, currency: 'CNY' },
  options: [{ id: 'colour', type: 'choice', label: 'Colour', values: [{ id: 'red', label: 'Red' }] }],
};

test('a minimal product file parses and gets its defaults', () => {
  const file = ProductFile.parse(minimal);
  assert.deepEqual(file.constraints, []);
  assert.equal(file.product.defaultLocale, 'en');
});

test('unknown keys are reported with their path', () => {
  const r = ProductFile.safeParse({ ...minimal, options: [{ ...minimal.options[0], colour: 1 }] });
  assert.equal(r.success, false);
  assert.deepEqual(r.error?.issues[0]?.path, ['options', 0]);
});

test('money must be integer minor units', () => {
  const r = ProductFile.safeParse({ ...minimal, pricing: { base: 12.5 } });
  assert.equal(r.success, false);
});
