/**
 * Choosing the text for a shopper's language.
 *
 * Order: the exact tag (`zh-CN`); then any entry of the same language (`zh` for `zh-CN`, `zh-CN` for
 * `zh`, `zh-CN` for `zh-SG`); then the product's default language (and its relatives); then `en`;
 * then the first entry. A plain string is used for every language.
 */
import type { LocalizedText } from './localized-text.js';

function language(tag: string): string {
  const dash = tag.indexOf('-');
  return (dash < 0 ? tag : tag.slice(0, dash)).toLowerCase();
}

function pick(map: Readonly<Record<string, string>>, tag: string): string | undefined {
  if (Object.hasOwn(map, tag)) return map[tag];
  const lower = tag.toLowerCase();
  const lang = language(tag);
  let sameLanguage: string | undefined;
  for (const key of Object.keys(map)) {
    if (key.toLowerCase() === lower) return map[key];
    if (sameLanguage === undefined && language(key) === lang) sameLanguage = map[key];
  }
  return sameLanguage;
}

/**
 * The text of `text` for `locale`, falling back as documented above; `""` when `text` is undefined.
 */
export function localize(text: LocalizedText | undefined, locale: string, defaultLocale = 'en'): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return pick(text, locale) ?? pick(text, defaultLocale) ?? pick(text, 'en') ?? Object.values(text)[0] ?? '';
}
