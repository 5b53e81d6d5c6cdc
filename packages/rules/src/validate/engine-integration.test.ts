// The checks and the engine together: what the checks accept, the engine compiles without a throw,
// and issues keep their positions through `loadProduct`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { compileProduct, createSession, loadProduct } from '../engine.js';
import { loadProduct as loadProductChecked } from '../check.js';
import { parseProduct } from '../yaml.js';
import { checkProductFile } from './check.js';
import { validProduct } from './fixture.test-helpers.js';
import { mutate, mutation } from './fuzz.test-helpers.js';

test('the examples parse, compile and open a session', () => {
  const dir = new URL('../../examples/', import.meta.url);
  for (const f of readdirSync(dir).filter((n) => /\.(json|ya?ml)$/.test(n))) {
    const parsed = parseProduct(readFileSync(new URL(f, dir), 'utf8'));
    assert.ok(parsed.ok, f);
    const compiled = compileProduct(parsed.file);
    assert.ok(compiled.ok, `${f}: ${JSON.stringify(!compiled.ok && compiled.issues.slice(0, 2))}`);
    assert.equal(createSession(compiled.product).domains().length, parsed.file.options.length);
  }
});

test('the test fixture compiles', () => {
  const compiled = compileProduct(validProduct());
  assert.ok(compiled.ok, JSON.stringify(!compiled.ok && compiled.issues));
});

test('loadProduct refuses a broken file briefly; @c2m/rules/check says where, with line and column', () => {
  const file = validProduct();
  ((file.constraints[0] as Record<string, unknown>).if as Record<string, unknown>).is = 'teak';
  const text = JSON.stringify(file, null, 2);
  const lean = loadProduct(text);
  assert.equal(lean.ok, false);
  assert.equal(lean.issues[0]?.code, 'unknown-reference');
  assert.deepEqual(lean.issues[0]?.path, ['constraints', 0, 'if', 'is']);
  assert.equal(lean.issues[0]?.message, 'constraints[0].if.is: unknown-reference (value)');
  assert.equal(lean.issues[0]?.source, undefined);
  const full = loadProductChecked(text);
  assert.equal(full.ok, false);
  assert.equal(full.issues[0]?.code, 'unknown-reference');
  assert.deepEqual(full.issues[0]?.path, lean.issues[0]?.path);
  assert.match(full.issues[0]!.message, /value 'teak' is not a value of option 'wood'/);
  assert.ok(full.issues[0]?.source && full.issues[0].source.line > 1);
});

test('mutated files that pass the checks compile without throwing', () => {
  let accepted = 0;
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 2 }), (mutations) => {
      const file = mutate(validProduct(), mutations);
      if (!checkProductFile(file).ok) return;
      accepted++;
      const compiled = compileProduct(file);
      if (compiled.ok) createSession(compiled.product).domains();
      else assert.ok(compiled.issues.length > 0);
    }),
    { numRuns: 600, seed: 5 },
  );
  assert.ok(accepted > 10, `only ${accepted} mutated files passed the checks`);
});
