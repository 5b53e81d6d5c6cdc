// Writes packages/rules/product-file.schema.json from the zod definition: `pnpm --filter @c2m/rules schema`.
// The test in src/json-schema.test.ts fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { productFileJsonSchemaText } from '../src/json-schema.js';

const target = fileURLToPath(new URL('../product-file.schema.json', import.meta.url));
writeFileSync(target, productFileJsonSchemaText());
console.log(`wrote ${target}`);
