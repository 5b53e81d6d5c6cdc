// What `structure.generated.ts` describes and how it is written: shared by the script that writes
// it (write-structure.ts) and the test that fails when it is stale (src/validate/structure.test.ts).
import { ProductFile } from '../src/schema/product-file.js';
import * as refinements from '../src/schema/refinements.js';
import type { StructureModuleOptions } from './structure-generate.js';

export const PRODUCT_FILE_STRUCTURE_MODULE: StructureModuleOptions = {
  schemas: { ProductFile },
  table: 'PRODUCT_FILE_STRUCTURE',
  summary: "The product file's structure.",
  structureModule: '../validate/structure.js',
  refinements: { module: './refinements.js', functions: refinements },
  regenerate: { script: 'packages/rules/scripts/write-structure.ts', command: 'pnpm --filter @c2m/rules schema', test: 'structure.test.ts' },
};
