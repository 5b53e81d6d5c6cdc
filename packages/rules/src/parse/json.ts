/**
 * A JSON parser for product files that remembers where every key and value was written.
 *
 * Differences from `JSON.parse`, all on purpose: the size limit is checked before any parsing; the
 * nesting depth is limited and the parser uses an explicit stack, so `[[[[…` cannot overflow the call
 * stack; a key written twice in one object is an error (JSON.parse silently keeps the last one);
 * `__proto__` is an ordinary own key and never changes a prototype; errors are `syntax` issues with a
 * line, a column and a sentence instead of an exception.
 */
import { LIMITS, type Limits } from '../limits.js';
import { issueFactory } from '../issues/issue.js';
import type { ProductIssue } from '../types.js';
import { ContainerPositions, LineIndex, SourceMap } from './source-map.js';
import { oversizeBytes } from './size.js';

export { oversizeBytes, utf8ByteLength } from './size.js';

/** The outcome of {@link parseJson}. */
export type JsonParseResult =
  | { ok: true; value: unknown; sourceMap: SourceMap }
  | { ok: false; issue: ProductIssue };

/** A `limit` issue when `text` is larger than `maxFileBytes` of the limits, checked before parsing. */
export function checkFileSize(text: string, limits: Limits = LIMITS): ProductIssue | undefined {
  const bytes = oversizeBytes(text, limits);
  return bytes === undefined ? undefined : issueFactory(undefined)('limit', [], { kind: 'file-bytes', bytes, max: limits.maxFileBytes });
}

interface Frame {
  container: Record<string, unknown> | unknown[];
  positions: ContainerPositions;
  isArray: boolean;
  /** The key whose value is being read (objects); undefined between entries. */
  key: string | undefined;
}

class JsonSyntaxError {
  constructor(
    readonly offset: number,
    readonly params: Record<string, string | number>,
    readonly code: 'syntax' | 'limit' = 'syntax',
  ) {}
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WORD = /[^\s,:[\]{}"]{1,24}/y;

function describeChar(text: string, pos: number): string {
  if (pos >= text.length) return 'the end of the file';
  const c = text[pos]!;
  if (c === '\n' || c === '\r') return 'a line break';
  const cp = text.codePointAt(pos)!;
  return `'${String.fromCodePoint(cp)}'`;
}

const enum State {
  Value,
  Key,
  AfterValue,
}

/** Parses JSON text, recording the position of every key and value. Never throws. */
export function parseJson(text: string, limits: Limits = LIMITS): JsonParseResult {
  const tooBig = checkFileSize(text, limits);
  if (tooBig) return { ok: false, issue: tooBig };
  const lines = new LineIndex(text);
  const frames: Frame[] = [];
  const currentPath = (): Array<string | number> => {
    const path: Array<string | number> = [];
    for (const f of frames) {
      if (f.isArray) path.push((f.container as unknown[]).length);
      else if (f.key !== undefined) path.push(f.key);
    }
    return path;
  };
  try {
    const result = run(text, frames);
    return { ok: true, value: result.value, sourceMap: new SourceMap(result.root, result.rootOffset, lines) };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const mk = issueFactory(undefined);
    const issue = mk(error.code, currentPath(), error.params);
    return { ok: false, issue: { ...issue, source: lines.position(error.offset) } };
  }
}

function run(
  text: string,
  frames: Frame[],
): { value: unknown; root: ContainerPositions | undefined; rootOffset: number } {
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let state: State = State.Value;
  let rootValue: unknown;
  let root: ContainerPositions | undefined;
  let rootOffset = pos;

  const skipWs = () => {
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else break;
    }
  };
  const fail = (kind: string, params: Record<string, string | number> = {}, at = pos): never => {
    throw new JsonSyntaxError(at, { kind, ...params });
  };
  const unexpected = (expected: string): never =>
    pos >= n ? fail('eof', { expected }) : fail('unexpected', { found: describeChar(text, pos), expected });

  const readString = (): string => {
    const start = pos;
    pos++; // opening quote
    let out = '';
    let chunk = pos;
    for (;;) {
      if (pos >= n) fail('string', {}, start);
      const c = text.charCodeAt(pos);
      if (c === 34) {
        out += text.slice(chunk, pos);
        pos++;
        return out;
      }
      if (c < 0x20) {
        fail('control', { hex: c.toString(16).toUpperCase().padStart(4, '0') });
      }
      if (c === 92) {
        out += text.slice(chunk, pos);
        const e = text[pos + 1];
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(pos + 2, pos + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('escape', { found: `'\\u${hex}'` });
            out += String.fromCharCode(parseInt(hex, 16));
            pos += 4;
            break;
          }
          default:
            fail('escape', { found: e === undefined ? "'\\'" : `'\\${e}'` });
        }
        pos += 2;
        chunk = pos;
        continue;
      }
      pos++;
    }
  };

  const attach = (value: unknown, offset: number, positions?: ContainerPositions) => {
    const frame = frames[frames.length - 1];
    if (!frame) {
      rootValue = value;
      rootOffset = offset;
      root = positions;
      return;
    }
    if (frame.isArray) {
      const arr = frame.container as unknown[];
      frame.positions.setValue(arr.length, offset);
      if (positions) frame.positions.setChild(arr.length, positions);
      arr.push(value);
    } else {
      const obj = frame.container as Record<string, unknown>;
      const key = frame.key!;
      frame.positions.setValue(key, offset);
      if (positions) frame.positions.setChild(key, positions);
      // An own data property, as JSON.parse makes: assigning `__proto__` would set the prototype.
      if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      else obj[key] = value;
    }
  };

  skipWs();
  if (pos >= n) fail('empty');
  for (;;) {
    skipWs();
    if (state === State.Value) {
      const offset = pos;
      const c = text[pos];
      if (c === '{' || c === '[') {
        if (frames.length >= LIMITS.maxDepth) {
          throw new JsonSyntaxError(pos, { kind: 'depth', max: LIMITS.maxDepth }, 'limit');
        }
        const isArray = c === '[';
        const container: Record<string, unknown> | unknown[] = isArray ? [] : {};
        const positions = new ContainerPositions(offset, isArray);
        attach(container, offset, positions);
        frames.push({ container, positions, isArray, key: undefined });
        pos++;
        skipWs();
        if (text[pos] === (isArray ? ']' : '}')) {
          pos++;
          frames.pop();
          state = State.AfterValue;
        } else {
          state = isArray ? State.Value : State.Key;
        }
        continue;
      }
      let value: unknown;
      if (c === '"') value = readString();
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
        NUMBER.lastIndex = pos;
        const m = NUMBER.exec(text);
        const next = m ? text[pos + m[0].length] : undefined;
        if (!m || (next !== undefined && /[0-9A-Za-z.+-]/.test(next))) {
          WORD.lastIndex = pos;
          fail('number', { found: `'${WORD.exec(text)?.[0] ?? c}'` });
        }
        value = Number(m![0]);
        pos += m![0].length;
      } else if (text.startsWith('true', pos)) {
        value = true;
        pos += 4;
      } else if (text.startsWith('false', pos)) {
        value = false;
        pos += 5;
      } else if (text.startsWith('null', pos)) {
        value = null;
        pos += 4;
      } else {
        unexpected('a value (an object, array, string, number, true, false or null)');
      }
      attach(value, offset);
      state = State.AfterValue;
      continue;
    }
    if (state === State.Key) {
      if (text[pos] !== '"') unexpected('a key in double quotes');
      const keyOffset = pos;
      const key = readString();
      const frame = frames[frames.length - 1]!;
      if (Object.hasOwn(frame.container, key)) fail('duplicate-key', { key }, keyOffset);
      frame.positions.setKey(key, keyOffset);
      frame.key = key;
      skipWs();
      if (text[pos] !== ':') unexpected(`':' after the key "${key.length > 40 ? `${key.slice(0, 40)}…` : key}"`);
      pos++;
      state = State.Value;
      continue;
    }
    // After a value.
    const frame = frames[frames.length - 1];
    if (!frame) {
      if (pos < n) fail('trailing', { found: describeChar(text, pos) });
      return { value: rootValue, root, rootOffset };
    }
    const close = frame.isArray ? ']' : '}';
    const c = text[pos];
    if (c === ',') {
      pos++;
      frame.key = undefined;
      state = frame.isArray ? State.Value : State.Key;
    } else if (c === close) {
      pos++;
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent && !parent.isArray) parent.key = undefined;
    } else {
      unexpected(`',' or '${close}'`);
    }
  }
}
