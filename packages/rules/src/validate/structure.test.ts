// The shop path's structural checks (`structure.ts` reading `structure.generated.ts`) are zod's
// schema without zod: the committed description is the one generated from the schema, and on
// mutated example files and on awkward values they give zod's verdict, zod's parsed value (defaults
// filled in, the same keys in the same order) and zod's issues (codes, paths and what was expected,
// in order: `describeIssue` words).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { ProductFile } from '../schema/product-file.js';
import { structureModuleText } from '../../scripts/structure-generate.js';
import { PRODUCT_FILE_STRUCTURE_MODULE } from '../../scripts/structure-modules.js';
import { PRODUCT_FILE_STRUCTURE } from '../schema/structure.generated.js';
import { issueDetails, parseStructure, type StructureIssue } from './structure.js';
import { exampleNames, readExample } from '../../examples/index.js';
import { issueText, jsonMutations, mutated } from '../testing/index.js';
import { validProduct } from './fixture.test-helpers.js';

test('the committed structure.generated.ts is up to date (run `pnpm --filter @c2m/rules schema`)', () => {
  const committed = readFileSync(new URL('../schema/structure.generated.ts', import.meta.url), 'utf8');
  assert.equal(committed, structureModuleText(PRODUCT_FILE_STRUCTURE_MODULE));
});

/** Asserts that the lean structure and zod agree on `data`; returns whether zod accepted it. */
function agree(data: unknown, what = ''): boolean {
  const zod = z.safeParse(ProductFile, data);
  const lean = parseStructure(PRODUCT_FILE_STRUCTURE, data);
  const issues = (list: ReadonlyArray<z.core.$ZodIssue>) => list.map(issueText);
  const leanIssues = (list: readonly StructureIssue[]) => list.map((i) => issueText(issueDetails(i)));
  if (zod.success) {
    assert.ok(lean.ok, `${what}: zod accepts, the lean structure refuses: ${JSON.stringify(!lean.ok && leanIssues(lean.issues))}`);
    assert.deepStrictEqual(lean.value, zod.data, what);
    assert.equal(JSON.stringify(lean.value), JSON.stringify(zod.data), `${what}: keys in another order`);
  } else {
    assert.ok(!lean.ok, `${what}: zod refuses (${issues(zod.error.issues).join('; ')}), the lean structure accepts`);
    assert.deepEqual(leanIssues(lean.issues), issues(zod.error.issues), what);
  }
  return zod.success;
}

for (const name of exampleNames) {
  for (const plausible of [true, false]) {
    test(`lean structure = zod on mutated ${name} files (${plausible ? 'plausible' : 'random'} values)`, () => {
      const doc = readExample(name);
      let accepted = 0;
      let refused = 0;
      fc.assert(
        fc.property(jsonMutations(doc, 3, { plausible }), (mutations) => {
          const file = mutated(doc, mutations);
          // As a page gets it from text (own `__proto__` members and all), and as an object.
          const ok = agree(JSON.parse(JSON.stringify(file)) as unknown, 'from text');
          agree(file, 'object');
          if (ok) accepted++;
          else refused++;
        }),
        { numRuns: 300, seed: plausible ? 7 : 8 },
      );
      assert.ok(accepted >= 20 && refused >= 20, `accepted ${accepted}, refused ${refused}: both must be exercised`);
    });
  }
}

test('lean structure = zod on values no JSON text gives', () => {
  const base = () => validProduct() as unknown as Record<string, unknown> & { options: Array<Record<string, unknown>>; product: Record<string, unknown> };
  const cases: Array<[string, (f: ReturnType<typeof base>) => unknown]> = [
    ['the file itself', (f) => f],
    ['not an object', () => 'file'],
    ['null', () => null],
    ['an array', () => []],
    ['NaN', (f) => ((f.options[0]!.price = Number.NaN), f)],
    ['Infinity as a number option bound', (f) => ((f.options.find((o) => o.type === 'number')!.max = Infinity), f)],
    ['-0', (f) => ((f.product.version = '1'), (f.options.find((o) => o.type === 'number')!.min = -0), f)],
    ['an unsafe integer price', (f) => (((f.pricing as Record<string, unknown>).base = 2 ** 60), f)],
    ['a decimal price', (f) => (((f.pricing as Record<string, unknown>).base = 1.5), f)],
    ['an optional key present as undefined', (f) => ((f.product.description = undefined), f)],
    ['a defaulted key present as undefined', (f) => ((f.groups = undefined), f)],
    ['a required key present as undefined', (f) => ((f.product.id = undefined), f)],
    ['a hole in an array', (f) => ((f.options = [...f.options, , f.options[0]] as never), f)],
    ['an own __proto__ member', (f) => JSON.parse(JSON.stringify(f).replace('"product":{', '"product":{"__proto__":1,'))],
    ['an own __proto__ member in a label map', (f) => JSON.parse(JSON.stringify(f).replace('"product":{', '"product":{"name":{"__proto__":"x","en":"Desk"},'))],
    ['inherited members', (f) => Object.assign(Object.create({ schemaVersion: 1, extra: true }) as object, f, { schemaVersion: undefined })],
    ['a record that is a class instance', (f) => ((f.product.name = new (class Name { en = 'Desk'; })()), f)],
    ['a record with a null prototype', (f) => ((f.product.name = Object.assign(Object.create(null) as object, { en: 'Desk', 'zh-CN': '桌' })), f)],
    ['a record with a symbol key', (f) => ((f.product.name = { en: 'Desk', [Symbol('s')]: 'x' }), f)],
    ['a record with a bad key', (f) => ((f.product.name = { EN: 'Desk' }), f)],
    ['a non-enumerable member', (f) => (Object.defineProperty(f.product, 'secret', { value: 1, enumerable: false }), f)],
    ['a condition tuple too long', (f) => ((f.constraints as unknown[]).push({ id: 'x', type: 'rule', message: 'm', assert: { implies: [true, false, true] } }), f)],
    ['a condition tuple too short', (f) => ((f.constraints as unknown[]).push({ id: 'x', type: 'rule', message: 'm', assert: { iff: [true] } }), f)],
    ['an unknown discriminator', (f) => ((f.options[0]!.type = 'colour'), f)],
    ['a union option failing only on unknown keys', (f) => ((f.constraints as unknown[]).push({ id: 'x', type: 'rule', message: 'm', assert: { option: 'a', set: true, extra: 1 } }), f)],
    ['decimals in an array of integers', (f) => ((f.options.push({ id: 'up', type: 'file', label: 'U', accept: ['image/png'], maxBytes: 1.5 })), f)],
    ['a zero step', (f) => ((f.options.find((o) => o.type === 'number')!.step = 0), f)],
    ['seven decimals', (f) => ((f.options.find((o) => o.type === 'number')!.min = 0.1234567), f)],
  ];
  for (const [what, make] of cases) agree(make(base()), what);
});

test('the generator stops on what it cannot describe, naming where', () => {
  const generate = (schema: z.ZodMiniType) =>
    structureModuleText({ ...PRODUCT_FILE_STRUCTURE_MODULE, schemas: { S: z.object({ a: z.array(schema) }) } });
  assert.throws(() => generate(z.unknown()), /^Error: S\.a\[\]: zod type unknown is not supported$/);
  assert.throws(() => generate(z.url()), /S\.a\[\]: string format url is not supported/);
  assert.throws(() => generate(z.catchall(z.object({}), z.string())), /S\.a\[\]: objects with a catchall of string are not supported/);
  assert.throws(() => generate(z.number().check(z.refine((n) => n > 1))), /S\.a\[\]: a refinement that is not one of the named refinements/);
  assert.throws(() => generate(z.string().check(z.trim())), /S\.a\[\]: check overwrite is not supported/);
  // What it knows: a string format that is a pattern, nullables, objects of each kind.
  assert.match(generate(z.nullable(z.iso.datetime())), /\['N', \d+\]/);
  assert.match(generate(z.looseObject({ b: z.string() })), /'keep'\]/);
});
