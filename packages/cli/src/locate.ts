/**
 * Line and column of a JSON path in a product file's text, for findings the parser did not place
 * (compile issues, lint findings). YAML is a superset of JSON, so one reader serves both formats; the
 * document is parsed once, on first use.
 */
import { isCollection, LineCounter, parseDocument, type Document } from 'yaml';
import type { SourcePosition } from '@c2m/rules';

export type Locator = (path: ReadonlyArray<string | number>) => SourcePosition | undefined;

export function createLocator(text: string): Locator {
  let doc: Document | undefined;
  let failed = false;
  const lines = new LineCounter();
  return (path) => {
    if (failed) return undefined;
    if (!doc) {
      try {
        doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, strict: false });
      } catch {
        failed = true;
        return undefined;
      }
    }
    // The nearest ancestor that exists: a missing key is shown where its object is.
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
        const { line, col } = lines.linePos((node.range as number[])[0]);
        return { line, column: col };
      }
      if (n === 0 && !isCollection(doc.contents)) break;
    }
    return undefined;
  };
}
