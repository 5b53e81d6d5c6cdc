/**
 * A cheap scan of YAML text before the YAML parser sees it. The parser is recursive and some
 * constructs cost it far more than their size (a line of 100,000 `- ` exhausts memory; nested
 * explicit keys `? ? ? …` take seconds for a few hundred), so nesting is bounded here first.
 */
import { LIMITS } from '../limits.js';

/** What the scan found wrong, with the offset where it is. */
export type GuardResult =
  | { ok: true }
  | { ok: false; offset: number; kind: 'depth' | 'complex-key' };

/** Checks block-indicator runs (`- - - x`), explicit keys (`? `) and flow nesting (`[[{…`). */
export function guardYaml(text: string): GuardResult {
  const n = text.length;
  let flowDepth = 0;
  let quote: '"' | "'" | undefined;
  let lineStart = true;
  let previous = '\n';
  // Indentation of the enclosing block lines: deeper indentation is deeper nesting.
  const indents: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = undefined;
      }
      previous = c;
      continue;
    }
    if (lineStart) {
      // Leading spaces, then block indicators.
      const start = i;
      while (i < n && text[i] === ' ') i++;
      const indent = i - start;
      const blank = i >= n || text[i] === '\n' || text[i] === '\r' || text[i] === '#';
      if (!blank && flowDepth === 0) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
        if (indents.length > LIMITS.maxDepth) return { ok: false, offset: i, kind: 'depth' };
      }
      let indicators = indents.length;
      for (;;) {
        const d = text[i];
        const after = text[i + 1];
        const isIndicator = after === undefined || after === ' ' || after === '\n' || after === '\r';
        if ((d === '?' || (d === ':' && i === start + indent && flowDepth === 0)) && isIndicator) {
          return { ok: false, offset: i, kind: 'complex-key' };
        }
        if (d !== '-' || !isIndicator) break;
        if (++indicators > LIMITS.maxDepth) return { ok: false, offset: i, kind: 'depth' };
        i++;
        while (i < n && text[i] === ' ') i++;
      }
      lineStart = false;
      if (i >= n) break;
      if (text[i] === '\n' || text[i] === '\r') {
        lineStart = true;
        previous = text[i]!;
        continue;
      }
    }
    const ch = text[i]!;
    if (ch === '\n' || ch === '\r') {
      lineStart = true;
      previous = ch;
      continue;
    }
    const tokenStart = previous === ' ' || previous === '\t' || previous === '\n' || previous === '\r' || previous === '[' || previous === '{' || previous === ',' || previous === ':' || previous === '-' || i === 0;
    if (ch === '#' && (previous === ' ' || previous === '\t' || previous === '\n' || previous === '\r' || i === 0)) {
      while (i + 1 < n && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
    } else if ((ch === '"' || ch === "'") && tokenStart) {
      quote = ch;
    } else if (ch === '[' || ch === '{') {
      if (++flowDepth > LIMITS.maxDepth) return { ok: false, offset: i, kind: 'depth' };
    } else if ((ch === ']' || ch === '}') && flowDepth > 0) {
      flowDepth--;
    }
    previous = ch;
  }
  return { ok: true };
}
