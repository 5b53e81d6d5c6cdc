/**
 * Localization as a reactive controller: the language comes from the element's `lang` attribute or
 * the nearest ancestor's (through shadow roots), then `<html lang>`; user-interface strings from the
 * registered translations (en and zh-CN built in); money, numbers and dates through `Intl`;
 * product-file texts with the product's fallback ({@link productText}).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LocalizedText } from '@c2m/rules';
import { en, type Translation } from './translations/en.js';
import { nextTask } from '../internal/idle.js';

const translations = new Map<string, Translation>([['en', en]]);

/** The primary language subtag, lower case (`zh` of `zh-CN`). */
const languageOf = (tag: string) => tag.split('-', 1)[0]!.toLowerCase();

/** Built-in translations besides English: fetched the first time a page shows that language. */
const onDemand = new Map<string, () => Promise<Translation>>([['zh-cn', () => import('./translations/zh-CN.js').then((m) => m.zhCN)]]);
const loading = new Map<string, Promise<void>>();

/** The registered translation for a tag: exact, then the same language. */
function registeredFor(lower: string): Translation | undefined {
  return translations.get(lower) ?? [...translations].find(([code]) => languageOf(code) === languageOf(lower))?.[1];
}

/**
 * Fetches the built-in translation for `lang` (zh-CN for any `zh`), unless one is registered;
 * resolves when it is in place. Elements showing that language re-render then. The configurator
 * waits for it while it loads the product, so that it never shows English first.
 */
export function loadTranslation(lang: string): Promise<void> {
  const lower = lang.toLowerCase();
  if (registeredFor(lower)) return Promise.resolve();
  const code = onDemand.has(lower) ? lower : [...onDemand.keys()].find((c) => languageOf(c) === languageOf(lower));
  if (!code) return Promise.resolve();
  let p = loading.get(code);
  if (!p) {
    p = onDemand.get(code)!().then((t) => {
      if (!translations.has(code)) registerTranslation(t);
    });
    loading.set(code, p);
  }
  return p;
}

/**
 * A product-file text in `lang`, with the fallback `@c2m/rules` documents for `localize`: the exact
 * tag, any entry of the same language, the product's default language, English, the first entry.
 * Kept here rather than imported, so that a page whose engine runs in the worker never downloads
 * the engine's main entry for it.
 */
export function productText(text: LocalizedText | undefined, lang: string, defaultLocale = 'en'): string {
  if (text === undefined || typeof text === 'string') return text ?? '';
  const keys = Object.keys(text);
  const find = (tag: string) => {
    const exact = keys.find((k) => k.toLowerCase() === tag.toLowerCase()) ?? keys.find((k) => languageOf(k) === languageOf(tag));
    return exact === undefined ? undefined : text[exact];
  };
  return find(lang) ?? find(defaultLocale) ?? find('en') ?? (keys.length ? text[keys[0]!]! : '');
}

/**
 * Adds (or replaces) the strings of a language, e.g. `registerTranslation(de)` where
 * `de.$code === 'de'`. Connected elements re-render.
 */
export function registerTranslation(...list: Translation[]): void {
  for (const t of list) translations.set(t.$code.toLowerCase(), t);
  for (const c of controllers) c.host.requestUpdate();
}

/**
 * The translation for a BCP 47 tag: exact, then the same language (zh-TW falls back to zh-CN), then
 * English — also while a built-in one is still being fetched ({@link loadTranslation}).
 */
export function translationFor(lang: string): Translation {
  const found = registeredFor(lang.toLowerCase());
  if (found) return found;
  void loadTranslation(lang);
  return en;
}

type Host = ReactiveControllerHost & HTMLElement;
const controllers = new Set<LocalizeController>();
let observer: MutationObserver | undefined;

/**
 * One observer for every controller: a `lang` attribute changing anywhere in the document (rare)
 * re-renders the connected elements, which then resolve their language again.
 */
function observe(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  observer = new MutationObserver(() => {
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

type Formatter = Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat;

const formats = new Map<string, Formatter>();

/** A formatter: its cache key (the kind, the language and the options) and how to create it. */
interface FormatSpec<T extends Formatter> {
  key: string;
  make: () => T;
}

const numberSpec = (lang: string, options?: Intl.NumberFormatOptions): FormatSpec<Intl.NumberFormat> => ({
  key: `n|${lang}|${options ? JSON.stringify(options) : ''}`,
  make: () => new Intl.NumberFormat(lang, options),
});
const currencySpec = (lang: string, currency: string): FormatSpec<Intl.NumberFormat> => ({
  key: `c|${lang}|${currency}`,
  make: () => new Intl.NumberFormat(lang, { style: 'currency', currency }),
});
const dateSpec = (lang: string, options?: Intl.DateTimeFormatOptions): FormatSpec<Intl.DateTimeFormat> => ({
  key: `d|${lang}|${options ? JSON.stringify(options) : ''}`,
  make: () => new Intl.DateTimeFormat(lang, options ?? { dateStyle: 'medium' }),
});
const listSpec = (lang: string, type: Intl.ListFormatType): FormatSpec<Intl.ListFormat> => ({
  key: `l|${lang}|${type}`,
  make: () => new Intl.ListFormat(lang, { type, style: 'long' }),
});

/** `Intl` formatters are costly to create: one per language and options. */
function format<T extends Formatter>({ key, make }: FormatSpec<T>): T {
  let f = formats.get(key) as T | undefined;
  if (!f) formats.set(key, (f = make()));
  return f;
}

/**
 * Creates the formatters a configurator shows first (numbers, its price, the ready-by date, lists),
 * one per task, so that the first render does not pay for them: the first `Intl` formatter of a
 * language loads its data, tens of milliseconds on a slow phone. Without `currency`, the price's
 * formatter waits for the product file.
 */
export async function prepareFormats(lang: string, currency?: string): Promise<void> {
  // The same specs as the controller's defaults below (`number`, `date`, `list`, `money`).
  const specs: Array<FormatSpec<Formatter>> = [numberSpec(lang), dateSpec(lang), listSpec(lang, 'conjunction')];
  if (currency) specs.push(currencySpec(lang, currency));
  for (const spec of specs) {
    if (formats.has(spec.key)) continue;
    // Never in the caller's task (an element's update, say): each in one of its own.
    await nextTask();
    try {
      format(spec);
    } catch {
      // A language or currency Intl does not know: the element that shows it reports the problem.
    }
  }
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
    return productText(text, this.lang, defaultLocale);
  }

  /** Money in integer minor units, e.g. `money(399900, 'CNY')` → `¥3,999.00` / `¥3,999.00`. */
  money(minor: number, currency: string): string {
    const lang = this.lang;
    const currencyFormat = format(currencySpec(lang, currency));
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
    return format(numberSpec(this.lang, options)).format(value);
  }

  date(value: Date, options?: Intl.DateTimeFormatOptions): string {
    return format(dateSpec(this.lang, options)).format(value);
  }

  /** A list joined the language's way ("a, b and c" / "a、b和c"). */
  list(items: string[], type: Intl.ListFormatType = 'conjunction'): string {
    return format(listSpec(this.lang, type)).format(items);
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
