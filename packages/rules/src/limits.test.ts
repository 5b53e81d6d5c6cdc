import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMITS, RAISED_LIMITS, limitsOf } from './limits.js';
import { checkProductFile } from './validate/check.js';
import { checkFileSize } from './parse/json.js';
import { loadProduct } from './engine.js';

function manyOptions(n: number) {
  return {
    schemaVersion: 1,
    product: { id: 'wide', version: '1', name: 'Wide', currency: 'XXX', defaultLocale: 'en' },
    options: Array.from({ length: n }, (_, i) => ({ id: `f${i}`, type: 'boolean', label: `F${i}` })),
  };
}

test('a file over the default number of options is refused by default and accepted with the raised limits', () => {
  const file = manyOptions(LIMITS.maxOptions + 1);
  const byDefault = checkProductFile(file);
  assert.equal(byDefault.ok, false);
  assert.deepEqual(
    byDefault.issues.map((i) => [i.code, i.path.join('.'), i.message]),
    [['invalid-value', 'options', `must list at most ${LIMITS.maxOptions} item(s); it lists ${LIMITS.maxOptions + 1}`]],
  );
  assert.ok(checkProductFile(file, { limits: 'raised' }).ok);
  assert.ok(loadProduct(JSON.stringify(file), { limits: 'raised' }).ok);
});

test('the raised limits have their own maximum', () => {
  const r = checkProductFile(manyOptions(RAISED_LIMITS.maxOptions + 1), { limits: 'raised' });
  assert.equal(r.ok, false);
  assert.ok(r.issues.some((i) => i.path.join('.') === 'options' && i.message.includes(`at most ${RAISED_LIMITS.maxOptions}`)));
});

test('file size: 8 MiB by default, 32 MiB raised', () => {
  const text = 'x'.repeat(LIMITS.maxFileBytes + 1);
  assert.equal(checkFileSize(text)?.code, 'limit');
  assert.equal(checkFileSize(text, limitsOf('raised')), undefined);
  assert.equal(checkFileSize(text, limitsOf('default'))?.code, 'limit');
  const loaded = loadProduct(text);
  assert.ok(!loaded.ok && loaded.issues[0]!.code === 'limit');
});

test('only the documented limits are raised', () => {
  const changed = Object.keys(LIMITS).filter((k) => LIMITS[k as keyof typeof LIMITS] !== RAISED_LIMITS[k as keyof typeof LIMITS]);
  assert.deepEqual(changed.sort(), ['maxCompiledNodes', 'maxConstraints', 'maxFileBytes', 'maxOptions']);
});
