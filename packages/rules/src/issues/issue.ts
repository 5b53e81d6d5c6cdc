/**
 * Building issues: every issue gets its English message from the catalog and names the thing it is
 * about (the option, constraint, line …) found from its path, so that a message read on its own still
 * says where the problem is.
 */
import type { IssueCode, ProductIssue } from '../types.js';
import { renderMessage, type IssueParams, type IssueSubject } from './messages.js';
import { child, valueAt } from './path.js';

export { formatPath, valueAt } from './path.js';

function idOf(value: unknown): string | undefined {
  const id = child(value, 'id');
  return typeof id === 'string' && id.length <= 64 ? id : undefined;
}

/** The subject params for an issue at `path`, read from the product file. */
export function subjectOf(data: unknown, path: ReadonlyArray<string | number>): IssueParams {
  const [a, b, c, d] = path;
  const at = (p: Array<string | number>) => valueAt(data, p);
  const named = (subject: IssueSubject, value: unknown): IssueParams => {
    const id = idOf(value);
    return id === undefined ? {} : { subject, subjectId: id };
  };
  if (a === 'options' && typeof b === 'number') {
    const option = at([a, b]);
    if (c === 'values' && typeof d === 'number') {
      const optionId = idOf(option);
      const valueId = idOf(at([a, b, c, d]));
      if (optionId !== undefined && valueId !== undefined) {
        return { subject: 'value', subjectId: valueId, subjectOption: optionId };
      }
    }
    return named('option', option);
  }
  if (a === 'groups' && typeof b === 'number') return named('group', at([a, b]));
  if (a === 'constraints' && typeof b === 'number') return named('constraint', at([a, b]));
  if (a === 'derived' && typeof b === 'number') return named('derived', at([a, b]));
  if ((a === 'pricing' || a === 'leadTime') && b === 'lines' && typeof c === 'number') {
    return named(a === 'pricing' ? 'pricing-line' : 'lead-time-line', at([a, b, c]));
  }
  if (a === 'scene' && (b === 'bindings' || b === 'cameras') && typeof c === 'number') {
    return { subject: b === 'bindings' ? 'binding' : 'camera', subjectIndex: c };
  }
  if (a === 'product') return { subject: 'product' };
  return {};
}

/** Makes issues about one product file. */
export type IssueFactory = (
  code: IssueCode,
  path: Array<string | number>,
  params?: IssueParams,
  severity?: 'error' | 'warning',
) => ProductIssue;

/** An issue factory for `data`: adds the subject and renders the English message. */
export function issueFactory(data: unknown): IssueFactory {
  return (code, path, params = {}, severity = 'error') => {
    const all: IssueParams = { ...subjectOf(data, path), ...params };
    return { code, severity, path, message: renderMessage(code, all), params: all };
  };
}

/** Quotes a value for a message: strings in single quotes are added by templates, so plain text here. */
export function show(value: unknown): string {
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 77)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** The params that describe a found value in a `type` issue: English text plus codes for other languages. */
export function receivedParams(value: unknown): IssueParams {
  const receivedType =
    value === null ? 'null' : Array.isArray(value) ? 'array' : value === undefined ? 'nothing' : typeof value;
  const params: IssueParams = { received: describeType(value), receivedType };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') params.receivedValue = show(value);
  return params;
}

/** The params that name the expected types of a `type` issue (codes as zod names them: string, object …). */
export function expectedParams(types: readonly string[]): IssueParams {
  const unique = [...new Set(types)];
  return { expected: unique.map((t) => EXPECTED_EN[t] ?? t).join(' or '), expectedTypes: unique.join('|') };
}

const EXPECTED_EN: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  tuple: 'an array',
  null: 'null',
  conditions: 'an array of conditions',
};

/** A description of a JSON value's type for `type` messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string "${show(value)}"`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'an object';
  return 'nothing';
}
