import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProduct } from '../check.js';
import { compileProduct as compileMain } from './compile.js';
import { issueMessage } from '../issues/translate.js';
import type { ProductIssue } from '../types.js';

const label = { en: 'x', 'zh-CN': 'x' };
const message = { en: 'no', 'zh-CN': '不' };
const bool = (id: string) => ({ id, type: 'boolean', label });

function unsatisfiable(options: unknown[], constraints: unknown[]): ProductIssue {
  const r = compileProduct({ schemaVersion: 1, product: { id: 'p', version: '1', name: label, currency: 'EUR' }, options, constraints });
  assert.equal(r.ok, false);
  const issue = r.issues.find((i) => i.code === 'unsatisfiable');
  assert.ok(issue, JSON.stringify(r.issues));
  assert.equal(issue.message, issueMessage(issue, 'en'), 'the message is the English catalog\'s');
  return issue;
}

test('the main entry\'s issue is brief (a shop page loads @c2m/rules/check to word it)', () => {
  const r = compileMain({ schemaVersion: 1, product: { id: 'p', version: '1', name: label, currency: 'EUR' }, options: [bool('a')], constraints: [{ id: 'never', type: 'rule', message, assert: false }] });
  assert.equal(r.ok, false);
  assert.deepEqual(r.issues.find((i) => i.code === 'unsatisfiable')?.path, ['constraints']);
});

test('an impossible product names a minimal set of constraints that contradict each other, and points at one of them', () => {
  const issue = unsatisfiable(
    ['a', 'b', 'c', 'd'].map(bool),
    [
      { id: 'free', type: 'rule', message, assert: { any: [{ option: 'a', is: true }, { option: 'd', is: true }] } },
      { id: 'a-needs-b', type: 'requires', message, if: { option: 'a', is: true }, then: { option: 'b', is: true } },
      { id: 'decoy', type: 'requires', message, if: { option: 'b', is: true }, then: { option: 'd', is: true } },
      { id: 'b-needs-c', type: 'requires', message, if: { option: 'b', is: true }, then: { option: 'c', is: true } },
      { id: 'always-a', type: 'rule', message, assert: { option: 'a', is: true } },
      { id: 'never-c', type: 'rule', message, assert: { option: 'c', is: false } },
    ],
  );
  assert.deepEqual(issue.path, ['constraints', 1]);
  assert.equal(issue.params?.constraints, 'a-needs-b,b-needs-c,always-a,never-c');
  assert.equal(issue.message, "no configuration satisfies every constraint: 'a-needs-b', 'b-needs-c', 'always-a', 'never-c' contradict each other");
  assert.equal(issueMessage(issue, 'zh-CN'), "没有任何配置能满足所有约束：'a-needs-b', 'b-needs-c', 'always-a', 'never-c' 相互矛盾");
});

test('a linear relation that contradicts its options\' ranges says why', () => {
  const issue = unsatisfiable(
    [
      { id: 'chest', type: 'number', label, min: 80, max: 140 },
      { id: 'waist', type: 'number', label, min: 50, max: 120 },
    ],
    [
      { id: 'sane', type: 'linear', message, relation: 'chest >= waist' },
      { id: 'slim-chest', type: 'linear', message, relation: 'chest >= waist + 100' },
    ],
  );
  assert.deepEqual(issue.path, ['constraints', 1, 'relation']);
  assert.equal(issue.message, "'slim-chest' cannot hold: chest ≤ 140 but it needs ≥ waist + 100 (at least 150)");
  assert.equal(issueMessage(issue, 'zh-CN'), "约束 'slim-chest' 无法成立：chest ≤ 140，但它要求 ≥ waist + 100（至少 150）");
  const flipped = unsatisfiable([{ id: 'w', type: 'number', label, min: 0, max: 10 }], [{ id: 'wide', type: 'linear', message, relation: '20 <= 2 * w - 5' }]);
  assert.equal(flipped.message, "'wide' cannot hold: 2 * w - 5 ≤ 15 but it needs ≥ 20");
});

test('a domain restriction outside the option\'s range, and any other constraint that cannot hold alone', () => {
  const domain = unsatisfiable([{ id: 'width', type: 'number', label, min: 120, max: 240, step: 10 }], [{ id: 'too-narrow', type: 'domain', message, option: 'width', max: 100 }]);
  assert.deepEqual(domain.path, ['constraints', 0]);
  assert.equal(domain.message, "'too-narrow' cannot hold: width ≥ 120 but it needs ≤ 100");
  const rule = unsatisfiable([bool('a'), bool('b')], [{ id: 'both', type: 'rule', message, assert: { all: [{ option: 'a', is: true }, { option: 'a', is: false }] } }]);
  assert.deepEqual(rule.path, ['constraints', 0]);
  assert.equal(rule.message, "constraint 'both' cannot hold for any value of its options");
  assert.equal(issueMessage(rule, 'zh-CN'), "约束 'both' 对其选项的任何取值都无法成立");
});
