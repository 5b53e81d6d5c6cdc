/**
 * The formula language of product files: arithmetic over number and boolean options, parsed into a
 * small tree and interpreted — never handed to `eval` or `new Function`.
 *
 * ```
 * relation   = expression ("<=" | ">=" | "<" | ">" | "==") expression
 * expression = term (("+" | "-") term)*
 * term       = unary (("*" | "/") unary)*
 * unary      = "-" unary | primary
 * primary    = number | option | function "(" expression ("," expression)* ")" | "(" expression ")"
 * number     = digits ["." digits]            (read exactly, as a rational)
 * option     = [A-Za-z_][A-Za-z0-9_]*  |  "`" option id "`"   (backticks for ids with "-" or ".")
 * function   = min | max | round | floor | ceil | abs
 * ```
 *
 * A hostile file cannot make the parser hang or overflow the stack: the text is bounded by
 * `LIMITS.maxFormulaLength`, the tree by `LIMITS.maxFormulaNodes`, nesting by {@link MAX_FORMULA_DEPTH},
 * and every bound is checked before the work it protects.
 *
 * @packageDocumentation
 */
import { LIMITS } from '../limits.js';
import type { Rational } from './rational.js';
import { parseDecimal } from './rational.js';
import { FUNCTIONS, isFunctionName, type Expr, type ExpressionResult, type FunctionName, type ParseError, type Relation, type RelationOperator, type RelationResult } from './print.js';

/** Deepest nesting of parentheses, function calls and unary minus in one formula. */
export const MAX_FORMULA_DEPTH = 32;
/** Most digits in one number literal; more is never needed for prices or millimetres. */
export const MAX_NUMBER_DIGITS = 30;

const OPTION_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** A name as quoted in a message: long names cut, so a message stays one readable line. */
function quoteName(name: string): string {
  const short = name.length > 40 ? `${name.slice(0, 37)}...` : name;
  return `'${short.replace(/[\s()]/g, ' ').replace(/ +/g, ' ')}'`;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isIdentStart(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
}

function isIdentPart(c: string | undefined): boolean {
  return isIdentStart(c) || isDigit(c);
}

/** Thrown inside the parser only; turned into a {@link ParseError} at the entry points. */
class Failure {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

/** "column 7", or "line 2, column 3" for a formula written over several lines. */
export function describePosition(src: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < src.length; i++) {
    if (src[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  const column = offset - lineStart + 1;
  return line === 1 ? `column ${column}` : `line ${line}, column ${column}`;
}

class Parser {
  #pos = 0;
  #nodes = 0;
  #depth = 0;

  readonly #src: string;

  constructor(src: string) {
    this.#src = src;
  }

  /** Fails with "message at column N", keeping a trailing "(hint)" after the position. */
  #fail(message: string, offset = this.#pos): never {
    const at = `at ${describePosition(this.#src, offset)}`;
    const hint = message.endsWith(')') ? message.indexOf(' (') : -1;
    const text = hint > 0 ? `${message.slice(0, hint)} ${at}${message.slice(hint)}` : `${message} ${at}`;
    throw new Failure(text, offset);
  }

  #skipSpace(): void {
    while (this.#pos < this.#src.length) {
      const c = this.#src[this.#pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.#pos++;
      else break;
    }
  }

  #peek(): string | undefined {
    this.#skipSpace();
    return this.#src[this.#pos];
  }

  #node<T extends Expr>(node: T): T {
    if (++this.#nodes > LIMITS.maxFormulaNodes) {
      this.#fail(`formula too large (more than ${LIMITS.maxFormulaNodes} numbers, options and operators)`, node.offset);
    }
    return node;
  }

  #enter(offset: number): void {
    if (++this.#depth > MAX_FORMULA_DEPTH) this.#fail(`formula nested too deeply (more than ${MAX_FORMULA_DEPTH} levels)`, offset);
  }

  #leave(): void {
    this.#depth--;
  }

  /** Describes the character at the current position for "unexpected …" messages. */
  #unexpected(what: string): never {
    const c = this.#src[this.#pos];
    if (c === undefined) this.#fail(`expected ${what} (the text ends there)`);
    if (c === '^') this.#fail(`unexpected '^' (there is no power operator; write x * x)`);
    if (c === '=' && this.#src[this.#pos + 1] !== '=') this.#fail(`unexpected '=' (write '==' to compare)`);
    if (c === '<' || c === '>' || c === '=' || c === '!') {
      this.#fail(`unexpected '${c}' (a linear relation has exactly one comparison; a formula has none)`);
    }
    const word = c === '.' ? /^[A-Za-z0-9_.-]*/.exec(this.#src.slice(this.#wordStart(this.#pos)))![0] : '';
    if (/[A-Za-z_]/.test(word)) {
      // `seat.height` without backticks: say how to name an option whose id contains '.' or '-'.
      this.#fail(`unexpected '.' (write option ids that contain '-' or '.' in backticks, e.g. \`${word}\`)`);
    }
    const shown = c === '\n' || c === '\r' || c === '\t' ? 'a line break' : `'${c}'`;
    this.#fail(`expected ${what} but found ${shown}`);
  }

  /** Start of the identifier-like word that ends just before `offset`. */
  #wordStart(offset: number): number {
    let start = offset;
    while (start > 0 && /[A-Za-z0-9_.-]/.test(this.#src[start - 1]!)) start--;
    return start;
  }

  parseExpressionOnly(): Expr {
    const expr = this.#expression();
    if (this.#peek() !== undefined) this.#unexpected(`an operator`);
    return expr;
  }

  parseRelationOnly(): Relation {
    const left = this.#expression();
    this.#skipSpace();
    const start = this.#pos;
    const two = this.#src.slice(this.#pos, this.#pos + 2);
    let op: RelationOperator;
    if (two === '<=' || two === '>=' || two === '==') op = two;
    else if (two[0] === '<' || two[0] === '>') op = two[0];
    else if (two[0] === '=') this.#fail(`unexpected '=' (write '==' to compare)`);
    else if (two === '!=') this.#fail(`'!=' is not supported (a relation is one of <=, >=, <, >, ==)`);
    else if (two.length === 0) this.#fail(`expected a comparison: <=, >=, <, > or == (the text ends there)`);
    else this.#unexpected(`an operator or a comparison: <=, >=, <, > or ==`);
    this.#pos = start + op.length;
    const right = this.#expression();
    if (this.#peek() !== undefined) this.#unexpected(`an operator`);
    return { left, op, right, source: this.#src };
  }

  #expression(): Expr {
    let left = this.#term();
    for (;;) {
      const c = this.#peek();
      if (c !== '+' && c !== '-') return left;
      const offset = this.#pos++;
      const right = this.#term();
      left = this.#node({ kind: 'binary', op: c, left, right, offset });
    }
  }

  #term(): Expr {
    let left = this.#unary();
    for (;;) {
      const c = this.#peek();
      if (c !== '*' && c !== '/') return left;
      const offset = this.#pos++;
      if (this.#peek() === '*') this.#fail(`unexpected '*' (there is no power operator; write x * x)`);
      const right = this.#unary();
      left = this.#node({ kind: 'binary', op: c, left, right, offset });
    }
  }

  #unary(): Expr {
    if (this.#peek() !== '-') return this.#primary();
    const offset = this.#pos++;
    this.#enter(offset);
    const operand = this.#unary();
    this.#leave();
    return this.#node({ kind: 'negate', operand, offset });
  }

  #primary(): Expr {
    const c = this.#peek();
    const offset = this.#pos;
    if (c === undefined) this.#unexpected('a number, an option or "("');
    if (c === '(') {
      this.#pos++;
      this.#enter(offset);
      const inner = this.#expression();
      this.#expect(')', offset);
      this.#leave();
      return inner;
    }
    if (isDigit(c) || (c === '.' && isDigit(this.#src[this.#pos + 1]))) return this.#number();
    if (c === '`') return this.#quoted();
    if (isIdentStart(c)) {
      let end = this.#pos + 1;
      while (isIdentPart(this.#src[end])) end++;
      const name = this.#src.slice(this.#pos, end);
      this.#pos = end;
      if (this.#peek() === '(') return this.#call(name, offset);
      return this.#node({ kind: 'variable', name, offset });
    }
    this.#unexpected('a number, an option or "("');
  }

  #number(): Expr {
    const offset = this.#pos;
    let end = offset;
    while (isDigit(this.#src[end])) end++;
    if (this.#src[end] === '.') {
      end++;
      while (isDigit(this.#src[end])) end++;
    }
    let text = this.#src.slice(offset, end);
    if (text.replace('.', '').length > MAX_NUMBER_DIGITS) this.#fail(`number too long (more than ${MAX_NUMBER_DIGITS} digits)`, offset);
    if (isIdentStart(this.#src[end])) this.#fail(`unexpected '${this.#src[end]}' after a number (write 2 * x, not 2x)`, end);
    if (text.startsWith('.')) text = `0${text}`;
    if (text.endsWith('.')) text = text.slice(0, -1);
    this.#pos = end;
    return this.#node({ kind: 'number', value: parseDecimal(text)!, offset });
  }

  #quoted(): Expr {
    const offset = this.#pos;
    const close = this.#src.indexOf('`', offset + 1);
    if (close < 0) this.#fail(`missing closing '\`'`, offset);
    const name = this.#src.slice(offset + 1, close);
    if (!OPTION_ID.test(name)) {
      this.#fail(`${quoteName(name)} is not an option id (letters, digits, '_', '-', '.', starting with a letter or digit)`, offset + 1);
    }
    this.#pos = close + 1;
    return this.#node({ kind: 'variable', name, offset });
  }

  #call(name: string, offset: number): Expr {
    if (!isFunctionName(name)) this.#fail(`unknown function ${quoteName(name)} (use min, max, round, floor, ceil or abs)`, offset);
    this.#pos++; // "("
    this.#enter(offset);
    const args: Expr[] = [];
    if (this.#peek() === ')') this.#fail(`${name}() needs an argument`);
    for (;;) {
      args.push(this.#expression());
      if (this.#peek() !== ',') break;
      this.#pos++;
    }
    this.#expect(')', offset);
    this.#leave();
    if (name !== 'min' && name !== 'max' && args.length !== 1) {
      this.#fail(`${name}() takes exactly one argument (found ${args.length})`, offset);
    }
    return this.#node({ kind: 'call', fn: name, args, offset });
  }

  #expect(char: ')', openedAt: number): void {
    const c = this.#peek();
    if (c === char) {
      this.#pos++;
      return;
    }
    if (c === undefined) this.#fail(`expected ')' (to close the '(' at ${describePosition(this.#src, openedAt)})`);
    this.#unexpected(`')' or an operator`);
  }
}

function checkLength(src: string): ParseError | undefined {
  if (src.length > LIMITS.maxFormulaLength) {
    return { ok: false, message: `formula too long (${src.length} characters; at most ${LIMITS.maxFormulaLength})`, offset: LIMITS.maxFormulaLength };
  }
  return undefined;
}

function run<T>(src: string, body: (p: Parser) => T): { ok: true; value: T } | ParseError {
  if (typeof src !== 'string') return { ok: false, message: 'a formula must be a string', offset: 0 };
  const tooLong = checkLength(src);
  if (tooLong) return tooLong;
  try {
    return { ok: true, value: body(new Parser(src)) };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, message: e.message, offset: e.offset };
    throw e;
  }
}

/** Parses a formula such as `ceil(width * depth / 10000) * 35`. Never throws. */
export function parseExpression(src: string): ExpressionResult {
  const r = run(src, (p) => p.parseExpressionOnly());
  return r.ok ? { ok: true, expr: r.value } : r;
}

/** Parses a relation such as ``width >= 2 * `seat-depth` + 100``. Never throws. */
export function parseRelation(src: string): RelationResult {
  const r = run(src, (p) => p.parseRelationOnly());
  return r.ok ? { ok: true, relation: r.value } : r;
}

/** The option ids a formula reads, each once, in order of first appearance. */
export function freeVariables(expr: Expr | Relation): string[] {
  const seen = new Set<string>();
  const stack: Expr[] = 'op' in expr && !('kind' in expr) ? [expr.right, expr.left] : [expr as Expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    switch (e.kind) {
      case 'variable':
        seen.add(e.name);
        break;
      case 'negate':
        stack.push(e.operand);
        break;
      case 'binary':
        stack.push(e.right, e.left);
        break;
      case 'call':
        for (let i = e.args.length - 1; i >= 0; i--) stack.push(e.args[i]!);
        break;
      case 'number':
        break;
    }
  }
  return [...seen];
}

// The tree, its printer and its interpreters live in their own modules (a page that receives
// formulas already parsed, in a compiled product, needs no parser); re-exported so callers need one import.
export { FUNCTIONS, printExpression, printRelation } from './print.js';
export type { BinaryOperator, Expr, ExpressionResult, FunctionName, ParseError, Relation, RelationOperator, RelationResult } from './print.js';
export { evaluate } from './evaluate.js';
export type { EvaluateResult, EvaluationFailure, Lookup } from './evaluate.js';
export { linearize } from './linearize.js';
export type { LinearizeResult, LinearTerm } from './linearize.js';
