/**
 * The engine against a brute-force oracle on thousands of random small products, about a third of
 * whose options apply only sometimes (`when`): offered values have a valid completion, disabled
 * values have none, counts equal enumeration, explanations are sufficient and minimal, repairs are
 * valid and minimum, defaults are preferences that give way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileProduct } from './compile.js';
import { compileProduct as compileChecked } from '../check.js';
import { createSession } from './create-session.js';
import type { Session } from '../api.js';
import type { ProductFile } from '../schema/product-file.js';
import type { SelectionValue } from '../types.js';
import { evaluateCondition } from './evaluate.js';
import {
  allConfigurations,
  appliesIn,
  assertDomainsExact,
  consistent,
  viewOf,
  holds,
  sameValue,
  smallProduct,
  validConfigurations,
  valuesOf,
  type Values,
} from './oracle.test-helpers.js';

/** fast-check shows the counterexample; this shows what was wrong with it. */
function logged<A>(body: (a: A) => void): (a: A) => void {
  return (a) => {
    try {
      body(a);
    } catch (e) {
      if (process.env.C2M_DEBUG) console.error(String(e));
      throw e;
    }
  };
}

const RUNS = Number(process.env.C2M_PROPERTY_RUNS ?? 1500);

function compile(file: ProductFile) {
  const r = compileProduct(file);
  return r;
}

/** Selections to apply: a random subset of one random valid configuration, plus maybe one foreign value. */
const scenario = smallProduct.chain((file) =>
  fc.record({
    file: fc.constant(file),
    pick: fc.nat(),
    mask: fc.array(fc.boolean(), { minLength: file.options.length, maxLength: file.options.length }),
  }),
);

function applySelections(session: Session, file: ProductFile, valid: Values[], pick: number, mask: boolean[]): Values {
  const chosen: Values = {};
  if (valid.length === 0) return chosen;
  const target = valid[pick % valid.length];
  file.options.forEach((o, i) => {
    const value = target[o.id];
    if (!mask[i] || value === null || value === undefined) return;
    const r = session.select(o.id, value);
    assert.ok(r.ok, `selecting ${o.id}=${String(value)} from a valid configuration must work: ${r.ok ? '' : r.message}`);
    chosen[o.id] = value;
  });
  return chosen;
}

test('domains are exact (backtrack-free), counts equal enumeration', () => {
  fc.assert(
    fc.property(scenario, logged(({ file, pick, mask }) => {
      const r = compile(file);
      const valid = validConfigurations(file);
      if (valid.length === 0) {
        assert.equal(r.ok, false, 'an unsatisfiable product is refused');
        // The complete checks (@c2m/rules/check) name the conflict.
        const checked = compileChecked(file);
        const issue = checked.ok ? undefined : checked.issues.find((i) => i.code === 'unsatisfiable');
        assert.ok(issue);
        // The constraints it names contradict each other, and each of them is needed for that.
        const named = String(issue.params?.constraints ?? '').split(',');
        const only = (ids: string[]) => file.constraints.filter((c) => ids.includes(c.id));
        assert.equal(validConfigurations(file, only(named)).length, 0, `${named} alone admit nothing`);
        for (const id of named) assert.ok(validConfigurations(file, only(named.filter((x) => x !== id))).length > 0, `${named} without ${id}`);
        return;
      }
      assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
      const session = createSession(r.product, { applyDefaults: false });
      const chosen = applySelections(session, file, valid, pick, mask);
      assertDomainsExact(session, file, valid, chosen);
      const count = session.count({ budgetMs: Infinity });
      assert.ok(count.exact);
      if (count.exact) assert.equal(count.count, BigInt(valid.filter((c) => consistent(c, chosen)).length), 'count');
    })),
    { numRuns: RUNS, seed: 7, includeErrorInReport: true },
  );
});

test('explanations are sufficient and minimal; repairs are valid and minimum', () => {
  fc.assert(
    fc.property(scenario, logged(({ file, pick, mask }) => {
      const r = compile(file);
      const valid = validConfigurations(file);
      if (!r.ok || valid.length === 0) return;
      const session = createSession(r.product, { applyDefaults: false });
      const chosen = applySelections(session, file, valid, pick, mask);
      for (const o of file.options) {
        for (const value of valuesOf(o)) {
          if (value === null) continue;
          if (session.isAvailable(o.id, value)) {
            assert.equal(session.explain(o.id, value), null);
            continue;
          }
          const reason = session.explain(o.id, value);
          assert.ok(reason, `${o.id}=${String(value)} has a reason`);
          // Sufficient: those constraints and selections alone leave no configuration with the value.
          const cs = file.constraints.filter((c) => reason.constraints.some((x) => x.id === c.id));
          const sel: Values = Object.fromEntries(reason.selections.map((s) => [s.option, s.value]));
          const witnesses = (constraints: typeof cs, selections: Values) =>
            [...allConfigurations(file)].some(
              (c) => sameValue(c[o.id], value) && constraints.every((k) => holds(k, c, file)) && consistent(c, selections),
            );
          assert.equal(witnesses(cs, sel), false, `reason for ${o.id}=${String(value)} is sufficient`);
          if (reason.minimal) {
            for (const c of cs) assert.ok(witnesses(cs.filter((x) => x !== c), sel), `constraint ${c.id} is needed`);
            // Selections are minimal with every rule in force: changing any named selection makes the value possible.
            for (const id of Object.keys(sel)) {
              const fewer = { ...sel };
              delete fewer[id];
              assert.ok(witnesses(file.constraints, fewer), `selection ${id} is needed with every rule in force`);
            }
          }
          for (const m of reason.constraints) assert.match(m.message, /^rule \d+$/);
          // Repair: minimum number of other selections to clear (dependents' selections give way anyway).
          const rep = session.repair(o.id, value);
          const view = viewOf(file, o.id);
          const others = Object.keys(chosen).filter((id) => !view.has(id));
          let best = Infinity;
          for (let bits = 0; bits < 1 << others.length; bits++) {
            const keep: Values = {};
            let dropped = 0;
            others.forEach((id, i) => ((bits >> i) & 1 ? dropped++ : (keep[id] = chosen[id])));
            if (dropped >= best) continue;
            if (valid.some((c) => sameValue(c[o.id], value) && consistent(c, keep))) best = dropped;
          }
          if (best === Infinity) assert.equal(rep, null, `${o.id}=${String(value)} cannot be repaired`);
          else {
            assert.ok(rep, `${o.id}=${String(value)} has a repair`);
            if (rep.minimal !== false) assert.equal(rep.changes.length, best, 'repair is minimum');
            const keep = { ...chosen };
            for (const id of view) delete keep[id];
            for (const ch of rep.changes) delete keep[ch.option];
            assert.ok(valid.some((c) => sameValue(c[o.id], value) && consistent(c, keep)), 'repair is valid');
          }
        }
      }
    })),
    { numRuns: Math.round(RUNS / 3), seed: 11, includeErrorInReport: true },
  );
});

test('undo/redo, reset, autocomplete and the specification', () => {
  fc.assert(
    fc.property(scenario, logged(({ file, pick, mask }) => {
      const r = compile(file);
      const valid = validConfigurations(file);
      if (!r.ok || valid.length === 0) return;
      const session = createSession(r.product, { applyDefaults: false });
      const chosen = applySelections(session, file, valid, pick, mask);
      const before = { ...session.selections };
      session.autocomplete();
      const complete: Values = {};
      for (const o of file.options) {
        complete[o.id] = session.selections[o.id] ?? (!session.domain(o.id).applicable ? undefined : o.type === 'text' ? '' : null);
      }
      // Texts cannot be made up: complete when some valid configuration leaves every text without one.
      const textless = valid.some((c) => consistent(c, chosen) && file.options.every((o) => o.type !== 'text' || c[o.id] !== 'x'));
      if (textless) {
        assert.ok(session.isComplete(), 'autocomplete completes when no text is required');
        assert.ok(file.constraints.every((c) => holds(c, complete, file)), 'the completion is valid');
        const spec = session.toSpecification({ now: new Date(0) });
        assert.equal(spec.product.digest, r.product.digest);
      }
      if (session.canUndo && Object.keys(session.selections).length > Object.keys(before).length) {
        session.undo();
        assert.deepEqual({ ...session.selections }, before);
        session.redo();
      }
      session.reset();
      assert.deepEqual({ ...session.selections }, {});
    })),
    { numRuns: Math.round(RUNS / 3), seed: 13, includeErrorInReport: true },
  );
});


test('canHold and isImplied agree with enumeration', () => {
  fc.assert(
    fc.property(
      smallProduct,
      logged((file: ProductFile) => {
        // The complete entry's compile: it decides cardinalities too.
        const r = compileChecked(file);
        const valid = validConfigurations(file);
        if (!r.ok || valid.length === 0) return;
        const optionOf = (id: string) => file.options.find((o) => o.id === id);
        for (const c of file.constraints) {
          const others = file.constraints.filter((x) => x !== c);
          const othersValid = validConfigurations(file, others);
          const implied = r.product.isImplied(c.id);
          assert.equal(implied, othersValid.every((v) => holds(c, v, file)), `isImplied(${c.id})`);
          const cond = 'if' in c && c.if !== undefined ? c.if : 'assert' in c ? c.assert : undefined;
          if (cond !== undefined) {
            const expected = valid.some((v) => evaluateCondition(cond, v, optionOf, appliesIn(v)) === true);
            assert.equal(r.product.canHold(cond), expected, `canHold(${c.id} condition)`);
            const ignoring = othersValid.some((v) => evaluateCondition(cond, v, optionOf, appliesIn(v)) === true);
            assert.equal(r.product.canHold(cond, { ignore: [c.id] }), ignoring, `canHold(${c.id} condition, ignoring it)`);
          }
        }
      }),
    ),
    { numRuns: Math.round(RUNS / 3), seed: 17, includeErrorInReport: true },
  );
});
