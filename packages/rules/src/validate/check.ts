/**
 * `checkProductFile`: everything that is wrong with a product file, at once, as plain issues a
 * manufacturer can act on: English sentences naming the option or constraint at fault, one precise
 * issue for a failed union, suggestions for misspelt keys and ids. The checks themselves and their
 * order are in `run.ts`, shared with the shop path (`lean.ts`), which reaches the same verdict
 * without the words; this is the `@c2m/rules/check` entry's, loaded when a file fails.
 */
import { issueFactory, valueAt, type IssueFactory } from '../issues/issue.js';
import type { ProductIssue } from '../types.js';
import { mapZodIssues } from './zod-issues.js';
import { checkConditionShape, conditionRootLength } from './conditions.js';
import * as z from 'zod/mini';
import { ProductFile } from '../schema/product-file.js';
import { runChecks, type CheckOptions, type CheckResult, type StructureCheck, type ZodIssues } from './run.js';
import { withCurrencySuggestion } from './currency-suggest.js';

export { MAX_ISSUES, MAX_VALUES, type CheckOptions, type CheckResult } from './run.js';

function isInside(path: ReadonlyArray<string | number>, root: ReadonlyArray<string | number>): boolean {
  return root.length <= path.length && root.every((k, i) => path[i] === k);
}

/** zod's issues, with every condition that has a problem checked by the condition rules instead. */
function structuralIssues(data: unknown, mk: IssueFactory, zodIssues: ZodIssues): ProductIssue[] {
  const out: ProductIssue[] = [];
  const roots: Array<Array<string | number>> = [];
  const rest: Array<(typeof zodIssues)[number]> = [];
  for (const zi of zodIssues) {
    const path = zi.path.map((p) => (typeof p === 'number' ? p : String(p)));
    const n = conditionRootLength(path);
    if (n < 0) {
      rest.push(zi);
      continue;
    }
    const root = path.slice(0, n);
    if (!roots.some((r) => isInside(root, r) && r.length === root.length)) roots.push(root);
  }
  mapZodIssues(rest, [], data, mk, out);
  for (const root of roots) checkConditionShape(valueAt(data, root), root, data, mk, out);
  return out;
}

/** The structure, checked by the zod schema itself. */
const zodStructure: StructureCheck<ZodIssues[number]> = (data) => {
  const parsed = z.safeParse(ProductFile, data);
  return parsed.success ? { ok: true, file: parsed.data } : { ok: false, issues: parsed.error.issues };
};

/**
 * Checks a product file given as data (e.g. from `JSON.parse`). Never throws: every problem is an
 * issue with a stable code and a JSON path. On success the file has its defaults filled in and the
 * issues are warnings.
 */
export function checkProductFile(data: unknown, options: CheckOptions = {}): CheckResult {
  return runChecks(data, withCurrencySuggestion(issueFactory(data)), zodStructure, structuralIssues, options);
}
