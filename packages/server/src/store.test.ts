import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Specification } from '@c2m/rules';
import { openDatabase } from './db/open.js';
import { migrate } from './db/migrations.js';
import type { Db } from './db/types.js';
import { requestHash } from './canonical.js';
import { SpecificationStore, decodeCursor, newSpecificationId, type AcceptedSubmission } from './store.js';
import { testDatabases } from './testing/databases.js';

function spec(n: number): Specification {
  return {
    specVersion: 1,
    product: { id: 'table', version: '1', digest: 'sha256:' + '0'.repeat(64) },
    selections: { n: n },
    origins: { n: 'user' },
    derived: {},
    quote: { currency: 'EUR', lines: [{ id: 'base', kind: 'base', label: 'Table', amount: 1000 + n }], total: 1000 + n },
    leadTime: { days: 10, lines: [] },
    locale: 'en',
    createdAt: '2026-11-25T10:00:00.000Z',
  };
}

function submission(key: string, n: number, scope = 'public'): AcceptedSubmission {
  const s = spec(n);
  return { scope, key, requestHash: requestHash(s), specification: s, quote: s.quote, leadTimeDays: 10 };
}

for (const database of testDatabases()) {
  describe(`store (${database.name})`, () => {
    let db: Db;
    let store: SpecificationStore;
    before(async () => {
      db = await openDatabase(await database.create());
      store = new SpecificationStore(db);
    });
    after(async () => {
      await db?.close();
      await database.cleanup();
    });

    test('migrations run once', async () => {
      assert.deepEqual(await migrate(db), []);
      const r = await db.query<{ id: number }>('SELECT id FROM c2m_migrations ORDER BY id');
      assert.deepEqual(r.rows.map((x) => x.id), [1, 2]);
    });

    test('same key and body → the first receipt again; another body → key-reused', async () => {
      const first = await store.submit(submission('key-aaaaaaaaaaaaaaaa', 1));
      assert.equal(first.kind, 'created');
      const again = await store.submit(submission('key-aaaaaaaaaaaaaaaa', 1));
      assert.equal(again.kind, 'replayed');
      assert.ok(first.kind === 'created' && again.kind === 'replayed');
      assert.deepEqual(again.receipt, first.receipt);
      assert.deepEqual(await store.submit(submission('key-aaaaaaaaaaaaaaaa', 2)), { kind: 'key-reused' });
      // The same key in another scope is another request.
      assert.equal((await store.submit(submission('key-aaaaaaaaaaaaaaaa', 2, 'shop-b'))).kind, 'created');
      const status = await store.get(first.receipt.id);
      assert.equal(status?.status, 'received');
      assert.equal(status?.receivedAt, first.receipt.receivedAt);
      assert.equal(status?.quote.total, 1001);
    });

    test('concurrent submissions with one key: exactly one is created', async () => {
      const before = await store.count();
      const results = await Promise.all(Array.from({ length: 20 }, () => store.submit(submission('key-concurrent-000001', 7))));
      assert.equal(results.filter((r) => r.kind === 'created').length, 1);
      assert.equal(results.filter((r) => r.kind === 'replayed').length, 19);
      const ids = new Set(results.map((r) => (r.kind === 'key-reused' ? '' : r.receipt.id)));
      assert.equal(ids.size, 1);
      assert.equal(await store.count(), before + 1);
    });

    test('status transitions follow the life cycle and are recorded', async () => {
      const r = await store.submit(submission('key-transitions-0001', 3));
      assert.ok(r.kind === 'created');
      const id = r.receipt.id;
      assert.deepEqual(await store.transition(id, 'shipped'), { kind: 'invalid', from: 'received' });
      const accepted = await store.transition(id, 'accepted', 'looks good');
      assert.ok(accepted.kind === 'ok');
      assert.equal(accepted.status.status, 'accepted');
      assert.equal(accepted.status.note, 'looks good');
      const same = await store.transition(id, 'accepted');
      assert.ok(same.kind === 'ok');
      assert.equal(same.status.updatedAt, accepted.status.updatedAt);
      assert.equal((await store.transition(id, 'in_production')).kind, 'ok');
      assert.equal((await store.transition(id, 'shipped')).kind, 'ok');
      assert.deepEqual(await store.transition(id, 'rejected'), { kind: 'invalid', from: 'shipped' });
      assert.deepEqual(await store.transition('spc_missing', 'accepted'), { kind: 'not-found' });
      const events = await db.query<{ to_status: string }>(
        'SELECT to_status FROM specification_events WHERE specification_id = $1 ORDER BY at, to_status', [id]);
      assert.deepEqual(events.rows.map((e) => e.to_status), ['accepted', 'in_production', 'shipped']);
    });

    test('listing pages newest first, filtered by status', async () => {
      for (let i = 0; i < 5; i++) await store.submit(submission(`key-list-${String(i).padStart(12, '0')}`, 100 + i));
      const all: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await store.list({ status: 'received', limit: 2, ...(cursor ? { cursor } : {}) });
        assert.ok(page.items.length <= 2);
        for (const item of page.items) {
          assert.equal(item.status, 'received');
          assert.equal(item.specification.specVersion, 1);
        }
        all.push(...page.items.map((i) => i.id));
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      assert.equal(new Set(all).size, all.length);
      assert.ok(all.length >= 5);
      const newest = await store.list({ limit: 1 });
      assert.deepEqual(newest.items[0].specification.selections, { n: 104 });
      assert.equal(decodeCursor('not-a-cursor'), null);
    });

    test('a caller reads the orders of its own scope, and those made without any credential', async () => {
      const mine = await store.submit(submission('key-scope-mine-00001', 201, 'pk:a'));
      const theirs = await store.submit(submission('key-scope-other-0001', 202, 'pk:b'));
      const open = await store.submit(submission('key-scope-public-001', 203, 'public'));
      assert.ok(mine.kind === 'created' && theirs.kind === 'created' && open.kind === 'created');
      assert.equal((await store.getFor(mine.receipt.id, 'pk:a'))?.id, mine.receipt.id);
      assert.equal(await store.getFor(theirs.receipt.id, 'pk:a'), undefined);
      assert.equal((await store.getFor(open.receipt.id, 'pk:a'))?.id, open.receipt.id);
      assert.equal((await store.get(theirs.receipt.id))?.id, theirs.receipt.id, 'the manufacturer reads every order');
    });

    test('pruning forgets only old keys', async () => {
      await db.query("UPDATE idempotency_keys SET created_at = now() - interval '49 hours' WHERE key = 'key-aaaaaaaaaaaaaaaa'");
      const pruned = await store.pruneKeys(48);
      assert.equal(pruned, 2);
      assert.equal(await store.findKey('public', 'key-aaaaaaaaaaaaaaaa'), undefined);
      assert.ok(await store.findKey('public', 'key-transitions-0001'));
    });
  });
}

test('specification ids: spc_ and 26 base32 characters, never repeated (across many entropy batches)', () => {
  const ids = new Set<string>();
  for (let i = 0; i < 20_000; i++) {
    const id = newSpecificationId();
    assert.match(id, /^spc_[0-9a-hjkmnp-tv-z]{26}$/);
    ids.add(id);
  }
  assert.equal(ids.size, 20_000);
});
