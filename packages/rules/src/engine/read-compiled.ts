/**
 * Reading a compiled product (compiled-format.ts) into the engine's compiled product, on a page:
 * no checks of the product file, no formula parser, no model builder, no SHA-256.
 *
 * Trust: a compiled product comes from whoever publishes the product file, and is trusted as the
 * file is; the backend re-checks every order against its own product file (its digest included).
 * What it cannot do is crash, hang or mislead a page quietly, damaged or hostile: everything read
 * here is checked before use — the envelope (marker, format, digest's form), the sizes against the
 * page's default limits (a product compiled with raised limits is not a page's), the nesting and
 * the keys of the data, the shape of what the model is rebuilt from, and the model itself (every
 * index in range, every node and rule of a known kind, the formulas' size and depth) — and anything
 * that fails is a {@link Unread} with the reason: the caller then opens the product file inside
 * (open-compiled.ts), with every check a product file gets. What is not checked is that the model
 * is the one its file compiles to (that is compiling it again): a model that passes and says
 * something else than its file gives sessions with other rules, which the backend refuses to order.
 */
import type { ProductFile } from '../schema/product-file.js';
import type { ProductIssue } from '../types.js';
import type { Expr } from '../expr/print.js';
import { isFunctionName } from '../expr/print.js';
import { rational } from '../expr/rational.js';
import { LIMITS } from '../limits.js';
import { prepareFormulas } from '../pricing.js';
import { checkedText, checksum, COMPILED_FORMAT, type CompiledProductJson, type ModelJson } from './compiled-format.js';
import { formulaVars, makeVar, rulesOf, tableLookup, tableNa, whenStructure, type Formula, type Model, type Rule, type Var } from './model.js';
import { encode } from './encode.js';
import { Product } from './product.js';

/** A compiled product read: the engine's product (not yet solved) and the file's warnings. */
export interface Read {
  ok: true;
  product: Product;
  warnings: ProductIssue[];
}

/** A compiled product that cannot be used as it is: why, and its product file (`undefined` if it has none) to open instead. */
export interface Unread {
  ok: false;
  reason: string;
  file: unknown;
}

/** Deepest nesting of a formula's tree (the parser allows `LIMITS.maxFormulaNodes` nodes, chained). */
const MAX_EXPR_DEPTH = LIMITS.maxFormulaNodes + 1;
/** Deepest nesting of a model's formulas (conditions nest at most `LIMITS.maxDepth`; compiling adds a few levels). */
const MAX_NODE_DEPTH = 4 * LIMITS.maxDepth;

/** Thrown inside the reader only: the reason the compiled product cannot be used. */
class Bad {
  constructor(readonly reason: string) {}
}

function fail(reason: string): never {
  throw new Bad(reason);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** An integer in [min, max). */
function int(x: unknown, min: number, max: number, what: string): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x >= max) fail(`${what} is out of range`);
  return x;
}

function list(x: unknown, max: number, what: string): unknown[] {
  if (!Array.isArray(x)) fail(`${what} is not a list`);
  if (x.length > max) fail(`${what} has more than ${max} entries`);
  return x;
}

/**
 * The data's nesting stays within the format's (`LIMITS.maxDepth` levels of the product file, more
 * for formula trees) and no object has a key that could reach a prototype.
 */
function checkData(root: unknown): void {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [x, depth] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    if (depth > MAX_EXPR_DEPTH + 8) fail('its data is nested too deeply');
    if (Array.isArray(x)) {
      for (const y of x) stack.push([y, depth + 1]);
      continue;
    }
    for (const key of Object.keys(x)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') fail(`it has a key '${key}'`);
      stack.push([(x as Record<string, unknown>)[key], depth + 1]);
    }
  }
}

/** How deeply a product file nests (for the file's own limit). */
function depthOf(x: unknown, depth = 0): number {
  if (depth > LIMITS.maxDepth) return depth;
  if (typeof x !== 'object' || x === null) return depth;
  let max = depth;
  for (const y of Object.values(x)) max = Math.max(max, depthOf(y, depth + 1));
  return max;
}

/** The parts of the product file the model is rebuilt from and the engine reads by position, with the default limits. */
function checkFile(file: unknown): asserts file is ProductFile {
  if (!isObject(file)) fail('it has no product file');
  if (depthOf(file) > LIMITS.maxDepth) fail('its product file is nested too deeply');
  if (!isObject(file.product) || typeof file.product.defaultLocale !== 'string' || typeof file.product.currency !== 'string') fail('its product file has no product');
  const ids = new Set<string>();
  for (const o of list(file.options, LIMITS.maxOptions, 'options')) {
    if (!isObject(o) || typeof o.id !== 'string' || ids.has(o.id)) fail('an option has no id, or the id of another');
    ids.add(o.id);
    switch (o.type) {
      case 'choice':
        for (const v of list(o.values, LIMITS.maxValuesPerOption, `the values of option '${o.id}'`)) {
          if (!isObject(v) || typeof v.id !== 'string') fail(`a value of option '${o.id}' has no id`);
        }
        break;
      case 'number':
        if (![o.min, o.max, o.step].every((n) => typeof n === 'number' && Number.isFinite(n)) || !((o.step as number) > 0)) {
          fail(`option '${o.id}' has no range`);
        }
        break;
      case 'boolean':
      case 'text':
      case 'file':
        break;
      default:
        fail(`option '${o.id}' has an unknown type`);
    }
  }
  for (const c of list(file.constraints, LIMITS.maxConstraints, 'constraints')) if (!isObject(c) || typeof c.id !== 'string') fail('a constraint has no id');
  for (const section of [file.pricing, file.leadTime]) {
    if (section !== undefined && (!isObject(section) || (section.lines !== undefined && list(section.lines, LIMITS.maxPricingLines, 'lines') === null))) {
      fail('its pricing is not an object');
    }
  }
  list(file.derived, LIMITS.maxPricingLines, 'derived values');
}

/** The formula nodes: each an object of model.ts's `Formula`, children before parents. */
function readNodes(json: unknown, vars: readonly Var[]): Formula[] {
  const nodes = list(json, LIMITS.maxCompiledNodes, 'the formula nodes');
  const out: Formula[] = [];
  const depth: number[] = [];
  /** Nodes of each formula as a tree (shared nodes counted each time): what evaluating it visits. */
  const size: number[] = [];
  let total = 0;
  const child = (x: unknown, i: number): number => int(x, 0, i, `a child of formula node ${i}`);
  nodes.forEach((n, i) => {
    if (!Array.isArray(n) || n.length < 2) fail(`formula node ${i} is not a node`);
    const [kind] = n as unknown[];
    let f: Formula;
    let kids: number[] = [];
    switch (kind) {
      case 0:
        f = { k: 'const', v: int(n[1], 0, 2, `formula node ${i}`) === 1 };
        break;
      case 1:
      case 2: {
        const v = vars[int(n[1], 0, vars.length, `the option of formula node ${i}`)];
        if (kind === 1) {
          const lo = int(n[2], 0, v.size, `formula node ${i}`);
          f = { k: 'atom', v: v.index, lo, hi: int(n[3], lo, v.size, `formula node ${i}`), mask: null };
          if (n.length !== 4) fail(`formula node ${i} is not a node`);
        } else {
          const mask = new Uint8Array(v.size);
          for (let j = 2; j < n.length; j++) mask[int(n[j], 0, v.size, `formula node ${i}`)] = 1;
          f = { k: 'atom', v: v.index, lo: 0, hi: v.size - 1, mask };
        }
        break;
      }
      case 3:
      case 4:
        kids = n.slice(1).map((x) => child(x, i));
        f = { k: kind === 3 ? 'and' : 'or', xs: kids.map((k) => out[k]) };
        break;
      case 5:
        if (n.length !== 2) fail(`formula node ${i} is not a node`);
        kids = [child(n[1], i)];
        f = { k: 'not', x: out[kids[0]] };
        break;
      case 6:
        if (n.length !== 3) fail(`formula node ${i} is not a node`);
        kids = [child(n[1], i), child(n[2], i)];
        f = { k: 'iff', a: out[kids[0]], b: out[kids[1]] };
        break;
      default:
        fail(`formula node ${i} is of an unknown kind`);
    }
    let d = 0;
    let s = 1;
    for (const k of kids) {
      d = Math.max(d, depth[k]);
      s += size[k];
    }
    if (d >= MAX_NODE_DEPTH) fail('its formulas are nested too deeply');
    // A graph of shared nodes can stand for a tree far larger than itself: bounded as compiling bounds a model.
    if (s > 2 * LIMITS.maxCompiledNodes) fail('its formulas are too large');
    depth.push(d + 1);
    size.push(s);
    out.push(f);
  });
  return out;
}

/** The rules, with `scope` derived as model.ts's builder derives it. */
function readRules(json: unknown, nodes: readonly Formula[], vars: readonly Var[], constraints: number): { rules: Rule[]; total: number } {
  const node = (x: unknown) => nodes[int(x, 0, nodes.length, 'a formula of a rule')];
  const varList = (x: unknown, max: number, what: string) => list(x, max, what).map((v) => int(v, 0, vars.length, `an option of ${what}`));
  let rows = 0;
  let total = 0;
  const rules = list(json, 2 * constraints + vars.length, 'the rules').map((r, i): Rule => {
    if (!Array.isArray(r)) fail(`rule ${i} is not a rule`);
    const index = int(r[1], -1, constraints, `the constraint of rule ${i}`);
    const what = `rule ${i}`;
    switch (r[0]) {
      case 0: {
        const f = node(r[2]);
        total += 1;
        return { kind: 'formula', index, scope: [...formulaVars(f, new Set())], f };
      }
      case 1: {
        const ids = varList(r[3], LIMITS.maxTableArity, what);
        const cols = ids.map((v) => vars[v]);
        if (ids.length === 0 || cols.some((v) => v.kind !== 'choice' && v.kind !== 'boolean')) fail(`${what} is not a table of choice and boolean options`);
        const cells = list(r[4], ids.length * LIMITS.maxTableRows, what);
        if (cells.length % ids.length !== 0) fail(`${what} has a row of the wrong length`);
        const table: Int32Array[] = [];
        for (let at = 0; at < cells.length; at += ids.length) {
          table.push(Int32Array.from(cols, (v, j) => int(cells[at + j], -1, v.values, `a cell of ${what}`)));
        }
        rows += table.length;
        if (rows > LIMITS.maxTableRows) fail('its tables have too many rows');
        return { kind: 'table', index, scope: [...new Set(ids)], allowed: int(r[2], 0, 2, what) === 1, vars: ids, rows: table, na: tableNa(cols), lookup: tableLookup(cols, table) };
      }
      case 2: {
        const guard = node(r[2]);
        const ids = varList(r[3], LIMITS.maxOptions, what);
        if (ids.some((v) => vars[v].kind !== 'number')) fail(`${what} reads an option that is not a number`);
        // The builder's bound: products of these with value indices stay exact in a double.
        const big = Number.MAX_SAFE_INTEGER / 1e6;
        const coefs = list(r[4], ids.length, what).map((c) => int(c, -big, big, `a coefficient of ${what}`));
        if (coefs.length !== ids.length) fail(`${what} has a coefficient too few`);
        total += 1;
        return { kind: 'linear', index, scope: [...new Set([...ids, ...formulaVars(guard, new Set())])], guard, vars: ids, coefs, bound: int(r[5], -big, big, what) };
      }
      case 3: {
        const guard = node(r[2]);
        const xs = list(r[3], LIMITS.maxConditionArity, what).map(node);
        const scope = new Set<number>();
        formulaVars(guard, scope);
        for (const x of xs) formulaVars(x, scope);
        total += 1;
        const min = int(r[4], 0, xs.length + 1, what);
        return { kind: 'card', index, scope: [...scope], guard, xs, min, max: int(r[5], min, xs.length + 1, what) };
      }
      default:
        fail(`${what} is of an unknown kind`);
    }
  });
  return { rules, total };
}

/** A formula's tree from its JSON form; `nodes` counts what it may still hold. */
function readExpr(x: unknown, depth: number, budget: { nodes: number }): Expr {
  if (!Array.isArray(x) || depth > MAX_EXPR_DEPTH || --budget.nodes < 0) fail('a formula is too large, or not a formula');
  const [kind, a, b] = x as unknown[];
  const sub = (y: unknown) => readExpr(y, depth + 1, budget);
  switch (kind) {
    case 'n': {
      const digits = /^-?\d{1,80}$/;
      if (x.length !== 3 || typeof a !== 'string' || typeof b !== 'string' || !digits.test(a) || !digits.test(b)) fail('a formula has a bad number');
      const value = rational(BigInt(a), BigInt(b));
      if (!value.ok) fail('a formula has a bad number');
      return { kind: 'number', value: value.value, offset: 0 };
    }
    case 'v':
      if (x.length !== 2 || typeof a !== 'string') fail('a formula has a bad option');
      return { kind: 'variable', name: a, offset: 0 };
    case 'neg':
      if (x.length !== 2) fail('a formula has a bad minus');
      return { kind: 'negate', operand: sub(a), offset: 0 };
    case '+':
    case '-':
    case '*':
    case '/':
      if (x.length !== 3) fail('a formula has a bad operator');
      return { kind: 'binary', op: kind, left: sub(a), right: sub(b), offset: 0 };
    case 'f': {
      const args = x.slice(2);
      if (typeof a !== 'string' || !isFunctionName(a) || args.length === 0 || (a !== 'min' && a !== 'max' && args.length !== 1)) fail('a formula calls a bad function');
      return { kind: 'call', fn: a, args: args.map(sub), offset: 0 };
    }
    default:
      fail('a formula has a part of an unknown kind');
  }
}

/** Every formula of the file with its tree, from `formulas` (a formula the file has and they have not is a bad compiled product). */
function readFormulas(json: unknown, file: ProductFile): Map<string, Expr | undefined> {
  const formulas = new Map<string, Expr | undefined>();
  for (const entry of list(json, 3 * LIMITS.maxPricingLines, 'the formulas')) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') fail('a formula is not a formula');
    formulas.set(entry[0], entry[1] === null ? undefined : readExpr(entry[1], 0, { nodes: LIMITS.maxFormulaNodes }));
  }
  for (const d of file.derived) if (!isObject(d) || !formulas.has(d.formula)) fail('a formula of the file is missing');
  for (const section of [file.pricing, file.leadTime]) {
    for (const line of section?.lines ?? []) if (!isObject(line) || (line.formula !== undefined && !formulas.has(line.formula))) fail('a formula of the file is missing');
  }
  return formulas;
}

/** The model from its JSON form and the product file's options. */
function readModel(json: unknown, file: ProductFile): Model {
  if (!isObject(json)) fail('it has no model');
  const m = json as Partial<ModelJson>;
  const vars = file.options.map(makeVar);
  const varById = new Map(vars.map((v) => [v.option.id, v]));
  const nodes = readNodes(m.nodes, vars);
  const { rules } = readRules(m.rules, nodes, vars, file.constraints.length);
  const whenJson = list(m.when, vars.length, 'the when of the options');
  if (whenJson.length !== vars.length) fail('it has a when too few');
  const when = whenJson.map((w, v) => {
    if (w === -1) {
      if (vars[v].na >= 0) fail(`the when of option '${vars[v].option.id}' is missing`);
      return null;
    }
    if (vars[v].na < 0) fail(`option '${vars[v].option.id}' has a when it does not have`);
    return nodes[int(w, 0, nodes.length, 'a when')];
  });
  return { vars, varById, rules, rulesOf: rulesOf(vars, rules), when, ...whenStructure(file.options, vars, varById) };
}

/**
 * Reads a parsed compiled product. Never throws: what cannot be used comes back as {@link Unread},
 * with its product file (when it has one) for the caller to open as a product file.
 */
export function readCompiledProduct(json: unknown): Read | Unread {
  const file = isObject(json) ? json.product : undefined;
  try {
    if (!isObject(json) || json.c2m !== 'compiled-product') fail('it is not a compiled product');
    if (json.format !== COMPILED_FORMAT) fail(`its format (${String(json.format)}) is not format ${COMPILED_FORMAT}`);
    checkData(json);
    if (json.check !== checksum(checkedText(json as unknown as CompiledProductJson))) fail('it does not match its check (it was changed after compiling)');
    if (typeof json.digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(json.digest)) fail('its digest is not a SHA-256 digest');
    const warnings = list(json.warnings, LIMITS.maxOptions, 'the warnings');
    if (!warnings.every((w) => isObject(w) && typeof w.code === 'string' && typeof w.message === 'string' && Array.isArray(w.path))) fail('a warning is not an issue');
    checkFile(file);
    const model = readModel(json.model, file);
    prepareFormulas(file, readFormulas((json.model as { formulas?: unknown }).formulas, file));
    const main = encode(model, { selectors: false, constraintCount: file.constraints.length });
    return { ok: true, product: new Product(file, model, main, {}, json.digest), warnings: warnings as unknown as ProductIssue[] };
  } catch (e) {
    // Bad: the checks above; any other error is a shape they let through (a model over an option
    // with too many values, a cycle of `when`s, …): the product file's own checks will name it.
    return { ok: false, reason: e instanceof Bad ? e.reason : e instanceof Error ? e.message : String(e), file };
  }
}
