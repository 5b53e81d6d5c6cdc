/**
 * The shop path's product-file checks: the same checks as `check.ts`, in the same order (`run.ts`),
 * so the verdict is the same — a file is refused here exactly when the complete checks find an
 * error — but without what only a person reading the issues needs: the message catalogs, the
 * wording of zod's issues (one precise issue for a failed union, suggestions for misspelt keys,
 * condition forms) and source positions. That is what keeps the main entry small; a page that gets
 * `ok: false` loads `@c2m/rules/check` for every problem worded, with its line and column.
 *
 * Issues made here carry the code, path and params of the complete checks' issues for every
 * whole-file problem; structural problems get a code from zod's (`type`, `unknown-key`, `required`,
 * `invalid-value`). Messages are short: the path, the code and its kind.
 */
import type { IssueFactory } from '../issues/issue.js';
import { formatPath, valueAt } from '../issues/path.js';
import type { ProductFile } from '../schema/product-file.js';
import { PRODUCT_FILE_STRUCTURE } from '../schema/structure.generated.js';
import type { IssueCode, ProductIssue } from '../types.js';
import { runChecks, type CheckOptions, type CheckResult, type StructureCheck } from './run.js';
import { parseStructure, type StructureIssue } from './structure.js';

/** An issue with a short message: `options[2].default: default-outside-domain (number)`. */
export const leanIssue: IssueFactory = (code, path, params = {}, severity = 'error') => {
  const kind = typeof params.kind === 'string' ? ` (${params.kind})` : '';
  return { code, severity, path, message: `${formatPath(path)}: ${code}${kind}`, params };
};

/** The structure, checked by the description generated from the zod schema (no zod on the shop path). */
const leanStructure: StructureCheck<StructureIssue> = (data) => {
  const parsed = parseStructure(PRODUCT_FILE_STRUCTURE, data);
  return parsed.ok ? { ok: true, file: parsed.value as ProductFile } : parsed;
};

/** Structural issues (zod's codes), one product-file issue each (one per key for unknown keys), coded by zod's code. */
function leanStructuralIssues(data: unknown, mk: IssueFactory, issues: readonly StructureIssue[]): ProductIssue[] {
  return issues.flatMap((zi) => {
    const path = zi.path.map((p) => (typeof p === 'number' ? p : String(p)));
    if (zi.code === 'unrecognized_keys') return (zi.keys ?? []).map((key) => mk('unknown-key', [...path, key], { key }));
    const code: IssueCode = zi.code !== 'invalid_type' ? 'invalid-value' : valueAt(data, path) === undefined ? 'required' : 'type';
    return [mk(code, path, { kind: zi.code })];
  });
}

/**
 * Checks a product file given as data, with the verdict of the complete checks: `ok` exactly when
 * `checkProductFile` from `@c2m/rules/check` finds no error. Issues are brief (code, path, params);
 * for their sentences and suggestions, check again with `@c2m/rules/check`. Never throws.
 */
export function checkProductFileLean(data: unknown, options: CheckOptions = {}): CheckResult {
  return runChecks(data, leanIssue, leanStructure, leanStructuralIssues, options);
}
