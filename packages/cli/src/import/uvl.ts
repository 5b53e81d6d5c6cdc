/**
 * A reader for UVL, the Universal Variability Language, following its published ANTLR grammar
 * (uvl-parser, `UVLBase.g4`): indentation-structured feature trees with `mandatory`, `optional`,
 * `or`, `alternative` and `[n..m]` groups, feature attributes in braces, quoted names, and
 * cross-tree constraints with `! & | => <=>` and parentheses. Typed features, equations and
 * aggregate functions (the arithmetic/type levels) are parsed so that they can be reported, but are
 * not expressible as boolean product-file rules.
 */
import {
  IMPORT_LIMITS,
  ImportSyntaxError,
  type FeatureModel,
  type FmAttribute,
  type FmConstraint,
  type FmExpr,
  type FmFeature,
  type FmGroup,
  type ImportNote,
  type Position,
} from './model.js';

type TokenType =
  | 'id' // a strict id, keywords included
  | 'qid' // a "quoted" id
  | 'string' // a 'string'
  | 'int'
  | 'float'
  | 'op'
  | 'newline'
  | 'indent'
  | 'dedent'
  | 'eof';

interface Token {
  type: TokenType;
  text: string;
  /** Offsets into the source, for quoting unsupported parts. */
  start: number;
  end: number;
  pos: Position;
}

// Longest first, so that `<=>` wins over `<=` and `=>`.
const OPERATORS = ['<=>', '=>', '==', '<=', '>=', '!=', '..', '!', '&', '|', '<', '>', '+', '-', '*', '/', '(', ')', '{', '}', '[', ']', ',', '.'];
const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
const ID_START = /[A-Za-z\p{L}_]/u;
// The grammar's strict ids allow letters, digits, `_` and a few symbols; other letters are accepted too.
const ID_PART = /[A-Za-z0-9_#§%?\\'\p{L}\p{N};]/u;

/** Splits UVL text into tokens, turning indentation into indent/dedent tokens as the grammar's lexer does. */
export function tokenizeUvl(text: string): Token[] {
  const tokens: Token[] = [];
  const indents: number[] = [0];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let opened = 0;
  let atLineStart = true;
  const pos = (offset: number): Position => ({ line, column: offset - lineStart + 1 });
  const push = (type: TokenType, start: number, end: number, p = pos(start)) =>
    tokens.push({ type, text: text.slice(start, end), start, end, pos: p });

  while (i < text.length) {
    if (atLineStart && opened === 0) {
      // Measure the indentation; blank and comment-only lines do not count.
      let width = 0;
      let j = i;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t')) {
        width = text[j] === '\t' ? width + 4 - (width % 4) : width + 1;
        j++;
      }
      const rest = text.slice(j, j + 2);
      if (j >= text.length || text[j] === '\n' || text[j] === '\r' || rest === '//') {
        i = j;
        atLineStart = false;
        continue;
      }
      atLineStart = false;
      i = j;
      if (rest !== '/*') {
        const top = indents[indents.length - 1];
        if (width > top) {
          indents.push(width);
          push('indent', i, i);
        } else if (width < top) {
          while (width < indents[indents.length - 1]) {
            indents.pop();
            push('dedent', i, i);
          }
          if (width !== indents[indents.length - 1]) {
            throw new ImportSyntaxError('this indentation matches no enclosing level', pos(i));
          }
        }
      }
      continue;
    }
    const c = text[i];
    if (c === '\n' || c === '\r') {
      if (opened === 0 && tokens.length > 0 && tokens[tokens.length - 1].type !== 'newline') push('newline', i, i + 1);
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      lineStart = i;
      atLineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
      continue;
    }
    if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const startPos = pos(i);
      const close = text.indexOf('*/', i + 2);
      if (close < 0) throw new ImportSyntaxError('a comment opened with /* is never closed', startPos);
      for (let k = i; k < close; k++) {
        if (text[k] === '\n') {
          line++;
          lineStart = k + 1;
        }
      }
      i = close + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const startPos = pos(i);
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n' && text[j] !== '\r') j++;
      if (text[j] !== c) {
        throw new ImportSyntaxError(c === '"' ? 'a quoted name is not closed on its line' : 'a string is not closed on its line', startPos);
      }
      if (j === i + 1) throw new ImportSyntaxError(c === '"' ? 'a quoted name is empty' : 'a string is empty', startPos);
      push(c === '"' ? 'qid' : 'string', i, j + 1, startPos);
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      while (/[0-9]/.test(text[j] ?? '')) j++;
      let type: TokenType = 'int';
      if (text[j] === '.' && /[0-9]/.test(text[j + 1] ?? '')) {
        j++;
        while (/[0-9]/.test(text[j] ?? '')) j++;
        type = 'float';
      }
      push(type, i, j);
      i = j;
      continue;
    }
    if (ID_START.test(c)) {
      let j = i + 1;
      while (j < text.length && ID_PART.test(text[j])) j++;
      push('id', i, j);
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op === undefined) throw new ImportSyntaxError(`unexpected character ${JSON.stringify(c)}`, pos(i));
    if (OPENERS.has(op)) opened++;
    if (CLOSERS.has(op)) opened = Math.max(0, opened - 1);
    push('op', i, i + op.length);
    i += op.length;
  }
  if (tokens.length > 0 && tokens[tokens.length - 1].type !== 'newline') push('newline', i, i);
  while (indents.length > 1) {
    indents.pop();
    push('dedent', i, i);
  }
  push('eof', i, i);
  return tokens;
}

const GROUP_KEYWORDS = new Set(['or', 'alternative', 'optional', 'mandatory']);
const TYPE_KEYWORDS = new Set(['String', 'Integer', 'Boolean', 'Real']);
const COMPARATORS = new Set(['==', '<', '<=', '>', '>=', '!=']);
const ARITHMETIC = new Set(['+', '-', '*', '/']);
const AGGREGATES = new Set(['sum', 'avg', 'len', 'floor', 'ceil']);

function describe(t: Token): string {
  switch (t.type) {
    case 'newline':
      return 'the end of the line';
    case 'indent':
      return 'a deeper indentation';
    case 'dedent':
      return 'a shallower indentation';
    case 'eof':
      return 'the end of the file';
    default:
      return JSON.stringify(t.text);
  }
}

class UvlParser {
  private i = 0;
  readonly notes: ImportNote[] = [];
  readonly constraints: FmConstraint[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  private peek(k = 0): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)];
  }
  private next(): Token {
    const t = this.peek();
    if (t.type !== 'eof') this.i++;
    return t;
  }
  private isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'op' && t.text === text;
  }
  private isWord(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'id' && t.text === text;
  }
  private fail(expected: string, t = this.peek()): never {
    throw new ImportSyntaxError(`expected ${expected}, found ${describe(t)}`, t.pos);
  }
  private expectOp(text: string): Token {
    if (!this.isOp(text)) this.fail(JSON.stringify(text));
    return this.next();
  }
  private expectType(type: TokenType, what: string): Token {
    if (this.peek().type !== type) this.fail(what);
    return this.next();
  }
  private skipNewlines(): void {
    while (this.peek().type === 'newline') this.next();
  }

  parse(): FeatureModel {
    this.skipNewlines();
    if (this.isWord('namespace')) {
      const t = this.next();
      const ns = this.reference();
      this.notes.push({ severity: 'info', message: `namespace ${ns.name} is not carried over (a product file has no namespaces)`, pos: t.pos });
      this.endOfLine();
    }
    this.skipNewlines();
    if (this.isWord('include')) {
      const t = this.next();
      const levels = this.skipBlock();
      this.notes.push({ severity: 'info', message: `language levels included (${levels || 'none'}) are not needed by a product file`, pos: t.pos });
    }
    this.skipNewlines();
    if (this.isWord('imports')) {
      const t = this.next();
      const imported = this.skipBlock();
      this.notes.push({
        severity: 'warning',
        message: `imported models (${imported}) are not read: import each one on its own; references to their features stay unresolved`,
        pos: t.pos,
      });
    }
    this.skipNewlines();
    if (!this.isWord('features')) this.fail('"features" (the feature tree)');
    this.next();
    this.endOfLine();
    if (this.peek().type !== 'indent') this.fail('the root feature, indented below "features"');
    this.next();
    const root = this.feature(0);
    if (this.peek().type !== 'dedent') this.fail('the end of the feature tree (a model has one root feature)');
    this.next();
    this.skipNewlines();
    if (this.isWord('constraints')) {
      this.next();
      this.endOfLine();
      if (this.peek().type === 'indent') {
        this.next();
        while (this.peek().type !== 'dedent' && this.peek().type !== 'eof') {
          const start = this.peek();
          const expr = this.constraint(0);
          this.constraints.push({ expr, pos: start.pos, origin: 'constraints' });
          this.endOfLine();
        }
        this.expectType('dedent', 'the end of the constraints');
      }
    }
    this.skipNewlines();
    if (this.peek().type !== 'eof') this.fail('the end of the file ("constraints" is the last section)');
    return { format: 'uvl', root, constraints: this.constraints, notes: this.notes };
  }

  private endOfLine(): void {
    if (this.peek().type === 'eof') return;
    if (this.peek().type !== 'newline') this.fail('the end of the line');
    this.skipNewlines();
  }

  /** Skips an indented block (include/imports), returning its lines as text. */
  private skipBlock(): string {
    this.endOfLine();
    const lines: string[] = [];
    if (this.peek().type !== 'indent') return '';
    this.next();
    let depth = 1;
    let current = '';
    while (depth > 0 && this.peek().type !== 'eof') {
      const t = this.next();
      if (t.type === 'indent') depth++;
      else if (t.type === 'dedent') depth--;
      else if (t.type === 'newline') {
        if (current) lines.push(current);
        current = '';
      } else current += current === '' || t.text === '.' || current.endsWith('.') ? t.text : ` ${t.text}`;
    }
    if (current) lines.push(current);
    return lines.join(', ');
  }

  private reference(): { name: string; pos: Position } {
    const first = this.peek();
    const parts: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type === 'id') parts.push(t.text);
      else if (t.type === 'qid') parts.push(t.text.slice(1, -1));
      else this.fail(parts.length === 0 ? 'a feature name' : 'a name after "."');
      this.next();
      if (!this.isOp('.')) break;
      this.next();
    }
    return { name: parts.join('.'), pos: first.pos };
  }

  private feature(depth: number): FmFeature {
    if (depth > IMPORT_LIMITS.maxDepth) throw new ImportSyntaxError(`the feature tree is nested deeper than ${IMPORT_LIMITS.maxDepth} levels`, this.peek().pos);
    let type: string | undefined;
    if (this.peek().type === 'id' && TYPE_KEYWORDS.has(this.peek().text) && (this.peek(1).type === 'id' || this.peek(1).type === 'qid')) {
      type = this.next().text;
    }
    const ref = this.reference();
    const feature: FmFeature = { name: ref.name, abstract: false, attributes: [], groups: [], pos: ref.pos };
    if (type !== undefined && type !== 'Boolean') {
      feature.type = type;
      this.notes.push({
        severity: 'warning',
        message: `feature "${ref.name}" is typed ${type}: only whether it is selected is carried over, not its ${type} value`,
        pos: ref.pos,
      });
    }
    if (this.isWord('cardinality')) {
      const t = this.next();
      const card = this.cardinality();
      this.notes.push({
        severity: 'warning',
        message: `feature cardinality [${card.min}..${card.max ?? '*'}] of "${ref.name}" (clones) is not carried over: the feature is imported once`,
        pos: t.pos,
      });
    }
    if (this.isOp('{')) this.attributes(feature);
    this.endOfLine();
    if (this.peek().type === 'indent') {
      this.next();
      while (this.peek().type !== 'dedent' && this.peek().type !== 'eof') feature.groups.push(this.group(depth));
      this.expectType('dedent', 'the end of the group');
    }
    return feature;
  }

  private cardinality(): { min: number; max?: number } {
    this.expectOp('[');
    const min = Number(this.expectType('int', 'a whole number').text);
    let max: number | undefined = min;
    if (this.isOp('..')) {
      this.next();
      if (this.isOp('*')) {
        this.next();
        max = undefined;
      } else max = Number(this.expectType('int', 'a whole number or "*"').text);
    }
    const close = this.expectOp(']');
    if (max !== undefined && max < min) throw new ImportSyntaxError(`the cardinality [${min}..${max}] has its upper bound below its lower bound`, close.pos);
    return { min, max };
  }

  private group(depth: number): FmGroup {
    const t = this.peek();
    let group: FmGroup;
    if (t.type === 'id' && GROUP_KEYWORDS.has(t.text)) {
      this.next();
      group = { kind: t.text as FmGroup['kind'], features: [], pos: t.pos };
    } else if (this.isOp('[')) {
      const card = this.cardinality();
      group = { kind: 'cardinality', min: card.min, max: card.max, features: [], pos: t.pos };
    } else {
      this.fail('a group keyword (mandatory, optional, or, alternative) or a cardinality such as [1..2]');
    }
    this.endOfLine();
    if (this.peek().type !== 'indent') this.fail(`the features of the ${group.kind} group, indented below it`);
    this.next();
    while (this.peek().type !== 'dedent' && this.peek().type !== 'eof') group.features.push(this.feature(depth + 1));
    this.expectType('dedent', 'the end of the group');
    return group;
  }

  private attributes(feature: FmFeature): void {
    this.expectOp('{');
    if (this.isOp('}')) {
      this.next();
      return;
    }
    for (;;) {
      const keyTok = this.peek();
      if (keyTok.type !== 'id' && keyTok.type !== 'qid') this.fail('an attribute name');
      const key = keyTok.type === 'qid' ? keyTok.text.slice(1, -1) : keyTok.text;
      this.next();
      if (keyTok.type === 'id' && (key === 'constraint' || key === 'constraints')) {
        const origin = `attribute of "${feature.name}"`;
        if (key === 'constraint') {
          const start = this.peek();
          this.constraints.push({ expr: this.constraint(0), pos: start.pos, origin });
        } else {
          this.expectOp('[');
          while (!this.isOp(']')) {
            const start = this.peek();
            this.constraints.push({ expr: this.constraint(0), pos: start.pos, origin });
            if (!this.isOp(',')) break;
            this.next();
          }
          this.expectOp(']');
        }
      } else if (this.isOp(',') || this.isOp('}')) {
        if (key === 'abstract') feature.abstract = true;
        else feature.attributes.push({ key, pos: keyTok.pos });
      } else {
        const start = this.peek().start;
        const value = this.value(0);
        const raw = this.text.slice(start, this.tokens[this.i - 1].end);
        if (key === 'abstract' && typeof value === 'boolean') feature.abstract = value;
        else if (key === 'abstract') throw new ImportSyntaxError('"abstract" takes true or false', keyTok.pos);
        else if (key === 'description' && typeof value === 'string') feature.description = value;
        else feature.attributes.push({ key, value: raw, pos: keyTok.pos } satisfies FmAttribute);
      }
      if (this.isOp(',')) {
        this.next();
        continue;
      }
      this.expectOp('}');
      return;
    }
  }

  /** An attribute value; strings and booleans are returned for `abstract` and `description`. */
  private value(depth: number): string | boolean | number | undefined {
    if (depth > IMPORT_LIMITS.maxDepth) throw new ImportSyntaxError('an attribute value is nested too deeply', this.peek().pos);
    const t = this.peek();
    if (t.type === 'id' && (t.text === 'true' || t.text === 'false')) {
      this.next();
      return t.text === 'true';
    }
    if (t.type === 'string') {
      this.next();
      return t.text.slice(1, -1);
    }
    if (t.type === 'int' || t.type === 'float') {
      this.next();
      return Number(t.text);
    }
    if (this.isOp('-') && (this.peek(1).type === 'int' || this.peek(1).type === 'float')) {
      this.next();
      return -Number(this.next().text);
    }
    if (this.isOp('{')) {
      // Nested attributes: read and keep as text.
      const scratch: FmFeature = { name: '', abstract: false, attributes: [], groups: [], pos: t.pos };
      this.attributes(scratch);
      return undefined;
    }
    if (this.isOp('[')) {
      this.next();
      while (!this.isOp(']')) {
        this.value(depth + 1);
        if (!this.isOp(',')) break;
        this.next();
      }
      this.expectOp(']');
      return undefined;
    }
    this.fail('an attribute value (true, false, a number, a \'string\', {…} or […])');
  }

  // Constraints: `!` binds tightest, then `&`, `|`, `=>`, `<=>`; binary operators are left-associative.
  private static readonly LEVELS: Array<{ op: string; kind: 'and' | 'or' | 'implies' | 'iff' }> = [
    { op: '<=>', kind: 'iff' },
    { op: '=>', kind: 'implies' },
    { op: '|', kind: 'or' },
    { op: '&', kind: 'and' },
  ];

  private constraint(depth: number, level = 0): FmExpr {
    if (depth > IMPORT_LIMITS.maxDepth) throw new ImportSyntaxError('a constraint is nested too deeply', this.peek().pos);
    if (level === UvlParser.LEVELS.length) return this.unary(depth);
    const { op, kind } = UvlParser.LEVELS[level];
    let left = this.constraint(depth, level + 1);
    let chain = 0;
    while (this.isOp(op)) {
      if (++chain > IMPORT_LIMITS.maxDepth) throw new ImportSyntaxError(`a chain of more than ${IMPORT_LIMITS.maxDepth} "${op}" is nested too deeply`, this.peek().pos);
      this.next();
      const right = this.constraint(depth + 1, level + 1);
      if (kind === 'and' || kind === 'or') {
        left = left.kind === kind ? { kind, args: [...left.args, right], pos: left.pos } : { kind, args: [left, right], pos: left.pos };
      } else left = { kind, left, right, pos: left.pos };
    }
    return left;
  }

  private unary(depth: number): FmExpr {
    const t = this.peek();
    if (this.isOp('!')) {
      this.next();
      return { kind: 'not', arg: this.unary(depth + 1), pos: t.pos };
    }
    if (this.startsEquation()) return this.equation();
    if (this.isOp('(')) {
      this.next();
      const inner = this.constraint(depth + 1);
      this.expectOp(')');
      return inner;
    }
    if (t.type === 'id' || t.type === 'qid') {
      if (t.type === 'id' && (t.text === 'true' || t.text === 'false')) {
        this.next();
        return { kind: 'const', value: t.text === 'true', pos: t.pos };
      }
      const ref = this.reference();
      return { kind: 'var', name: ref.name, pos: ref.pos };
    }
    this.fail('a feature name, "!" or "("');
  }

  /** Whether a comparison follows at this nesting level before the constraint operand ends. */
  private startsEquation(): boolean {
    let depth = 0;
    for (let k = this.i; k < this.tokens.length; k++) {
      const t = this.tokens[k];
      if (t.type === 'newline' || t.type === 'eof' || t.type === 'indent' || t.type === 'dedent') return false;
      if (t.type !== 'op') continue;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        if (depth === 0) return false;
        depth--;
      } else if (depth === 0) {
        if (COMPARATORS.has(t.text)) return true;
        if (t.text === '&' || t.text === '|' || t.text === '=>' || t.text === '<=>' || t.text === ',') return false;
      }
    }
    return false;
  }

  /** Reads an equation (arithmetic level) and keeps its text for the report. */
  private equation(): FmExpr {
    const first = this.peek();
    this.expression(0);
    if (!(this.peek().type === 'op' && COMPARATORS.has(this.peek().text))) this.fail('a comparison (==, <, <=, >, >=, !=)');
    this.next();
    this.expression(0);
    const text = this.text.slice(first.start, this.tokens[this.i - 1].end);
    return { kind: 'unsupported', text, why: 'an equation over attribute or feature values', pos: first.pos };
  }

  private expression(depth: number): void {
    if (depth > IMPORT_LIMITS.maxDepth) throw new ImportSyntaxError('an expression is nested too deeply', this.peek().pos);
    this.term(depth);
    while (this.peek().type === 'op' && ARITHMETIC.has(this.peek().text)) {
      this.next();
      this.term(depth + 1);
    }
  }

  private term(depth: number): void {
    const t = this.peek();
    if (t.type === 'int' || t.type === 'float' || t.type === 'string') {
      this.next();
      return;
    }
    if (this.isOp('-')) {
      this.next();
      this.term(depth + 1);
      return;
    }
    if (this.isOp('(')) {
      this.next();
      this.expression(depth + 1);
      this.expectOp(')');
      return;
    }
    if (t.type === 'id' && AGGREGATES.has(t.text) && this.isOp('(', 1)) {
      this.next();
      this.next();
      this.reference();
      if (this.isOp(',')) {
        this.next();
        this.reference();
      }
      this.expectOp(')');
      return;
    }
    if (t.type === 'id' || t.type === 'qid') {
      this.reference();
      return;
    }
    this.fail('a number, a string, a feature or attribute name, or "("');
  }
}

/** Parses UVL text into a feature model; throws {@link ImportSyntaxError} with a position on bad input. */
export function parseUvl(text: string): FeatureModel {
  if (text.length > IMPORT_LIMITS.maxBytes) throw new ImportSyntaxError(`the file is larger than ${IMPORT_LIMITS.maxBytes} bytes`, { line: 1, column: 1 });
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return new UvlParser(tokenizeUvl(source), source).parse();
}
