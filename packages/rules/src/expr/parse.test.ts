import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LIMITS } from '../limits.js';
import {
  evaluate,
  freeVariables,
  linearize,
  parseExpression,
  parseRelation,
  printExpression,
  printRelation,
  FUNCTIONS,
  MAX_FORMULA_DEPTH,
} from './parse.js';
import type { Expr, FunctionName, Relation } from './parse.js';
import * as Q from './rational.js';
import type { Rational } from './rational.js';

// Deterministic runs (CI reruns must agree); set FC_SEED to explore other cases locally.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261125) });

function parse(src: string): Expr {
  const r = parseExpression(src);
  if (!r.ok) assert.fail(`${src}: ${r.message}`);
  return r.expr;
}

function relation(src: string): Relation {
  const r = parseRelation(src);
  if (!r.ok) assert.fail(`${src}: ${r.message}`);
  return r.relation;
}

function error(src: string): string {
  const r = parseExpression(src);
  assert.equal(r.ok, false, `${src} should not parse`);
  return r.ok ? '' : r.message;
}

function q(text: string): Rational {
  const r = Q.parseDecimal(text);
  assert.ok(r, text);
  return r;
}

function value(src: string, vars: Record<string, string> = {}): string {
  const r = evaluate(parse(src), (id) => (id in vars ? q(vars[id]!) : undefined));
  if (!r.ok) assert.fail(`${src}: ${r.message}`);
  return Q.toString(r.value);
}

/** The tree without source offsets, for comparing a tree with its re-parsed print. */
function strip(e: Expr): unknown {
  switch (e.kind) {
    case 'number':
      return { number: Q.toString(e.value) };
    case 'variable':
      return { variable: e.name };
    case 'negate':
      return { negate: strip(e.operand) };
    case 'binary':
      return { op: e.op, left: strip(e.left), right: strip(e.right) };
    case 'call':
      return { fn: e.fn, args: e.args.map(strip) };
  }
}

test('precedence, associativity, unary minus and exact decimals', () => {
  assert.equal(value('1 + 2 * 3'), '7');
  assert.equal(value('(1 + 2) * 3'), '9');
  assert.equal(value('10 - 4 - 3'), '3');
  assert.equal(value('64 / 4 / 2'), '8');
  assert.equal(value('-2 * -3'), '6');
  assert.equal(value('- -1'), '1');
  assert.equal(value('0.1 + 0.2'), '0.3');
  assert.equal(value('1 / 3 * 3'), '1');
  assert.equal(value('.5 + 1.'), '1.5');
  assert.equal(value('1/3'), '1/3');
});

test('functions: min, max, round (half away from zero), floor, ceil, abs', () => {
  assert.equal(value('min(3, 1, 2)'), '1');
  assert.equal(value('max(3, 1, 2)'), '3');
  assert.equal(value('min(7)'), '7');
  assert.equal(value('round(2.5)'), '3');
  assert.equal(value('round(-2.5)'), '-3');
  assert.equal(value('round(2.4999)'), '2');
  assert.equal(value('floor(-0.5)'), '-1');
  assert.equal(value('ceil(1.000001)'), '2');
  assert.equal(value('abs(-4.25)'), '4.25');
  assert.equal(value('ceil(width * depth / 10000) * 35', { width: '120', depth: '80' }), '35');
  assert.equal(value('ceil(width * depth / 10000) * 35', { width: '120.5', depth: '100' }), '70');
});

test('options by name or in backticks; free variables in order of first appearance', () => {
  const e = parse('`seat-height` * 2 + max(width, `v1.2`) - seat_height + width + `3d`');
  assert.deepEqual(freeVariables(e), ['seat-height', 'width', 'v1.2', 'seat_height', '3d']);
  assert.equal(value('`seat-height` + 1', { 'seat-height': '450' }), '451');
  // A function name not followed by "(" is an option.
  assert.deepEqual(freeVariables(parse('min + 1')), ['min']);
  assert.deepEqual(freeVariables(relation('a + b <= 2 * `c-d` - a')), ['a', 'b', 'c-d']);
});

test('messages a manufacturer understands, with the column', () => {
  assert.equal(error('2 * pow(2, 3)'), "unknown function 'pow' at column 5 (use min, max, round, floor, ceil or abs)");
  assert.equal(error('min(a, (b + 1)'), "expected ')' at column 15 (to close the '(' at column 1)");
  assert.match(error('a ^ 2'), /^unexpected '\^' at column 3 \(there is no power operator/);
  assert.match(error('a ** 2'), /^unexpected '\*' at column 4/);
  assert.match(error('2x'), /^unexpected 'x' after a number at column 2 \(write 2 \* x, not 2x\)/);
  assert.match(error('seat.height * 2'), /at column 5 \(write option ids that contain '-' or '\.' in backticks, e\.g\. `seat\.height`\)/);
  assert.match(error('1 +'), /^expected a number, an option or "\(" at column 4/);
  assert.match(error(''), /at column 1/);
  assert.match(error('round(1, 2)'), /^round\(\) takes exactly one argument at column 1 \(found 2\)/);
  assert.match(error('max()'), /^max\(\) needs an argument at column 5/);
  assert.match(error('`bad id`'), /'bad id' is not an option id/);
  assert.match(error('`open'), /missing closing '`' at column 1/);
  assert.match(error('a = 1'), /^unexpected '=' at column 3 \(write '==' to compare\)/);
  assert.match(error('a < 1'), /^unexpected '<' at column 3/);
  assert.match(error('1 2'), /^expected an operator but found '2' at column 3/);
  assert.match(error('a +\n  $b'), /at line 2, column 3/);
  const r = parseExpression('1 + (2');
  assert.equal(r.ok, false);
  assert.equal(r.ok ? -1 : r.offset, 6);
});

test('relations: the five comparisons, and precise errors', () => {
  for (const op of ['<=', '>=', '<', '>', '=='] as const) assert.equal(relation(`a ${op} b`).op, op);
  const r = relation('width >= 2 * depth + 100');
  assert.equal(printRelation(r), 'width >= 2 * depth + 100');
  const bad = (src: string): string => {
    const result = parseRelation(src);
    assert.equal(result.ok, false, src);
    return result.ok ? '' : result.message;
  };
  assert.match(bad('a + b'), /^expected a comparison: <=, >=, <, > or == at column 6/);
  assert.match(bad('a = b'), /write '==' to compare/);
  assert.match(bad('a != b'), /'!=' is not supported/);
  assert.match(bad('a < b < c'), /^unexpected '<' at column 7/);
  assert.match(bad('a <= '), /at column 6/);
});

test('hostile formulas are refused, never a hang or a stack overflow', () => {
  const cases = [
    '('.repeat(100_000) + '1' + ')'.repeat(100_000),
    '1+'.repeat(500_000) + '1',
    '9'.repeat(10_000),
    '-'.repeat(LIMITS.maxFormulaLength - 1) + '1',
    '('.repeat(999) + '1' + ')'.repeat(999),
    'abs('.repeat(300) + '1' + ')'.repeat(300),
    '1+'.repeat(999) + '1',
    '9'.repeat(LIMITS.maxFormulaLength),
  ];
  const messages = cases.map(error);
  assert.match(messages[0]!, /^formula too long \(200001 characters; at most 2000\)/);
  assert.match(messages[1]!, /^formula too long/);
  assert.match(messages[2]!, /^formula too long/);
  assert.match(messages[3]!, /^formula nested too deeply at column 33 \(more than 32 levels\)/);
  assert.match(messages[4]!, /nested too deeply/);
  assert.match(messages[5]!, /nested too deeply/);
  assert.match(messages[6]!, /^formula too large at column \d+ \(more than 500 numbers, options and operators\)/);
  assert.match(messages[7]!, /^number too long at column 1 \(more than 30 digits\)/);
  // A 2000-letter identifier is not the parser's business (ids are checked against the file).
  assert.ok(parseExpression('x'.repeat(LIMITS.maxFormulaLength)).ok);
  // Exactly at the limits it still parses.
  parse('('.repeat(MAX_FORMULA_DEPTH) + '1' + ')'.repeat(MAX_FORMULA_DEPTH));
  parse('1+'.repeat((LIMITS.maxFormulaNodes - 1) / 2) + '1');
});

test('hostile arithmetic: huge intermediate numbers are a bounded error', () => {
  const big = '9'.repeat(30);
  const product = parse(Array.from({ length: 60 }, () => big).join('*'));
  const r = evaluate(product, () => undefined);
  assert.equal(r.ok, false);
  assert.equal(r.ok ? '' : r.reason, 'too-large');
  // Sums of fractions with coprime denominators grow the denominator; bounded the same way.
  const primes = Array.from({ length: 60 }, (_, i) => `1/${big.slice(0, 27)}${String(i * 2 + 1).padStart(3, '0')}`);
  const sum = evaluate(parse(primes.join('+')), () => undefined);
  assert.ok(sum.ok || sum.reason === 'too-large');
});

test('evaluate: unset options and division by zero are result errors', () => {
  const unset = evaluate(parse('width * 2'), () => undefined);
  assert.deepEqual(unset, { ok: false, reason: 'unset', message: "option 'width' has no value", offset: 0 });
  const zero = evaluate(parse('10 / (width - 5)'), () => q('5'));
  assert.equal(zero.ok, false);
  assert.equal(zero.ok ? '' : zero.reason, 'division-by-zero');
  assert.equal(zero.ok ? '' : zero.message, 'division by zero (width - 5 is 0)');
});

test('linearize brings relations to Σ coefficient·option op constant', () => {
  const isNumber = (id: string): boolean => ['width', 'depth', 'seat-height'].includes(id);
  const r = linearize(relation('width >= 2 * depth + 100'), isNumber);
  assert.ok(r.ok);
  assert.deepEqual(
    r.terms.map((t) => [t.option, Q.toString(t.coefficient)]),
    [['width', '1'], ['depth', '-2']],
  );
  assert.equal(r.op, '>=');
  assert.equal(Q.toString(r.constant), '100');

  const merged = linearize(relation('(width + depth) / 2 - 0.5 * width + 3 < `seat-height` - depth * 1.5 + 1'), isNumber);
  assert.ok(merged.ok);
  assert.deepEqual(
    merged.terms.map((t) => [t.option, Q.toString(t.coefficient)]),
    [['depth', '2'], ['seat-height', '-1']],
  );
  assert.equal(Q.toString(merged.constant), '-2');

  const constantOnly = linearize(relation('width - width + min(2, 3) == abs(-2)'), isNumber);
  assert.ok(constantOnly.ok);
  assert.deepEqual(constantOnly.terms, []);
  assert.equal(Q.toString(constantOnly.constant), '0');
});

test('linearize explains what is not linear', () => {
  const isNumber = (id: string): boolean => id !== 'colour';
  const fails = (src: string): string => {
    const r = linearize(relation(src), isNumber);
    assert.equal(r.ok, false, src);
    return r.ok ? '' : r.message;
  };
  assert.equal(
    fails('width * depth <= 10000'),
    "'width * depth' multiplies two options at column 7 (a linear relation may only multiply an option by a number)",
  );
  assert.match(fails('100 / width >= 1'), /^'100 \/ width' divides by an option at column 5/);
  assert.match(fails('min(width, 10) >= 1'), /^min\(\) of an option is not linear at column 1/);
  assert.match(fails('round(width / 2) == 5'), /^round\(\) of an option is not linear/);
  assert.match(fails('width + colour >= 1'), /^'colour' is not a number option at column 9/);
  assert.match(fails('width / (3 - 3) >= 1'), /^division by zero at column 7/);
  // (a + 1) * (b + 0) multiplies two options even though one factor has a zero constant.
  assert.match(fails('(width + 1) * (depth + 0) >= 1'), /multiplies two options/);
  // A factor whose options cancel is a number: accepted.
  const cancelled = linearize(relation('(width - width + 2) * depth >= 1'), isNumber);
  assert.ok(cancelled.ok);
  assert.deepEqual(cancelled.terms, [{ option: 'depth', coefficient: Q.fromInt(2) }]);
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const NAMES = ['width', 'depth', 'h', 'seat-height', 'v1.2', '3d', 'min', '_x'];

const numberArb = fc
  .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 3 }))
  .map(([n, places]): Expr => ({ kind: 'number', value: q((n / 10 ** places).toFixed(places)), offset: 0 }));

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    numberArb,
    fc.constantFrom(...NAMES).map((name): Expr => ({ kind: 'variable', name, offset: 0 })),
    tie('expr').map((operand): Expr => ({ kind: 'negate', operand, offset: 0 })),
    fc
      .tuple(fc.constantFrom('+', '-', '*', '/' as const), tie('expr'), tie('expr'))
      .map(([op, left, right]): Expr => ({ kind: 'binary', op, left, right, offset: 0 })),
    fc
      .tuple(fc.constantFrom<FunctionName>(...FUNCTIONS), fc.array(tie('expr'), { minLength: 1, maxLength: 3 }))
      .map(([fn, args]): Expr => ({ kind: 'call', fn, args: fn === 'min' || fn === 'max' ? args : args.slice(0, 1), offset: 0 })),
  ),
})).expr;

const valuesArb = fc.dictionary(
  fc.constantFrom(...NAMES),
  fc.tuple(fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: 1, max: 8 })).map(([n, d]) => Q.div(Q.fromInt(n), Q.fromInt(d))),
);

test('property: printing a random formula and parsing it again gives the same tree and value', () => {
  fc.assert(
    fc.property(exprArb, valuesArb, (expr, values) => {
      const text = printExpression(expr);
      const again = parseExpression(text);
      if (!again.ok) {
        // Only the size bounds may refuse a generated tree.
        assert.match(again.message, /too large|too deeply|too long/, text);
        return;
      }
      assert.deepEqual(strip(again.expr), strip(expr), text);
      const lookup = (id: string): Rational | undefined => {
        const v = values[id];
        return v?.ok ? v.value : undefined;
      };
      const a = evaluate(again.expr, lookup);
      const b = evaluate(expr, lookup);
      assert.deepEqual(a.ok ? a.value : a.reason, b.ok ? b.value : b.reason);
    }),
    { numRuns: 1500 },
  );
});

test('property: the parser never throws on arbitrary text', () => {
  const alphabet = fc.constantFrom(...'0123456789.+-*/(), `abxyz_-minaxroundflceilbs<>=!^\n'.split(''));
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 80 }).map((cs) => cs.join('')), fc.string({ maxLength: 40 }), (a, b) => {
      for (const src of [a, b, a + b]) {
        const e = parseExpression(src);
        const r = parseRelation(src);
        for (const x of [e, r]) {
          if (!x.ok) {
            assert.ok(x.offset >= 0 && x.offset <= src.length, `${src}: offset ${x.offset}`);
            assert.match(x.message, /at (line \d+, )?column \d+/);
          }
        }
        if (e.ok) assert.deepEqual(strip(parse(printExpression(e.expr))), strip(e.expr));
      }
    }),
    { numRuns: 3000 },
  );
});

/** A random linear expression over number options (products and divisions only by numbers). */
const linearArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    numberArb,
    fc.constantFrom('width', 'depth', 'seat-height').map((name): Expr => ({ kind: 'variable', name, offset: 0 })),
    tie('expr').map((operand): Expr => ({ kind: 'negate', operand, offset: 0 })),
    fc
      .tuple(fc.constantFrom('+', '-' as const), tie('expr'), tie('expr'))
      .map(([op, left, right]): Expr => ({ kind: 'binary', op, left, right, offset: 0 })),
    fc.tuple(numberArb, tie('expr'), fc.boolean()).map(([k, e, numberFirst]): Expr =>
      numberFirst ? { kind: 'binary', op: '*', left: k, right: e, offset: 0 } : { kind: 'binary', op: '*', left: e, right: k, offset: 0 },
    ),
    fc
      .tuple(tie('expr'), numberArb.filter((k) => k.kind === 'number' && !Q.isZero(k.value)))
      .map(([left, right]): Expr => ({ kind: 'binary', op: '/', left, right, offset: 0 })),
  ),
})).expr;

test('property: linearize agrees with evaluation on random linear relations and values', () => {
  const isNumber = (id: string): boolean => ['width', 'depth', 'seat-height'].includes(id);
  const point = fc.record({
    width: fc.integer({ min: -1000, max: 1000 }),
    depth: fc.integer({ min: -1000, max: 1000 }),
    'seat-height': fc.integer({ min: -1000, max: 1000 }),
  });
  fc.assert(
    fc.property(linearArb, linearArb, fc.constantFrom('<=', '>=', '<', '>', '==' as const), point, (left, right, op, p) => {
      const rel: Relation = { left, op, right };
      const lin = linearize(rel, isNumber);
      assert.ok(lin.ok, lin.ok ? '' : lin.message);
      assert.equal(lin.op, op);
      const lookup = (id: string): Rational => Q.fromInt(p[id as keyof typeof p]);
      const l = evaluate(left, lookup);
      const r = evaluate(right, lookup);
      assert.ok(l.ok && r.ok);
      // left − right = Σ coefficient·value − constant
      let sum = Q.neg(lin.constant);
      for (const t of lin.terms) {
        assert.ok(!Q.isZero(t.coefficient));
        sum = Q.add(sum, Q.mul(t.coefficient, lookup(t.option)));
      }
      assert.deepEqual(Q.sub(l.value, r.value), sum);
      assert.equal(new Set(lin.terms.map((t) => t.option)).size, lin.terms.length, 'terms merged');
    }),
    { numRuns: 1500 },
  );
});
