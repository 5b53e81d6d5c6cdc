/**
 * The engine against the brute-force oracle along random walks — select, clear, undo, redo and
 * refused selections, reading every domain after each step — so that what the engine carries from
 * one state to the next (kept witnesses and their supports, repaired witnesses, the previous
 * state's bounds) is checked, not only states reached in one go.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileProduct } from './compile.js';
import { createSession } from './create-session.js';
import type { Session } from '../api.js';
import type { ProductFile } from '../schema/product-file.js';
import type { SelectionValue } from '../types.js';
import { assertDomainsExact, smallProduct, validConfigurations, valuesOf, type Values } from './oracle.test-helpers.js';

const RUNS = Number(process.env.C2M_PROPERTY_RUNS ?? 1500);

type Step = { kind: 'select' | 'clear' | 'undo' | 'redo' | 'refuse'; a: number; b: number };

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<Step['kind']>('select', 'select', 'select', 'clear', 'undo', 'redo', 'refuse'),
  a: fc.nat(),
  b: fc.nat(),
});

/** Every domain equals enumeration, given the session's own selections (the shopper's: no defaults here). */
function assertExact(session: Session, file: ProductFile, valid: readonly Values[], where: string): void {
  assertDomainsExact(session, file, valid, { ...session.selections }, ` ${where}`);
}

/** The values of an option a UI would offer for a click: choice and boolean values, and numbers. */
function clickable(file: ProductFile, index: number): { id: string; values: Array<SelectionValue> } {
  const o = file.options[index % file.options.length];
  return { id: o.id, values: valuesOf(o).filter((x): x is SelectionValue => x !== null && o.type !== 'text' && o.type !== 'file') };
}

test('domains stay exact along random walks (select, clear, undo, redo, refused selections)', () => {
  fc.assert(
    fc.property(smallProduct, fc.array(stepArb, { minLength: 1, maxLength: 14 }), (file, steps) => {
      const r = compileProduct(file);
      const valid = validConfigurations(file);
      if (!r.ok || valid.length === 0) return;
      const session = createSession(r.product, { applyDefaults: false });
      assertExact(session, file, valid, 'at the start');
      steps.forEach((step, i) => {
        const where = `after step ${i} (${step.kind}) with ${JSON.stringify(session.selections)}`;
        const { id, values } = clickable(file, step.a);
        switch (step.kind) {
          case 'select':
          case 'refuse': {
            const wanted = step.kind === 'select';
            const candidates = values.filter((x) => session.isAvailable(id, x) === wanted);
            if (candidates.length === 0) return;
            const value = candidates[step.b % candidates.length];
            const answer = session.select(id, value);
            assert.equal(answer.ok, wanted, `select(${id}, ${String(value)}) ${where}`);
            if (!answer.ok) assert.ok(answer.repair !== undefined, 'a refused selection comes with its repair (or null)');
            break;
          }
          case 'clear': {
            const selected = Object.keys(session.selections);
            if (selected.length > 0) session.clear(selected[step.b % selected.length]);
            break;
          }
          case 'undo':
            session.undo();
            break;
          case 'redo':
            session.redo();
            break;
        }
        assertExact(session, file, valid, where);
      });
    }),
    { numRuns: Math.round(RUNS / 3), seed: 23, includeErrorInReport: true },
  );
});
