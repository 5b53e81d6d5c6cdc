/**
 * Demand before production, from the stored specifications: per product, how often each option
 * value was ordered and which lead times were promised, and when the orders fall due. Plain data,
 * no DOM: the desk draws it, the tests check it.
 */
import { localize, type Option, type ProductFile } from '@c2m/rules';

/** What the desk needs of a listed order (an item of `GET /specifications`). */
export interface ListedOrder {
  id: string;
  status: 'received' | 'accepted' | 'in_production' | 'shipped' | 'rejected';
  receivedAt: string;
  quote: { currency: string; total: number };
  product: { id: string; version: string };
  specification: Record<string, unknown>;
}

/** One bar of a chart. */
export interface Bar {
  /** Stable key (a value id, a number range, a day count, a week's Monday). */
  key: string;
  label: string;
  count: number;
}

/** How one option was ordered. */
export interface OptionDemand {
  id: string;
  label: string;
  type: Option['type'];
  bars: Bar[];
  /** Orders in which the option applied (and so has a value). */
  answered: number;
}

/** Everything the desk shows about one product. */
export interface ProductDemand {
  id: string;
  name: string;
  /** Orders counted: every status except `rejected`. */
  orders: number;
  /** Sum of the orders' totals, per currency (a product's file names one; versions could differ). */
  revenue: Array<{ currency: string; total: number }>;
  /** Orders by promised lead time in days, shortest first. */
  leadTimes: Bar[];
  /** Orders by the week they are due (received + promised days), earliest first; key = ISO date of that Monday. */
  due: Bar[];
  options: OptionDemand[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The promised lead time of a stored specification, in days, if it has one. */
export function leadTimeDays(order: ListedOrder): number | undefined {
  const lt = order.specification.leadTime;
  return isRecord(lt) && typeof lt.days === 'number' && Number.isFinite(lt.days) ? lt.days : undefined;
}

/** The day an order is due: received plus the promised lead time (calendar days, UTC). */
export function dueDate(order: ListedOrder): Date | undefined {
  const days = leadTimeDays(order);
  const received = Date.parse(order.receivedAt);
  if (days === undefined || Number.isNaN(received)) return undefined;
  return new Date(received + days * 86_400_000);
}

/** The Monday (UTC) of the week `date` falls in, as `YYYY-MM-DD`. */
export function weekOf(date: Date): string {
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return monday.toISOString().slice(0, 10);
}

/** Number values in at most `bins` ranges between the option's bounds, on its step grid. */
function numberBars(option: Extract<Option, { type: 'number' }>, values: number[], locale: string): Bar[] {
  const unit = option.unit ? ` ${option.unit}` : '';
  const steps = Math.round((option.max - option.min) / option.step);
  const bins = Math.max(1, Math.min(6, steps + 1));
  const perBin = Math.ceil((steps + 1) / bins);
  const fmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  const bars: Bar[] = [];
  for (let b = 0; b * perBin <= steps; b++) {
    const lo = option.min + b * perBin * option.step;
    const hi = Math.min(option.max, option.min + ((b + 1) * perBin - 1) * option.step);
    bars.push({ key: `${lo}-${hi}`, label: lo === hi ? `${fmt.format(lo)}${unit}` : `${fmt.format(lo)}–${fmt.format(hi)}${unit}`, count: 0 });
  }
  for (const v of values) {
    const index = Math.min(bars.length - 1, Math.max(0, Math.floor(Math.round((v - option.min) / option.step) / perBin)));
    bars[index]!.count++;
  }
  return bars;
}

/** How `option` was ordered across `orders` (each order's selections). */
function optionDemand(option: Option, selections: Array<Record<string, unknown>>, file: ProductFile, locale: string, words: DemandWords): OptionDemand {
  const dl = file.product.defaultLocale;
  const present = selections.filter((s) => Object.hasOwn(s, option.id) && s[option.id] !== undefined);
  const base = { id: option.id, label: localize(option.label, locale, dl), type: option.type, answered: present.length };
  const values = present.map((s) => s[option.id]);
  switch (option.type) {
    case 'choice': {
      // Every value, ordered or not: a value nobody orders is news for the manufacturer too.
      const bars = option.values.map((v) => ({ key: v.id, label: localize(v.label, locale, dl), count: 0 }));
      const byId = new Map(bars.map((b) => [b.key, b]));
      for (const v of values) {
        const bar = typeof v === 'string' ? byId.get(v) : undefined;
        if (bar) bar.count++;
      }
      return { ...base, bars };
    }
    case 'boolean':
      return {
        ...base,
        bars: [
          { key: 'true', label: words.yes, count: values.filter((v) => v === true).length },
          { key: 'false', label: words.no, count: values.filter((v) => v === false).length },
        ],
      };
    case 'number':
      return { ...base, bars: numberBars(option, values.filter((v): v is number => typeof v === 'number'), locale) };
    case 'text':
    case 'file': {
      const filled = values.filter((v) => (typeof v === 'string' ? v.length > 0 : v !== null && v !== undefined)).length;
      return {
        ...base,
        bars: [
          { key: 'filled', label: option.type === 'text' ? words.withText : words.withFile, count: filled },
          { key: 'empty', label: words.empty, count: values.length - filled },
        ],
      };
    }
  }
}

/** Words of the charts that do not come from the product file. */
export interface DemandWords {
  yes: string;
  no: string;
  withText: string;
  withFile: string;
  empty: string;
  days: (n: number) => string;
  week: (monday: string) => string;
}

/**
 * Demand per product. `files` maps a product id to its product file (for labels; the latest version
 * is fine: ids of values do not change meaning between versions). Products without a file are
 * counted with their ids as labels.
 */
export function demandByProduct(orders: readonly ListedOrder[], files: ReadonlyMap<string, ProductFile>, locale: string, words: DemandWords): ProductDemand[] {
  const byProduct = new Map<string, ListedOrder[]>();
  for (const o of orders) {
    if (o.status === 'rejected') continue;
    const list = byProduct.get(o.product.id) ?? [];
    list.push(o);
    byProduct.set(o.product.id, list);
  }
  const result: ProductDemand[] = [];
  for (const [id, list] of byProduct) {
    const file = files.get(id);
    const revenue = new Map<string, number>();
    for (const o of list) revenue.set(o.quote.currency, (revenue.get(o.quote.currency) ?? 0) + o.quote.total);

    const leadTimes = new Map<number, number>();
    const due = new Map<string, number>();
    for (const o of list) {
      const days = leadTimeDays(o);
      if (days !== undefined) leadTimes.set(days, (leadTimes.get(days) ?? 0) + 1);
      const date = dueDate(o);
      if (date) due.set(weekOf(date), (due.get(weekOf(date)) ?? 0) + 1);
    }
    const selections = list.map((o) => (isRecord(o.specification.selections) ? o.specification.selections : {}));
    result.push({
      id,
      name: file ? localize(file.product.name, locale, file.product.defaultLocale) : id,
      orders: list.length,
      revenue: [...revenue].map(([currency, total]) => ({ currency, total })),
      leadTimes: [...leadTimes].sort((a, b) => a[0] - b[0]).map(([d, count]) => ({ key: String(d), label: words.days(d), count })),
      due: [...due].sort((a, b) => a[0].localeCompare(b[0])).map(([monday, count]) => ({ key: monday, label: words.week(monday), count })),
      options: file ? file.options.map((o) => optionDemand(o, selections, file, locale, words)) : [],
    });
  }
  return result.sort((a, b) => b.orders - a.orders || a.name.localeCompare(b.name));
}
