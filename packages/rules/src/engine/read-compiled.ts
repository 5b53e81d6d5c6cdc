/**
 * Reading a compiled product (compiled-format.ts) into the engine's compiled product, on a page:
 * no checks of the product file, no formula parser, no model builder, no SHA-256.
 *
 * Trust: a compiled product comes from whoever publishes the product file, and is trusted as the
 * file is; the backend re-checks every order against its own product file (its digest included).
 * What it cannot do is crash, hang or mislead a page quietly, damaged or hostile: everything read
 * here is checked before use — the envelope (marker, format, the check of its content, which finds
 * damage but is no signature, the digest's form), the sizes against the
 * page's default limits (a product compiled with raised limits is not a page's), the nesting and
 * the keys of the data, the shape of what the model is rebuilt from and of what a session reads of
 * the file beside the model (amounts, texts, the conditions of lines and `when`s), and the model
 * itself (every index in range, every node and rule of a known kind, the formulas' size and depth,
 * each `when` reading only options its file's `when` names) — and anything
 * that fails is a {@link Unread} with the reason: the caller then opens the product file inside
 * (open-compiled.ts), with every check a product file gets. What is not checked is that the model
 * is the one its file compiles to (that is compiling it again): a model that passes and says
 * something else than its file gives sessions with other rules, which the backend refuses to order.
 */
import type { ProductFile } from '../schema/product-file.js';
import type { ProductIssue } from '../types.js';
import type { Expr } from '../expr/print.js';
import { isFunctionName } from '../expr/functions.js';
import { rational } from '../expr/rational.js';
import { LIMITS } from '../limits.js';
import { formulaTexts, prepareFormulas } from '../pricing.js';
import { checkedText, checksum, COMPILED_FORMAT, type CompiledProductJson, type ModelJson } from './compiled-format.js';
import { formulaVars, makeVar, rulesOf, tableLookup, tableNa, whenStructure, type Formula, type Model, type Rule, type Var } from './model.js';
import { encode } from './encode.js';
import { CHARACTER_CLASSES } from '../validate/characters.js';
import { conditionOptions } from './evaluate.js';
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

/** What the reader is reading, for the reason of a failure (`rule 3`, `formula node 12`). */
let at = '';

function fail(reason = 'is not well formed'): never {
  throw new Bad(`${at} ${reason}`);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** An integer in [min, max). */
function int(x: unknown, min: number, max: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x >= max) fail('has an index or number out of range');
  return x;
}

/** A list of at most `max` entries (the page's limits). */
function list(x: unknown, max: number): unknown[] {
  if (!Array.isArray(x)) fail('is not a list');
  if (x.length > max) fail(`has more than ${max} entries`);
  return x;
}

/**
 * The data nests no deeper than the format allows (`LIMITS.maxDepth` in the product file, more in
 * formula trees: checked again where they are read), and no object has a key that reaches a prototype.
 */
function checkData(root: unknown, maxDepth: number): void {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [x, depth] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    if (depth > maxDepth) fail('is nested too deeply');
    for (const key of Object.keys(x)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') fail(`has a key '${key}'`);
      stack.push([(x as Record<string, unknown>)[key], depth + 1]);
    }
  }
}

/** An amount of the file (a price, a lead time), if it has one: an integer that sums exactly. */
function amount(x: unknown): void {
  if (x !== undefined && !Number.isSafeInteger(x)) fail('has an amount that is not an integer');
}

/** A text of the file, if it has one: a string, or one per language. */
function text(x: unknown): void {
  if (x !== undefined && typeof x !== 'string' && !(isObject(x) && Object.values(x).every((t) => typeof t === 'string'))) fail('has a text that is not one');
}

/** A condition's shape as the page evaluates it (evaluate.ts), in a price or lead-time line or an option's `when`. */
function condition(x: unknown): void {
  if (typeof x === 'boolean') return;
  if (!isObject(x)) fail();
  const [key] = Object.keys(x);
  const v = x[key];
  if (key === 'not') return condition(v);
  if (['all', 'any', 'implies', 'iff'].includes(key)) {
    if (!Array.isArray(v) || ((key === 'implies' || key === 'iff') && v.length !== 2)) fail();
    return v.forEach(condition);
  }
  if (typeof x.option !== 'string' || ![x.min, x.max].every((n) => n === undefined || typeof n === 'number')) fail();
  if (x.set !== undefined && typeof x.set !== 'boolean') fail();
}

/** The parts of the product file that the model is rebuilt from and the engine reads by position, within the default limits. */
function checkFile(file: unknown): asserts file is ProductFile {
  at = 'its product file';
  if (!isObject(file) || !isObject(file.product)) fail();
  checkData(file, LIMITS.maxDepth);
  const { id, version, currency, defaultLocale } = file.product;
  if (![id, version, currency, defaultLocale].every((x) => typeof x === 'string')) fail();
  text(file.product.name);
  const ids = new Set<unknown>();
  for (const o of list(file.options, LIMITS.maxOptions)) {
    if (!isObject(o) || typeof o.id !== 'string' || ids.has(o.id)) fail();
    ids.add(o.id);
    if (o.type === 'choice') for (const v of list(o.values, LIMITS.maxValuesPerOption)) if (!isObject(v) || typeof v.id !== 'string') fail();
    // makeVar checks the number of values a range has.
    if (o.type === 'number' && ![o.min, o.max, o.step].every((n) => typeof n === 'number' && Number.isFinite(n))) fail();
    if (!['choice', 'number', 'boolean', 'text', 'file'].includes(o.type as string)) fail();
    for (const x of [o, ...((o.values as unknown[] | undefined) ?? [])] as Array<Record<string, unknown>>) {
      [x.price, x.leadTime].forEach(amount);
      text(x.label);
    }
    if (o.when !== undefined) condition(o.when);
    // What checking a text or a file reads (product.ts's checkValue).
    const strings = (x: unknown, known?: readonly string[]) => Array.isArray(x) && x.every((c) => typeof c === 'string' && (known?.includes(c) ?? true));
    if (o.type === 'text' && o.characters !== undefined && !strings(o.characters, CHARACTER_CLASSES)) fail();
    if (o.type === 'file' && !strings(o.accept)) fail();
  }
  for (const c of list(file.constraints, LIMITS.maxConstraints)) if (!isObject(c)) fail();
  for (const section of [file.pricing, file.leadTime]) {
    if (section === undefined) continue;
    if (!isObject(section)) fail();
    amount(section.base);
    text(section.baseLabel);
    for (const line of list(section.lines ?? [], LIMITS.maxPricingLines)) {
      if (!isObject(line)) fail();
      amount(line.amount);
      text(line.label);
      if (line.if !== undefined) condition(line.if);
    }
  }
  list(file.derived, LIMITS.maxPricingLines);
}

/** The formula nodes: each a `Formula` of model.ts, children before their parents. */
function readNodes(json: unknown, vars: readonly Var[]): Formula[] {
  at = 'its formula nodes';
  const nodes = list(json, LIMITS.maxCompiledNodes);
  const out: Formula[] = [];
  const depth: number[] = [];
  /** The size of each formula as a tree (a shared node counted each time): what evaluating it visits. */
  const size: number[] = [];
  nodes.forEach((n, i) => {
    at = `formula node ${i}`;
    if (!Array.isArray(n)) fail();
    const kind = n[0] as unknown;
    const kids = kind === 3 || kind === 4 || kind === 5 || kind === 6 ? n.slice(1).map((x) => int(x, 0, i)) : [];
    const f = out;
    let node: Formula;
    if (kind === 0 && n.length === 2) node = { k: 'const', v: int(n[1], 0, 2) === 1 };
    else if ((kind === 1 && n.length === 4) || kind === 2) {
      const v = vars[int(n[1], 0, vars.length)];
      let mask: Uint8Array | null = null;
      let lo = 0;
      let hi = v.size - 1;
      if (kind === 1) hi = int(n[3], (lo = int(n[2], 0, v.size)), v.size);
      else {
        mask = new Uint8Array(v.size);
        for (let j = 2; j < n.length; j++) mask[int(n[j], 0, v.size)] = 1;
      }
      node = { k: 'atom', v: v.index, lo, hi, mask };
    } else if (kind === 3 || kind === 4) node = { k: kind === 3 ? 'and' : 'or', xs: kids.map((k) => f[k]) };
    else if (kind === 5 && kids.length === 1) node = { k: 'not', x: f[kids[0]] };
    else if (kind === 6 && kids.length === 2) node = { k: 'iff', a: f[kids[0]], b: f[kids[1]] };
    else fail('is of an unknown kind');
    let d = 0;
    let s = 1;
    for (const k of kids) {
      d = Math.max(d, depth[k]);
      s += size[k];
    }
    if (d >= MAX_NODE_DEPTH) fail('is nested too deeply');
    // Shared nodes can stand for a tree far larger than the graph: bounded as compiling bounds a model.
    if (s > 2 * LIMITS.maxCompiledNodes) fail('is too large');
    depth.push(d + 1);
    size.push(s);
    out.push(node);
  });
  return out;
}

/** The rules, each with the `scope` that model.ts's builder gives it. */
function readRules(json: unknown, nodes: readonly Formula[], vars: readonly Var[], constraints: number): Rule[] {
  at = 'its rules';
  const node = (x: unknown) => nodes[int(x, 0, nodes.length)];
  const ids = (x: unknown, max: number) => list(x, max).map((v) => int(v, 0, vars.length));
  const scopeOf = (fs: Formula[], first: number[] = []) => {
    const scope = new Set(first);
    for (const f of fs) formulaVars(f, scope);
    return [...scope];
  };
  // The builder's bound: products of these with value indices stay exact in a double.
  const big = Number.MAX_SAFE_INTEGER / 1e6;
  let rows = 0;
  return list(json, 2 * constraints + vars.length).map((r, i): Rule => {
    at = `rule ${i}`;
    if (!Array.isArray(r)) fail();
    const index = int(r[1], -1, constraints);
    switch (r[0]) {
      case 0: {
        const f = node(r[2]);
        return { kind: 'formula', index, scope: scopeOf([f]), f };
      }
      case 1: {
        const vs = ids(r[3], LIMITS.maxTableArity);
        const cols = vs.map((v) => vars[v]);
        if (vs.length === 0 || cols.some((v) => v.kind !== 'choice' && v.kind !== 'boolean')) fail();
        const cells = list(r[4], vs.length * LIMITS.maxTableRows);
        if (cells.length % vs.length !== 0) fail();
        const table: Int32Array[] = [];
        for (let c = 0; c < cells.length; c += vs.length) table.push(Int32Array.from(cols, (v, j) => int(cells[c + j], -1, v.values)));
        if ((rows += table.length) > LIMITS.maxTableRows) fail('makes too many table rows');
        return { kind: 'table', index, scope: [...new Set(vs)], allowed: int(r[2], 0, 2) === 1, vars: vs, rows: table, na: tableNa(cols), lookup: tableLookup(cols, table) };
      }
      case 2: {
        const guard = node(r[2]);
        const vs = ids(r[3], LIMITS.maxOptions);
        const coefs = list(r[4], vs.length).map((c) => int(c, -big, big));
        if (coefs.length !== vs.length || vs.some((v) => vars[v].kind !== 'number')) fail();
        return { kind: 'linear', index, scope: scopeOf([guard], vs), guard, vars: vs, coefs, bound: int(r[5], -big, big) };
      }
      case 3: {
        const guard = node(r[2]);
        const xs = list(r[3], LIMITS.maxConditionArity).map(node);
        const min = int(r[4], 0, xs.length + 1);
        return { kind: 'card', index, scope: scopeOf([guard, ...xs]), guard, xs, min, max: int(r[5], min, 2 ** 31) };
      }
      default:
        fail('is of an unknown kind');
    }
  });
}

/** A formula's tree from its JSON form; `budget` counts the nodes it may still have. */
function readExpr(x: unknown, depth: number, budget: { nodes: number }): Expr {
  if (!Array.isArray(x) || depth > MAX_EXPR_DEPTH || --budget.nodes < 0) fail('is too large, or not a formula');
  const [kind, a, b] = x as unknown[];
  const sub = (y: unknown) => readExpr(y, depth + 1, budget);
  const n = x.length;
  if (kind === 'n' && n === 3 && typeof a === 'string' && typeof b === 'string' && /^-?\d{1,80}$/.test(a) && /^\d{1,80}$/.test(b)) {
    const value = rational(BigInt(a), BigInt(b));
    if (value.ok) return { kind: 'number', value: value.value, offset: 0 };
  }
  if (kind === 'v' && n === 2 && typeof a === 'string') return { kind: 'variable', name: a, offset: 0 };
  if (kind === 'neg' && n === 2) return { kind: 'negate', operand: sub(a), offset: 0 };
  if ((kind === '+' || kind === '-' || kind === '*' || kind === '/') && n === 3) return { kind: 'binary', op: kind, left: sub(a), right: sub(b), offset: 0 };
  if (kind === 'f' && typeof a === 'string' && isFunctionName(a) && n > 2 && (a === 'min' || a === 'max' || n === 3)) {
    return { kind: 'call', fn: a, args: x.slice(2).map(sub), offset: 0 };
  }
  fail('has a part of an unknown kind');
}

/** Every formula of the file with its tree (a formula the file has and the compiled product has not: it is damaged). */
function readFormulas(json: unknown, file: ProductFile): Map<string, Expr | undefined> {
  at = 'its formulas';
  const formulas = new Map<string, Expr | undefined>();
  for (const entry of list(json, 3 * LIMITS.maxPricingLines)) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') fail();
    at = `the formula '${entry[0].slice(0, 40)}'`;
    formulas.set(entry[0], entry[1] === null ? undefined : readExpr(entry[1], 0, { nodes: LIMITS.maxFormulaNodes }));
  }
  at = 'its formulas';
  for (const text of formulaTexts(file)) if (!formulas.has(text)) fail('lack one of the file');
  return formulas;
}

/** The model from its JSON form and the product file's options. */
function readModel(json: unknown, file: ProductFile): Model {
  at = 'it';
  if (!isObject(json)) fail('has no model');
  const m = json as Partial<ModelJson>;
  const vars = file.options.map(makeVar);
  const varById = new Map(vars.map((v) => [v.option.id, v]));
  const nodes = readNodes(m.nodes, vars);
  const rules = readRules(m.rules, nodes, vars, file.constraints.length);
  at = 'its when';
  const whenJson = list(m.when, vars.length);
  if (whenJson.length !== vars.length) fail();
  // An option has a `when` in the model exactly when it has one in the file (its variable has a "does not apply").
  const when = whenJson.map((w, v) => (w === -1 && vars[v].na < 0 ? null : vars[v].na >= 0 ? nodes[int(w, 0, nodes.length)] : fail()));
  // A `when` reads only options its file's `when` names: the session places options in that order,
  // and one whose applicability is settled by an option placed after it has no value to take.
  when.forEach((f, v) => {
    if (f === null) return;
    const named = new Set(conditionOptions(file.options[v].when!).map((id) => varById.get(id)?.index));
    if ([...formulaVars(f, new Set())].some((u) => !named.has(u))) fail('reads an option its file\'s does not name');
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
    at = 'it';
    if (!isObject(json) || json.c2m !== 'compiled-product') fail('is not a compiled product');
    if (json.format !== COMPILED_FORMAT) fail(`is of format ${String(json.format)}, not ${COMPILED_FORMAT}`);
    checkData(json, MAX_EXPR_DEPTH + 8);
    if (json.check !== checksum(checkedText(json as unknown as CompiledProductJson))) fail('does not match its check (it was changed after compiling)');
    if (typeof json.digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(json.digest)) fail('has no SHA-256 digest');
    at = 'its warnings';
    const warnings = list(json.warnings, LIMITS.maxOptions);
    if (!warnings.every((w) => isObject(w) && typeof w.code === 'string' && typeof w.message === 'string' && Array.isArray(w.path))) fail();
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
