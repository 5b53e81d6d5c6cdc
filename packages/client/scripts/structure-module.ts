// What `src/protocol.generated.ts` describes and how it is written: shared by the script that
// writes it (write-structure.ts) and the test that fails when it is stale (src/protocol.test.ts).
import type { StructureModuleOptions } from '@c2m/rules/structure-generate';
import { Problem, SpecificationStatus, SubmissionReceipt } from '../src/schema.js';

/** The answers the client checks: a receipt, a status, a problem. */
export const PROTOCOL_STRUCTURE_MODULE: StructureModuleOptions = {
  schemas: { SUBMISSION_RECEIPT: SubmissionReceipt, SPECIFICATION_STATUS: SpecificationStatus, PROBLEM: Problem },
  table: 'PROTOCOL_STRUCTURE',
  summary: 'The answers the client checks, as the zod schemas of `schema.ts` say them.',
  structureModule: '@c2m/rules/structure',
  regenerate: { script: 'packages/client/scripts/write-structure.ts', command: 'pnpm --filter @c2m/client schema', test: 'protocol.test.ts' },
};
