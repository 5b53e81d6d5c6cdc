// Writes packages/rules/src/schema/structure.generated.ts from the zod schema (the shop path's
// structural checks read it): `pnpm --filter @c2m/rules schema`. The test in
// src/validate/structure.test.ts fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { structureModuleText } from '../src/schema/structure-generate.js';

const target = fileURLToPath(new URL('../src/schema/structure.generated.ts', import.meta.url));
writeFileSync(target, structureModuleText());
console.log(`wrote ${target}`);
