// The shop path is safe. Product files mutated from the examples (values swapped for the file's own
// ids and numbers, members deleted or added): the main entry refuses every file the complete checks
// (`@c2m/rules/check`) find an error in, and a file it accepts is one the engine handles: it
// compiles, a session offers only values that can be selected, and a completed configuration
// is a specification the backend's validator accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileProduct, createSession, parseProduct, type CompiledProduct } from '../engine.js';
import { parseProduct as parseProductChecked } from '../check.js';
import { validateSpecification } from '../backend.js';
import { exampleNames, readExample } from '../../examples/index.js';
import { jsonMutations, mutated } from '../testing/index.js';

const NOW = new Date('2026-12-01T00:00:00Z');

/** A few selections of available values (as a shopper makes them), then autocomplete and order. */
function shop(product: CompiledProduct, picks: readonly number[]): void {
  const session = createSession(product);
  for (const pick of picks) {
    const open = session.domains().filter((d) => d.selected === undefined);
    const d = open[pick % Math.max(open.length, 1)];
    if (!d) break;
    let value: string | number | boolean | undefined;
    if (d.type === 'choice' || d.type === 'boolean') {
      const available = d.values.filter((v) => v.available);
      value = available[pick % Math.max(available.length, 1)]?.value;
    } else if (d.type === 'number') {
      value = pick % 2 === 0 ? d.feasible.min : d.feasible.max;
    }
    if (value === undefined) continue;
    const r = session.select(d.option, value);
    assert.ok(r.ok, `an available value was refused: ${d.option} = ${String(value)}: ${JSON.stringify(r)}`);
  }
  session.autocomplete();
  if (!session.isComplete()) return; // a required text or file is the shopper's to give
  const spec = JSON.parse(JSON.stringify(session.toSpecification({ now: NOW }))) as unknown;
  const checked = validateSpecification(product, spec);
  assert.ok(checked.ok, `the backend refused a completed configuration: ${JSON.stringify(!checked.ok && checked.issues.slice(0, 3))}`);
}

for (const name of exampleNames) {
  test(`lean path (${name}): accepts only what the complete checks accept, and the engine handles it`, () => {
    const doc = readExample(name);
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        jsonMutations(doc, 3, { plausible: true }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (mutations, picks) => {
          const text = JSON.stringify(mutated(doc, mutations));
          const lean = parseProduct(text);
          const full = parseProductChecked(text);
          // The property of the issue: either the lean path refuses, or the full checks find no error.
          if (lean.ok) assert.ok(full.ok && full.issues.every((i) => i.severity === 'warning'), `accepted, but: ${JSON.stringify(full.issues.slice(0, 3))}`);
          // And the converse, so that a page never loads the complete checks for a good file.
          assert.equal(lean.ok, full.ok, `the lean path refused a file the complete checks accept: ${JSON.stringify(lean.issues.slice(0, 3))}`);
          if (!lean.ok || !full.ok) {
            refused++;
            assert.ok(lean.issues.some((i) => i.severity === 'error'));
            return;
          }
          accepted++;
          assert.deepEqual(lean.file, full.file);
          const compiled = compileProduct(lean.file);
          if (!compiled.ok) {
            // Only the engine's own findings remain: no configuration at all, or a size limit.
            assert.ok(compiled.issues.some((i) => i.code === 'unsatisfiable' || i.code === 'limit'), JSON.stringify(compiled.issues.slice(0, 3)));
            return;
          }
          shop(compiled.product, picks);
        },
      ),
      { numRuns: 400, seed: 12 },
    );
    // Both outcomes must be exercised, or the property says nothing.
    assert.ok(accepted >= 15, `only ${accepted} mutated files were accepted`);
    assert.ok(refused >= 30, `only ${refused} mutated files were refused`);
  });
}
