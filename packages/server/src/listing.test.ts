/**
 * The manufacturer listing on both databases: paging through more than a thousand orders with
 * several page sizes shows each exactly once, newest first (ordering by a text copy of the sequence
 * number lost the newest orders once there were more than ~100); pages are bounded in bytes, and
 * snapshot images are links, never inline.
 */
import { describe, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './testing/databases.js';
import { MANUFACTURER_KEY, deskSpecification, httpRequest, post, serverPerSuite } from './testing/harness.js';

const ORDERS = 1_200;
const MAX_LIST_BYTES = 24 * 1024;
const auth = { authorization: `Bearer ${MANUFACTURER_KEY}` };

interface Page {
  items: Array<{ id: string; status: string; specification: Record<string, any> }>;
  nextCursor: string | null;
}

for (const database of testDatabases()) {
  describe(`manufacturer listing (${database.name})`, () => {
    const suite = serverPerSuite(database, { limits: { maxListBytes: MAX_LIST_BYTES, maxBodyBytes: 4 * 1024 * 1024 } });
    /** Every id, newest first, as the database orders them. */
    let newestFirst: string[];
    let received: string[];

    before(async () => {
      const db = suite.server.database;
      const spec = deskSpecification(1);
      // Stored in one statement: the listing reads them like any other order.
      await db.query(
        `INSERT INTO specifications (id, product_id, product_version, product_digest, body, quote, lead_time_days, status,
           received_at, updated_at, scope)
         SELECT 'spc_bulk' || lpad(g::text, 6, '0'), 'desk', '1.0.0', $1, jsonb_set($2::jsonb, '{selections,engraving}', to_jsonb('No ' || g)),
           $3::jsonb, 10, CASE WHEN g % 3 = 0 THEN 'accepted' ELSE 'received' END, now(), now(), 'public'
         FROM generate_series(1, ${ORDERS}) AS g`,
        [spec.product.digest, JSON.stringify(spec), JSON.stringify(spec.quote)],
      );
      const all = await db.query<{ id: string; status: string }>('SELECT id, status FROM specifications ORDER BY seq DESC');
      newestFirst = all.rows.map((r) => r.id);
      received = all.rows.filter((r) => r.status === 'received').map((r) => r.id);
      assert.equal(newestFirst.length, ORDERS);
    });

    async function pageThrough(query: string): Promise<{ ids: string[]; pages: Page[] }> {
      const ids: string[] = [];
      const pages: Page[] = [];
      let cursor: string | null = null;
      do {
        const r = await httpRequest(`${suite.server.url}/specifications?${query}${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth });
        assert.equal(r.status, 200, r.text);
        assert.ok(r.text.length <= MAX_LIST_BYTES + 4096, `a page is bounded in bytes (${r.text.length})`);
        const page = r.json as unknown as Page;
        pages.push(page);
        ids.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        assert.ok(pages.length <= ORDERS, 'paging ends');
      } while (cursor !== null);
      return { ids, pages };
    }

    for (const limit of [7, 50, 200]) {
      test(`${ORDERS} orders, limit=${limit}: each exactly once, newest first`, async () => {
        const { ids, pages } = await pageThrough(`limit=${limit}`);
        assert.deepEqual(ids, newestFirst);
        assert.ok(pages.every((p) => p.items.length >= 1 && p.items.length <= limit));
        if (limit === 200) assert.ok(pages[0]!.items.length < 200, 'a page of large specifications is cut by size, not by count');
      });
    }

    test('filtered by status, limit=33: each received order exactly once, newest first', async () => {
      const { ids, pages } = await pageThrough('status=received&limit=33');
      assert.deepEqual(ids, received);
      assert.ok(pages.every((p) => p.items.every((i) => i.status === 'received')));
    });

    test('snapshot images are links the manufacturer fetches one by one, never inline', async () => {
      const image = Buffer.alloc(300 * 1024, 7);
      const inline = { ...deskSpecification(2), snapshot: { type: 'image/png' as const, data: image.toString('base64') } };
      const dataUrl = { ...deskSpecification(3), snapshot: { type: 'image/jpeg' as const, url: `data:image/jpeg;base64,${image.subarray(0, 999).toString('base64')}` } };
      const linked = { ...deskSpecification(4), snapshot: { type: 'image/webp' as const, url: 'https://cdn.example/snap.webp' } };
      const ids: string[] = [];
      for (const [i, spec] of [inline, dataUrl, linked].entries()) {
        const r = await post(`${suite.server.url}/specifications`, spec, { 'idempotency-key': `listing-snapshot-${i}-000000` });
        assert.equal(r.status, 201, JSON.stringify(r.json));
        ids.push(String(r.json.id));
      }
      const r = await httpRequest(`${suite.server.url}/specifications?limit=3`, { headers: auth });
      assert.ok(r.text.length < 30_000, `no image data in the page (${r.text.length} bytes)`);
      const byId = new Map((r.json as unknown as Page).items.map((i) => [i.id, i.specification]));
      assert.deepEqual(byId.get(ids[0]!)!.snapshot, { type: 'image/png', url: `/specifications/${ids[0]}/snapshot` });
      assert.deepEqual(byId.get(ids[1]!)!.snapshot, { type: 'image/jpeg', url: `/specifications/${ids[1]}/snapshot` });
      assert.deepEqual(byId.get(ids[2]!)!.snapshot, linked.snapshot, 'an https link is listed as sent');

      const png = await fetch(`${suite.server.url}/specifications/${ids[0]}/snapshot`, { headers: auth });
      assert.equal(png.status, 200);
      assert.equal(png.headers.get('content-type'), 'image/png');
      assert.equal(png.headers.get('x-content-type-options'), 'nosniff');
      assert.deepEqual(Buffer.from(await png.arrayBuffer()), image);
      const jpeg = await fetch(`${suite.server.url}/specifications/${ids[1]}/snapshot`, { headers: auth });
      assert.deepEqual(Buffer.from(await jpeg.arrayBuffer()), image.subarray(0, 999));
      assert.equal((await fetch(`${suite.server.url}/specifications/${ids[2]}/snapshot`, { headers: auth })).status, 404, 'not stored here');
      assert.equal((await fetch(`${suite.server.url}/specifications/${ids[0]}/snapshot`)).status, 401, 'manufacturer only');
    });
  });
}
