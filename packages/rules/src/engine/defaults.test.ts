/** Defaults are preferences: the cases a shop page meets, one by one (the property test covers the rest). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProduct } from './compile.js';
import { createSession } from './create-session.js';
import type { CompiledProduct } from '../api.js';
import type { DiscreteDomain, NumberDomain } from '../types.js';

const message = (en: string) => ({ en });

/**
 * The shirt of the issue: French cuffs need long sleeves; the defaults are long sleeves and French
 * cuffs. The slim fit (default) goes up to a 110 cm chest; the chest's default is 114.
 */
function shirt(): CompiledProduct {
  const r = compileProduct({
    schemaVersion: 1,
    product: { id: 'shirt', version: '1', name: 'Shirt', currency: 'CNY' },
    options: [
      { id: 'collar', type: 'choice', label: 'Collar', values: [{ id: 'kent', label: 'Kent' }, { id: 'button_down', label: 'Button-down' }], default: 'kent' },
      { id: 'sleeves', type: 'choice', label: 'Sleeves', values: [{ id: 'long', label: 'Long' }, { id: 'short', label: 'Short' }], default: 'long' },
      {
        id: 'cuffs',
        type: 'choice',
        label: 'Cuffs',
        default: 'french',
        values: [
          { id: 'french', label: 'French cuffs', price: 3000 },
          { id: 'single_button', label: 'Single button' },
          { id: 'band', label: 'Band' },
        ],
      },
      { id: 'fit', type: 'choice', label: 'Fit', values: [{ id: 'regular', label: 'Regular' }, { id: 'slim', label: 'Slim' }], default: 'slim' },
      { id: 'chest', type: 'number', label: 'Chest', min: 80, max: 130, step: 1, default: 114 },
    ],
    constraints: [
      { id: 'french-long', type: 'requires', if: { option: 'cuffs', is: 'french' }, then: { option: 'sleeves', is: 'long' }, message: message('French cuffs need long sleeves.') },
      { id: 'short-band', type: 'requires', if: { option: 'sleeves', is: 'short' }, then: { option: 'cuffs', isNot: 'single_button' }, message: message('Short sleeves end in a band.') },
      { id: 'button-down-regular', type: 'requires', if: { option: 'collar', is: 'button_down' }, then: { option: 'fit', is: 'regular' }, message: message('Button-down collars come in the regular fit.') },
      { id: 'slim-chest', type: 'domain', if: { option: 'fit', is: 'slim' }, option: 'chest', max: 110, message: message('The slim fit goes up to a 110 cm chest.') },
    ],
  });
  assert.ok(r.ok, JSON.stringify(r.issues));
  return r.product;
}

function values(d: ReturnType<ReturnType<typeof createSession>['domain']>): Array<[string | boolean, boolean]> {
  return (d as DiscreteDomain).values.map((v) => [v.value, v.available]);
}

test('a default never makes a value unavailable: short sleeves are available under the default French cuffs', () => {
  const s = createSession(shirt());
  // The chest default does not fit the slim default before it: it gave way to the nearest value that does.
  assert.deepEqual({ ...s.selections }, { collar: 'kent', sleeves: 'long', cuffs: 'french', fit: 'slim', chest: 110 });
  assert.deepEqual({ ...s.origins }, { collar: 'default', sleeves: 'default', cuffs: 'default', fit: 'default', chest: 'auto' });
  assert.deepEqual(values(s.domain('sleeves')), [['long', true], ['short', true]]);
  assert.equal(s.isAvailable('chest', 120), true, 'a chest beyond the slim fit is available: the fit is only a default');
  assert.deepEqual((s.domain('chest') as NumberDomain).feasible, { min: 80, max: 130 });
  assert.equal(s.explain('sleeves', 'short'), null);
  assert.ok(s.isComplete());
  assert.equal(s.quote().total, 3000);
});

test('a conflicting choice moves the default to the first value that fits and says why', () => {
  const s = createSession(shirt());
  const r = s.select('sleeves', 'short');
  assert.ok(r.ok);
  assert.deepEqual(r.defaults, [
    {
      option: 'cuffs',
      from: 'french',
      to: 'band',
      reason: { constraints: [{ id: 'french-long', type: 'requires', message: 'French cuffs need long sleeves.' }], selections: [{ option: 'sleeves', value: 'short' }], minimal: true },
    },
  ]);
  assert.equal(s.origins.cuffs, 'auto');
  assert.equal(s.quote().total, 0, 'the price follows the new value');
  // Back to long sleeves: the default comes back, without a reason.
  const back = s.select('sleeves', 'long');
  assert.deepEqual(back, { ok: true, defaults: [{ option: 'cuffs', from: 'band', to: 'french' }] });
  assert.equal(s.origins.cuffs, 'default');
});

test('a number default gives way to the nearest value that fits, and comes back', () => {
  const s = createSession(shirt());
  const wide = s.select('chest', 120);
  assert.ok(wide.ok, 'the slim fit is a default: it gives way');
  assert.deepEqual(wide.defaults?.map((d) => [d.option, d.from, d.to, d.reason?.constraints.map((c) => c.id)]), [['fit', 'slim', 'regular', ['slim-chest']]]);
  s.clear('chest');
  assert.equal(s.selections.fit, 'slim');
  assert.equal(s.selections.chest, 110);
  const regular = s.select('fit', 'regular');
  assert.deepEqual(regular, { ok: true, defaults: [{ option: 'chest', from: 110, to: 114 }] });
  const slim = s.select('fit', 'slim');
  assert.ok(slim.ok);
  assert.equal(slim.defaults?.[0].to, 110);
  assert.deepEqual(slim.defaults?.[0].reason?.constraints.map((c) => c.id), ['slim-chest']);
  assert.equal(s.select('chest', 120).ok, false, 'the shopper chose slim: a selection does not give way');
});

test('defaults are placed in file order: an earlier default wins over a later one', () => {
  const r = compileProduct({
    schemaVersion: 1,
    product: { id: 'p', version: '1', name: 'P', currency: 'CNY' },
    options: [
      { id: 'a', type: 'boolean', label: 'A', default: true },
      { id: 'b', type: 'boolean', label: 'B', default: true },
      { id: 'height', type: 'number', label: 'Height', min: 150, max: 200, step: 1, default: 178 },
    ],
    constraints: [
      { id: 'not-both', type: 'rule', assert: { not: { all: [{ option: 'a', is: true }, { option: 'b', is: true }] } }, message: 'Not both' },
      { id: 'tall-with-a', type: 'domain', if: { option: 'a', is: true }, option: 'height', min: 185, message: 'Tall' },
    ],
  });
  assert.ok(r.ok);
  const s = createSession(r.product);
  assert.deepEqual({ ...s.selections }, { a: true, b: false, height: 185 });
  assert.deepEqual({ ...s.origins }, { a: 'default', b: 'auto', height: 'auto' });
  const changed = s.select('a', false);
  assert.ok(changed.ok);
  assert.deepEqual(changed.defaults?.map((d) => [d.option, d.from, d.to, d.reason === undefined]), [
    ['b', false, true, true],
    ['height', 185, 178, true],
  ]);
});

test('restored selections stay, and the defaults around them give way', () => {
  const s = createSession(shirt(), { selections: { sleeves: 'short', cuffs: 'single_button' } });
  // single_button cannot join short sleeves: a restored selection that cannot join those before it is dropped.
  assert.deepEqual({ ...s.selections }, { collar: 'kent', sleeves: 'short', cuffs: 'band', fit: 'slim', chest: 110 });
  assert.equal(s.origins.sleeves, 'user');
  assert.equal(s.origins.cuffs, 'auto');
  const t = createSession(shirt(), { selections: { cuffs: 'band', chest: 125 } });
  assert.equal(t.origins.cuffs, 'user');
  assert.equal(t.origins.chest, 'user');
  assert.equal(t.selections.fit, 'regular', 'the slim default gave way to the restored chest');
  assert.deepEqual(values(t.domain('fit')), [['regular', true], ['slim', false]]);
});

test('counts, reasons and repairs read the shopper\'s selections only', () => {
  const s = createSession(shirt());
  const all = s.count();
  assert.ok(all.exact);
  const none = createSession(shirt(), { applyDefaults: false }).count();
  assert.ok(none.exact);
  assert.equal(all.count, none.count);
  s.select('fit', 'slim');
  assert.equal(s.repair('chest', 120)?.changes.map((c) => c.option).join(), 'fit');
  assert.deepEqual(s.explain('chest', 120)?.selections, [{ option: 'fit', value: 'slim' }]);
});

test('reset brings the defaults back; applyDefaults: false starts empty', () => {
  const s = createSession(shirt());
  s.select('sleeves', 'short');
  s.reset();
  assert.equal(s.selections.cuffs, 'french');
  assert.deepEqual({ ...createSession(shirt(), { applyDefaults: false }).selections }, {});
});

test('autocomplete fills the rest with values that give way like defaults', () => {
  const s = createSession(shirt(), { applyDefaults: false });
  s.select('sleeves', 'short');
  s.autocomplete();
  assert.ok(s.isComplete());
  assert.equal(s.origins.cuffs, 'auto');
  const r = s.select('sleeves', 'long');
  assert.ok(r.ok, 'the values autocomplete chose never block a choice');
  s.clear('cuffs');
  assert.equal(s.selections.cuffs, undefined, 'clearing an autocompleted value leaves it empty');
});
