/**
 * An outside probe of the compiled-product reader: structural damage to real compiled products
 * (the three examples and a generated order book) — numbers changed, entries swapped, dropped or
 * duplicated, kinds changed — with the check written again, so that only the reader's own checks
 * stand. The promise: a refusal, the product file opened instead, or a session that answers every
 * call without throwing and whose states hold together (a model that reads but says other rules
 * than its file is the trust model's limit: the backend refuses its orders, server tests).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Session } from '../api.js';
import { readExample } from '../../examples/index.js';
import { generateTableCarModel } from '../../bench/generate.js';
import { readCompiledProduct } from './read-compiled.js';
import { createSession } from './create-session.js';
import { compiledText, resigned, stepArb, type Step } from './open-compiled.test-helpers.js';
import type { CompiledProductJson } from './compiled-format.js';
import { jsonMutations, mutated } from '../testing/json-mutations.js';

const RUNS = Number(process.env.C2M_PROPERTY_RUNS ?? 1500);

/** One structural change to a compiled product's model (indices taken modulo what is there). */
type Mutation =
  | { op: 'set'; part: number; a: number; b: number; value: number }
  | { op: 'swap' | 'drop' | 'dup'; part: number; a: number; b: number; deep: boolean }
  | { op: 'kind'; part: number; a: number; value: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), part: fc.nat(), a: fc.nat(), b: fc.nat(), value: fc.integer({ min: -2, max: 12 }) }),
  fc.record({ op: fc.constantFrom('swap' as const, 'drop' as const, 'dup' as const), part: fc.nat(), a: fc.nat(), b: fc.nat(), deep: fc.boolean() }),
  fc.record({ op: fc.constant('kind' as const), part: fc.nat(), a: fc.nat(), value: fc.integer({ min: -1, max: 7 }) }),
);

function mutate(c: CompiledProductJson, m: Mutation): void {
  const parts = [c.model.nodes, c.model.rules, [c.model.when]] as unknown[][][];
  const list = parts[m.part % parts.length] as unknown[];
  if (list.length === 0) return;
  const i = m.a % list.length;
  const entry = list[i];
  switch (m.op) {
    case 'set':
      if (Array.isArray(entry) && entry.length > 0) {
        const k = m.b % entry.length;
        // Inside a rule's list of variables or cells, or at the top.
        if (Array.isArray(entry[k]) && (entry[k] as unknown[]).length > 0) (entry[k] as unknown[])[m.value < 0 ? 0 : m.value % (entry[k] as unknown[]).length] = m.b % 7;
        else entry[k] = m.value;
      }
      break;
    case 'kind':
      if (Array.isArray(entry) && entry.length > 0) entry[0] = m.value;
      break;
    case 'swap':
    case 'drop':
    case 'dup': {
      // Deep: within an entry (a node's children, a rule's variables); else the list itself.
      const target = m.deep && Array.isArray(entry) ? (Array.isArray(entry[3]) ? (entry[3] as unknown[]) : entry) : list;
      if (target.length === 0) break;
      const x = m.b % target.length;
      const y = (m.b >> 3) % target.length;
      if (m.op === 'swap') [target[x], target[y]] = [target[y], target[x]];
      else if (m.op === 'drop') target.splice(x, 1);
      else target.splice(x, 0, structuredClone(target[x]));
    }
  }
}

/** Every call a UI makes, on a session read from a damaged model; returns nothing, throws on a bug. */
function exercise(s: Session, steps: readonly Step[]): void {
  for (const step of steps) {
    const domains = s.domains();
    const d = domains[step.a % domains.length];
    const values = d.type === 'choice' || d.type === 'boolean' ? d.values.map((v) => v.value) : d.type === 'number' ? [d.min, d.max] : ['x'];
    const value = values[step.b % values.length];
    switch (step.kind) {
      case 'select':
      case 'refuse':
      case 'text': {
        const r = s.select(d.option, value);
        // A change the session accepts leaves the value selected.
        if (r.ok) assert.deepEqual(s.selections[d.option], value, 'an accepted change is in the state');
        break;
      }
      case 'clear':
        s.clear(d.option);
        break;
      case 'undo':
        s.undo();
        break;
      case 'redo':
        s.redo();
        break;
      case 'explain':
        s.explain(d.option, value);
        break;
      case 'repair': {
        const r = s.repair(d.option, value);
        if (r) s.applyRepair(r);
        break;
      }
      case 'autocomplete':
        s.autocomplete();
        break;
      case 'reset':
        s.reset();
        break;
    }
    s.quote();
    s.leadTime();
  }
  s.autocomplete();
  // The state holds together: every selected value is one its option offers.
  for (const d of s.domains()) {
    const selected = s.selections[d.option];
    if (selected === undefined || (d.type !== 'choice' && d.type !== 'boolean')) continue;
    assert.ok(d.values.some((v) => v.value === selected), `${d.option}=${String(selected)} is a value it offers`);
  }
  if (s.isComplete()) s.toSpecification({ now: new Date('2026-12-01T20:00:00Z') });
}

const order = generateTableCarModel({ seed: 7, options: 14, values: 60, maxDomain: 8, tables: 14, cars: 24, families: 3, systems: 3 });
const products: Array<[string, string]> = [
  ['the mug', compiledText(readExample('mug'))],
  ['the oak table', compiledText(readExample('oak-table'))],
  ['the suit', compiledText(readExample('suit'))],
  ["an order book", compiledText(order.file)],
];

/** Damage from `damage`, the check written again: the reader refuses it, or every call on its session answers. */
function neverThrows<T>(damage: fc.Arbitrary<T>, apply: (damage: T) => CompiledProductJson, seed: number): void {
  fc.assert(
    fc.property(damage, fc.array(stepArb, { maxLength: 12 }), (d, steps) => {
      const read = readCompiledProduct(JSON.parse(resigned(apply(d))));
      if (!read.ok || read.product.main.solver.solve([], 200_000) === 'unsat') return;
      exercise(createSession(read.product), steps);
    }),
    { numRuns: Math.round(RUNS / 5), seed },
  );
}

for (const [name, text] of products) {
  test(`structural damage to ${name}'s compiled model, check written again: refused, or a session that never throws`, () => {
    const base = JSON.parse(text) as CompiledProductJson;
    const apply = (mutations: Mutation[]) => {
      const c = structuredClone(base);
      for (const m of mutations) mutate(c, m);
      return c;
    };
    neverThrows(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), apply, 41);
  });
}

test("a `when` that reads an option its file's `when` does not name is not read (the session's order of placing options relies on it)", () => {
  const c = JSON.parse(products[2][1]) as CompiledProductJson;
  const options = (c.product as { options: Array<{ id: string; when?: unknown }> }).options;
  const v = options.findIndex((o) => o.when !== undefined);
  assert.ok(v >= 0, 'the suit has an option with a when');
  // A node that reads the option itself: its own `when` never names it.
  const own = c.model.nodes.findIndex((n) => (n[0] === 1 || n[0] === 2) && n[1] === v);
  const node = own >= 0 ? own : c.model.nodes.push([1, v, 0, 0]) - 1;
  c.model.when[v] = node;
  const read = readCompiledProduct(JSON.parse(resigned(c)));
  assert.equal(read.ok, false);
  assert.match(!read.ok ? read.reason : '', /its when reads an option its file's does not name/);
});

for (const [name, text] of products.slice(0, 3)) {
  test(`damage to the ${name.replace(/^the /, '')}'s product file inside its compiled product, check written again: refused, or a session that never throws`, () => {
    const base = JSON.parse(text) as CompiledProductJson;
    neverThrows(jsonMutations(base.product, 3, { plausible: true }), (mutations) => ({ ...base, product: mutated(base.product, mutations) }), 47);
  });
}

test('a product file inside with shapes a session would trip on: not read, each with the reason', () => {
  const oak = JSON.parse(products[1][1]) as CompiledProductJson & { product: Record<string, any> };
  const cases: Array<[string, (p: Record<string, any>) => void, RegExp]> = [
    ['a lead time of 0.3 days', (p) => void (p.leadTime = { ...p.leadTime, base: 0.3 }), /amount that is not an integer/],
    ['a price line whose condition is a formula', (p) => void (p.pricing.lines[0].if = 'width > 1'), /not well formed/],
    ['an option without a label', (p) => void (p.options[0].label = null), /text that is not one/],
    ['no default locale', (p) => void delete p.product.defaultLocale, /not well formed/],
  ];
  for (const [what, change, reason] of cases) {
    const c = structuredClone(oak);
    change(c.product);
    const read = readCompiledProduct(JSON.parse(resigned(c)));
    assert.equal(read.ok, false, what);
    assert.match(!read.ok ? read.reason : '', reason, what);
  }
});
