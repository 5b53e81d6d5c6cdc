/**
 * Issue messages as data: every message is a template chosen by the issue's `code` (and
 * `params.kind` when a code has several wordings), filled from `params`. The same issue can
 * therefore be shown in any language after the fact, in the CLI, the UI or a backend response.
 */
import type { IssueCode } from '../types.js';
import { messagesEn } from './messages.en.js';

/** The thing an issue is about, shown before the message: "constraint 'walnut-width': …". */
export type IssueSubject =
  | 'product'
  | 'option'
  | 'value'
  | 'group'
  | 'constraint'
  | 'pricing-line'
  | 'lead-time-line'
  | 'derived'
  | 'binding'
  | 'camera';

/** The messages of one language. */
export interface IssueMessages {
  subjects: Record<IssueSubject, string>;
  /** Between the subject and the message. */
  separator: string;
  /** By `code` or `code.kind`. */
  templates: Readonly<Record<string, string>>;
  /** Names of expected types in `type` issues (`params.expectedTypes`), e.g. `string` → "a string". */
  expectedTypes: Readonly<Record<string, string>>;
  /** What was found instead (`params.receivedType`), with `{value}` for `params.receivedValue`. */
  receivedTypes: Readonly<Record<string, string>>;
  /** Joins alternatives: "a string or an object". */
  or: string;
}

/** Params of an issue: any values, plus the reserved `kind`, `subject`, `subjectId`, `subjectOption`, `subjectIndex`. */
export type IssueParams = Record<string, string | number | boolean>;

/** `expected`/`received` in the catalog's language when the issue says which types they were. */
function localizedTypes(params: IssueParams, messages: IssueMessages): IssueParams {
  const { expectedTypes, receivedType, receivedValue } = params;
  if (typeof expectedTypes !== 'string' && typeof receivedType !== 'string') return params;
  const out: IssueParams = { ...params };
  if (typeof expectedTypes === 'string') {
    out.expected = expectedTypes
      .split('|')
      .map((t) => (Object.hasOwn(messages.expectedTypes, t) ? messages.expectedTypes[t]! : t))
      .join(messages.or);
  }
  if (typeof receivedType === 'string' && Object.hasOwn(messages.receivedTypes, receivedType)) {
    out.received = fill(messages.receivedTypes[receivedType]!, { value: receivedValue ?? '' });
  }
  return out;
}

function fill(template: string, params: IssueParams): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The template key of an issue: `code.kind` when that template exists, else `code`. */
function templateOf(messages: IssueMessages, code: IssueCode, params: IssueParams): string {
  const kind = params.kind;
  if (typeof kind === 'string' && Object.hasOwn(messages.templates, `${code}.${kind}`)) {
    return messages.templates[`${code}.${kind}`]!;
  }
  return Object.hasOwn(messages.templates, code) ? messages.templates[code]! : code;
}

/** Renders an issue's message from its code and params in `messages`' language. */
export function renderMessage(
  code: IssueCode,
  params: IssueParams,
  messages: IssueMessages = messagesEn,
): string {
  const body = fill(templateOf(messages, code, params), localizedTypes(params, messages));
  const subject = params.subject;
  if (typeof subject !== 'string' || !Object.hasOwn(messages.subjects, subject)) return body;
  const prefix = fill(messages.subjects[subject as IssueSubject], {
    id: params.subjectId ?? '?',
    option: params.subjectOption ?? '?',
    index: params.subjectIndex ?? '?',
  });
  return prefix + messages.separator + body;
}

