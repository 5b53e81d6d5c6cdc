/**
 * An outside probe of a page session before the parts fetched after opening (later.ts) arrive:
 * calls made in any order, with the parts arriving at any point (or failing once), give the same
 * answers, in the same order, with the same published states, as a session with everything loaded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readExample } from '../../examples/index.js';
import type { AsyncSession, SessionState } from '../api.js';
import type { SelectionValue } from '../types.js';
import { compileProduct } from './compile.js';
import { countConfigurations } from './count.js';
import { createSession } from './create-session.js';
import { laterParts } from './later.js';
import { createLocalSession, createLocalSessionWith } from './local-session.js';
import { createSessionWith, type SessionParts } from './session.js';

const RUNS = Number(process.env.C2M_PROPERTY_RUNS ?? 1500);

const compiled = compileProduct(readExample('oak-table'));
assert.ok(compiled.ok);
const product = compiled.product;
const domains = createSession(product).domains();

type Call = { op: string; a: number; b: number; settle: boolean };
const callArb: fc.Arbitrary<Call> = fc.record({
  op: fc.constantFrom('select', 'select', 'clear', 'setMany', 'undo', 'redo', 'reset', 'locale', 'available', 'explain', 'repair', 'autocomplete', 'count', 'spec'),
  a: fc.nat(),
  b: fc.nat(),
  // Let pending work run before the next call (the parts may arrive in between).
  settle: fc.boolean(),
});

function valueOf(a: number, b: number): [string, SelectionValue] {
  const d = domains[a % domains.length];
  if (d.type === 'choice' || d.type === 'boolean') return [d.option, d.values[b % d.values.length].value];
  if (d.type === 'number') return [d.option, d.min + (b % 3) * d.step];
  return [d.option, 'x'];
}

/** Makes one call; its outcome (value or rejection message) lands in `out` at its position. */
function call(s: AsyncSession, c: Call, out: unknown[]): Promise<unknown> {
  const [option, value] = valueOf(c.a, c.b);
  const i = out.push(undefined) - 1;
  const p: Promise<unknown> = (() => {
    switch (c.op) {
      case 'select': return s.select(option, value);
      case 'clear': return s.clear(option);
      case 'setMany': return s.setMany({ [option]: value, [valueOf(c.b, c.a)[0]]: undefined });
      case 'undo': return s.undo();
      case 'redo': return s.redo();
      case 'reset': return s.reset();
      case 'locale': return s.setLocale(c.b % 2 === 0 ? 'en' : 'de');
      case 'available': return s.isAvailable(option, value);
      case 'explain': return s.explain(option, value);
      case 'repair': return s.repair(option, value);
      case 'autocomplete': return s.autocomplete();
      case 'count': return s.count();
      default: return s.toSpecification({ now: new Date('2026-12-01T20:00:00Z') });
    }
  })();
  return p.then(
    // How long counting took is the one answer that may differ.
    (v) => void (out[i] = { ok: c.op === 'count' ? { ...(v as object), elapsedMs: 0 } : v }),
    (e: unknown) => void (out[i] = { error: e instanceof Error ? e.message : String(e) }),
  );
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function run(s: AsyncSession, calls: readonly Call[], between: (i: number) => void = () => {}) {
  const out: unknown[] = [];
  const states: SessionState[] = [];
  s.subscribe((state) => states.push(state));
  const pending: Array<Promise<unknown>> = [];
  for (const [i, c] of calls.entries()) {
    between(i);
    pending.push(call(s, c, out));
    if (c.settle) await settle();
  }
  between(calls.length);
  await Promise.all(pending);
  return { out, states, last: s.state };
}

test('calls in any order before the parts arrive: the answers, their order and the states of a session with everything loaded', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(callArb, { minLength: 1, maxLength: 10 }), fc.nat(), fc.boolean(), async (calls, when, failFirst) => {
      const reference = await run(createLocalSession(createSession(product)), calls);
      const parts: SessionParts = {};
      let arrive!: () => void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      let fetches = 0;
      const local = createLocalSessionWith(createSessionWith(product, {}, parts), {
        count: async () => void (parts.count = countConfigurations),
        later: () => (failFirst && fetches++ === 0 ? Promise.reject(new Error('offline')) : arrived.then(() => void (parts.later = laterParts))),
      });
      if (failFirst) {
        // A failed fetch: the call that waited for it is refused and changes nothing; then everything is as loaded.
        await assert.rejects(local.autocomplete(), /offline/);
        arrive();
        const retried = await run(local, calls);
        assert.deepEqual(retried.out, reference.out);
        assert.deepEqual(retried.last, { ...reference.last, version: retried.last.version });
        return;
      }
      const probed = await run(local, calls, (i) => i === when % (calls.length + 1) && arrive());
      assert.deepEqual(probed.out, reference.out, 'the same answers');
      assert.deepEqual(probed.states, reference.states, 'the same states, in the same order');
      assert.deepEqual(probed.last, reference.last);
    }),
    { numRuns: Math.round(RUNS / 10), seed: 53 },
  );
});

test('dispose while calls wait for the parts: each of them is refused, no state is published, the parts arriving later change nothing', async () => {
  const parts: SessionParts = {};
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const local = createLocalSessionWith(createSessionWith(product, {}, parts), { later: () => arrived.then(() => void (parts.later = laterParts)) });
  const published: SessionState[] = [];
  local.subscribe((s) => published.push(s));
  const [option, value] = valueOf(0, 1);
  const waiting = [local.select(option, value), local.undo(), local.isAvailable(option, value), local.autocomplete()];
  local.dispose();
  arrive();
  for (const p of waiting) await assert.rejects(p, /disposed/);
  assert.deepEqual(published, []);
  assert.equal(local.state.version, 0);
});

test('count, then a change, both before counting arrives: it counts the state it was asked in', async () => {
  const parts: SessionParts = {};
  const local = createLocalSessionWith(createSessionWith(product, {}, Object.assign(parts, { later: laterParts })), {
    count: async () => void (parts.count = countConfigurations),
  });
  const loaded = createLocalSession(createSession(product));
  const [option, value] = valueOf(0, 0);
  const counted = local.count();
  const selected = local.select(option, value);
  const [before, expected] = [await counted, await loaded.count()];
  assert.ok(before.exact && expected.exact);
  assert.equal(before.count, expected.count, 'before the change');
  assert.deepEqual(await selected, { ok: true });
});
