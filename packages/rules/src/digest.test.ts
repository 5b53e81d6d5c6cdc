import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, H0, K, productDigest, sha256Hex, sha256HexOfBytes } from './digest.js';
import { ProductFile } from './schema/product-file.js';

// Deterministic runs (CI reruns must agree); set FC_SEED to explore other cases locally.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261125) });

function reference(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

test("SHA-256's constants, computed from the primes' roots, are the standard's table", () => {
  // FIPS 180-4, sections 4.2.2 and 5.3.3.
  const k = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74,
    0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
    0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
    0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
    0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ];
  assert.deepEqual([...K], k);
  assert.deepEqual([...H0], [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
});

test('sha256Hex matches the FIPS 180-4 test vectors', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(
    sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  );
});

test('sha256Hex agrees with node:crypto on every length around the block boundaries', () => {
  for (let length = 0; length <= 200; length++) {
    const text = 'a€😀'.repeat(length).slice(0, length);
    assert.equal(sha256Hex(text), reference(text), `length ${length}`);
  }
});

test('sha256Hex agrees with node:crypto on thousands of random strings (ASCII, CJK, astral, lone surrogates)', () => {
  const char = fc.oneof(
    fc.integer({ min: 0x20, max: 0x7e }),
    fc.integer({ min: 0x4e00, max: 0x9fff }), // CJK
    fc.integer({ min: 0x1f300, max: 0x1faff }), // emoji (astral, surrogate pairs)
    fc.integer({ min: 0x80, max: 0x7ff }),
    fc.integer({ min: 0xd800, max: 0xdfff }), // lone surrogates, encoded as U+FFFD by both sides
  ).map((cp) => String.fromCodePoint(cp));
  fc.assert(
    fc.property(fc.array(char, { maxLength: 300 }).map((cs) => cs.join('')), (text) => {
      assert.equal(sha256Hex(text), reference(text));
    }),
    { numRuns: 3000 },
  );
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
      assert.equal(sha256Hex(text), reference(text));
    }),
    { numRuns: 1000 },
  );
});

test('sha256 of a few MB is right', () => {
  const bytes = new Uint8Array(4 * 1024 * 1024).map((_, i) => (i * 31) & 0xff);
  assert.equal(sha256HexOfBytes(bytes), createHash('sha256').update(bytes).digest('hex'));
});

test('canonicalJson sorts keys by code point, drops undefined and has no whitespace', () => {
  assert.equal(canonicalJson({ b: 1, a: [1, 'x', null, true], c: undefined }), '{"a":[1,"x",null,true],"b":1}');
  // U+FF61 sorts before U+1F600 by code point, but after it by UTF-16 code unit (0xD83D).
  assert.equal(canonicalJson({ '\u{1F600}': 1, '\uFF61': 2 }), '{"\uFF61":2,"\u{1F600}":1}');
  assert.equal(canonicalJson({ z: { y: 1, x: 2 } }), '{"z":{"x":2,"y":1}}');
  assert.equal(canonicalJson([undefined]), '[null]');
  assert.equal(canonicalJson(-0), '0');
  assert.equal(canonicalJson('line\n"quoted"'), '"line\\n\\"quoted\\""');
});

test('canonicalJson rejects what JSON cannot say, with the path', () => {
  assert.throws(() => canonicalJson({ a: [1, Number.NaN] }), /non-finite number NaN at \.a\[1\]/);
  assert.throws(() => canonicalJson({ a: Number.POSITIVE_INFINITY }), TypeError);
  assert.throws(() => canonicalJson({ a: 1n }), /cannot encode a bigint at \.a/);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => canonicalJson(cyclic), RangeError);
});

test('canonicalJson is independent of key order and equals JSON.parse round trips', () => {
  const json = fc.jsonValue();
  fc.assert(
    fc.property(json, (value) => {
      const text = canonicalJson(value);
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
      assert.equal(canonicalJson(JSON.parse(text)), text);
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.integer()), (dict) => {
      const reversed = Object.fromEntries(Object.entries(dict).reverse());
      assert.equal(canonicalJson(reversed), canonicalJson(dict));
    }),
  );
});

test('canonicalJson writes an array of scalars exactly as item by item (its fast path)', () => {
  const scalar = fc.oneof(fc.string({ unit: 'binary' }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
  fc.assert(
    fc.property(fc.array(scalar), (items) => {
      assert.equal(canonicalJson(items), `[${items.map((x) => canonicalJson(x)).join(',')}]`);
      // One non-scalar item takes the general path, with the same text for the scalars.
      const mixed = [...items, { b: 1, a: 2 }];
      assert.equal(canonicalJson(mixed), `[${[...items.map((x) => canonicalJson(x)), '{"a":2,"b":1}'].join(',')}]`);
    }),
    { numRuns: 500 },
  );
  assert.throws(() => canonicalJson(['a', Number.NaN]), /non-finite number NaN at \[1\]/);
});

test('productDigest names the file content, not its key order', () => {
  const input = {
    schemaVersion: 1,
    product: { id: 'chair', version: '1', name: 'Chair', currency: 'CNY' },
    options: [{ id: 'colour', type: 'choice', label: 'Colour', values: [{ id: 'red', label: 'Red' }] }],
  };
  const a = ProductFile.parse(input);
  const b = ProductFile.parse({ options: input.options, product: input.product, schemaVersion: 1 });
  assert.match(productDigest(a), /^sha256:[0-9a-f]{64}$/);
  assert.equal(productDigest(a), productDigest(b));
  assert.equal(productDigest(a), `sha256:${reference(canonicalJson(a))}`);
  const c = ProductFile.parse({ ...input, product: { ...input.product, version: '2' } });
  assert.notEqual(productDigest(a), productDigest(c));
});

test('productDigest is pinned: a change of the canonical form would orphan every published digest', () => {
  // Specifications carry this digest; the browser, the CLI and every backend must keep computing it.
  const file = ProductFile.parse({
    schemaVersion: 1,
    product: { id: 'chair', version: '1', name: { en: 'Chair', 'zh-CN': '椅子' }, currency: 'CNY' },
    options: [
      { id: 'colour', type: 'choice', label: 'Colour', values: [{ id: 'red', label: 'Red', price: 1200 }, { id: 'teal', label: { en: 'Teal', 'zh-CN': '青色' } }] },
      { id: 'cushion', type: 'boolean', label: 'Cushion' },
    ],
    constraints: [
      { id: 'teal-narrow', type: 'table', mode: 'allowed', options: ['colour', 'cushion'], rows: [['teal', true], ['red', '*']], message: 'Teal comes narrow.' },
    ],
  });
  assert.equal(productDigest(file), 'sha256:77077e99a44b412d32461ffdfe8886bb3e0d210d1661225ce23d1b9adc4c9c52');
});

test('productDigest ignores $schema, the editor hint: moving it is not a new product version', () => {
  const input = {
    schemaVersion: 1,
    product: { id: 'chair', version: '1', name: 'Chair', currency: 'CNY' },
    options: [{ id: 'colour', type: 'choice', label: 'Colour', values: [{ id: 'red', label: 'Red' }] }],
  };
  const bare = productDigest(ProductFile.parse(input));
  const hinted = productDigest(ProductFile.parse({ $schema: 'https://unpkg.com/@c2m/rules/product-file.schema.json', ...input }));
  const local = productDigest(ProductFile.parse({ $schema: './node_modules/@c2m/rules/product-file.schema.json', ...input }));
  assert.equal(hinted, bare);
  assert.equal(local, bare);
  // Only `$schema`: any other change of the file is still a new digest.
  assert.notEqual(productDigest(ProductFile.parse({ ...input, product: { ...input.product, name: 'Chair ' } })), bare);
});

test('canonicalJson takes a lower depth limit, checked in the same walk', () => {
  const deep = (n: number): unknown => (n === 0 ? 1 : [deep(n - 1)]);
  assert.equal(canonicalJson(deep(10), { maxDepth: 10 }), `${'['.repeat(10)}1${']'.repeat(10)}`);
  assert.throws(() => canonicalJson(deep(11), { maxDepth: 10 }), RangeError);
  // Never above the default: a cycle still ends.
  const cyclic: unknown[] = [];
  cyclic.push(cyclic);
  assert.throws(() => canonicalJson(cyclic, { maxDepth: 1e9 }), RangeError);
});
