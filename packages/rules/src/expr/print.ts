/**
 * The tree of a parsed formula and its printer: what evaluating a formula needs, without the parser
 * (parse.ts), so that a page that receives formulas already parsed (a compiled product) can compute
 * prices without it.
 *
 * @packageDocumentation
 */
import type { Rational } from './rational.js';
import { toString as rationalToString } from './rational.js';
import { isFunctionName, type FunctionName } from './functions.js';

export { FUNCTIONS, isFunctionName, type FunctionName } from './functions.js';

export type BinaryOperator = '+' | '-' | '*' | '/';
export type RelationOperator = '<=' | '>=' | '<' | '>' | '==';

/** A parsed formula. `offset` is where the node starts in the source (0-based UTF-16 index). */
export type Expr =
  | { kind: 'number'; value: Rational; offset: number }
  | { kind: 'variable'; name: string; offset: number }
  | { kind: 'negate'; operand: Expr; offset: number }
  | { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr; offset: number }
  | { kind: 'call'; fn: FunctionName; args: Expr[]; offset: number };

/** A parsed relation `left op right`, e.g. `width >= 2 * depth`. */
export interface Relation {
  left: Expr;
  op: RelationOperator;
  right: Expr;
  /** The text it was parsed from, so later messages can give line and column. */
  source?: string;
}

/** A parse error: an English message naming the position, and the 0-based offset. */
export interface ParseError {
  ok: false;
  message: string;
  offset: number;
}

export type ExpressionResult = { ok: true; expr: Expr } | ParseError;
export type RelationResult = { ok: true; relation: Relation } | ParseError;

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const PRECEDENCE = { '+': 1, '-': 1, '*': 2, '/': 2 } as const;

function printVariable(name: string): string {
  return PLAIN_IDENTIFIER.test(name) && !isFunctionName(name) ? name : `\`${name}\``;
}

function print(e: Expr, minPrecedence: number): string {
  switch (e.kind) {
    case 'number': {
      const text = rationalToString(e.value);
      if (text.includes('/')) return `(${text.replace('/', ' / ')})`;
      return text.startsWith('-') ? `(${text})` : text;
    }
    case 'variable':
      return printVariable(e.name);
    case 'negate':
      return `-${print(e.operand, 3)}`;
    case 'call':
      return `${e.fn}(${e.args.map((a) => print(a, 0)).join(', ')})`;
    case 'binary': {
      const p = PRECEDENCE[e.op];
      // Left-associative: the right operand needs parentheses at equal precedence.
      const text = `${print(e.left, p)} ${e.op} ${print(e.right, p + 1)}`;
      return p < minPrecedence ? `(${text})` : text;
    }
  }
}

/** Formula text that parses back to the same tree (offsets aside); used in messages and tests. */
export function printExpression(expr: Expr): string {
  return print(expr, 0);
}

/** Relation text that parses back to the same relation. */
export function printRelation(relation: Relation): string {
  return `${print(relation.left, 0)} ${relation.op} ${print(relation.right, 0)}`;
}

