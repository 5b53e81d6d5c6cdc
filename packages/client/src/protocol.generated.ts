// Generated from zod schemas by packages/client/scripts/write-structure.ts: do not edit.
// `pnpm --filter @c2m/client schema` writes it again; protocol.test.ts fails when it is stale.
import type { StructureNode } from '@c2m/rules/structure';

/** The answers the client checks, as the zod schemas of `schema.ts` say them. Read by `parseStructure`. */
export const PROTOCOL_STRUCTURE: readonly StructureNode[] = [
  /* 0 */ ['o', { id: 1, status: 2, receivedAt: 3, quote: 4 }, 'strip'],
  /* 1 */ ['s', [['re', /^[A-Za-z0-9_-]{1,128}$/]]],
  /* 2 */ ['l', ["received","accepted","in_production","shipped","rejected"]],
  /* 3 */ ['s', [['re', /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/, "datetime"]]],
  /* 4 */ ['o', { currency: 5, lines: 6, total: 10 }, 'strip'],
  /* 5 */ ['s', [['re', /^[A-Z]{3}$/]]],
  /* 6 */ ['a', 7, []],
  /* 7 */ ['o', { id: 8, kind: 9, label: 8, amount: 10, option: 11 }, 'strip'],
  /* 8 */ ['s', []],
  /* 9 */ ['l', ["base","option","line"]],
  /* 10 */ ['n', [['int']]],
  /* 11 */ ['?', 8],
  /* 12 */ ['o', { id: 1, status: 2, receivedAt: 3, updatedAt: 3, quote: 4, product: 13, note: 14 }, 'strip'],
  /* 13 */ ['o', { id: 8, version: 8 }, 'strip'],
  /* 14 */ ['?', 15],
  /* 15 */ ['s', [['max', 2000]]],
  /* 16 */ ['o', { type: 17, title: 18, status: 19, detail: 11, instance: 11, errors: 20 }, 'keep'],
  /* 17 */ ['=', 8, "about:blank"],
  /* 18 */ ['=', 8, ""],
  /* 19 */ ['n', [['int'], ['ge', 400], ['le', 599]]],
  /* 20 */ ['?', 21],
  /* 21 */ ['a', 22, []],
  /* 22 */ ['o', { path: 8, code: 8, constraint: 11, message: 8 }, 'strip'],
];

/** The root node of `SUBMISSION_RECEIPT` in {@link PROTOCOL_STRUCTURE}. */
export const SUBMISSION_RECEIPT = 0;

/** The root node of `SPECIFICATION_STATUS` in {@link PROTOCOL_STRUCTURE}. */
export const SPECIFICATION_STATUS = 12;

/** The root node of `PROBLEM` in {@link PROTOCOL_STRUCTURE}. */
export const PROBLEM = 16;
