import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ProductFile } from '../src/schema/product-file.js';
import type { CompiledProduct, Session } from '../src/api.js';
import { compileProduct } from '../src/engine/compile.js';
import { createSession } from '../src/engine/session.js';
import type { DiscreteDomain, NumberDomain, OptionDomain, PresenceDomain } from '../src/types.js';
import { exampleNames, examplePaths, readExample, type ExampleName } from '../examples/index.js';

// ---------------------------------------------------------------------------------------------
// The documents themselves
// ---------------------------------------------------------------------------------------------

function parsed(name: ExampleName): ProductFile {
  return ProductFile.parse(readExample(name));
}

/** Every shopper-facing text in the document (the scene holds glTF names, not texts). */
function texts(node: unknown, path: string, out: Array<[string, unknown]>): Array<[string, unknown]> {
  if (Array.isArray(node)) node.forEach((x, i) => texts(x, `${path}[${i}]`, out));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'scene') continue;
      if (['label', 'description', 'message', 'name', 'baseLabel'].includes(key)) out.push([`${path}.${key}`, value]);
      else texts(value, `${path}.${key}`, out);
    }
  }
  return out;
}

for (const name of exampleNames) {
  test(`example ${name}: valid product file with English and Chinese for every text`, () => {
    assert.ok(existsSync(examplePaths[name]));
    const file = parsed(name);
    const found = texts(readExample(name), name, []);
    assert.ok(found.length > 10);
    for (const [path, text] of found) {
      assert.equal(typeof text, 'object', `${path} should have one text per language`);
      const map = text as Record<string, string>;
      assert.ok(map.en && map['zh-CN'], `${path} needs en and zh-CN`);
      assert.match(map['zh-CN']!, /[\u4e00-\u9fff]/, `${path} zh-CN should be Chinese`);
    }
    assert.ok(file.constraints.every((c, i, all) => all.findIndex((d) => d.id === c.id) === i), 'unique constraint ids');
  });
}

test('suit: the shape the issue asks for', () => {
  const file = parsed('suit');
  assert.ok(file.options.length >= 25, `${file.options.length} options`);
  const fabric = file.options.find((o) => o.id === 'fabric');
  assert.ok(fabric?.type === 'choice');
  assert.ok(fabric.values.length >= 12);
  assert.ok(fabric.values.every((v) => v.swatch));
  assert.ok(fabric.values.filter((v) => v.leadTime).length >= 5);
  const types = new Set(file.constraints.map((c) => c.type));
  for (const t of ['requires', 'excludes', 'table', 'domain', 'linear', 'cardinality', 'rule']) assert.ok(types.has(t as never), t);
  const numbers = file.options.filter((o) => o.type === 'number');
  assert.ok(numbers.length >= 7 && numbers.every((o) => o.type === 'number' && o.unit === 'cm'));
  assert.ok(file.options.some((o) => o.type === 'text' && o.characters?.includes('cjk')));
  assert.ok(file.pricing?.lines.some((l) => l.formula));
  assert.ok(file.derived.length > 0);
  const actions = new Set(file.scene?.bindings.flatMap((b) => b.actions.map((a) => a.type)));
  // No decal: the suit has no uploaded image (a decal shows a file option's image); the monogram is text.
  for (const a of ['material', 'visibility', 'morph', 'scale', 'translate', 'text', 'variant']) assert.ok(actions.has(a as never), a);
  assert.ok((file.scene?.cameras.length ?? 0) > 0);
  assert.ok(file.options.filter((o) => o.when !== undefined).length >= 3, 'options that apply only sometimes');
});

test('oak table: the shape the issue asks for', () => {
  const file = parsed('oak-table');
  assert.equal((readExample('oak-table') as { $schema?: string }).$schema, '../product-file.schema.json');
  const species = file.options.find((o) => o.id === 'species');
  assert.ok(species?.type === 'choice' && species.values.length >= 5);
  for (const id of ['width', 'depth', 'height', 'thickness']) {
    const o = file.options.find((x) => x.id === id);
    assert.ok(o?.type === 'number' && o.unit === 'mm', id);
  }
  assert.ok(file.constraints.some((c) => c.type === 'linear'));
  assert.ok(file.constraints.some((c) => c.type === 'table' && c.options.includes('leg_style')));
  assert.ok(file.pricing?.lines.some((l) => l.formula?.includes('width * depth')));
  // The width moves the legs (translate) and stretches only the top (scale).
  const width = file.scene?.bindings.find((b) => b.option === 'width')?.actions ?? [];
  assert.ok(width.some((a) => a.type === 'translate') && width.some((a) => a.type === 'scale' && a.node === 'Top'));
});

test('mug: small', () => {
  const file = parsed('mug');
  assert.ok(file.options.length >= 4 && file.options.length <= 6);
});

// ---------------------------------------------------------------------------------------------
// With the engine: what a shopper sees
// ---------------------------------------------------------------------------------------------

const compiled = new Map<ExampleName, CompiledProduct>();
function product(name: ExampleName): CompiledProduct {
  let p = compiled.get(name);
  if (!p) {
    const r = compileProduct(readExample(name));
    assert.ok(r.ok, JSON.stringify(r.issues));
    assert.deepEqual(r.issues.filter((i) => i.severity === 'error'), []);
    p = r.product;
    compiled.set(name, p);
  }
  return p;
}
function blank(name: ExampleName, locale = 'en'): Session {
  return createSession(product(name), { applyDefaults: false, locale });
}
function discrete(d: OptionDomain): DiscreteDomain {
  assert.ok(d.type === 'choice' || d.type === 'boolean', `${d.option} is ${d.type}`);
  return d;
}
function numeric(d: OptionDomain): NumberDomain {
  assert.equal(d.type, 'number');
  return d as NumberDomain;
}
function available(s: Session, option: string, value: string | boolean): boolean {
  const v = discrete(s.domain(option)).values.find((x) => x.value === value);
  assert.ok(v, `${option} has a value ${String(value)}`);
  return v.available;
}
/** `value` of `option` is unavailable, and the explanation names `constraint`. */
function ruledOutBy(s: Session, option: string, value: string | boolean | number, constraint: string): void {
  if (typeof value !== 'number') assert.equal(available(s, option, value), false, `${option}=${String(value)} should be unavailable`);
  assert.equal(s.isAvailable(option, value), false, `${option}=${String(value)} should be unavailable`);
  const reason = s.explain(option, value);
  assert.ok(reason, `a reason for ${option}=${String(value)}`);
  const ids = reason.constraints.map((c) => c.id);
  assert.ok(ids.includes(constraint), `${option}=${String(value)} ruled out by ${ids.join(', ')}, expected ${constraint}`);
  assert.ok(reason.constraints.every((c) => c.message.length > 0));
}
function select(s: Session, option: string, value: string | number | boolean): void {
  const r = s.select(option, value);
  assert.ok(r.ok, `select ${option}=${String(value)}: ${r.ok ? '' : r.message}`);
}

for (const name of exampleNames) {
  test(`engine: every value of ${name} is selectable from scratch`, () => {
    const s = blank(name);
    for (const d of s.domains()) {
      if (d.type === 'choice' || d.type === 'boolean') {
        for (const v of d.values) assert.ok(v.available, `${d.option}=${String(v.value)} should be available`);
      } else if (d.type === 'number') {
        assert.deepEqual(d.feasible, { min: d.min, max: d.max }, `${d.option} full range`);
      } else {
        const p = d as PresenceDomain;
        const o = product(name).option(p.option)!;
        const required = (o.type === 'text' || o.type === 'file') && o.required === true;
        assert.ok(p.canBeSet && p.canBeEmpty === !required, `${p.option} may be set, and empty unless required`);
      }
    }
  });

  test(`engine: the defaults of ${name} make a complete valid configuration`, () => {
    const s = createSession(product(name));
    s.autocomplete();
    assert.ok(s.isComplete());
    const values: Record<string, string | number | boolean | null> = {};
    for (const o of product(name).options) {
      const v = s.selections[o.id];
      values[o.id] = v === undefined ? (o.type === 'text' ? '' : null) : (v as string | number | boolean);
    }
    assert.deepEqual(product(name).violations(values), []);
  });
}

test('engine: suit style rules', () => {
  const s = blank('suit');
  select(s, 'jacket_style', 'double_breasted');
  ruledOutBy(s, 'buttons', 'two', 'db-buttons');
  ruledOutBy(s, 'lapel_width', 'narrow', 'db-lapel-width');
  assert.ok(available(s, 'buttons', 'db_6x2'));
  s.undo();
  select(s, 'lapel_style', 'shawl');
  assert.equal(discrete(s.domain('jacket_style')).forced, 'dinner_jacket');
  ruledOutBy(s, 'jacket_style', 'single_breasted', 'shawl-dinner-only');
  ruledOutBy(s, 'fabric', 'harris_tweed_herringbone', 'dinner-jacket-cloth');
});

test('engine: suit cloth rules (linen lining, tweed lapels, cloth × lining table)', () => {
  const s = blank('suit');
  select(s, 'fabric', 'baird_mcnutt_linen_sand');
  ruledOutBy(s, 'lining_type', 'full', 'linen-lining');
  ruledOutBy(s, 'lining_colour', 'paisley_teal', 'cloth-lining');
  assert.ok(available(s, 'lining_colour', 'cotton_ecru'));
  select(s, 'fabric', 'harris_tweed_herringbone');
  ruledOutBy(s, 'lapel_style', 'peak', 'tweed-no-peak');
  assert.ok(available(s, 'lining_type', 'full'));
});

test('engine: suit hand-finishing capacity (cardinality)', () => {
  const s = blank('suit');
  select(s, 'canvas', 'half_canvas');
  select(s, 'working_cuffs', true);
  select(s, 'pick_stitching', true);
  ruledOutBy(s, 'breast_pocket', 'barchetta', 'handwork-capacity');
  ruledOutBy(s, 'pockets', 'ticket', 'handwork-capacity');
  select(s, 'canvas', 'full_canvas');
  assert.ok(available(s, 'breast_pocket', 'barchetta'));
});

test('engine: suit body proportions (linear relations on cm measurements)', () => {
  const s = blank('suit');
  select(s, 'height', 160);
  // sleeve <= 0.4 * height + 2, inseam <= 0.5 * height + 5, jacket_length >= 0.4 * height
  assert.equal(numeric(s.domain('sleeve')).feasible.max, 66);
  assert.equal(numeric(s.domain('inseam')).feasible.max, 85);
  assert.equal(numeric(s.domain('jacket_length')).feasible.min, 64);
  ruledOutBy(s, 'inseam', 90, 'inseam-max');
  const r = s.select('inseam', 90);
  assert.equal(r.ok, false);
  select(s, 'fit', 'slim');
  assert.equal(numeric(s.domain('chest')).feasible.max, 120);
  ruledOutBy(s, 'chest', 125, 'slim-size');
  select(s, 'chest', 100);
  // slim: chest >= waist + 10
  assert.equal(numeric(s.domain('waist')).feasible.max, 90);
});

test('engine: suit monogram in Chinese', () => {
  const p = product('suit');
  assert.deepEqual(p.checkValue('monogram_text', '张伟'), { ok: true });
  assert.deepEqual(p.checkValue('monogram_text', 'J.S. & 李'), { ok: true });
  assert.equal(p.checkValue('monogram_text', 'x'.repeat(13)).ok, false);
  assert.equal(p.checkValue('monogram_text', '<b>').ok, false);
  const s = createSession(product('suit'), { locale: 'zh-CN' });
  // Without a monogram its text and thread do not apply: hidden, no value, nothing to price.
  assert.equal(s.domain('monogram_text').applicable, false);
  assert.equal(s.domain('monogram_thread').applicable, false);
  assert.equal(s.selections.monogram_thread, undefined);
  select(s, 'monogram', true);
  const text = s.domain('monogram_text') as PresenceDomain;
  assert.ok(text.applicable);
  assert.equal(text.canBeEmpty, false, 'with a monogram the text is required');
  assert.equal(s.selections.monogram_thread, 'gold', 'the thread default comes with the monogram');
  assert.equal(s.isComplete(), false);
  select(s, 'monogram_text', '张伟');
  select(s, 'monogram_thread', 'navy');
  assert.ok(s.isComplete());
  // Switching the monogram off is always possible: the text and thread give way with it.
  assert.ok(available(s, 'monogram', false));
  assert.equal(s.explain('monogram', false), null);
  const off = s.select('monogram', false);
  assert.deepEqual(off, { ok: true }, 'options that stop applying are not reported: they are hidden');
  assert.equal(s.selections.monogram_text, undefined);
  assert.equal(s.selections.monogram_thread, undefined);
  assert.ok(s.isComplete());
  assert.equal(s.toSpecification().selections.monogram_text, undefined);
  s.undo();
  assert.equal(s.selections.monogram_text, '张伟');
});

test('engine: suit turn-ups do not exist on evening trousers', () => {
  const s = createSession(product('suit'));
  assert.equal(s.selections.trouser_cuffs, false);
  select(s, 'trouser_cuffs', true);
  select(s, 'jacket_style', 'dinner_jacket');
  assert.equal(s.domain('trouser_cuffs').applicable, false);
  assert.equal(s.selections.trouser_cuffs, undefined);
  assert.equal(s.origins.trouser_cuffs, undefined);
  const spec = s.toSpecification({ now: new Date(0) });
  assert.equal(Object.hasOwn(spec.selections, 'trouser_cuffs'), false);
  assert.equal(Object.hasOwn(spec.origins, 'trouser_cuffs'), false);
});

test('engine: suit price and lead time follow the cloth', () => {
  const s = createSession(product('suit'));
  const before = { price: s.quote().total, days: s.leadTime().days };
  assert.equal(s.quote().currency, 'CNY');
  select(s, 'fabric', 'loro_piana_tasmanian_navy');
  assert.equal(s.quote().total - before.price, 280000);
  assert.equal(s.leadTime().days - before.days, 7);
  // Linen needs another lining than the full burgundy one of the defaults: the defaults give way by
  // themselves (to the first value that fits), and the result says which and why.
  const r = s.select('fabric', 'baird_mcnutt_linen_sand');
  assert.ok(r.ok);
  assert.deepEqual(
    r.defaults?.map((d) => [d.option, d.from, d.to]),
    [
      ['lining_type', 'full', 'half'],
      ['lining_colour', 'bemberg_burgundy', 'bemberg_navy'],
    ],
  );
  assert.deepEqual(r.defaults?.[0].reason?.constraints.map((c) => c.id), ['linen-lining']);
  assert.deepEqual(r.defaults?.[0].reason?.selections, [{ option: 'fabric', value: 'baird_mcnutt_linen_sand' }]);
  assert.deepEqual(r.defaults?.[1].reason?.constraints.map((c) => c.id), ['cloth-lining']);
  assert.equal(s.origins.lining_type, 'auto');
  // Back to the house cloth: the defaults come back, without a reason.
  const back = s.select('fabric', 'vbc_perennial_navy');
  assert.ok(back.ok);
  assert.deepEqual(
    back.defaults?.map((d) => [d.option, d.from, d.to, d.reason]),
    [
      ['lining_type', 'half', 'full', undefined],
      ['lining_colour', 'bemberg_navy', 'bemberg_burgundy', undefined],
    ],
  );
  assert.equal(s.origins.lining_type, 'default');
});

test('engine: suit specification in Chinese, with a CJK monogram', () => {
  const s = createSession(product('suit'), { locale: 'zh-CN' });
  select(s, 'monogram', true);
  select(s, 'monogram_text', '张伟');
  assert.ok(s.isComplete());
  const quote = s.quote();
  // base + monogram; every other default is the house option at no extra cost, 3.4 m of cloth is included
  assert.equal(quote.total, 399900 + 8000);
  assert.equal(quote.lines.find((l) => l.kind === 'base')?.label, '两件套西装（基础面料）');
  assert.equal(s.leadTime().days, 21 + 1);
  const spec = s.toSpecification({ now: new Date('2026-11-25T12:00:00Z') });
  assert.equal(spec.selections.monogram_text, '张伟');
  assert.equal(spec.locale, 'zh-CN');
  // ceil((2 * 76 + 64 + 82 + 45) / 10) / 10
  assert.deepEqual(spec.derived, { fabric_metres: 3.5, drop: 14 });
  // A large client pays for extra cloth per 10 cm started: 2 * 86 + 68 + 90 + 45 + (124 - 110) = 389 cm
  // (in an order that keeps the proportions valid at every step)
  select(s, 'jacket_length', 86);
  select(s, 'sleeve', 68);
  select(s, 'inseam', 90);
  select(s, 'height', 196);
  select(s, 'chest', 124);
  assert.equal(s.quote().total, 399900 + 8000 + 4 * 3000 + 30000);
  assert.equal(s.leadTime().days, 21 + 1 + 5);
  assert.equal(s.toSpecification().derived.fabric_metres, 3.9);
});

test('engine: oak table species, sizes and bases', () => {
  const s = blank('oak-table');
  select(s, 'species', 'teak');
  ruledOutBy(s, 'finish', 'matt_lacquer', 'teak-finishes');
  assert.equal(numeric(s.domain('width')).feasible.max, 2400);
  s.clear('species');
  select(s, 'extension_leaf', true);
  assert.equal(numeric(s.domain('width')).feasible.min, 1600);
  ruledOutBy(s, 'edge', 'live_edge', 'leaf-edge');
  s.reset();
  select(s, 'leg_style', 'pedestal');
  ruledOutBy(s, 'top_shape', 'rectangle', 'leg-shape-leaf');
  ruledOutBy(s, 'leg_finish', 'white_steel', 'leg-finish');
  assert.equal(numeric(s.domain('width')).feasible.max, 1800);
  s.reset();
  select(s, 'width', 3000);
  // thickness >= 0.01 * width + 10
  assert.equal(numeric(s.domain('thickness')).feasible.min, 40);
  ruledOutBy(s, 'leg_style', 'tapered', 'long-tables-need-six-legs-or-trestle');
  ruledOutBy(s, 'species', 'teak', 'teak-board-length');
});

test('engine: oak table price per area, lead time and derived values', () => {
  const s = createSession(product('oak-table'));
  assert.ok(s.isComplete());
  // base 39000 + hardwax 6000 + oak ceil(1800 * 900 / 10000) * 1200 + 162 * (40 - 30) * 25
  assert.equal(s.quote().total, 39000 + 6000 + 162 * 1200 + 162 * 10 * 25);
  assert.equal(s.quote().currency, 'EUR');
  assert.equal(s.leadTime().days, 28);
  const spec = s.toSpecification({ now: new Date('2026-11-25T12:00:00Z') });
  assert.deepEqual(spec.derived, { area: 1.62, top_volume: 65, extended_length: 1800 });
  select(s, 'species', 'teak');
  assert.equal(s.leadTime().days, 42);
});

test('engine: mug', () => {
  const s = blank('mug');
  select(s, 'size', 'espresso');
  ruledOutBy(s, 'handle', 'none', 'espresso-needs-handle');
});

test('engine: text the backend could never store is refused at the choice, with its place', () => {
  // Free text (no `characters` list): only NUL and unpaired surrogates are refused, as by the server.
  const file = structuredClone(readExample('mug')) as { options: Array<Record<string, unknown>> };
  delete file.options.find((o) => o.id === 'engraving_text')!.characters;
  const compiled = compileProduct(file);
  assert.ok(compiled.ok);
  const s = createSession(compiled.product, { applyDefaults: false });
  assert.ok(s.select('engraving', true).ok);
  assert.ok(s.select('engraving_text', 'Ré 中😀').ok);
  assert.deepEqual(s.select('engraving_text', 'a\u0000b'), {
    ok: false,
    error: 'invalid-value',
    message: "option 'engraving_text' cannot hold the NUL character (U+0000, character 2)",
  });
  const lone = s.select('engraving_text', '😀\ud800');
  assert.equal(lone.ok, false);
  assert.match(!lone.ok ? lone.message : '', /an unpaired surrogate \(U\+D800, character 2\)/);
  assert.equal(s.selections.engraving_text, 'Ré 中😀', 'the refused texts left the choice as it was');
});
