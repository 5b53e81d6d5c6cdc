import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkProductFile } from './check.js';
import { checkProductFileLean } from './lean.js';
import { issueMessage } from '../issues/translate.js';

const file = (currency: string) => ({
  schemaVersion: 1,
  product: { id: 'p', version: '1', name: { en: 'P' }, currency },
  options: [{ id: 'b', type: 'boolean', label: { en: 'B' } }],
});

const currencyIssues = (currency: string) => checkProductFile(file(currency)).issues.filter((i) => i.path.join('.') === 'product.currency');

test('currency is an ISO 4217 code: RMB is refused with a suggestion of CNY', () => {
  const r = checkProductFile(file('RMB'));
  assert.equal(r.ok, false);
  const [issue] = currencyIssues('RMB');
  assert.equal(issue?.code, 'invalid-value');
  assert.equal(issue?.severity, 'error');
  assert.equal(issue?.message, "product: 'RMB' is not an ISO 4217 currency code (did you mean 'CNY'?)");
  assert.ok(issueMessage(issue!, 'zh-CN').endsWith("'RMB' 不是 ISO 4217 货币代码（是否想写 'CNY'？）"), issueMessage(issue!, 'zh-CN'));
});

test('the shop path (brief issues) refuses the same codes', () => {
  const lean = checkProductFileLean(file('RMB'));
  assert.equal(lean.ok, false);
  assert.deepEqual(lean.issues.map((i) => [i.code, i.path.join('.')]), [['invalid-value', 'product.currency']]);
  assert.equal(checkProductFileLean(file('CNY')).ok, true);
});

test('retired codes name their successor, typos the nearest code, and nonsense gets no guess', () => {
  assert.match(currencyIssues('HRK')[0]!.message, /did you mean 'EUR'/);
  assert.match(currencyIssues('EUT')[0]!.message, /did you mean 'EUR'/);
  assert.equal(currencyIssues('QQQ')[0]!.message, "product: 'QQQ' is not an ISO 4217 currency code (such as 'CNY' or 'EUR')");
});

test('codes in use pass, including the special ones (XXX: no currency, XTS: testing)', () => {
  for (const code of ['CNY', 'EUR', 'USD', 'JPY', 'CHF', 'XXX', 'XTS', 'XAU']) assert.deepEqual(currencyIssues(code), [], code);
  assert.equal(checkProductFile(file('CNY')).ok, true);
});
