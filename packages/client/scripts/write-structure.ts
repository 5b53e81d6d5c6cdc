// Writes packages/client/src/protocol.generated.ts from the protocol's zod schemas (the client
// checks answers with it, without zod): `pnpm --filter @c2m/client schema`. The test in
// src/protocol.test.ts fails when the committed file is stale.
import { writeStructureModule } from '@c2m/rules/structure-generate';
import { PROTOCOL_STRUCTURE_MODULE } from './structure-module.js';

writeStructureModule(new URL('../src/protocol.generated.ts', import.meta.url), PROTOCOL_STRUCTURE_MODULE);
