/**
 * The storefront's pages, in English and Simplified Chinese: plain HTML with one script tag and one
 * `<c2m-configurator>` per product page — exactly what a shop writes. Product names and prices come
 * from the manufacturer's product files; the shop's own words come from {@link SHOP_TEXT}.
 */
import { localize, type ProductFile } from '@c2m/rules';

/** The storefront's languages. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A product on sale: where its page is, and the manufacturer's file for it. */
export interface ShopProduct {
  /** The page's name: `/products/{slug}`. */
  slug: string;
  file: ProductFile;
  /** Price of the default configuration, in minor units of the file's currency. */
  fromPrice: number;
}

/** Where the pages find things; the defaults are the demo server's routes. */
export interface PageUrls {
  /** The script tag's `src`. */
  script: string;
  /** The manufacturer's API, the configurator's `endpoint`. */
  endpoint: string;
  /** URL of a product file by product id. */
  productFile: (id: string) => string;
  /** The shop's publishable key. */
  publishableKey: string;
}

export const SHOP_TEXT = {
  en: {
    shop: 'Atelier Nord',
    tagline: 'Made to order, by the people who make it.',
    home: 'All products',
    from: 'from',
    configure: 'Configure',
    switchTo: '中文',
    demo: 'A c2m demo: orders go to the reference backend, where the manufacturer sees them on the order desk.',
    deskLink: 'Order desk',
    notFound: 'There is no such page.',
  },
  'zh-CN': {
    shop: '北境工坊',
    tagline: '按订单制作，由制作者直接为您打造。',
    home: '全部商品',
    from: '起价',
    configure: '定制',
    switchTo: 'English',
    demo: 'c2m 演示：订单发送到参考后端，制造商在订单台查看。',
    deskLink: '订单台',
    notFound: '没有这个页面。',
  },
} satisfies Record<Language, Record<string, string>>;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text from a product file is data: escaped, never markup. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** `¥3,999.00` from 399900 fen: integer minor units, formatted by `Intl`. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** The path of a page in a language: English at the root, others below their tag. */
export function pagePath(lang: Language, path: string): string {
  return lang === 'en' ? path : `/${lang}${path}`;
}

function layout(lang: Language, title: string, alternate: string, body: string, urls: PageUrls): string {
  const t = SHOP_TEXT[lang];
  const other: Language = lang === 'en' ? 'zh-CN' : 'en';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/shop.css">
<link rel="alternate" hreflang="${other}" href="${pagePath(other, alternate)}">
<script type="module" src="${escapeHtml(urls.script)}"></script>
</head>
<body>
<header class="shop-header">
  <a class="brand" href="${pagePath(lang, '/')}">${t.shop}</a>
  <nav aria-label="${lang === 'en' ? 'Language' : '语言'}"><a href="${pagePath(other, alternate)}" hreflang="${other}" lang="${other}">${t.switchTo}</a></nav>
</header>
<main>
${body}
</main>
<footer class="shop-footer"><p>${t.demo} <a href="/desk/">${t.deskLink}</a></p></footer>
</body>
</html>
`;
}

/** The shop's home page: every product with its price from. */
export function homePage(lang: Language, products: readonly ShopProduct[], urls: PageUrls): string {
  const t = SHOP_TEXT[lang];
  const cards = products
    .map(({ slug, file, fromPrice }) => {
      const name = escapeHtml(localize(file.product.name, lang, file.product.defaultLocale));
      const description = escapeHtml(localize(file.product.description, lang, file.product.defaultLocale));
      const price = escapeHtml(formatMoney(fromPrice, file.product.currency, lang));
      return `  <li class="card">
    <a href="${pagePath(lang, `/products/${slug}`)}">
      <img src="/assets/${slug}.svg" alt="" width="96" height="96">
      <h2>${name}</h2>
      <p>${description}</p>
      <p class="price">${t.from} <strong>${price}</strong></p>
      <span class="button">${t.configure}</span>
    </a>
  </li>`;
    })
    .join('\n');
  const body = `<h1>${t.tagline}</h1>
<ul class="cards">
${cards}
</ul>`;
  return layout(lang, t.shop, '/', body, urls);
}

/** A product's page: the shop's heading and the manufacturer's configurator. */
export function productPage(lang: Language, product: ShopProduct, urls: PageUrls): string {
  const t = SHOP_TEXT[lang];
  const { file } = product;
  const name = escapeHtml(localize(file.product.name, lang, file.product.defaultLocale));
  const description = escapeHtml(localize(file.product.description, lang, file.product.defaultLocale));
  const body = `<nav class="crumbs" aria-label="${lang === 'en' ? 'Breadcrumb' : '导航'}"><a href="${pagePath(lang, '/')}">${t.home}</a> / <span aria-current="page">${name}</span></nav>
<h1>${name}</h1>
<p class="lede">${description}</p>
<c2m-configurator
  src="${escapeHtml(urls.productFile(file.product.id))}"
  endpoint="${escapeHtml(urls.endpoint)}"
  publishable-key="${escapeHtml(urls.publishableKey)}"
></c2m-configurator>`;
  return layout(lang, `${localize(file.product.name, lang, file.product.defaultLocale)} · ${t.shop}`, `/products/${product.slug}`, body, urls);
}

/** 404 in the shop's look. */
export function notFoundPage(lang: Language, urls: PageUrls): string {
  const t = SHOP_TEXT[lang];
  return layout(lang, t.shop, '/', `<h1>${t.notFound}</h1><p><a href="${pagePath(lang, '/')}">${t.home}</a></p>`, urls);
}
