/**
 * `compileForPage`: a product file → its compiled product (compiled-format.ts), the text a shop
 * publishes next to the file so that pages open it without the checks, the parser, the model builder
 * or SHA-256 (open-compiled.ts).
 */
import type { ProductIssue } from '../types.js';
import type { Expr } from '../expr/print.js';
import { formulaTexts } from '../pricing.js';
import { parseExpression } from '../expr/parse.js';
import { checkedText, checksum, COMPILED_FORMAT, type CompiledProductJson, type ExprJson, type ModelJson, type NodeJson, type RuleJson } from './compiled-format.js';
import type { Formula, Model } from './model.js';
import type { CompileOptions, Product } from './product.js';
import { compileWith, loadWith } from './load.js';

/** The outcome of {@link compileForPage}: the compiled product's JSON text, or why the file cannot be compiled. */
export type CompileForPageResult = { ok: true; text: string; issues: ProductIssue[] } | { ok: false; issues: ProductIssue[] };

/**
 * Checks and compiles a product file for pages: its JSON text as `{ text }`, or the parsed object.
 * Refuses exactly what `loadProduct` (`compileProduct` for an object) refuses, with the same brief
 * issues; otherwise `text` is the compiled product (starting with `{"c2m":"compiled-product"`, to be
 * served as `COMPILED_PRODUCT_MEDIA_TYPE`) and `issues` the file's warnings, which a page opening the
 * compiled product gets too.
 *
 * The compiled product carries the file itself: a page that cannot use the rest (a newer format, a
 * damaged model) opens the file inside it as it opens any product file. A page accepts only what
 * the default limits allow, whatever `options.limits` compiled it: a product that needs raised
 * limits is refused there (its session belongs to a worker or a backend that loads the file).
 */
export function compileForPage(input: unknown, options: CompileOptions = {}): CompileForPageResult {
  const text = textOf(input);
  const compiled = text !== undefined ? loadWith(text, options, {}) : compileWith(input, options, {});
  if (!compiled.ok) return compiled;
  const product = compiled.product as Product;
  const body = { digest: product.digest, warnings: compiled.issues, product: product.file, model: writeModel(product) };
  const envelope: CompiledProductJson = { c2m: 'compiled-product', format: COMPILED_FORMAT, check: checksum(checkedText(body)), ...body };
  return { ok: true, text: JSON.stringify(envelope), issues: compiled.issues };
}

/** The text of `{ text }` (an object with that one key), else `undefined` (a parsed file). */
function textOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const keys = Object.keys(input);
  const text = (input as { text?: unknown }).text;
  return keys.length === 1 && typeof text === 'string' ? text : undefined;
}

/** The model in its JSON form: formulas as a graph of shared nodes (equal sub-formulas written once). */
function writeModel(product: Product): ModelJson {
  const model: Model = product.model;
  const nodes: NodeJson[] = [];
  const byObject = new Map<Formula, number>();
  const byNode = new Map<string, number>();
  const put = (f: Formula): number => {
    const known = byObject.get(f);
    if (known !== undefined) return known;
    const node = nodeOf(f, model, put);
    const key = node.join();
    let id = byNode.get(key);
    if (id === undefined) {
      id = nodes.push(node) - 1;
      byNode.set(key, id);
    }
    byObject.set(f, id);
    return id;
  };
  const rules = model.rules.map((r): RuleJson => {
    switch (r.kind) {
      case 'formula':
        return [0, r.index, put(r.f)];
      case 'table': {
        const cells: number[] = [];
        for (const row of r.rows) cells.push(...row);
        return [1, r.index, r.allowed ? 1 : 0, r.vars, cells];
      }
      case 'linear':
        return [2, r.index, put(r.guard), r.vars, r.coefs, r.bound];
      case 'card':
        return [3, r.index, put(r.guard), r.xs.map(put), r.min, r.max];
    }
  });
  const when = model.when.map((w) => (w === null ? -1 : put(w)));
  const formulas = formulaTexts(product.file).map((text): [string, ExprJson | null] => {
    const parsed = parseExpression(text);
    return [text, parsed.ok ? exprJson(parsed.expr) : null];
  });
  return { nodes, rules, when, formulas: [...new Map(formulas)] };
}

function nodeOf(f: Formula, model: Model, put: (f: Formula) => number): NodeJson {
  switch (f.k) {
    case 'const':
      return [0, f.v ? 1 : 0];
    case 'atom': {
      if (!f.mask) return [1, f.v, f.lo, f.hi];
      // Masks span every value index of their variable (atoms.ts's maskAtom and naAtom): the reader rebuilds them so.
      if (f.lo !== 0 || f.hi !== model.vars[f.v].size - 1 || f.mask.length !== model.vars[f.v].size) {
        throw new Error(`c2m: internal: a mask atom of option '${model.vars[f.v].option.id}' does not span its values`);
      }
      const set: number[] = [];
      f.mask.forEach((m, k) => {
        if (m) set.push(k);
      });
      return [2, f.v, ...set];
    }
    case 'and':
      return [3, ...f.xs.map(put)];
    case 'or':
      return [4, ...f.xs.map(put)];
    case 'not':
      return [5, put(f.x)];
    case 'iff':
      return [6, put(f.a), put(f.b)];
  }
}

function exprJson(e: Expr): ExprJson {
  switch (e.kind) {
    case 'number':
      return ['n', e.value.n.toString(), e.value.d.toString()];
    case 'variable':
      return ['v', e.name];
    case 'negate':
      return ['neg', exprJson(e.operand)];
    case 'binary':
      return [e.op, exprJson(e.left), exprJson(e.right)];
    case 'call':
      return ['f', e.fn, ...e.args.map(exprJson)];
  }
}
