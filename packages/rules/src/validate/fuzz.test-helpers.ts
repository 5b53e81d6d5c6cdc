// Shared by the fuzz tests: what a CheckResult must look like, hostile values, and file mutations.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CheckResult } from './check.js';
import type { IssueCode } from '../types.js';

const CODES = new Set<IssueCode>([
  'syntax', 'limit', 'type', 'required', 'unknown-key', 'invalid-value', 'duplicate-id', 'unknown-reference',
  'wrong-option-type', 'default-outside-domain', 'min-greater-than-max', 'step-mismatch', 'formula', 'table-row',
  'unsatisfiable', 'missing-translation', 'unused',
]);

export function assertResult(r: CheckResult, what: string): void {
  assert.equal(typeof r.ok, 'boolean', what);
  assert.ok(Array.isArray(r.issues), what);
  if (r.ok) {
    assert.ok(r.file && typeof r.file === 'object', what);
    assert.ok(r.issues.every((i) => i.severity === 'warning'), what);
  } else {
    assert.ok(r.issues.some((i) => i.severity === 'error'), `${what}: failed without an error`);
  }
  for (const issue of r.issues) {
    assert.ok(CODES.has(issue.code), `${what}: unknown code ${issue.code}`);
    assert.ok(Array.isArray(issue.path) && issue.path.every((p) => typeof p === 'string' || typeof p === 'number'), what);
    assert.equal(typeof issue.message, 'string');
    assert.ok(issue.message.length > 0 && !issue.message.includes('undefined'), `${what}: ${issue.message}`);
    assert.ok(issue.severity === 'error' || issue.severity === 'warning');
    if (issue.source) assert.ok(issue.source.line >= 1 && issue.source.column >= 1, what);
  }
}

export function assertClean(): void {
  const probe = {} as Record<string, unknown>;
  assert.equal(probe.polluted, undefined);
  assert.equal(Object.getPrototypeOf(probe), Object.prototype);
  assert.equal(Object.keys(Object.prototype).length, 0);
}

export const hostileString = fc.oneof(
  fc.constantFrom(
    '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'NaN', 'Infinity', '-Infinity', '-0', '1e999',
    '0x10', '', ' ', '*', '\u202Eevil\u202C', 'مرحبا', '橡木', '😀', '\uD800', '\u0000', 'true', 'null', '${x}', '{}', '[]',
    'width * width >= 1', '((((((((((', '1/0', '`seat-height`', 'a'.repeat(70), 'x'.repeat(20_000),
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(0, -1, 1.5, 1e-7, 1e300, -1e13, 2 ** 53, Number.MAX_VALUE, true, false, null),
  fc.double(),
  fc.integer(),
  fc.constant({}),
  fc.constant([]),
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

type Json = Record<string, unknown> | unknown[];

/** Every (container, key) pair of an input, to pick a place to mutate. */
function places(root: unknown): Array<[Json, string | number]> {
  const out: Array<[Json, string | number]> = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) v.forEach((x, i) => { out.push([v, i]); stack.push(x); });
    else if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) { out.push([v as Json, k]); stack.push((v as Record<string, unknown>)[k]); }
    }
  }
  return out;
}

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'swap-type'; at: number }
  | { kind: 'add-key'; at: number; key: string; value: unknown }
  | { kind: 'rename'; at: number; key: string };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('swap-type' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add-key' as const), at: fc.nat(), key: hostileString, value: hostileValue }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), key: hostileString }),
);

function swapType(v: unknown): unknown {
  if (typeof v === 'string') return v.length;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 0;
  if (Array.isArray(v)) return { ...v };
  if (v && typeof v === 'object') return Object.values(v);
  return 'null';
}

function set(container: Json, key: string | number, value: unknown): void {
  Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

export function mutate(file: Record<string, unknown>, mutations: Mutation[]): Record<string, unknown> {
  for (const original of mutations) {
    // fast-check hands out shared instances (fc.constant({})): a value inserted twice and then
    // mutated would turn the file into a cycle, which no JSON file can be.
    const m = 'value' in original ? { ...original, value: structuredClone(original.value) } : original;
    const all = places(file);
    if (all.length === 0) break;
    const [container, key] = all[m.at % all.length]!;
    const current = (container as Record<string | number, unknown>)[key];
    switch (m.kind) {
      case 'delete':
        if (Array.isArray(container)) container.splice(key as number, 1);
        else delete (container as Record<string, unknown>)[key as string];
        break;
      case 'replace':
        set(container, key, m.value);
        break;
      case 'swap-type':
        set(container, key, swapType(current));
        break;
      case 'add-key': {
        const target = current && typeof current === 'object' && !Array.isArray(current) ? (current as Json) : container;
        if (!Array.isArray(target)) set(target, m.key, m.value);
        break;
      }
      case 'rename':
        if (!Array.isArray(container)) {
          delete (container as Record<string, unknown>)[key as string];
          set(container, m.key, current);
        }
        break;
    }
  }
  return file;
}

