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
import type { Session } from '../api.js';
import type { ProductFile } from '../schema/product-file.js';
import type { OptionDomain, SelectionValue } from '../types.js';
import { exampleNames, readExample } from '../../examples/index.js';
import { createPageSession, isCompiledProduct, COMPILED_PRODUCT_PREFIX } from '../index.js';
import { compileProduct } from './compile.js';
import { compileForPage } from './compile-for-page.js';
import { createSession } from './create-session.js';
import { readCompiledProduct } from './read-compiled.js';
import type { Product } from './product.js';
import { smallProduct, withDefaults } from './oracle.test-helpers.js';
import { createRandom, generateTableCarModel } from '../../bench/generate.js';

const RUNS = Number(process.env.C2M_PROPERTY_RUNS ?? 1500);

/** The compiled product's text of a file that compiles. */
export function compiledText(file: unknown): string {
  const compiled = compileForPage(file);
  assert.ok(compiled.ok, JSON.stringify(!compiled.ok && compiled.issues));
  return compiled.text;
}

/** The engine's product read from a compiled product's text, solved as opening it does. */
export function readProduct(text: string): Product {
  const read = readCompiledProduct(JSON.parse(text));
  assert.ok(read.ok, !read.ok ? read.reason : '');
  assert.notEqual(read.product.main.solver.solve([], 200_000), 'unsat');
  return read.product;
}

/** A step of a walk: which option and value (indices into what the state offers), and what to do. */
type Step = { kind: 'select' | 'refuse' | 'clear' | 'undo' | 'redo' | 'explain' | 'repair' | 'autocomplete' | 'reset' | 'text'; a: number; b: number };

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<Step['kind']>('select', 'select', 'select', 'refuse', 'refuse', 'clear', 'undo', 'redo', 'explain', 'repair', 'autocomplete', 'reset', 'text'),
  a: fc.nat(),
  b: fc.nat(),
});

/** Every value a shopper could pick for an option, available or not (numbers: every step of the range). */
function valuesOf(d: OptionDomain): SelectionValue[] {
  switch (d.type) {
    case 'choice':
    case 'boolean':
      return d.values.map((v) => v.value);
    case 'number': {
      const out: number[] = [];
      const n = Math.min(Math.round((d.max - d.min) / d.step), 200);
      for (let k = 0; k <= n; k++) out.push(Math.round((d.min + k * d.step) * 1e6) / 1e6);
      return out;
    }
    case 'text':
      return ['', 'abc'];
    case 'file':
      return [{ name: 'logo.png', type: 'image/png', bytes: 10 }];
  }
}

/** Everything a UI reads of a session's state. */
function stateOf(s: Session): unknown {
  return {
    selections: { ...s.selections },
    origins: { ...s.origins },
    domains: s.domains(),
    quote: s.quote(),
    leadTime: s.leadTime(),
    complete: s.isComplete(),
    canUndo: s.canUndo,
    canRedo: s.canRedo,
  };
}

/** Runs the same steps on both sessions, asserting the same answers and the same state after each. */
function walk(file: Session, compiled: Session, steps: readonly Step[]): void {
  const same = (a: unknown, b: unknown, where: string) => assert.deepEqual(b, a, where);
  same(stateOf(file), stateOf(compiled), 'at the start');
  steps.forEach((step, i) => {
    const where = `step ${i} (${step.kind}) after ${JSON.stringify(file.selections)}`;
    const domains = file.domains();
    const d = domains[step.a % domains.length];
    const values = valuesOf(d);
    const value = values[step.b % values.length];
    switch (step.kind) {
      case 'select':
      case 'refuse': {
        const wanted = step.kind === 'select';
        // Asked of both: what a session answers may depend on the questions it was asked before (its witnesses).
        const available = values.map((x) => file.isAvailable(d.option, x));
        same(available, values.map((x) => compiled.isAvailable(d.option, x)), where);
        const candidates = values.filter((_, k) => available[k] === wanted);
        if (candidates.length === 0) break;
        const x = candidates[step.b % candidates.length];
        same(file.select(d.option, x), compiled.select(d.option, x), where);
        break;
      }
      case 'text':
        same(file.select(d.option, 'x'), compiled.select(d.option, 'x'), where);
        break;
      case 'clear':
        file.clear(d.option);
        compiled.clear(d.option);
        break;
      case 'undo':
        same(file.undo(), compiled.undo(), where);
        break;
      case 'redo':
        same(file.redo(), compiled.redo(), where);
        break;
      case 'explain':
        same(file.explain(d.option, value), compiled.explain(d.option, value), where);
        break;
      case 'repair': {
        const repair = file.repair(d.option, value);
        same(repair, compiled.repair(d.option, value), where);
        if (repair) same(file.applyRepair(repair), compiled.applyRepair(repair), where);
        break;
      }
      case 'autocomplete':
        file.autocomplete();
        compiled.autocomplete();
        break;
      case 'reset':
        file.reset();
        compiled.reset();
        break;
    }
    same(stateOf(file), stateOf(compiled), where);
  });
  file.autocomplete();
  compiled.autocomplete();
  same(stateOf(file), stateOf(compiled), 'after autocomplete');
  if (file.isComplete()) {
    const now = new Date('2026-12-01T20:00:00Z');
    same(file.toSpecification({ now }), compiled.toSpecification({ now }), 'the specification');
  }
}

/** Sessions of a product file and of its compiled product, with the same options. */
function sessions(file: unknown, options: { applyDefaults?: boolean } = {}): [Session, Session] | undefined {
  const r = compileProduct(file);
  if (!r.ok) return undefined;
  const text = compiledText(file);
  const product = readProduct(text);
  assert.equal(product.digest, r.product.digest, 'the same digest, carried');
  assert.deepEqual(product.file, r.product.file, 'the same checked file');
  return [createSession(r.product, options), createSession(product, options)];
}

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
