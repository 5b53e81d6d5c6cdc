// Malformed input of every kind: the only outcome is a CheckResult whose issues have a known code and
// a path. Never an exception, never a polluted prototype.
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { checkProductFile } from './check.js';
import { parseProduct as parseJsonProduct } from '../parse/parse.js';
import { parseProduct } from '../yaml.js';
import { validProduct } from './fixture.test-helpers.js';
import { assertClean, assertResult, hostileString } from './fuzz.test-helpers.js';

test('fuzz: random JSON values given to checkProductFile and parseProduct', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 8 }), fc.boolean(), (value, yaml) => {
      assertResult(checkProductFile(value), 'check');
      const text = JSON.stringify(value) ?? 'null';
      assertResult(parseJsonProduct(text), 'json');
      if (yaml) assertResult(parseProduct(text, { format: 'yaml' }), 'yaml');
    }),
    { numRuns: 1000, seed: 42 },
  );
  assertClean();
});

test('fuzz: random strings given to the JSON and YAML parsers', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), hostileString), (text) => {
      assertResult(parseJsonProduct(text), 'json');
      assertResult(parseProduct(text), 'auto');
      assertResult(parseProduct(text, { format: 'yaml' }), 'yaml');
    }),
    { numRuns: 1500, seed: 7 },
  );
  assertClean();
});

test('fuzz: character-level damage to the JSON and YAML text of a valid file', () => {
  const json = JSON.stringify(validProduct(), null, 2);
  const yaml = toYaml(validProduct());
  const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 8 }), insert: fc.oneof(fc.string({ maxLength: 6 }), hostileString) });
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean(), (edits, useYaml) => {
      let text = useYaml ? yaml : json;
      for (const e of edits) {
        const at = e.at % (text.length + 1);
        text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
      }
      assertResult(useYaml ? parseProduct(text, { format: 'yaml' }) : parseJsonProduct(text), useYaml ? 'yaml' : 'json');
    }),
    { numRuns: 1500, seed: 99 },
  );
  assertClean();
});
