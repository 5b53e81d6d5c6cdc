/**
 * `@c2m/rules/structure`: zod's parse without zod, for descriptions generated from zod schemas (the
 * product file's, which the shop path checks with it, and @c2m/client's protocol answers). Tooling
 * of the c2m packages rather than an API for applications: the descriptions are generated in the
 * workspace (`scripts/structure-generate.ts`), and their format follows this interpreter.
 *
 * @packageDocumentation
 */
export { issueDetails, parseStructure, type StructureCheck, type StructureIssue, type StructureIssueDetails, type StructureNode, type StructureResult } from './validate/structure.js';
