import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { examplePaths } from '../../examples/index.js';
import { loadProduct } from '../engine.js';
import { createSession } from './create-session.js';
import { createLocalSession, createLocalSessionWith } from './local-session.js';
import { createSessionWith, type SessionParts } from './session.js';
import { laterParts } from './later.js';
import type { SessionState } from '../api.js';

function oakTable() {
  const r = loadProduct(readFileSync(examplePaths['oak-table'], 'utf8'));
  assert.ok(r.ok);
  return r.product;
}

test('a local session publishes a new state after every change, in order', async () => {
  const session = createSession(oakTable(), { applyDefaults: false });
  const local = createLocalSession(session);
  assert.equal(local.mode, 'page');
  assert.equal(local.digest, session.product.digest);
  assert.equal(local.state.version, 0);
  assert.equal(local.state.domains.length, session.product.options.length);
  const seen: SessionState[] = [];
  local.subscribe((s) => seen.push(s));

  const r = await local.select('species', 'american_walnut');
  assert.deepEqual(r, { ok: true });
  assert.equal(seen.length, 1);
  assert.equal(local.state, seen[0]);
  assert.equal(local.state.selections.species, 'american_walnut');
  assert.equal(local.state.origins.species, 'user');
  assert.equal(local.state.canUndo, true);
  assert.ok(local.state.quote.total > 0);

  assert.equal(await local.undo(), true);
  assert.equal(local.state.version, 2);
  assert.equal(local.state.selections.species, undefined);

  await local.setLocale('zh-CN');
  assert.equal(local.state.locale, 'zh-CN');
  assert.equal(local.state.version, 3);

  await local.autocomplete();
  assert.equal(local.state.complete, true);
  const spec = await local.toSpecification({ now: new Date(0) });
  assert.equal(spec.product.digest, local.digest);
});

test('a local session turns errors into rejections and refuses calls once disposed', async () => {
  const local = createLocalSession(createSession(oakTable(), { applyDefaults: false }));
  await assert.rejects(local.toSpecification(), /incomplete|missing/i);
  const refused = await local.select('species', 'no-such-wood');
  assert.equal(refused.ok, false);
  local.dispose();
  await assert.rejects(local.select('species', 'ash'), /disposed/);
});

test('calls that may need the parts fetched after opening wait for them, and every later call waits behind them, in order', async () => {
  const parts: SessionParts = {};
  const session = createSessionWith(oakTable(), { applyDefaults: false }, parts);
  let loads = 0;
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const local = createLocalSessionWith(session, {
    later: () => {
      loads++;
      return arrived.then(() => {
        parts.later = laterParts;
      });
    },
  });
  // Calls that need none of them run at once while nothing waits.
  assert.equal(await local.isAvailable('species', 'ash'), true);
  assert.equal(loads, 0, 'nothing fetched yet');
  const applied: string[] = [];
  local.subscribe((s) => applied.push(`${s.version}:${s.locale}:${s.selections.species ?? '-'}`));
  const selected = local.select('species', 'american_walnut');
  const locale = local.setLocale('zh-CN');
  const undone = local.undo();
  assert.equal(loads, 1);
  await Promise.resolve();
  assert.deepEqual(applied, [], 'nothing applied before the parts arrived');
  arrive();
  assert.deepEqual(await selected, { ok: true });
  await locale;
  assert.equal(await undone, true);
  assert.deepEqual(applied, ['1:en:american_walnut', '2:zh-CN:american_walnut', '3:zh-CN:-'], 'in the order the calls were made');
  // Once in, calls run at once again, with reasons and repairs.
  await local.autocomplete();
  assert.ok((await local.toSpecification()).product.digest.startsWith('sha256:'));
  assert.equal(loads, 1, 'fetched once');
});

test('a failed fetch of the parts rejects the call that waited for it; the next call fetches again', async () => {
  const parts: SessionParts = {};
  const session = createSessionWith(oakTable(), { applyDefaults: false }, parts);
  let loads = 0;
  const local = createLocalSessionWith(session, {
    later: async () => {
      if (loads++ === 0) throw new Error('offline');
      parts.later = laterParts;
    },
  });
  await assert.rejects(local.select('species', 'ash'), /offline/);
  assert.equal(local.state.selections.species, undefined, 'not applied');
  assert.deepEqual(await local.select('species', 'ash'), { ok: true });
  assert.equal(loads, 2);
});

test('a session opened without the parts fetched after opening says so where it needs them', () => {
  const session = createSessionWith(oakTable(), { applyDefaults: false }, {});
  assert.equal(session.domains().length, session.product.file.options.length, 'the first state needs none of them');
  assert.throws(() => session.select('species', 'ash'), /not loaded yet/);
  assert.throws(() => session.autocomplete(), /not loaded yet/);
  assert.throws(() => session.toSpecification(), /not loaded yet/);
});
