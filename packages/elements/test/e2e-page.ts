// The page of the end-to-end test: a configurator on the product served by the reference server
// named in the URL (`?api=http://127.0.0.1:PORT&product=mug`), ordering through it.
// `&fastRetry` gives the outbox a short backoff so that a kept order is delivered within the test;
// `&slowRetry` one of an hour, so that only the shopper's "Send again" delivers it.
import { createClient, createOutbox, indexedDbStore } from '@c2m/client';
import '../src/index.js';
import type { C2mConfigurator } from '../src/index.js';

const params = new URL(location.href).searchParams;
const api = params.get('api') ?? '';
const el = document.createElement('c2m-configurator') as C2mConfigurator;
el.setAttribute('lang', params.get('lang') ?? 'en');
el.persistence = 'none';
el.endpoint = api;
if (params.has('fastRetry') || params.has('slowRetry')) {
  const backoffMs = params.has('fastRetry') ? 200 : 3_600_000;
  el.outbox = createOutbox({
    client: createClient({ endpoint: api, retry: { limit: 1 }, timeoutMs: 2000, totalTimeoutMs: 3000 }),
    store: indexedDbStore('c2m-outbox'),
    retry: { baseDelayMs: backoffMs, maxDelayMs: 2 * backoffMs },
  });
}
const log: string[] = [];
const ready = new Promise((resolve) => el.addEventListener('c2m-ready', resolve, { once: true }));
for (const type of ['c2m-ready', 'c2m-change', 'c2m-submit', 'c2m-submitted', 'c2m-error'] as const) {
  el.addEventListener(type, () => log.push(type));
}
if (params.has('tamper')) {
  // A specification changed after it was built: the server must refuse it, per field.
  el.addEventListener('c2m-submit', (e) => {
    e.detail.specification.selections.glaze = 'plastic';
  });
}
// `&productHere`: the mug's file from this page's origin (the same file the API serves).
el.src = params.has('productHere') ? '/mug.json' : `${api}/products/${params.get('product') ?? 'mug'}`;
document.body.append(el);

/** The focused element, through shadow roots: `host > … > element` with parts and values. */
function focused(): string {
  const path: string[] = [];
  let a: Element | null = document.activeElement;
  while (a) {
    const part = a.getAttribute('part');
    const option = a.getAttribute('option');
    path.push(`${a.localName}${option ? `[option=${option}]` : ''}${part ? `[part=${part}]` : ''}${a.getAttribute('data-value') ? `[value=${a.getAttribute('data-value')}]` : ''}`);
    a = a.shadowRoot?.activeElement ?? null;
  }
  return path.join(' > ');
}

function orderStatus(): string {
  const button = el.shadowRoot!.querySelector('c2m-order-button');
  return button?.shadowRoot?.querySelector('[part="status"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Records each change of the order's state, and each delivery attempt the outbox starts. */
function watchOrder(): void {
  const c = el.configuration!;
  const g = globalThis as unknown as { orderStates: string[]; attempts: number };
  g.orderStates = [];
  g.attempts = 0;
  let last = c.order.state;
  c.watch(() => {
    if (c.order.state !== last) g.orderStates.push((last = c.order.state));
  });
  el.outbox?.addEventListener('c2m-outbox-change', (e) => {
    if (e.detail.entry.state === 'delivering') g.attempts++;
  });
}

Object.assign(globalThis, { configurator: el, ready, log, focused, orderStatus, watchOrder });
