/**
 * Exact evaluation of a parsed formula over option values: an interpreter of the tree, so a formula
 * can only ever compute a number.
 *
 * @packageDocumentation
 */
import type { Expr, FunctionName } from './print.js';
import { printExpression } from './print.js';
import * as Q from './rational.js';
import type { Rational } from './rational.js';

/** Why a formula has no value. */
export type EvaluationFailure =
  /** The formula reads an option that has no value (yet). */
  | 'unset'
  | 'division-by-zero'
  /** An intermediate value beyond {@link Q.MAX_MAGNITUDE}. */
  | 'too-large';

export type EvaluateResult =
  | { ok: true; value: Rational }
  | { ok: false; reason: EvaluationFailure; message: string; offset: number };

/** Gives an option's value as a rational, or `undefined` when it has none (not chosen, or not numeric). */
export type Lookup = (option: string) => Rational | undefined;

/**
 * Why evaluating stopped, and at which node: the message is worded only by {@link evaluate}, so that
 * {@link evaluateValue} (a page's prices) needs no printer.
 */
class Stop {
  constructor(
    readonly reason: EvaluationFailure,
    readonly at: Expr,
  ) {}
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function messageOf({ reason, at }: Stop): string {
  if (reason === 'too-large') return 'the formula computes a number too large to handle';
  if (at.kind === 'variable') return `option '${at.name}' has no value`;
  return `division by zero (${shorten(printExpression((at as Extract<Expr, { kind: 'binary' }>).right))} is 0)`;
}

function checked(value: Rational, at: Expr): Rational {
  if (Q.isTooLarge(value)) throw new Stop('too-large', at);
  return value;
}

function binary(e: Extract<Expr, { kind: 'binary' }>, a: Rational, b: Rational): Rational {
  switch (e.op) {
    case '+':
      return Q.add(a, b);
    case '-':
      return Q.sub(a, b);
    case '*':
      return Q.mul(a, b);
    case '/': {
      const r = Q.div(a, b);
      if (r.ok) return r.value;
      throw new Stop('division-by-zero', e);
    }
  }
}

function call(fn: FunctionName, args: Rational[]): Rational {
  switch (fn) {
    case 'min':
      return args.reduce(Q.min);
    case 'max':
      return args.reduce(Q.max);
    case 'round':
      return Q.round(args[0]!);
    case 'floor':
      return Q.floor(args[0]!);
    case 'ceil':
      return Q.ceil(args[0]!);
    case 'abs':
      return Q.abs(args[0]!);
  }
}

function run(e: Expr, lookup: Lookup): Rational {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'variable': {
      const value = lookup(e.name);
      if (value === undefined) throw new Stop('unset', e);
      return checked(value, e);
    }
    case 'negate':
      return Q.neg(run(e.operand, lookup));
    case 'binary':
      return checked(binary(e, run(e.left, lookup), run(e.right, lookup)), e);
    case 'call':
      return call(
        e.fn,
        e.args.map((a) => run(a, lookup)),
      );
  }
}

/**
 * The exact value of `expr`, reading options through `lookup`. Never throws: an option without a
 * value, a division by zero or an absurdly large number is a result error with a message.
 */
export function evaluate(expr: Expr, lookup: Lookup): EvaluateResult {
  try {
    return { ok: true, value: run(expr, lookup) };
  } catch (e) {
    if (e instanceof Stop) return { ok: false, reason: e.reason, message: messageOf(e), offset: e.at.offset };
    throw e;
  }
}

/** {@link evaluate}'s value, or `undefined` where it gives an error (without wording it). */
export function evaluateValue(expr: Expr, lookup: Lookup): Rational | undefined {
  try {
    return run(expr, lookup);
  } catch (e) {
    if (e instanceof Stop) return undefined;
    throw e;
  }
}
