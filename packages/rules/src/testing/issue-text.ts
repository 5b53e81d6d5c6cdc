/**
 * One line per structural issue, the same for zod's issue and `parseStructure`'s: the code, the
 * path, and the members that say what was expected (what `describeIssue` of @c2m/client and the
 * complete checks word). Differential tests compare these lines.
 */
const DETAILS = ['expected', 'values', 'format', 'minimum', 'maximum', 'origin', 'keys'] as const;

export function issueText(issue: { code: string; path: readonly PropertyKey[] } & Partial<Record<(typeof DETAILS)[number], unknown>>): string {
  const details = DETAILS.filter((k) => issue[k] !== undefined).map((k) => `${k}=${JSON.stringify(issue[k])}`);
  return [issue.code, issue.path.map(String).join('.'), ...details].join(' ');
}
