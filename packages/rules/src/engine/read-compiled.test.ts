/**
 * Damaged and hostile compiled products: each is refused with a precise issue, or its product file
 * is opened instead (with every check a product file gets, and a warning that says why) — never a
 * throw, a hang or a session with other rules than its file's. And the walks that compare a compiled
 * product with its file fail when the compiled model is wrong (a test that cannot fail is not one).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { OpenSessionResult } from '../api.js';
import { readExample } from '../../examples/index.js';
import { openCompiledSession } from './open-compiled.js';
import { openSession } from './open.js';
import { readCompiledProduct } from './read-compiled.js';
import { compiledText, resigned } from './open-compiled.test-helpers.js';
import { jsonMutations, mutated } from '../testing/json-mutations.js';
import type { CompiledProductJson } from './compiled-format.js';
import { LIMITS } from '../limits.js';

const RUNS = Number(process.env.C2M_PROPERTY_RUNS ?? 1500);

const mug = readExample('mug');
const oak = readExample('oak-table');
const mugText = compiledText(mug);
const oakText = compiledText(oak);
const parsed = (text: string) => JSON.parse(text) as CompiledProductJson;

/** Opens a compiled product given as text; never throws (asserted by awaiting it). */
async function open(text: string): Promise<OpenSessionResult> {
  const opened = await openCompiledSession({ text });
  if (opened.ok) opened.session.dispose();
  return opened;
}

/** The warning of a compiled product whose product file was opened instead. */
function fallbackReason(opened: OpenSessionResult): string | undefined {
  if (!opened.ok) return undefined;
  const w = opened.issues.find((i) => i.params?.kind === 'compiled-product');
  return w === undefined ? undefined : String(w.params!.reason);
}

/**
 * A copy of a compiled product (the mug's by default) with `change` applied to its parsed form and
 * its check written again: damage the check cannot find (a compiler's bug, or a hostile one).
 */
function mugWith(change: (c: CompiledProductJson) => void, text = mugText): string {
  const c = parsed(text);
  change(c);
  return resigned(c);
}

test('text that is not JSON is refused as a product file that is not JSON would be', async () => {
  for (const text of [mugText.slice(0, mugText.length / 2), `${mugText}}`, '{"c2m":"compiled-product",']) {
    const opened = await open(text);
    assert.equal(opened.ok, false);
    assert.equal(!opened.ok && opened.issues[0].code, 'syntax');
    assert.deepEqual(!opened.ok && opened.issues.map((i) => i.code), ['syntax']);
    const fromFile = await openSession({ text });
    assert.equal(!fromFile.ok && fromFile.issues[0].code, 'syntax', 'the product-file path says the same');
  }
});

test('too large a text is refused before it is parsed', async () => {
  const opened = await open(`{"c2m":"compiled-product","x":"${'a'.repeat(4 * LIMITS.maxFileBytes)}"}`);
  assert.equal(opened.ok, false);
  assert.deepEqual(!opened.ok && opened.issues[0].params, { kind: 'file-bytes', max: 4 * LIMITS.maxFileBytes });
});

test('an unknown format, a bad digest or a damaged model: the product file inside is opened instead, with a warning', async () => {
  // The oak table: it has price formulas (the mug has none).
  const cases: Array<[string, (c: CompiledProductJson) => void, RegExp]> = [
    ['a newer format', (c) => void (c.format = 2), /format 2/],
    ['a digest that is not one', (c) => void (c.digest = 'sha256:xyz'), /digest/],
    ['a node index out of range', (c) => void (c.model.rules[0][2] = 9999), /out of range/],
    ['a node of an unknown kind', (c) => void (c.model.nodes[0] = [9, 0]), /unknown kind/],
    ['a child after its parent', (c) => c.model.nodes.push([5, c.model.nodes.length]), /out of range/],
    ['a rule of an unknown kind', (c) => void (c.model.rules[0][0] = 7), /unknown kind/],
    ['a rule of no constraint', (c) => void (c.model.rules[0][1] = 99), /out of range/],
    ['a when on an option without one', (c) => void (c.model.when[0] = 0), /its when/],
    ['no model', (c) => void delete (c as Partial<CompiledProductJson>).model, /no model/],
    ['a formula missing', (c) => void (c.model.formulas = []), /formula/],
    ['a formula of a bad function', (c) => void (c.model.formulas[0] = [c.model.formulas[0][0], ['f', 'eval', ['v', 'x']]]), /unknown kind/],
    ['a __proto__ key', (c) => void ((c.product as Record<string, unknown>).x = JSON.parse('{"__proto__": {"polluted": true}}')), /__proto__/],
  ];
  const fromFile = await openSession({ file: oak });
  assert.ok(fromFile.ok);
  for (const [what, change, reason] of cases) {
    const text = mugWith(change, oakText);
    const opened = await open(text);
    if (what === 'a __proto__ key') {
      // The product file inside has a key the format does not know: refused by its checks, as the file would be.
      assert.equal(opened.ok, false, what);
      assert.equal(!opened.ok && opened.issues[0].code, 'unknown-key', what);
      continue;
    }
    assert.ok(opened.ok, `${what}: ${JSON.stringify(!opened.ok && opened.issues)}`);
    assert.match(fallbackReason(opened) ?? '', reason, what);
    assert.deepEqual({ ...opened.session.state, version: 0 }, { ...fromFile.session.state, version: 0 }, `${what}: the same session`);
    assert.equal(opened.session.digest, fromFile.session.digest);
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was touched');
});

test('a broken product file inside is refused with the issues it gets as a product file', async () => {
  const text = mugWith((c) => {
    c.format = 99;
    (c.product as { options: Array<{ default?: unknown }> }).options[0].default = 'nope';
  });
  const opened = await open(text);
  assert.equal(opened.ok, false);
  const product = parsed(text).product;
  assert.deepEqual(opened, await openSession({ file: product }));
  assert.deepEqual(await open('{"c2m":"compiled-product","format":1}'), await openSession({ file: undefined }), 'no product file at all');
});

test('limits: a model larger than a page allows is not read (its file is checked with the default limits instead)', () => {
  const c = parsed(oakText);
  const huge = { ...c, model: { ...c.model, nodes: Array.from({ length: LIMITS.maxCompiledNodes + 1 }, () => [0, 1]) } };
  const read = readCompiledProduct(JSON.parse(resigned(huge)));
  assert.equal(read.ok, false);
  assert.match(!read.ok ? read.reason : '', /more than/);
  // A graph of shared nodes that stands for an exponentially large tree.
  const nodes: number[][] = [[2, 0, 0]];
  for (let i = 1; i < 60; i++) nodes.push([3, i - 1, i - 1]);
  const blown = readCompiledProduct(JSON.parse(resigned({ ...c, model: { ...c.model, nodes, rules: [[0, 0, 59]] } })));
  assert.equal(blown.ok, false);
  assert.match(!blown.ok ? blown.reason : '', /too large|nested too deeply/);
  // Deep nesting of a formula's tree.
  let deep: unknown = ['v', 'x'];
  for (let i = 0; i < 5000; i++) deep = ['neg', deep];
  const deepRead = readCompiledProduct({ ...c, model: { ...c.model, formulas: [[c.model.formulas[0][0], deep as never]] } });
  assert.equal(deepRead.ok, false);
  assert.match(!deepRead.ok ? deepRead.reason : '', /nested too deeply/);
});

test('random damage to a compiled product: a refusal or a session, never a throw; a session has its file\'s rules or says it fell back', async () => {
  const c = parsed(mugText);
  const fromFile = await openSession({ file: mug });
  assert.ok(fromFile.ok);
  const expected = { ...fromFile.session.state, version: 0 };
  const scalar = fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constantFrom(null, true, 'x', 1.5, -1, [], {}));
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.nat(), scalar), { minLength: 1, maxLength: 4 }), async (edits) => {
      const damaged = structuredClone(c);
      for (const [a, b, value] of edits) {
        // Somewhere in the model: a node, a rule or a when.
        const lists = [damaged.model.nodes, damaged.model.rules, [damaged.model.when]] as unknown[][][];
        const list = lists[a % lists.length];
        const entry = list[a % list.length];
        if (Array.isArray(entry) && entry.length > 0) entry[b % entry.length] = value;
      }
      const opened = await openCompiledSession({ file: JSON.parse(resigned(damaged)) as unknown });
      if (!opened.ok) return;
      try {
        // Either the model was read as written (a change that keeps it well formed may change the
        // rules: the trust model's limit), or the file was opened and the session is the file's.
        if (fallbackReason(opened) !== undefined) assert.deepEqual({ ...opened.session.state, version: 0 }, expected);
        else assert.ok(opened.session.state.domains.length === expected.domains.length);
      } finally {
        opened.session.dispose();
      }
    }),
    { numRuns: Math.round(RUNS / 5), seed: 19 },
  );
});

test('a compiled product changed after compiling no longer matches its check: its product file is opened, with every check', async () => {
  const c = parsed(readExampleText('suit'));
  const fromFile = await openSession({ file: c.product });
  assert.ok(fromFile.ok);
  // Any change, even one that keeps the file valid: the check finds it, and the file decides.
  const renamed = structuredClone(c);
  (renamed.product as { product: { name: unknown } }).product.name = 'Another suit';
  const opened = await openCompiledSession({ text: JSON.stringify(renamed) });
  assert.match(fallbackReason(opened) ?? '', /does not match its check/);
  assert.notEqual(opened.ok && opened.session.digest, fromFile.session.digest, 'the digest of the file as it is now');
  fromFile.session.dispose();
  opened.ok && opened.session.dispose();
  await fc.assert(
    fc.asyncProperty(jsonMutations(c.product, 3, { plausible: true }), async (mutations) => {
      const product = mutated(c.product, mutations);
      const [compiled, file] = [await openCompiledSession({ file: { ...c, product } }), await openSession({ file: product })];
      // Exactly what the product file gives, and a warning when it opens.
      if (!file.ok) assert.deepEqual(compiled, file);
      else {
        assert.ok(compiled.ok);
        assert.equal(fallbackReason(compiled) !== undefined || JSON.stringify(product) === JSON.stringify(c.product), true);
        assert.deepEqual({ ...compiled.session.state, version: 0 }, { ...file.session.state, version: 0 });
        compiled.session.dispose();
        file.session.dispose();
      }
    }),
    { numRuns: Math.round(RUNS / 10), seed: 29 },
  );
});

/** An example's compiled product. */
function readExampleText(name: 'suit'): string {
  return compiledText(readExample(name));
}
