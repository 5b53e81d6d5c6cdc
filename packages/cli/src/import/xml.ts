/**
 * A small XML reader, enough for FeatureIDE models: elements, attributes, text, comments, CDATA,
 * processing instructions, a DOCTYPE without an internal subset, and the predefined and numeric
 * entities. Every element remembers its line and column so that errors and notes can point at it.
 */
import { IMPORT_LIMITS, ImportSyntaxError, type Position } from './model.js';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The concatenated text directly inside the element. */
  text: string;
  pos: Position;
}

const NAME = /[A-Za-z_:][A-Za-z0-9_:.\-]*/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses an XML document and returns its root element; throws {@link ImportSyntaxError} on malformed input. */
export function parseXml(source: string): XmlElement {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  let i = 0;
  // Line starts, for turning offsets into positions only when needed.
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') lineStarts.push(k + 1);
  const pos = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  const fail = (message: string, at = i): never => {
    throw new ImportSyntaxError(message, pos(Math.min(at, text.length)));
  };
  const decode = (raw: string, at: number): string =>
    raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);|&/g, (m, body: string | undefined) => {
      if (body === undefined) fail('a bare "&" (write &amp;)', at);
      if (body!.startsWith('#x')) return String.fromCodePoint(parseInt(body!.slice(2), 16));
      if (body!.startsWith('#')) return String.fromCodePoint(parseInt(body!.slice(1), 10));
      const e = ENTITIES[body!];
      if (e === undefined) fail(`unknown entity ${m}`, at);
      return e!;
    });
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) fail('expected a name');
    i += m![0].length;
    return m![0];
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i);
        if (end < 0) fail('a processing instruction is not closed');
        i = end + 2;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) fail('a comment is not closed');
        i = end + 3;
      } else if (text.startsWith('<!DOCTYPE', i)) {
        const end = text.indexOf('>', i);
        if (end < 0 || text.slice(i, end).includes('[')) fail('DOCTYPE with an internal subset is not supported');
        i = end + 1;
      } else return;
    }
  };

  const element = (depth: number): XmlElement => {
    if (depth > IMPORT_LIMITS.maxDepth) fail(`elements are nested deeper than ${IMPORT_LIMITS.maxDepth} levels`);
    const start = i;
    if (text[i] !== '<') fail('expected an element');
    i++;
    const el: XmlElement = { name: name(), attributes: {}, children: [], text: '', pos: pos(start) };
    for (;;) {
      skipSpace();
      if (text.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      if (i >= text.length) fail(`the tag <${el.name}> is not closed`, start);
      const attrAt = i;
      const key = name();
      skipSpace();
      if (text[i] !== '=') fail(`expected "=" after the attribute ${key}`);
      i++;
      skipSpace();
      const quote = text[i];
      if (quote !== '"' && quote !== "'") fail(`expected a quoted value for the attribute ${key}`);
      const end = text.indexOf(quote, i + 1);
      if (end < 0) fail(`the value of the attribute ${key} is not closed`);
      if (Object.hasOwn(el.attributes, key)) fail(`the attribute ${key} appears twice`, attrAt);
      el.attributes[key] = decode(text.slice(i + 1, end), i);
      i = end + 1;
    }
    for (;;) {
      if (i >= text.length) fail(`the element <${el.name}> is never closed`, start);
      if (text.startsWith('</', i)) {
        const closeAt = i;
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}> opened at line ${el.pos.line}`, closeAt);
        skipSpace();
        if (text[i] !== '>') fail('expected ">"');
        i++;
        return el;
      }
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) fail('a comment is not closed');
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i);
        if (end < 0) fail('a CDATA section is not closed');
        el.text += text.slice(i + 9, end);
        i = end + 3;
      } else if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i);
        if (end < 0) fail('a processing instruction is not closed');
        i = end + 2;
      } else if (text[i] === '<') {
        el.children.push(element(depth + 1));
      } else {
        const end = text.indexOf('<', i);
        const stop = end < 0 ? text.length : end;
        el.text += decode(text.slice(i, stop), i);
        i = stop;
      }
    }
  };

  skipMisc();
  if (i >= text.length) fail('the document is empty');
  const root = element(0);
  skipMisc();
  if (i < text.length) fail('content after the root element');
  return root;
}
