/**
 * Defaults are preferences, against the brute-force oracle on random small products with random
 * defaults (and `when`s): a default never makes a value unavailable; defaults fill the options the
 * shopper has not chosen, in resolution order, each kept only when it fits what came before; what
 * gave way is reported with a sufficient reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileProduct } from './compile.js';
import { createSession } from './create-session.js';
import type { Session } from '../api.js';
import type { ProductFile } from '../schema/product-file.js';
import type { ChangeResult } from '../api.js';
import type { OptionDomain, SelectionValue } from '../types.js';
import { allConfigurations, holds, sameValue, smallProduct, validConfigurations, valuesOf, withDefaults, type Values } from './oracle.test-helpers.js';

const RUNS = Number(process.env.C2M_PROPERTY_RUNS ?? 1500);

const scenario = smallProduct.chain(withDefaults).chain((file) =>
  fc.record({
    file: fc.constant(file),
    picks: fc.array(fc.record({ option: fc.nat(), value: fc.nat() }), { maxLength: 6 }),
  }),
);

function extendsTo(config: Values, values: Record<string, SelectionValue | null | undefined>): boolean {
  return Object.entries(values).every(([id, v]) => sameValue(config[id], v));
}

/** A domain without what depends on the current values rather than on the shopper's selections. */
function availability(d: OptionDomain): unknown {
  switch (d.type) {
    case 'choice':
    case 'boolean':
      return d.values.map((v) => [v.value, v.available]);
    case 'number':
      return d.feasible;
    default:
      return [d.canBeSet, d.canBeEmpty];
  }
}

function checkState(file: ProductFile, valid: Values[], soft: Session, hard: Session): void {
  // The shopper's selections are the same in both; a default never makes a value unavailable.
  const user = Object.fromEntries(Object.entries(soft.selections).filter(([id]) => soft.origins[id] === 'user'));
  assert.deepEqual(user, { ...hard.selections }, 'the same selections of the shopper');
  const hardDomains = hard.domains();
  soft.domains().forEach((d, i) => assert.deepEqual(availability(d), availability(hardDomains[i]), `${d.option}: the same availability with defaults`));

  // The current values extend to a valid configuration; `applicable` means "in every one of them".
  const current = { ...soft.selections };
  const extending = valid.filter((c) => extendsTo(c, current));
  assert.ok(extending.length > 0, 'the current values extend to a valid configuration');
  const domains = new Map(soft.domains().map((d) => [d.option, d]));
  for (const o of file.options) {
    assert.equal(domains.get(o.id)!.applicable, extending.every((c) => c[o.id] !== undefined), `${o.id} applicable`);
  }

  // A default that applies is kept unless it does not fit the values placed before it (so neither
  // all the others); the value that replaces a choice's default is the first that fits them.
  for (const o of file.options) {
    const id = o.id;
    const value = soft.selections[id];
    if (soft.origins[id] === 'user') continue;
    const d = 'default' in o ? o.default : undefined;
    if (value !== undefined) assert.equal(soft.origins[id], sameValue(value, d) ? 'default' : 'auto', `${id} origin`);
    if (d === undefined || !domains.get(id)!.applicable) continue;
    if (o.type !== 'text') assert.notEqual(value, undefined, `${id} applies and has a default: it has a value`);
    if (sameValue(value, d)) continue;
    const others = { ...current };
    delete others[id];
    const fits = (x: SelectionValue) => valid.some((c) => extendsTo(c, others) && sameValue(c[id], x));
    assert.equal(fits(d), false, `${id}: its default ${String(d)} fits the other values, so it would have stayed`);
    if (o.type === 'choice' && typeof value === 'string') {
      for (const v of o.values.slice(0, o.values.findIndex((x) => x.id === value))) {
        assert.equal(fits(v.id), false, `${id}: ${v.id} comes before ${value} and fits`);
      }
    }
  }
}

function checkChanges(file: ProductFile, changed: string, before: Session['selections'], beforeApplicable: Map<string, boolean>, soft: Session, result: ChangeResult): void {
  assert.ok(result.ok);
  const reported = new Map((result.defaults ?? []).map((c) => [c.option, c]));
  const domains = new Map(soft.domains().map((d) => [d.option, d]));
  for (const o of file.options) {
    const change = reported.get(o.id);
    const moved =
      o.id !== changed &&
      soft.origins[o.id] !== 'user' &&
      beforeApplicable.get(o.id) === true &&
      domains.get(o.id)!.applicable &&
      !sameValue(before[o.id], soft.selections[o.id]);
    assert.equal(change !== undefined, moved, `${o.id}: reported exactly when it moved`);
    if (!change) continue;
    assert.ok(sameValue(change.from, before[o.id]) && sameValue(change.to, soft.selections[o.id]), `${o.id}: from and to`);
    if (change.reason) {
      // Sufficient: those constraints and values alone leave no configuration with the old value.
      const cs = file.constraints.filter((c) => change.reason!.constraints.some((x) => x.id === c.id));
      const sel = Object.fromEntries(change.reason.selections.map((s) => [s.option, s.value]));
      const witness = [...allConfigurations(file)].some((c) => sameValue(c[o.id], change.from) && cs.every((k) => holds(k, c, file)) && extendsTo(c, sel));
      assert.equal(witness, false, `${o.id}: the reason is sufficient`);
    }
  }
}

test('defaults never make a value unavailable, give way in order, and what moved is reported', () => {
  fc.assert(
    fc.property(scenario, ({ file, picks }) => {
      const r = compileProduct(file);
      const valid = validConfigurations(file);
      if (!r.ok || valid.length === 0) return;
      const soft = createSession(r.product);
      const hard = createSession(r.product, { applyDefaults: false });
      checkState(file, valid, soft, hard);
      for (const pick of picks) {
        const o = file.options[pick.option % file.options.length];
        const values = valuesOf(o).filter((v): v is SelectionValue => v !== null);
        const value = values[pick.value % values.length];
        const possible = hard.isAvailable(o.id, value);
        assert.equal(soft.isAvailable(o.id, value), possible, `${o.id}=${String(value)}: the same availability`);
        if (!possible) {
          assert.equal(soft.select(o.id, value).ok, false);
          continue;
        }
        const before = { ...soft.selections };
        const applicable = new Map(soft.domains().map((d) => [d.option, d.applicable]));
        const result = soft.select(o.id, value);
        assert.ok(hard.select(o.id, value).ok);
        checkChanges(file, o.id, before, applicable, soft, result);
        checkState(file, valid, soft, hard);
      }
      soft.undo();
      hard.undo();
      checkState(file, valid, soft, hard);
    }),
    { numRuns: Math.round(RUNS / 3), seed: 19, includeErrorInReport: true },
  );
});
