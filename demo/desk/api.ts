/**
 * The manufacturer's side of the protocol, as the order desk uses it: the listing, status changes
 * and snapshots, with the manufacturer key as a bearer token. Answers are checked with
 * `@c2m/client`'s schemas; problems (RFC 9457) become errors with the server's own words.
 */
import { Problem, SpecificationList, SpecificationStatus } from '@c2m/client/schema';
import type { SpecificationState } from '@c2m/client';
import type { ProductFile } from '@c2m/rules';
import type { ListedOrder } from './demand.js';

/** A refused or failed call, with the server's detail when it sent one. */
export class DeskError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

export interface DeskApi {
  /** One page of orders, newest first. */
  list(options?: { status?: SpecificationState; cursor?: string; limit?: number }): Promise<{ items: ListedOrder[]; nextCursor: string | null }>;
  /** Every order (following the cursor), up to `max`. */
  listAll(max?: number): Promise<ListedOrder[]>;
  setStatus(id: string, status: SpecificationState, note?: string): Promise<void>;
  /** An image URL for an order's snapshot: inline data as a `data:` URL, a stored one fetched with the key. */
  snapshotUrl(order: ListedOrder): Promise<string | undefined>;
  /** A product file, for labels (the storefront's copy, `/catalog/{id}.json`). */
  product(id: string): Promise<ProductFile | undefined>;
}

async function problemOf(res: Response): Promise<DeskError> {
  let detail = `${res.status} ${res.statusText}`;
  try {
    const p = Problem.safeParse(await res.json());
    if (p.success) detail = p.data.detail ?? p.data.title ?? detail;
  } catch {
    // not a problem document: the status line says enough
  }
  return new DeskError(detail, res.status);
}

export function createDeskApi(options: { endpoint: string; key: string; catalog: (id: string) => string }): DeskApi {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const auth = { authorization: `Bearer ${options.key}` };
  const products = new Map<string, Promise<ProductFile | undefined>>();

  async function list(o: { status?: SpecificationState; cursor?: string; limit?: number } = {}) {
    const q = new URLSearchParams({ limit: String(o.limit ?? 50) });
    if (o.status) q.set('status', o.status);
    if (o.cursor) q.set('cursor', o.cursor);
    const res = await fetch(`${endpoint}/specifications?${q}`, { headers: { ...auth, accept: 'application/json' } });
    if (!res.ok) throw await problemOf(res);
    const page = SpecificationList.safeParse(await res.json());
    if (!page.success) throw new DeskError('the listing did not have the shape the protocol promises', res.status);
    return { items: page.data.items as ListedOrder[], nextCursor: page.data.nextCursor };
  }

  return {
    list,
    async listAll(max = 5000) {
      const all: ListedOrder[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({ limit: 200, ...(cursor ? { cursor } : {}) });
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && all.length < max);
      return all;
    },
    async setStatus(id, status, note) {
      const res = await fetch(`${endpoint}/specifications/${encodeURIComponent(id)}/status`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(note ? { status, note } : { status }),
      });
      if (!res.ok) throw await problemOf(res);
      SpecificationStatus.parse(await res.json());
    },
    async snapshotUrl(order) {
      const s = order.specification.snapshot as { type?: string; data?: string; url?: string } | undefined;
      if (!s || typeof s !== 'object') return undefined;
      if (typeof s.data === 'string') return `data:${s.type ?? 'image/png'};base64,${s.data}`;
      if (typeof s.url !== 'string') return undefined;
      if (s.url.startsWith('data:')) return s.url;
      // A link to the backend's copy (GET /specifications/{id}/snapshot) needs the key: fetch it here.
      const url = new URL(s.url, location.href);
      if (url.origin !== location.origin) return url.href;
      const res = await fetch(url, { headers: auth });
      if (!res.ok) return undefined;
      return URL.createObjectURL(await res.blob());
    },
    product(id) {
      let p = products.get(id);
      if (!p) {
        p = fetch(options.catalog(id))
          .then((r) => (r.ok ? (r.json() as Promise<ProductFile>) : undefined))
          .catch(() => undefined);
        products.set(id, p);
      }
      return p;
    },
  };
}
