import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { productFileJsonSchema, productFileJsonSchemaText, PRODUCT_FILE_SCHEMA_URL } from './json-schema.js';
import { validProduct } from './validate/fixture.test-helpers.js';

const schemaFile = new URL('../product-file.schema.json', import.meta.url);

test('the committed product-file.schema.json is up to date (run `pnpm --filter @c2m/rules schema`)', () => {
  assert.equal(readFileSync(schemaFile, 'utf8'), productFileJsonSchemaText());
});

test('the schema has an $id and a title', () => {
  const schema = productFileJsonSchema();
  assert.equal(schema.$id, PRODUCT_FILE_SCHEMA_URL);
  assert.equal(schema.title, 'c2m product file');
});

test('the schema accepts the example product files and rejects broken ones', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(productFileJsonSchema());
  const dir = new URL('../examples/', import.meta.url);
  const files = readdirSync(dir).filter((f) => /\.(json|ya?ml)$/.test(f));
  assert.ok(files.length > 0);
  for (const f of files) {
    const text = readFileSync(new URL(f, dir), 'utf8');
    const data: unknown = f.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    assert.ok(validate(data), `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
  assert.ok(validate(validProduct()), JSON.stringify(validate.errors?.slice(0, 3)));
  const broken = validProduct();
  (broken.product as Record<string, unknown>).colr = 1;
  assert.equal(validate(broken), false);
  const badCondition = validProduct();
  (badCondition.constraints[0] as Record<string, unknown>).if = { option: 'wood', is: 'oak', bogus: 1 };
  assert.equal(validate(badCondition), false);
});

test("the schema describes an option's `when` as a condition, for every option type", () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(productFileJsonSchema());
  const withWhen = validProduct();
  for (const o of withWhen.options.slice(1)) o.when = { any: [{ option: 'wood', is: 'walnut' }, { not: { option: 'drawer', is: false } }] };
  assert.ok(validate(withWhen), JSON.stringify(validate.errors?.slice(0, 3)));
  const badWhen = validProduct();
  badWhen.options[3]!.when = { option: 'wood', equals: 'oak' };
  assert.equal(validate(badWhen), false);
  const whens = JSON.stringify(productFileJsonSchema()).match(/"when":\{"description":"The option applies only when[^"]*","\$ref":"#\/\$defs\/Condition"\}/g);
  assert.equal(whens?.length, 5, 'one per option type');
});
