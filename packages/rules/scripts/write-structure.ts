// Writes packages/rules/src/schema/structure.generated.ts from the zod schema (the shop path's
// structural checks read it): `pnpm --filter @c2m/rules schema`. The test in
// src/validate/structure.test.ts fails when the committed file is stale.
import { PRODUCT_FILE_STRUCTURE_MODULE } from './structure-modules.js';
import { writeStructureModule } from './structure-generate.js';

writeStructureModule(new URL('../src/schema/structure.generated.ts', import.meta.url), PRODUCT_FILE_STRUCTURE_MODULE);
