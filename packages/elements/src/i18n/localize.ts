/**
 * Localization as a reactive controller: the language comes from the element's `lang` attribute or
 * the nearest ancestor's (through shadow roots), then `<html lang>`; user-interface strings from the
 * registered translations (en and zh-CN built in); money, numbers and dates through `Intl`;
 * product-file texts through `@c2m/rules`' `localize` with the product's fallback.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { localize, type LocalizedText } from '@c2m/rules';
import { en, type Translation } from './translations/en.js';
import { zhCN } from './translations/zh-CN.js';

const translations = new Map<string, Translation>([
  ['en', en],
  ['zh-cn', zhCN],
]);

/**
 * Adds (or replaces) the strings of a language, e.g. `registerTranslation(de)` where
 * `de.$code === 'de'`. Connected elements re-render.
 */
export function registerTranslation(...list: Translation[]): void {
  for (const t of list) translations.set(t.$code.toLowerCase(), t);
  generation++;
  for (const c of controllers) c.host.requestUpdate();
}

/** The translation for a BCP 47 tag: exact, then the same language (zh-TW falls back to zh-CN), then English. */
export function translationFor(lang: string): Translation {
  const lower = lang.toLowerCase();
  const exact = translations.get(lower);
  if (exact) return exact;
  const base = lower.split('-')[0]!;
  for (const [code, t] of translations) if (code.split('-')[0] === base) return t;
  return en;
}

type Host = ReactiveControllerHost & HTMLElement;
const controllers = new Set<LocalizeController>();
let observer: MutationObserver | undefined;
let generation = 0;

/** Increases whenever a `lang` attribute changes in the document or translations are registered. */
export function langGeneration(): number {
  return generation;
}

/**
 * One observer for every controller: a `lang` attribute changing anywhere in the document (rare)
 * re-renders the connected elements, which then resolve their language again.
 */
function observe(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  observer = new MutationObserver(() => {
    generation++;
    for (const c of controllers) c.host.requestUpdate();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/** The `lang` of `el` or its nearest ancestor, crossing shadow roots; `en` when none says. */
export function resolveLang(el: Element): string {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return lang;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return 'en';
}

const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();

/** `Intl` formatters are costly to create: one per language and options (`key` names the options). */
function format<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(kind: string, lang: string, key: string, make: () => T): T {
  key = `${kind}|${lang}|${key}`;
  let f = formats.get(key) as T | undefined;
  if (!f) formats.set(key, (f = make()));
  return f;
}

type Args<K extends keyof Translation> = Translation[K] extends (...args: infer A) => string ? A : [];

/** The controller; create one in an element's constructor: `readonly localize = new LocalizeController(this)`. */
export class LocalizeController implements ReactiveController {
  readonly host: Host;

  constructor(host: Host) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    controllers.add(this);
    observe();
  }

  hostDisconnected(): void {
    controllers.delete(this);
  }

  #lang: string | undefined;

  /** Resolved once per update: a render asks for the language many times. */
  hostUpdate(): void {
    this.#lang = resolveLang(this.host);
  }

  hostUpdated(): void {
    this.#lang = undefined;
  }

  /** The language tag in force for the host. */
  get lang(): string {
    return this.#lang ?? resolveLang(this.host);
  }

  /** The host's translation. */
  get strings(): Translation {
    return translationFor(this.lang);
  }

  /** One user-interface string, with its arguments. */
  term<K extends keyof Translation>(key: K, ...args: Args<K>): string {
    const value = this.strings[key] as unknown;
    if (typeof value === 'function') return (value as (...a: unknown[]) => string)(...args);
    return value as string;
  }

  /** A product-file text in the host's language, falling back as `@c2m/rules` documents. */
  text(text: LocalizedText | undefined, defaultLocale = 'en'): string {
    return localize(text, this.lang, defaultLocale);
  }

  /** Money in integer minor units, e.g. `money(399900, 'CNY')` → `¥3,999.00` / `¥3,999.00`. */
  money(minor: number, currency: string): string {
    const lang = this.lang;
    const currencyFormat = format('c', lang, currency, () => new Intl.NumberFormat(lang, { style: 'currency', currency }));
    const digits = currencyFormat.resolvedOptions().maximumFractionDigits ?? 2;
    // Integer arithmetic first: a minor-unit amount is never run through a float product.
    const whole = Math.trunc(minor / 10 ** digits);
    const fraction = Math.abs(minor % 10 ** digits);
    const sign = minor < 0 ? '-' : '';
    const decimal = `${sign}${Math.abs(whole)}.${String(fraction).padStart(digits, '0')}`;
    return currencyFormat.format(digits === 0 ? minor : (decimal as unknown as number));
  }

  /** A signed money delta, e.g. `+¥400.00`. */
  moneyDelta(minor: number, currency: string): string {
    return (minor > 0 ? '+' : minor < 0 ? '−' : '') + this.money(Math.abs(minor), currency);
  }

  number(value: number, options?: Intl.NumberFormatOptions): string {
    const lang = this.lang;
    return format('n', lang, options ? JSON.stringify(options) : '', () => new Intl.NumberFormat(lang, options)).format(value);
  }

  date(value: Date, options?: Intl.DateTimeFormatOptions): string {
    const lang = this.lang;
    return format('d', lang, options ? JSON.stringify(options) : '', () => new Intl.DateTimeFormat(lang, options ?? { dateStyle: 'medium' })).format(value);
  }

  /** A list joined the language's way ("a, b and c" / "a、b和c"). */
  list(items: string[], type: Intl.ListFormatType = 'conjunction'): string {
    const lang = this.lang;
    return format('l', lang, type, () => new Intl.ListFormat(lang, { type, style: 'long' })).format(items);
  }

  /** A byte count, e.g. `2 MB`. */
  bytes(n: number): string {
    const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
    let i = 0;
    let v = n;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return this.number(v, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: 1 });
  }
}
