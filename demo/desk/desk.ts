/**
 * The manufacturer's order desk: the orders the reference backend received (from the listing API),
 * each with its specification and snapshot, status changes along the life cycle, and demand before
 * production drawn as SVG charts. Plain DOM on `@c2m/client`'s schemas and `@c2m/rules`' labels.
 *
 * The manufacturer key comes in the URL fragment (`/desk/#key=…`, as `pnpm start` prints it; a
 * fragment never reaches a server log), is kept in sessionStorage for the tab, and removed from the
 * address bar.
 */
import { localize, type Option, type ProductFile } from '@c2m/rules';
import type { SpecificationState } from '@c2m/client';
import { createDeskApi, DeskError, type DeskApi } from './api.js';
import { barChart } from './charts.js';
import { demandByProduct, dueDate, leadTimeDays, type DemandWords, type ListedOrder } from './demand.js';
import { h } from './dom.js';

const LOCALE = document.documentElement.lang || 'en';
const KEY_STORAGE = 'c2m-desk-key';
/** How often the desk looks for new orders while it is visible. */
const POLL_MS = 10_000;

const STATUS_LABEL: Record<SpecificationState, string> = {
  received: 'Received',
  accepted: 'Accepted',
  in_production: 'In production',
  shipped: 'Shipped',
  rejected: 'Rejected',
};

/** The buttons each state offers: the protocol's life cycle, in the order a workshop works. */
const NEXT: Record<SpecificationState, Array<{ to: SpecificationState; label: string }>> = {
  received: [
    { to: 'accepted', label: 'Accept' },
    { to: 'rejected', label: 'Reject' },
  ],
  accepted: [
    { to: 'in_production', label: 'Start production' },
    { to: 'rejected', label: 'Reject' },
  ],
  in_production: [{ to: 'shipped', label: 'Mark shipped' }],
  shipped: [],
  rejected: [],
};

const WORDS: DemandWords = {
  yes: 'Yes',
  no: 'No',
  withText: 'With a text',
  withFile: 'With a file',
  empty: 'Left empty',
  days: (n) => `${n} day${n === 1 ? '' : 's'}`,
  week: (monday) => `Week of ${new Date(`${monday}T00:00:00Z`).toLocaleDateString(LOCALE, { month: 'short', day: 'numeric', timeZone: 'UTC' })}`,
};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function money(minor: number, currency: string): string {
  const format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

const dateTime = (iso: string) => new Date(iso).toLocaleString(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });
const date = (d: Date) => d.toLocaleDateString(LOCALE, { dateStyle: 'medium' });

/** A selected value as the manufacturer reads it. */
function valueText(option: Option | undefined, value: unknown, file: ProductFile | undefined): string {
  const dl = file?.product.defaultLocale ?? 'en';
  if (value === null || value === undefined || value === '') return '—';
  if (!option) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  switch (option.type) {
    case 'choice': {
      const v = option.values.find((x) => x.id === value);
      return v ? localize(v.label, LOCALE, dl) : String(value);
    }
    case 'boolean':
      return value === true ? WORDS.yes : WORDS.no;
    case 'number':
      return `${new Intl.NumberFormat(LOCALE).format(Number(value))}${option.unit ? ` ${option.unit}` : ''}`;
    case 'text':
      return `“${String(value)}”`;
    case 'file': {
      const f = value as { name?: string; url?: string; type?: string };
      return f.name ?? f.url ?? f.type ?? 'a file';
    }
  }
}

class Desk {
  readonly #api: DeskApi;
  #filter: SpecificationState | undefined;
  #cursor: string | null = null;
  readonly #known = new Map<string, ListedOrder>();
  /** Object URLs of snapshots fetched with the key, released when the list is drawn again. */
  #blobs: string[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(api: DeskApi) {
    this.#api = api;
  }

  async start(): Promise<void> {
    $('orders-section').hidden = false;
    $('demand-section').hidden = false;
    this.#renderFilters();
    $('refresh').addEventListener('click', () => void this.refresh());
    $('more').addEventListener('click', () => void this.#loadMore());
    await this.refresh();
    this.#timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.#poll();
    }, POLL_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #renderFilters(): void {
    const group = $('filters');
    const options: Array<[SpecificationState | undefined, string]> = [[undefined, 'All'], ...Object.entries(STATUS_LABEL).map(([k, v]) => [k as SpecificationState, v] as [SpecificationState, string])];
    group.replaceChildren(
      ...options.map(([state, label]) =>
        h(
          'button',
          {
            type: 'button',
            class: 'filter',
            'aria-pressed': String(this.#filter === state),
            onclick: () => {
              this.#filter = state;
              this.#renderFilters();
              void this.refresh();
            },
          },
          label,
        ),
      ),
    );
  }

  /** Reloads the list (first page of the current filter) and the demand charts. */
  async refresh(): Promise<void> {
    this.#say('Loading orders…');
    try {
      const page = await this.#api.list({ ...(this.#filter ? { status: this.#filter } : {}) });
      this.#known.clear();
      $('orders').replaceChildren();
      for (const url of this.#blobs.splice(0)) URL.revokeObjectURL(url);
      await this.#append(page.items);
      this.#cursor = page.nextCursor;
      $('more').hidden = page.nextCursor === null;
      this.#say(page.items.length === 0 ? 'No orders yet. Place one in the storefront.' : '');
      await this.#renderDemand();
    } catch (err) {
      this.#fail(err);
    }
  }

  async #loadMore(): Promise<void> {
    if (!this.#cursor) return;
    try {
      const page = await this.#api.list({ cursor: this.#cursor, ...(this.#filter ? { status: this.#filter } : {}) });
      await this.#append(page.items);
      this.#cursor = page.nextCursor;
      $('more').hidden = page.nextCursor === null;
    } catch (err) {
      this.#fail(err);
    }
  }

  /** New orders since the list was drawn go on top; the charts follow. */
  async #poll(): Promise<void> {
    try {
      const page = await this.#api.list({ ...(this.#filter ? { status: this.#filter } : {}) });
      const fresh = page.items.filter((o) => !this.#known.has(o.id));
      if (fresh.length === 0) return;
      await this.#append(fresh, { prepend: true });
      this.#say(`${fresh.length} new order${fresh.length === 1 ? '' : 's'}.`);
      await this.#renderDemand();
    } catch {
      // the next poll or a refresh will tell
    }
  }

  async #append(items: ListedOrder[], options: { prepend?: boolean } = {}): Promise<void> {
    const nodes = await Promise.all(items.map((o) => this.#orderCard(o)));
    for (const o of items) this.#known.set(o.id, o);
    if (options.prepend) $('orders').prepend(...nodes);
    else $('orders').append(...nodes);
  }

  async #orderCard(order: ListedOrder): Promise<HTMLLIElement> {
    const file = await this.#api.product(order.product.id);
    const dl = file?.product.defaultLocale ?? 'en';
    const name = file ? localize(file.product.name, LOCALE, dl) : order.product.id;
    const selections = (order.specification.selections ?? {}) as Record<string, unknown>;
    const origins = (order.specification.origins ?? {}) as Record<string, string>;
    const days = leadTimeDays(order);
    const due = dueDate(order);
    const headingId = `order-${order.id}`;

    const rows = (file?.options ?? Object.keys(selections).map((id) => ({ id }) as Option))
      .filter((o) => Object.hasOwn(selections, o.id))
      .map((o) =>
        h(
          'tr',
          { 'data-option': o.id },
          h('th', { scope: 'row' }, file ? localize(o.label, LOCALE, dl) : o.id),
          h('td', {}, valueText(file ? o : undefined, selections[o.id], file), origins[o.id] === 'default' ? h('span', { class: 'origin' }, ' (default)') : null),
        ),
      );
    const quoteLines = ((order.specification.quote as { lines?: Array<{ label?: string; id?: string; amount?: number }> } | undefined)?.lines ?? []).map((line) =>
      h('tr', {}, h('th', { scope: 'row' }, line.label ?? line.id ?? ''), h('td', { class: 'num' }, money(line.amount ?? 0, order.quote.currency))),
    );

    const snapshot = h('div', { class: 'snapshot' }, h('span', { class: 'no-snapshot' }, 'No snapshot'));
    void this.#api.snapshotUrl(order).then((src) => {
      if (src?.startsWith('blob:')) this.#blobs.push(src);
      if (src) snapshot.replaceChildren(h('img', { src, alt: `Snapshot of order ${order.id}: ${name} as configured`, width: 320, height: 240 }));
    });

    const note = h('input', { type: 'text', name: 'note', maxlength: 500, placeholder: 'Note for the shop (optional)', 'aria-label': `Note for order ${order.id}` });
    const message = h('p', { class: 'action-message', role: 'status' });
    const actions = NEXT[order.status].map(({ to, label }) =>
      h(
        'button',
        {
          type: 'button',
          class: to === 'rejected' ? 'danger' : 'primary',
          'data-to': to,
          onclick: async (e: Event) => {
            const button = e.currentTarget as HTMLButtonElement;
            button.disabled = true;
            message.textContent = '';
            try {
              await this.#api.setStatus(order.id, to, note.value.trim() || undefined);
              const updated = { ...order, status: to };
              this.#known.set(order.id, updated);
              const card = await this.#orderCard(updated);
              li.replaceWith(card);
              card.querySelector<HTMLElement>('.status')?.focus();
              await this.#renderDemand();
            } catch (err) {
              message.textContent = err instanceof Error ? err.message : String(err);
              button.disabled = false;
            }
          },
        },
        label,
      ),
    );

    const li = h(
      'li',
      { class: `order status-${order.status}`, 'data-id': order.id, 'data-status': order.status },
      h(
        'article',
        { 'aria-labelledby': headingId },
        h(
          'header',
          {},
          h('h3', { id: headingId }, name, ' ', h('span', { class: 'order-id' }, order.id)),
          h('span', { class: `status badge-${order.status}`, tabindex: -1 }, STATUS_LABEL[order.status]),
        ),
        h(
          'div',
          { class: 'order-body' },
          snapshot,
          h(
            'dl',
            { class: 'facts' },
            h('dt', {}, 'Received'),
            h('dd', {}, dateTime(order.receivedAt)),
            h('dt', {}, 'Total'),
            h('dd', { class: 'total' }, money(order.quote.total, order.quote.currency)),
            h('dt', {}, 'Lead time promised'),
            h('dd', { class: 'lead-time' }, days === undefined ? '—' : WORDS.days(days)),
            h('dt', {}, 'Due'),
            h('dd', {}, due ? date(due) : '—'),
            h('dt', {}, 'Shopper’s language'),
            h('dd', {}, String(order.specification.locale ?? '—')),
            h('dt', {}, 'Product file'),
            h('dd', {}, `${order.product.id} ${order.product.version}`),
          ),
        ),
        h(
          'details',
          { class: 'specification' },
          h('summary', {}, `Specification (${rows.length} options)`),
          h('table', {}, h('tbody', {}, ...rows)),
          quoteLines.length ? h('table', { class: 'quote' }, h('caption', {}, 'Price'), h('tbody', {}, ...quoteLines)) : null,
        ),
        actions.length ? h('div', { class: 'actions' }, note, ...actions) : null,
        message,
      ),
    );
    return li;
  }

  async #renderDemand(): Promise<void> {
    const orders = await this.#api.listAll();
    const ids = [...new Set(orders.map((o) => o.product.id))];
    const files = new Map<string, ProductFile>();
    for (const id of ids) {
      const f = await this.#api.product(id);
      if (f) files.set(id, f);
    }
    const demand = demandByProduct(orders, files, LOCALE, WORDS);
    const box = $('demand');
    if (demand.length === 0) {
      box.replaceChildren(h('p', {}, 'Charts appear with the first order.'));
      return;
    }
    box.replaceChildren(
      ...demand.map((p) =>
        h(
          'article',
          { class: 'product-demand', 'data-product': p.id, 'aria-labelledby': `demand-${p.id}` },
          h('h3', { id: `demand-${p.id}` }, p.name),
          h('p', { class: 'totals' }, `${p.orders} order${p.orders === 1 ? '' : 's'} · ${p.revenue.map((r) => money(r.total, r.currency)).join(' + ')}`),
          h(
            'div',
            { class: 'charts' },
            h('figure', { class: 'wide' }, h('figcaption', {}, 'Lead time promised'), barChart(p.leadTimes, `${p.name}: lead time promised`)),
            h('figure', { class: 'wide' }, h('figcaption', {}, 'Due, by week'), barChart(p.due, `${p.name}: orders due by week`)),
            ...p.options.map((o) =>
              h('figure', { 'data-option': o.id }, h('figcaption', {}, o.label, h('span', { class: 'answered' }, ` · ${o.answered} of ${p.orders}`)), barChart(o.bars, `${p.name}: ${o.label}`)),
            ),
          ),
        ),
      ),
    );
  }

  #say(text: string): void {
    $('orders-status').textContent = text;
  }

  #fail(err: unknown): void {
    if (err instanceof DeskError && err.status === 401) {
      signOut('That key was not accepted. Enter the manufacturer key that pnpm start printed.');
      return;
    }
    const box = $('error');
    box.hidden = false;
    box.textContent = `Could not load the orders: ${err instanceof Error ? err.message : String(err)}`;
  }
}

let desk: Desk | undefined;

function signOut(reason?: string): void {
  desk?.stop();
  desk = undefined;
  sessionStorage.removeItem(KEY_STORAGE);
  $('orders-section').hidden = true;
  $('demand-section').hidden = true;
  const form = $<HTMLFormElement>('sign-in');
  form.hidden = false;
  $('sign-in-error').textContent = reason ?? '';
  form.querySelector('input')?.focus();
}

function open(key: string): void {
  sessionStorage.setItem(KEY_STORAGE, key);
  $('sign-in').hidden = true;
  $('error').hidden = true;
  desk = new Desk(createDeskApi({ endpoint: '/api', key, catalog: (id) => `/catalog/${encodeURIComponent(id)}.json` }));
  void desk.start();
}

function main(): void {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('key');
  if (fromHash) {
    sessionStorage.setItem(KEY_STORAGE, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  $<HTMLFormElement>('sign-in').addEventListener('submit', (e) => {
    e.preventDefault();
    const key = new FormData(e.currentTarget as HTMLFormElement).get('key');
    if (typeof key === 'string' && key.trim()) open(key.trim());
  });
  $('sign-out').addEventListener('click', () => signOut());
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (key) open(key);
  else signOut();
}

main();
