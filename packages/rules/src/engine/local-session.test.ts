import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { examplePaths } from '../../examples/index.js';
import { loadProduct } from '../engine.js';
import { createSession } from './create-session.js';
import { createLocalSession } from './local-session.js';
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
