/**
 * The order of the product-file checks, shared by the complete checks (`check.ts`) and the shop
 * path's (`lean.ts`), so that both reach the same verdict: a bounded walk of the input (depth, size;
 * safe on cyclic or absurdly deep objects), then the structure (the zod schema for the complete
 * checks; its generated description, `structure.ts`, on the shop path: the same verdict and parsed
 * value), then — on a structurally valid file — the whole-file checks of `semantic.ts`. The two
 * differ only in how the structure is checked and how issues are worded.
 */
import type * as z from 'zod/mini';
import type { ProductFile } from '../schema/product-file.js';
import { LIMITS, limitsOf, type Limits, type LimitsProfile } from '../limits.js';
import type { IssueFactory } from '../issues/issue.js';
import type { ProductIssue } from '../types.js';
import { checkSemantics } from './semantic.js';

/** The outcome of checking a product file. On success, `issues` holds warnings only. */
export type CheckResult =
  | { ok: true; file: ProductFile; issues: ProductIssue[] }
  | { ok: false; issues: ProductIssue[] };

/** zod's issues about a file that does not have the format's structure. */
export type ZodIssues = readonly z.core.$ZodIssue[];

/** Turns structural issues about `data` (zod's, or the shop path's with zod's codes) into product-file issues. */
export type StructuralIssues<I> = (data: unknown, mk: IssueFactory, issues: readonly I[]) => ProductIssue[];

/** Checks the structure of `data`: the file with its defaults filled in, or the issues. */
export type StructureCheck<I> = (data: unknown) => { ok: true; file: ProductFile } | { ok: false; issues: readonly I[] };

/** Options of the checks (and of the parsers, which pass them on). */
export interface CheckOptions {
  /**
   * `'default'`: the limits a shop page accepts (`LIMITS`); `'raised'`: `RAISED_LIMITS`, for
   * manufacturers' tools and backends that load very large models.
   */
  limits?: LimitsProfile;
}

/** Arrays whose length the limits profile bounds (the schema itself allows the raised limits). */
const COUNTED = [
  ['options', 'maxOptions'],
  ['groups', 'maxOptions'],
  ['constraints', 'maxConstraints'],
] as const;

/** `too-many` issues for arrays longer than the profile allows, as the schema words the same. */
function countIssues(data: unknown, limits: Limits, mk: IssueFactory): ProductIssue[] {
  const out: ProductIssue[] = [];
  if (typeof data !== 'object' || data === null) return out;
  for (const [key, limit] of COUNTED) {
    const value = (data as Record<string, unknown>)[key];
    if (Array.isArray(value) && value.length > limits[limit]) {
      out.push(mk('invalid-value', [key], { kind: 'too-many', maximum: limits[limit], count: value.length }));
    }
  }
  return out;
}

/** More issues than this are cut, with one `limit` issue saying so. */
export const MAX_ISSUES = 1000;
/** Values (objects, arrays, scalars) walked before giving up on an input object. */
export const MAX_VALUES = 5_000_000;

interface Frame {
  value: unknown;
  depth: number;
  key: string | number;
  parent: Frame | undefined;
}

function pathOf(frame: Frame): Array<string | number> {
  const path: Array<string | number> = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) path.push(f.key);
  return path.reverse();
}

/** Depth and size of `data`, iteratively; a cycle shows up as too deep. */
function checkBounds(data: unknown, mk: IssueFactory): ProductIssue | undefined {
  const stack: Frame[] = [{ value: data, depth: 0, key: '', parent: undefined }];
  let count = 0;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (++count > MAX_VALUES) return mk('limit', [], { kind: 'nodes', max: MAX_VALUES });
    const v = frame.value;
    if (v === null || typeof v !== 'object') continue;
    if (frame.depth >= LIMITS.maxDepth) return mk('limit', pathOf(frame), { kind: 'depth', max: LIMITS.maxDepth });
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth: frame.depth + 1, key: i, parent: frame });
    } else {
      for (const key of Object.keys(v)) {
        stack.push({ value: (v as Record<string, unknown>)[key], depth: frame.depth + 1, key, parent: frame });
      }
    }
  }
  return undefined;
}

function capped(issues: ProductIssue[], mk: IssueFactory): ProductIssue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  const kept = issues.slice(0, MAX_ISSUES);
  kept.push(mk('limit', [], { kind: 'issues', max: MAX_ISSUES, count: issues.length }));
  return kept;
}

/**
 * Runs every check on `data`, wording issues with `mk` and `structural`. Never throws: every problem
 * is an issue with a stable code and a JSON path. On success the file has its defaults filled in
 * and the issues are warnings.
 */
export function runChecks<I>(
  data: unknown,
  mk: IssueFactory,
  structure: StructureCheck<I>,
  structural: StructuralIssues<I>,
  options: CheckOptions = {},
): CheckResult {
  const bounds = checkBounds(data, mk);
  if (bounds) return { ok: false, issues: [bounds] };
  try {
    const counts = countIssues(data, limitsOf(options.limits), mk);
    const parsed = structure(data);
    if (!parsed.ok) return { ok: false, issues: capped([...counts, ...structural(data, mk, parsed.issues)], mk) };
    const issues: ProductIssue[] = [...counts];
    checkSemantics(parsed.file, mk, issues);
    const all = capped(issues, mk);
    if (all.some((i) => i.severity === 'error')) return { ok: false, issues: all };
    return { ok: true, file: parsed.file, issues: all };
  } catch (error) {
    // Only a stack overflow can escape the checks above; anything else is a bug worth seeing.
    if (error instanceof RangeError) return { ok: false, issues: [mk('limit', [], { kind: 'stack' })] };
    throw error;
  }
}
