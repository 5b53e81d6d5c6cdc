// Mutated product files: the only outcome is a CheckResult whose issues have a known code and a path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { checkProductFile } from './check.js';
import { parseProduct as parseJsonProduct } from '../parse/parse.js';
import { parseProduct } from '../yaml.js';
import { validProduct } from './fixture.test-helpers.js';
import { assertClean, assertResult, mutate, mutation } from './fuzz.test-helpers.js';

test('fuzz: mutations of a valid product file (deleted keys, swapped types, hostile strings)', () => {
  let rejected = 0;
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.nat({ max: 9 }), (mutations, dice) => {
      const file = mutate(validProduct(), mutations);
      const direct = checkProductFile(file);
      assertResult(direct, 'check');
      if (!direct.ok) rejected++;
      const text = JSON.stringify(file, null, 2);
      const fromJson = parseJsonProduct(text);
      assertResult(fromJson, 'json');
      assert.equal(fromJson.ok, direct.ok);
      // YAML parsing costs ten times more than the rest: one run in ten goes through it.
      if (dice === 0) assertResult(parseProduct(toYaml(file), { format: 'yaml' }), 'yaml');
    }),
    { numRuns: 2000, seed: 1234 },
  );
  // The mutations are not all harmless: most must be caught.
  assert.ok(rejected > 1000, `only ${rejected} of 2000 mutated files were rejected`);
  assertClean();
});

