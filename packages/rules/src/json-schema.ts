/**
 * The JSON Schema of the product file, generated from the zod definition so the two cannot drift.
 * Published as `@c2m/rules/product-file.schema.json`: a product file that starts with
 * `"$schema": "https://unpkg.com/@c2m/rules/product-file.schema.json"` gets completion and checking
 * in editors. Whole-file rules (references, unique ids, defaults in range) are not expressible
 * in JSON Schema; `c2m validate` checks those.
 */
import * as z from 'zod/mini';
import { ProductFile } from './schema/product-file.js';

/** Where the published schema lives; also its `$id`. */
export const PRODUCT_FILE_SCHEMA_URL = 'https://unpkg.com/@c2m/rules/product-file.schema.json';

/** The JSON Schema (draft 2020-12) of product files as written by manufacturers (defaults optional). */
export function productFileJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ProductFile, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  // The recursive condition is the only shared definition; zod names it `__schema0`, editors show that name.
  const schema = JSON.parse(
    JSON.stringify(generated).replaceAll('"#/$defs/__schema0"', '"#/$defs/Condition"').replace('"__schema0":', '"Condition":'),
  ) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: PRODUCT_FILE_SCHEMA_URL,
    title: 'c2m product file',
    ...rest,
  };
}

/** The schema as the text of the published file (two-space indentation, final newline). */
export function productFileJsonSchemaText(): string {
  return `${JSON.stringify(productFileJsonSchema(), null, 2)}\n`;
}
