import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localize } from './localize.js';

test('exact tag, then same language, then default locale, then en, then first', () => {
  const t = { en: 'Oak', 'zh-CN': '橡木' };
  assert.equal(localize(t, 'zh-CN'), '橡木');
  assert.equal(localize(t, 'zh'), '橡木');
  assert.equal(localize(t, 'zh-SG'), '橡木');
  assert.equal(localize(t, 'de'), 'Oak');
  assert.equal(localize({ fr: 'Chêne', de: 'Eiche' }, 'ja', 'de'), 'Eiche');
  assert.equal(localize({ fr: 'Chêne' }, 'ja'), 'Chêne');
  assert.equal(localize('Oak', 'zh-CN'), 'Oak');
  assert.equal(localize(undefined, 'en'), '');
});
