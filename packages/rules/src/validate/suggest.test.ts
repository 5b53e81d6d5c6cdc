import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, suggest } from './suggest.js';

test('suggests close keys and ids, nothing for distant ones', () => {
  assert.equal(suggest('prise', ['price', 'label', 'id']), 'price');
  assert.equal(suggest('Label', ['price', 'label']), 'label');
  assert.equal(suggest('widht', ['width', 'depth']), 'width');
  assert.equal(suggest('colour', ['price', 'label']), undefined);
  assert.equal(suggest('x'.repeat(100), ['x']), undefined);
  assert.equal(editDistance('abc', 'acb', 3), 1);
  assert.equal(editDistance('kitten', 'sitting', 5), 3);
});
