/**
 * `@c2m/rules/yaml`: product files written in YAML (or JSON), with line and column on every issue.
 * A separate entry point so that the YAML parser stays out of browser bundles that only need JSON.
 *
 * Hostile YAML is bounded before and while parsing: the size limit first, then a scan that bounds
 * nesting (see `parse/yaml-guard.ts`), aliases capped against "billion laughs", duplicate keys an
 * error, and the depth of the result checked again.
 *
 * @packageDocumentation
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { LIMITS, limitsOf } from './limits.js';
import { issueFactory } from './issues/issue.js';
import type { ProductIssue } from './types.js';
import { checkProductFile, type CheckOptions, type CheckResult } from './validate/check.js';
import { checkFileSize } from './parse/json.js';
import { parseProduct as parseJsonProduct } from './parse/parse.js';
import { ContainerPositions, LineIndex, SourceMap, attachSources, type Lines } from './parse/source-map.js';
import { guardYaml } from './parse/yaml-guard.js';

export type { CheckResult } from './validate/check.js';

/** Options of {@link parseProduct}. */
export interface ParseProductOptions extends CheckOptions {
  /** `auto` (default): JSON when the first non-blank character is `{`, YAML otherwise. */
  format?: 'json' | 'yaml' | 'auto';
}

/** Aliases a YAML product file may use; a few are handy, thousands are an attack. */
export const MAX_YAML_ALIASES = 100;
/** YAML errors reported from one file; the first is what matters, the rest are often consequences. */
const MAX_YAML_ERRORS = 20;

type YamlNode = Node | null | undefined;

/** Offsets of every key and value of the YAML text, as for JSON. */
function sourceMapOf(contents: YamlNode, lines: Lines): { map: SourceMap; keyIssue?: number } {
  const rootOffset = contents?.range?.[0] ?? 0;
  let keyIssue: number | undefined;
  const make = (node: YamlNode): ContainerPositions | undefined =>
    isMap(node) || isSeq(node) ? new ContainerPositions(node.range?.[0] ?? 0, isSeq(node)) : undefined;
  const root = make(contents);
  const stack: Array<[YamlNode, ContainerPositions]> = root ? [[contents, root]] : [];
  while (stack.length > 0) {
    const [node, positions] = stack.pop()!;
    if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const child = item as YamlNode;
        if (child?.range) positions.setValue(i, child.range[0]);
        const c = make(child);
        if (c) {
          positions.setChild(i, c);
          stack.push([child, c]);
        }
      });
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode;
        if (!isScalar(keyNode)) {
          keyIssue ??= keyNode?.range?.[0] ?? positions.offset;
          continue;
        }
        const key = String(keyNode.value ?? '');
        if (keyNode.range) positions.setKey(key, keyNode.range[0]);
        const value = pair.value as YamlNode;
        if (value?.range) positions.setValue(key, value.range[0]);
        else if (keyNode.range) positions.setValue(key, keyNode.range[0]);
        const c = make(value);
        if (c) {
          positions.setChild(key, c);
          stack.push([value, c]);
        }
      }
    } else if (isAlias(node)) {
      // An alias points at a node written elsewhere; its own position is enough.
    }
  }
  return { map: new SourceMap(root, rootOffset, lines), keyIssue };
}

/** The YAML library is not ours: whatever it throws becomes an issue, so `parseProduct` never throws. */
function libraryFailure(error: unknown, mk: ReturnType<typeof issueFactory>): ProductIssue {
  if (error instanceof RangeError) return mk('limit', [], { kind: 'stack' });
  const detail = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return mk('syntax', [], { kind: 'yaml', detail });
}

function parseYamlProduct(text: string, options: CheckOptions): CheckResult {
  const tooBig = checkFileSize(text, limitsOf(options.limits));
  if (tooBig) return { ok: false, issues: [tooBig] };
  const lines = new LineIndex(text);
  const mk = issueFactory(undefined);
  const at = (issue: ProductIssue, offset: number): ProductIssue => ({ ...issue, source: lines.position(offset) });

  const guard = guardYaml(text);
  if (!guard.ok) {
    const issue =
      guard.kind === 'depth'
        ? mk('limit', [], { kind: 'depth', max: LIMITS.maxDepth })
        : mk('syntax', [], { kind: 'yaml', detail: 'explicit keys ("? ") are not supported in product files; write keys as plain strings' });
    return { ok: false, issues: [at(issue, guard.offset)] };
  }

  const lineCounter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  } catch (error) {
    return { ok: false, issues: [libraryFailure(error, mk)] };
  }
  if (doc.errors.some((e) => e.message.includes('Maximum call stack'))) {
    return { ok: false, issues: [at(mk('limit', [], { kind: 'depth', max: LIMITS.maxDepth }), doc.errors[0]!.pos[0])] };
  }
  if (doc.errors.length > 0) {
    const issues = doc.errors.slice(0, MAX_YAML_ERRORS).map((e) => {
      const offset = e.pos[0];
      if (e.code === 'MULTIPLE_DOCS') {
        return at(mk('syntax', [], { kind: 'yaml', detail: "a product file has one YAML section only; remove the second '---' and what follows" }), offset);
      }
      if (e.code === 'DUPLICATE_KEY') {
        return at(mk('syntax', [], { kind: 'duplicate-key', key: text.slice(e.pos[0], Math.min(e.pos[1], e.pos[0] + 64)) }), offset);
      }
      return at(mk('syntax', [], { kind: 'yaml', detail: e.message.split('\n')[0]! }), offset);
    });
    return { ok: false, issues };
  }
  // The parser's own line counter, filled while parsing, places everything found from here on.
  const parsedLines: Lines = {
    position: (offset) => {
      const p = lineCounter.linePos(offset);
      return { line: p.line, column: p.col };
    },
  };
  const { map, keyIssue } = sourceMapOf(doc.contents as YamlNode, parsedLines);
  if (keyIssue !== undefined) {
    return { ok: false, issues: [at(mk('syntax', [], { kind: 'yaml', detail: 'a key must be a plain string, not a list or a map' }), keyIssue)] };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      return { ok: false, issues: [mk('limit', [], { kind: 'aliases', max: MAX_YAML_ALIASES })] };
    }
    return { ok: false, issues: [libraryFailure(error, mk)] };
  }
  const result = checkProductFile(value, options);
  // The YAML parser's warnings (an unknown tag such as `!!js/function`, read as plain text) come first.
  const warnings = doc.warnings
    .slice(0, MAX_YAML_ERRORS)
    .map((w) => at({ ...mk('syntax', [], { kind: 'yaml', detail: w.message.split('\n')[0]! }), severity: 'warning' }, w.pos[0]));
  const issues = [...warnings, ...attachSources(result.issues, map)];
  return result.ok ? { ok: true, file: result.file, issues } : { ok: false, issues };
}

function looksLikeJson(text: string): boolean {
  const m = /^[\s\uFEFF]*(\S)/.exec(text.length > 4096 ? text.slice(0, 4096) : text);
  return m?.[1] === '{';
}

/**
 * Parses and checks a product file written in YAML or JSON. Never throws: every problem, including
 * syntax errors and exceeded limits, is an issue with a line and column where one is known.
 */
export function parseProduct(text: string, options: ParseProductOptions = {}): CheckResult {
  const format = options.format ?? 'auto';
  if (format === 'json' || (format === 'auto' && looksLikeJson(text))) return parseJsonProduct(text, options);
  return parseYamlProduct(text, options);
}
