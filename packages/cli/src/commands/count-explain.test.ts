import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { json, run } from '../../test/run.js';

// A generated 150-feature model (test/generate-uvl.ts 150 170 7), imported once: big enough that the
// exact count takes longer than a tiny budget and that explain shortens its listing.
let dir = '';
let hard = '';
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'c2m-cli-'));
  hard = join(dir, 'hard.json');
  const r = await run(['import', 'hard.uvl', '-o', hard]);
  assert.equal(r.code, 0, r.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('c2m count', () => {
  it('counts exactly, with digit grouping, and as a decimal string in JSON', async () => {
    const r = await run(['count', 'table.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^[\d,]+ valid configurations \(exact, \d+ ms\)\n$/);
    const j = json<{ exact: boolean; count: string }>(await run(['count', 'table.yaml', '--json']));
    assert.equal(j.exact, true);
    assert.equal(r.stdout.split(' ')[0].replace(/,/g, ''), j.count);
  });

  it('counts under selections, and 0 with the reason when one is refused', async () => {
    const all = BigInt(json<{ count: string }>(await run(['count', 'table.yaml', '--json'])).count);
    const walnut = BigInt(json<{ count: string }>(await run(['count', 'table.yaml', '--json', '-s', 'wood=walnut'])).count);
    assert.ok(walnut > 0n && walnut < all);
    const refused = await run(['count', 'table.yaml', '-s', 'wood=walnut', '-s', 'finish=white-oil']);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /^0 valid configurations: --select finish=white-oil is refused/);
  });

  it('says so when the budget runs out instead of hanging', async (t) => {
    // A clock that moves a second each time it is read: the budget runs out at the counter's first
    // look, on a fast machine as on a loaded one.
    let clock = Date.now();
    t.mock.method(Date, 'now', () => (clock += 1000));
    const r = await run(['count', hard, '--budget', '100', '--json']);
    const j = json<{ exact: boolean; reason?: string }>(r);
    assert.equal(j.exact, false);
    assert.equal(r.code, 1);
    assert.equal(j.reason, 'budget');
    const text = await run(['count', hard, '--budget', '100']);
    assert.match(text.stdout, /budget exhausted: no exact count within 100 ms/);
  });

  it('rejects bad arguments with exit 2', async () => {
    assert.equal((await run(['count', 'table.yaml', '--budget', '-5'])).code, 2);
    const r = await run(['count', 'table.yaml', '-s', 'wood=teak']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /option "wood" has no value "teak"; values: oak, walnut, pine/);
    assert.match((await run(['count', 'table.yaml', '-s', 'width'])).stderr, /--select takes option=value/);
  });
});

describe('c2m explain', () => {
  it('shows domains, reasons with constraint ids and messages, and the smallest repair', async () => {
    const r = await run(['explain', 'table.yaml', '--select', 'wood=walnut', '--want', 'finish=white-oil']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /● walnut \(Walnut\) selected/);
    assert.match(r.stdout, /✗ white-oil \(White oil\) — \[walnut-no-white-oil\] White oil is not offered on walnut\. \(with wood = walnut\)/);
    assert.match(r.stdout, /To get finish = white-oil, the smallest repair:\n  clear wood \(now walnut\)\n  select finish = white-oil/);
  });

  it('speaks Chinese with --lang zh-CN', async () => {
    const r = await run(['explain', 'table.yaml', '-s', 'wood=walnut', '--lang', 'zh-CN', '-o', 'finish']);
    assert.match(r.stdout, /\[walnut-no-white-oil\] 胡桃木不提供白油处理。/);
    assert.match(r.stdout, /finish \(表面处理\)/);
    assert.doesNotMatch(r.stdout, /wood \(/, '--option limits the listing');
  });

  it('reports a refused --select with its reason and repair, exit 1', async () => {
    const r = await run(['explain', 'table.yaml', '-s', 'wood=walnut', '-s', 'finish=white-oil']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^refused: finish = white-oil — /);
    assert.match(r.stdout, /because \[walnut-no-white-oil\]/);
    assert.match(r.stdout, /smallest repair:/);
  });

  it('starts as a shopper sees the product: defaults applied and marked, never making a value unavailable', async () => {
    const r = await run(['explain', 'table.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^oak-table 1 — wood = oak \(default\), finish = oil \(default\), width = 160 \(default\), depth = 80 \(default\)\n/);
    assert.match(r.stdout, /● oak \(Oak\) default/);
    assert.match(r.stdout, /width \(Width\): number 120…240 step 10 = 160 \(default\)/);
    assert.doesNotMatch(r.stdout, /✗/, 'every value is available: defaults are preferences');
    const empty = await run(['explain', 'table.yaml', '--no-defaults']);
    assert.match(empty.stdout, /^oak-table 1 — nothing selected\n/);
  });

  it('lists the defaults that give way to a --select, with the reason', async () => {
    const r = await run(['explain', 'table.yaml', '-s', 'depth=110', '-o', 'width']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /default moved width: 160 → 170 — \[proportions\] The table must be at least 1\.5 times as wide as it is deep\. \(with depth = 110\)/);
    assert.match(r.stdout, /width \(Width\): number 120…240 step 10, possible 170…240 = 170 \(auto\)/);
    const j = json<{ defaultsMoved: Array<{ option: string; from: number; to: number }> }>(await run(['explain', 'table.yaml', '-s', 'depth=110', '--json']));
    assert.deepEqual(j.defaultsMoved.map((d) => [d.option, d.from, d.to]), [['width', 160, 170]]);
  });

  it('shows narrowed number ranges', async () => {
    const r = await run(['explain', 'table.yaml', '-s', 'wood=pine', '-o', 'width']);
    assert.match(r.stdout, /width \(Width\): number 120…240 step 10, possible 120…200/);
  });

  it('gives JSON with every reason', async () => {
    const j = json<{ selections: Record<string, unknown>; origins: Record<string, string>; options: Array<{ option: string; values?: Array<{ value: string; available: boolean; reason?: { constraints: Array<{ id: string }> } }> }>; want: { available: boolean; repair: { changes: unknown[] } } }>(
      await run(['explain', 'table.yaml', '-s', 'wood=walnut', '-w', 'finish=white-oil', '--json']),
    );
    assert.deepEqual(j.selections, { wood: 'walnut', finish: 'oil', width: 160, depth: 80 });
    assert.deepEqual(j.origins, { wood: 'user', finish: 'default', width: 'default', depth: 'default' });
    const finish = j.options.find((o) => o.option === 'finish')!;
    const white = finish.values!.find((v) => v.value === 'white-oil')!;
    assert.equal(white.available, false);
    assert.deepEqual(
      white.reason!.constraints.map((k) => k.id),
      ['walnut-no-white-oil'],
    );
    assert.equal(j.want.available, false);
    assert.equal(j.want.repair.changes.length, 1);
  });

  it('on a big model lists only restricted options unless --all', async () => {
    const r = await run(['explain', hard, '--budget', '200']);
    assert.match(r.stdout, /more options with every value available \(--all lists them\)/);
  });

  it('rejects an unknown option and a bad --lang with exit 2', async () => {
    assert.equal((await run(['explain', 'table.yaml', '-o', 'colour'])).code, 2);
    assert.equal((await run(['explain', 'table.yaml', '--lang', 'Chinese!'])).code, 2);
    assert.equal((await run(['explain', 'table.yaml', '--want', 'extension=maybe'])).code, 2);
    const offGrid = await run(['explain', 'table.yaml', '--select', 'width=125']);
    assert.equal(offGrid.code, 2);
    assert.match(offGrid.stderr, /width=125: /);
  });
});

describe('broken product files', () => {
  for (const command of ['count', 'explain', 'lint', 'test']) {
    it(`c2m ${command} prints the errors with positions and exits 1`, async () => {
      // The product file is read first: the cases file of `test` is never reached.
      const args = command === 'test' ? ['test', 'broken.json', 'nothing.yaml'] : [command, 'broken.json'];
      const r = await run(args);
      assert.equal(r.code, 1);
      assert.match(r.stdout + r.stderr, /broken\.json:5:\d+ +error/);
      const j = json<{ ok: boolean; issues: unknown[] }>(await run([...args, '--json']));
      assert.equal(j.ok, false);
      assert.equal(j.issues.length, 2);
    });
  }
});
