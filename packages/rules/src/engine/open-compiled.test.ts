/**
 * The compiled product against its product file: along random walks, a session opened from the
 * compiled product (read-compiled.ts, without the checks, the parser or the model builder) answers
 * exactly as one opened from the file (domains, defaults, `when`, quotes with their lines, lead
 * times, refusals with reasons and repairs, `explain`, `repair`, the specification and its digest)
 * — on the example products, on random small products with `when`s and soft defaults (the oracle's
 * generator) and on generated order books.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ProductFile } from '../schema/product-file.js';
import { exampleNames, readExample } from '../../examples/index.js';
import { createPageSession, isCompiledProduct, COMPILED_PRODUCT_PREFIX } from '../index.js';
import { compileForPage } from './compile-for-page.js';
import { smallProduct, withDefaults } from './oracle.test-helpers.js';
import { compiledText, readProduct, resigned, sessions, stepArb, walk, type Step } from './open-compiled.test-helpers.js';
import type { CompiledProductJson } from './compiled-format.js';
import { createSession } from './create-session.js';
import { createRandom, generateTableCarModel } from '../../bench/generate.js';

const RUNS = Number(process.env.C2M_PROPERTY_RUNS ?? 1500);

test('the example products: a compiled product gives the same session as its file along random walks', () => {
  for (const name of exampleNames) {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 25 }), (steps) => {
        const [a, b] = sessions(readExample(name))!;
        walk(a, b, steps);
      }),
      { numRuns: Math.max(5, Math.round(RUNS / 75)), seed: 7, includeErrorInReport: true },
    );
  }
});

test('random small products with `when` and soft defaults: the same session from the compiled product', () => {
  fc.assert(
    fc.property(smallProduct.chain(withDefaults), fc.array(stepArb, { maxLength: 12 }), fc.boolean(), (file: ProductFile, steps, applyDefaults) => {
      const both = sessions(file, { applyDefaults });
      if (both) walk(both[0], both[1], steps);
    }),
    { numRuns: Math.round(RUNS / 3), seed: 31, includeErrorInReport: true },
  );
});

test('generated order books (table-heavy): the same session from the compiled product', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(stepArb, { maxLength: 10 }), (seed, steps) => {
      const rnd = createRandom(seed);
      const m = generateTableCarModel({ seed, options: rnd.range(2, 8), values: 24, maxDomain: 5, tables: rnd.range(1, 8), minArity: 1, maxArity: 4, cars: rnd.range(1, 12), families: 2, systems: 2, noise: 0.3 });
      const both = sessions(m.file);
      if (both) walk(both[0], both[1], steps);
    }),
    { numRuns: Math.max(10, Math.round(RUNS / 30)), seed: 43, includeErrorInReport: true },
  );
});

test('a larger order book (tables above the diagram threshold): the same domains, prices and refusals', () => {
  const m = generateTableCarModel({ seed: 5, options: 24, values: 110, maxDomain: 10, tables: 30, cars: 40, families: 4, systems: 4 });
  const [a, b] = sessions(m.file)!;
  const rnd = createRandom(5);
  const steps = Array.from({ length: 30 }, (): Step => ({ kind: rnd.int(4) === 0 ? 'refuse' : 'select', a: rnd.int(1000), b: rnd.int(1000) }));
  walk(a, b, steps);
});

test('the compiled product: its marker first, a round trip to the same text, and the warnings of its file', () => {
  for (const name of exampleNames) {
    const file = readExample(name);
    const text = compiledText(file);
    assert.ok(text.startsWith(`${COMPILED_PRODUCT_PREFIX},"format":1,`));
    assert.ok(isCompiledProduct(text) && isCompiledProduct(`\uFEFF \n${text}`));
    assert.ok(!isCompiledProduct(JSON.stringify(file)));
    // Compiling the file inside gives the same compiled product: nothing is lost on the way.
    assert.equal(compiledText((JSON.parse(text) as { product: unknown }).product), text);
    // From text, as from the object.
    assert.equal(compiledText({ text: JSON.stringify(file) }), text);
  }
  const refused = compileForPage({ text: '{"schemaVersion": 1,' });
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.issues[0].code, 'syntax');
});

test('createPageSession opens a compiled product (text or object) as it opens the file: state, digest, issues', async () => {
  for (const name of exampleNames) {
    const file = readExample(name);
    const text = compiledText(file);
    for (const input of [{ text }, { file: JSON.parse(text) as unknown }]) {
      const fromFile = await createPageSession({ file });
      const opened = await createPageSession(input);
      assert.ok(opened.ok && fromFile.ok);
      assert.equal(opened.session.digest, fromFile.session.digest);
      assert.deepEqual(opened.issues, fromFile.issues);
      assert.deepEqual(opened.session.file, fromFile.session.file);
      assert.deepEqual({ ...opened.session.state, version: 0 }, { ...fromFile.session.state, version: 0 });
      const d = fromFile.session.state.domains.find((x) => x.type === 'choice')!;
      const value = d.type === 'choice' ? d.values[d.values.length - 1].value : '';
      assert.deepEqual(await opened.session.select(d.option, value), await fromFile.session.select(d.option, value));
      assert.deepEqual({ ...opened.session.state, version: 0 }, { ...fromFile.session.state, version: 0 });
      await opened.session.autocomplete();
      await fromFile.session.autocomplete();
      const now = new Date('2026-12-01T20:00:00Z');
      assert.deepEqual(await opened.session.toSpecification({ now }), await fromFile.session.toSpecification({ now }));
      opened.session.dispose();
      fromFile.session.dispose();
    }
  }
});

test('the walks fail when the compiled model is wrong: a rule dropped, a table row lost', () => {
  const file = readExample('suit');
  const breakers: Array<[string, (c: { model: { rules: unknown[][]; nodes: unknown[][] } }) => void]> = [
    ['a rule dropped', (c) => void c.model.rules.splice(c.model.rules.findIndex((r) => r[0] === 0 && (r[1] as number) >= 0), 1)],
    ['a table row lost', (c) => {
      const t = c.model.rules.find((r) => r[0] === 1)!;
      const arity = (t[3] as number[]).length;
      (t[4] as number[]).splice(0, arity);
    }],
  ];
  for (const [what, breaking] of breakers) {
    const c = JSON.parse(compiledText(file)) as { model: { rules: unknown[][]; nodes: unknown[][] } };
    breaking(c);
    const broken = readProduct(resigned(c as unknown as CompiledProductJson));
    assert.throws(() => {
      fc.assert(
        fc.property(fc.array(stepArb, { minLength: 1, maxLength: 25 }), (steps) => {
          const [a] = sessions(file)!;
          walk(a, createSession(broken, {}), steps);
        }),
        { numRuns: 200, seed: 3 },
      );
    }, what);
  }
});

test('productProblems words the problems of the product file inside a compiled product; preloadPageEngine fetches the runtime', async () => {
  const { productProblems } = await import('../check.js');
  const { preloadPageEngine } = await import('../index.js');
  await preloadPageEngine({ compiled: true });
  const c = JSON.parse(compiledText(readExample('mug'))) as { format: number; product: { options: Array<{ default?: unknown }> } };
  c.format = 99;
  c.product.options[0].default = 'nope';
  const text = JSON.stringify(c);
  const opened = await createPageSession({ text });
  assert.equal(opened.ok, false);
  const worded = productProblems({ text }, { locale: 'en' });
  assert.deepEqual(worded, productProblems({ file: c.product }, { locale: 'en' }));
  assert.equal(worded[0].code, !opened.ok ? opened.issues[0].code : '');
  assert.match(worded[0].message, /nope/);
  // Text that does not parse: the parser's issue, with its line and column.
  const broken = productProblems({ text: text.slice(0, 40) });
  assert.equal(broken[0].code, 'syntax');
  assert.ok(broken[0].source);
});
