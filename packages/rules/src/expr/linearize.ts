/**
 * Linear relations between number options, brought to the normal form the engine propagates:
 * `Σ coefficient · option  op  constant`, with exact rational coefficients.
 *
 * @packageDocumentation
 */
import type { Expr, Relation, RelationOperator } from './parse.js';
import { describePosition, printExpression } from './parse.js';
import * as Q from './rational.js';
import type { Rational } from './rational.js';

/** One term `coefficient · option` of a linear relation. */
export interface LinearTerm {
  option: string;
  coefficient: Rational;
}

/**
 * `Σ terms op constant`. Terms are merged (each option once, in order of first appearance) and terms
 * whose coefficients cancel are dropped, so `terms` may be empty (`width - width >= 0`).
 */
export type LinearizeResult =
  | { ok: true; terms: LinearTerm[]; op: RelationOperator; constant: Rational }
  | { ok: false; message: string; offset: number };

/** A linear form: option → coefficient, plus a constant. */
interface Form {
  terms: Map<string, Rational>;
  constant: Rational;
}

class NotLinear {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

function isConstant(f: Form): boolean {
  for (const c of f.terms.values()) if (!Q.isZero(c)) return false;
  return true;
}

function checked(r: Rational, offset: number): Rational {
  if (Q.isTooLarge(r)) throw new NotLinear('the relation computes a number too large to handle', offset);
  return r;
}

function scale(f: Form, k: Rational, offset: number): Form {
  const terms = new Map<string, Rational>();
  for (const [option, c] of f.terms) terms.set(option, checked(Q.mul(c, k), offset));
  return { terms, constant: checked(Q.mul(f.constant, k), offset) };
}

function combine(a: Form, b: Form, sign: 1 | -1, offset: number): Form {
  const terms = new Map(a.terms);
  for (const [option, c] of b.terms) {
    const prev = terms.get(option) ?? Q.ZERO;
    terms.set(option, checked(sign === 1 ? Q.add(prev, c) : Q.sub(prev, c), offset));
  }
  const constant = sign === 1 ? Q.add(a.constant, b.constant) : Q.sub(a.constant, b.constant);
  return { terms, constant: checked(constant, offset) };
}

function shorten(e: Expr): string {
  const text = printExpression(e);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

class Linearizer {
  readonly #source: string;
  readonly #isNumberOption: (id: string) => boolean;

  constructor(source: string, isNumberOption: (id: string) => boolean) {
    this.#source = source;
    this.#isNumberOption = isNumberOption;
  }

  #fail(message: string, offset: number, hint: string): never {
    throw new NotLinear(`${message} at ${describePosition(this.#source, offset)} (${hint})`, offset);
  }

  form(e: Expr): Form {
    switch (e.kind) {
      case 'number':
        return { terms: new Map(), constant: e.value };
      case 'variable':
        if (!this.#isNumberOption(e.name)) {
          this.#fail(`'${e.name}' is not a number option`, e.offset, 'a linear relation compares number options');
        }
        return { terms: new Map([[e.name, Q.ONE]]), constant: Q.ZERO };
      case 'negate':
        return scale(this.form(e.operand), Q.fromInt(-1), e.offset);
      case 'binary': {
        const a = this.form(e.left);
        const b = this.form(e.right);
        if (e.op === '+' || e.op === '-') return combine(a, b, e.op === '+' ? 1 : -1, e.offset);
        if (e.op === '*') {
          if (isConstant(a)) return scale(b, a.constant, e.offset);
          if (isConstant(b)) return scale(a, b.constant, e.offset);
          this.#fail(`'${shorten(e)}' multiplies two options`, e.offset, 'a linear relation may only multiply an option by a number');
        }
        if (!isConstant(b)) {
          this.#fail(`'${shorten(e)}' divides by an option`, e.offset, 'a linear relation may only divide by a number');
        }
        const inverse = Q.div(Q.ONE, b.constant);
        if (!inverse.ok) this.#fail('division by zero', e.offset, `${shorten(e.right)} is 0`);
        return scale(a, inverse.value, e.offset);
      }
      case 'call': {
        const args = e.args.map((a) => this.form(a));
        if (!args.every(isConstant)) {
          this.#fail(`${e.fn}() of an option is not linear`, e.offset, 'use it in pricing formulas, not in linear relations');
        }
        const values = args.map((a) => a.constant);
        const fns: Record<typeof e.fn, () => Rational> = {
          min: () => values.reduce(Q.min),
          max: () => values.reduce(Q.max),
          round: () => Q.round(values[0]!),
          floor: () => Q.floor(values[0]!),
          ceil: () => Q.ceil(values[0]!),
          abs: () => Q.abs(values[0]!),
        };
        return { terms: new Map(), constant: fns[e.fn]() };
      }
    }
  }
}

/**
 * Brings `relation` to the form `Σ coefficient · option op constant`, or explains why it is not a
 * linear relation between number options (variable × variable, division by a variable, a function
 * of a variable, or an id that is not a number option). Never throws.
 */
export function linearize(relation: Relation, isNumberOption: (id: string) => boolean): LinearizeResult {
  const linearizer = new Linearizer(relation.source ?? '', isNumberOption);
  try {
    const left = linearizer.form(relation.left);
    const right = linearizer.form(relation.right);
    // left op right  ⇔  (left − right) op 0  ⇔  Σ terms op −constant
    const diff = combine(left, right, -1, relation.right.offset);
    const terms: LinearTerm[] = [];
    for (const [option, coefficient] of diff.terms) if (!Q.isZero(coefficient)) terms.push({ option, coefficient });
    return { ok: true, terms, op: relation.op, constant: Q.neg(diff.constant) };
  } catch (e) {
    if (e instanceof NotLinear) return { ok: false, message: e.message, offset: e.offset };
    throw e;
  }
}
