/**
 * Issue messages in every language c2m ships. Kept apart from `messages.ts` so that the main entry
 * (which builds English messages only) does not carry every catalog into shop pages.
 */
import type { ProductIssue } from '../types.js';
import { renderMessage, type IssueMessages } from './messages.js';
import { messagesEn } from './messages.en.js';
import { messagesZhCN } from './messages.zh-CN.js';

const catalogs: Readonly<Record<string, IssueMessages>> = { en: messagesEn, 'zh-CN': messagesZhCN };

/** Languages with their own issue messages. */
export const issueLocales: readonly string[] = Object.keys(catalogs);

function catalogFor(locale: string): IssueMessages {
  if (Object.hasOwn(catalogs, locale)) return catalogs[locale]!;
  const lang = locale.split('-')[0]!.toLowerCase();
  for (const key of Object.keys(catalogs)) if (key.split('-')[0]!.toLowerCase() === lang) return catalogs[key]!;
  return messagesEn;
}

/** The issue's message in `locale` (falling back to the same language, then English). */
export function issueMessage(issue: ProductIssue, locale = 'en'): string {
  if (!issue.params) return issue.message;
  return renderMessage(issue.code, issue.params, catalogFor(locale));
}
