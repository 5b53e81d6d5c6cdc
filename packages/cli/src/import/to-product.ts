/**
 * Turns a feature model into a product file: every feature becomes a `boolean` option (labelled
 * with its original name), the tree becomes `rule` and `cardinality` constraints, and cross-tree
 * constraints become `rule` constraints. What a product file cannot express is listed in the notes.
 */
import { LIMITS, RAISED_LIMITS, type Condition, type Constraint, type ProductFileInput } from '@c2m/rules';
import { PRODUCT_FILE_SCHEMA_URL } from '@c2m/rules/tooling';
import type { FeatureModel, FmExpr, FmFeature, ImportNote } from './model.js';

/** The outcome of converting a feature model. */
export interface ImportResult {
  file: ProductFileInput;
  notes: ImportNote[];
  stats: { features: number; treeConstraints: number; crossTreeConstraints: number; dropped: number };
}

/** Options of {@link toProductFile}. */
export interface ToProductOptions {
  /** The product id; default: derived from the root feature's name. */
  productId?: string;
  /** ISO 4217 code for the (empty) pricing; default `XXX` ("no currency"). */
  currency?: string;
}

/** Makes product-file ids from arbitrary names: valid, unique, and readable. */
export class IdMaker {
  private readonly used = new Set<string>();

  make(name: string): string {
    let base = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9_.-]+/g, '_');
    if (!/^[A-Za-z0-9]/.test(base)) base = `f${base}`;
    base = base.slice(0, 56);
    let id = base;
    for (let n = 2; this.used.has(id.toLowerCase()); n++) id = `${base}-${n}`;
    this.used.add(id.toLowerCase());
    return id;
  }
}

/** The constraint as it reads in the feature model, with the original names, for messages. */
export function formatExpr(e: FmExpr, parent = 0): string {
  const wrap = (s: string, prec: number) => (prec < parent ? `(${s})` : s);
  switch (e.kind) {
    case 'var':
      return /^[A-Za-z][A-Za-z0-9_]*$/.test(e.name) ? e.name : `"${e.name}"`;
    case 'const':
      return String(e.value);
    case 'not':
      return `!${formatExpr(e.arg, 5)}`;
    case 'and':
      return wrap(e.args.map((a) => formatExpr(a, 4)).join(' & '), 4);
    case 'or':
      return wrap(e.args.map((a) => formatExpr(a, 3)).join(' | '), 3);
    case 'implies':
      return wrap(`${formatExpr(e.left, 3)} => ${formatExpr(e.right, 3)}`, 2);
    case 'iff':
      return wrap(`${formatExpr(e.left, 2)} <=> ${formatExpr(e.right, 2)}`, 1);
    case 'atmost1':
      return `atmost1(${e.args.map((a) => formatExpr(a, 0)).join(', ')})`;
    case 'unsupported':
      return e.text;
  }
}

/** Converts `model` into a product file; never throws on a parsed model. */
export function toProductFile(model: FeatureModel, options: ToProductOptions = {}): ImportResult {
  const notes: ImportNote[] = [...model.notes];
  const ids = new IdMaker();
  const byName = new Map<string, string>();
  const options_: ProductFileInput['options'] = [];
  const constraints: Constraint[] = [];
  let tree = 0;
  const isTrue = (id: string): Condition => ({ option: id, is: true });
  const quoted = (name: string) => `“${name}”`;

  /** Text over the product file's length limit, shortened to fit (with a note saying so). */
  const fit = (text: string, what: string, pos?: FmFeature['pos']): string => {
    const short = shortened(text, LIMITS.maxTextLength);
    if (short !== text) {
      notes.push({
        severity: 'warning',
        kind: 'shortened',
        message: `${what} has ${text.length.toLocaleString('en')} characters; it is shortened to the ${LIMITS.maxTextLength.toLocaleString('en')} a product file allows`,
        ...(pos ? { pos } : {}),
      });
    }
    return short;
  };

  const constraintIds = new IdMaker();
  const constraintId = (preferred: string, fallback: string) => constraintIds.make(preferred.length <= 56 ? preferred : fallback);

  const visit = (f: FmFeature, parentId: string | undefined, parentName: string | undefined, mandatory: boolean): string => {
    const id = ids.make(f.name);
    if (byName.has(f.name)) {
      notes.push({ severity: 'warning', message: `feature name "${f.name}" is used twice; the second one becomes option "${id}" and constraints refer to the first`, pos: f.pos });
    } else byName.set(f.name, id);
    if (id !== f.name) notes.push({ severity: 'info', message: `feature "${f.name}" becomes option id "${id}" (its name stays the label)`, pos: f.pos });
    const description: string[] = [];
    if (f.abstract) description.push('Abstract feature: it groups other features and has no part of its own.');
    if (f.description) description.push(f.description);
    if (f.attributes.length > 0) {
      description.push(`Attributes: ${f.attributes.map((a) => (a.value === undefined ? a.key : `${a.key} = ${a.value}`)).join(', ')}.`);
      for (const a of f.attributes) {
        notes.push({ severity: 'warning', message: `attribute "${a.key}" of "${f.name}" is kept in the option's description only`, pos: a.pos });
      }
    }
    options_.push({
      id,
      type: 'boolean',
      label: fit(f.name, `the name of feature "${shortened(f.name, 60)}"`, f.pos),
      ...(description.length > 0 ? { description: fit(description.join(' '), `the description of "${shortened(f.name, 60)}"`, f.pos) } : {}),
    });
    if (parentId === undefined) {
      constraints.push({ id: constraintId(`root.${id}`, `root`), type: 'rule', message: `${quoted(f.name)} is the root feature and is always selected.`, assert: isTrue(id) });
    } else if (mandatory) {
      tree++;
      constraints.push({
        id: constraintId(`tree.${id}`, `tree.${tree}`),
        type: 'rule',
        message: `${quoted(f.name)} is mandatory: it is selected exactly when ${quoted(parentName!)} is.`,
        assert: { iff: [isTrue(id), isTrue(parentId)] },
      });
    } else {
      tree++;
      constraints.push({
        id: constraintId(`tree.${id}`, `tree.${tree}`),
        type: 'rule',
        message: `${quoted(f.name)} needs ${quoted(parentName!)}, the feature it belongs to.`,
        assert: { implies: [isTrue(id), isTrue(parentId)] },
      });
    }
    let groupIndex = 0;
    for (const g of f.groups) {
      const direct = g.features.map((c) => visit(c, id, f.name, g.kind === 'mandatory'));
      groupIndex++;
      const names = g.features.map((c) => c.name).join(', ');
      let min: number | undefined;
      let max: number | undefined;
      let what = '';
      if (g.kind === 'alternative') {
        min = 1;
        max = 1;
        what = `exactly one of ${names}`;
      } else if (g.kind === 'or') {
        min = 1;
        what = `at least one of ${names}`;
      } else if (g.kind === 'cardinality') {
        min = g.min;
        max = g.max;
        what = max === undefined ? `at least ${min} of ${names}` : min === max ? `exactly ${min} of ${names}` : `between ${min} and ${max} of ${names}`;
        if (max !== undefined && max > g.features.length) {
          notes.push({ severity: 'info', message: `group [${g.min}..${g.max}] under "${f.name}" allows more features than it has (${g.features.length})`, pos: g.pos });
        }
      } else continue;
      tree++;
      constraints.push({
        id: constraintId(`group.${id}.${groupIndex}`, `group.${tree}`),
        type: 'cardinality',
        message: `When ${quoted(f.name)} is selected, choose ${what}.`,
        if: isTrue(id),
        of: direct.map(isTrue),
        ...(min !== undefined && min > 0 ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      });
    }
    return id;
  };
  visit(model.root, undefined, undefined, true);

  // Cross-tree constraints.
  let ctc = 0;
  let dropped = 0;
  for (const c of model.constraints) {
    ctc++;
    const problems: string[] = [];
    const text = formatExpr(c.expr);
    // A top-level atmost1 (FeatureIDE) is a cardinality constraint; nested ones expand pairwise.
    const atMostOne = c.expr.kind === 'atmost1' ? c.expr.args.map((a) => toCondition(a, byName, problems)) : undefined;
    const cond = atMostOne ? (atMostOne.some((a) => a === undefined) ? undefined : true) : toCondition(c.expr, byName, problems);
    if (cond !== undefined && jsonDepth(cond) > MAX_CONDITION_DEPTH) {
      problems.push(`it is nested more deeply than a product file allows (${LIMITS.maxDepth} levels of JSON)`);
    }
    if (cond === undefined || problems.length > 0) {
      dropped++;
      notes.push({ severity: 'warning', message: `constraint ${text} is not carried over: ${problems.join('; ')}`, pos: c.pos });
      continue;
    }
    const message = fit(`Rule of the feature model: ${text}`, `the message of constraint ctc.${ctc}`, c.pos);
    if (atMostOne) {
      constraints.push({ id: `ctc.${ctc}`, type: 'cardinality', message, of: atMostOne as Condition[], max: 1 });
    } else constraints.push({ id: `ctc.${ctc}`, type: 'rule', message, assert: cond! });
  }

  const over = overLimit(options_.length, 'maxOptions', `the model has ${options_.length.toLocaleString('en')} features; a product file has at most`, 'options');
  if (over) notes.push({ severity: 'warning', kind: 'over-limit', message: over });
  const overConstraints = overLimit(constraints.length, 'maxConstraints', `the model needs ${constraints.length.toLocaleString('en')} constraints; a product file has at most`, '');
  if (overConstraints) notes.push({ severity: 'warning', kind: 'over-limit', message: overConstraints });
  notes.push({ severity: 'info', message: `pricing is not part of a feature model: the currency is ${options.currency ?? 'XXX'} and there are no prices` });

  const rootId = options_[0].id;
  const file: ProductFileInput = {
    $schema: PRODUCT_FILE_SCHEMA_URL,
    schemaVersion: 1,
    product: {
      id: options.productId ?? rootId,
      version: '1',
      name: model.root.name,
      description: `Imported from a ${model.format === 'uvl' ? 'UVL' : 'FeatureIDE'} feature model by c2m import.`,
      currency: options.currency ?? 'XXX',
      defaultLocale: 'en',
    },
    options: options_,
    constraints,
  };
  return {
    file,
    notes,
    stats: { features: options_.length, treeConstraints: constraints.length - (ctc - dropped), crossTreeConstraints: ctc - dropped, dropped },
  };
}

/**
 * A warning when `count` is over a default limit: it then loads only with the raised limits
 * (`--limits raised`), or not at all when it is over those too. `undefined` when it fits.
 */
export function overLimit(count: number, limit: 'maxOptions' | 'maxConstraints' | 'maxFileBytes', what: string, unit: string): string | undefined {
  if (count <= LIMITS[limit]) return undefined;
  const n = (x: number) => x.toLocaleString('en');
  const u = unit ? ` ${unit}` : '';
  if (count <= RAISED_LIMITS[limit]) {
    return `${what} ${n(LIMITS[limit])}${u} by default: it loads only with the raised limits (${n(RAISED_LIMITS[limit])}; c2m --limits raised, loadProduct(text, { limits: 'raised' })), which a shop page does not use`;
  }
  return `${what} ${n(RAISED_LIMITS[limit])}${u} even with the raised limits, so it will not load`;
}

/** `text` cut to at most `max` UTF-16 units, ending in "…" when cut (never inside a surrogate pair). */
function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

// constraints[i].assert sits 4 levels below the document root.
const MAX_CONDITION_DEPTH = LIMITS.maxDepth - 4;

function jsonDepth(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let max = 0;
  for (const v of Object.values(value)) max = Math.max(max, jsonDepth(v));
  return max + 1;
}

/** The condition for a cross-tree expression, or `undefined` with the reasons in `problems`. */
function toCondition(e: FmExpr, byName: ReadonlyMap<string, string>, problems: string[]): Condition | undefined {
  switch (e.kind) {
    case 'var': {
      let id = byName.get(e.name);
      if (id === undefined && e.name.includes('.')) id = byName.get(e.name.slice(e.name.lastIndexOf('.') + 1));
      if (id === undefined) {
        problems.push(`"${e.name}" names no feature of this model`);
        return undefined;
      }
      return { option: id, is: true };
    }
    case 'const':
      return e.value;
    case 'not': {
      const a = toCondition(e.arg, byName, problems);
      if (a === undefined) return undefined;
      if (typeof a === 'object' && 'is' in a && typeof a.is === 'boolean') return { option: a.option, is: !a.is };
      return { not: a };
    }
    case 'and':
    case 'or': {
      const args = e.args.map((a) => toCondition(a, byName, problems));
      if (args.some((a) => a === undefined)) return undefined;
      return e.kind === 'and' ? { all: args as Condition[] } : { any: args as Condition[] };
    }
    case 'implies':
    case 'iff': {
      const l = toCondition(e.left, byName, problems);
      const r = toCondition(e.right, byName, problems);
      if (l === undefined || r === undefined) return undefined;
      return e.kind === 'implies' ? { implies: [l, r] } : { iff: [l, r] };
    }
    case 'atmost1': {
      const args = e.args.map((a) => toCondition(a, byName, problems));
      if (args.some((a) => a === undefined)) return undefined;
      const pairs: Condition[] = [];
      for (let i = 0; i < args.length; i++) {
        for (let j = i + 1; j < args.length; j++) pairs.push({ not: { all: [args[i]!, args[j]!] } });
      }
      if (pairs.length > LIMITS.maxConditionArity) {
        problems.push(`atmost1 over ${args.length} features is too large to expand inside another formula`);
        return undefined;
      }
      return pairs.length === 0 ? true : { all: pairs };
    }
    case 'unsupported':
      problems.push(`${e.why} (${e.text})`);
      return undefined;
  }
}
