/**
 * Brute-force counting for small models, used as the reference the importer and the engine are
 * compared to. Two independent readings: the feature model's own semantics, and the product file's
 * constraints evaluated directly.
 */
import type { Condition, Constraint, ProductFileInput } from '@c2m/rules';
import type { FeatureModel, FmExpr, FmFeature } from '../src/import/model.js';

/** Valid configurations of a feature model, by enumerating every subset of features (n ≤ 22). */
export function countFeatureModel(model: FeatureModel): number {
  const features: FmFeature[] = [];
  const walk = (f: FmFeature) => {
    features.push(f);
    for (const g of f.groups) for (const c of g.features) walk(c);
  };
  walk(model.root);
  if (features.length > 22) throw new Error('too many features to enumerate');
  const index = new Map<string, number>();
  features.forEach((f, i) => {
    if (!index.has(f.name)) index.set(f.name, i);
  });
  const checks: Array<(on: (i: number) => boolean) => boolean> = [];
  checks.push((on) => on(0));
  for (const f of features) {
    const p = features.indexOf(f);
    for (const g of f.groups) {
      const kids = g.features.map((c) => features.indexOf(c));
      for (const k of kids) {
        checks.push((on) => !on(k) || on(p));
        if (g.kind === 'mandatory') checks.push((on) => !on(p) || on(k));
      }
      const [min, max] =
        g.kind === 'alternative' ? [1, 1] : g.kind === 'or' ? [1, Infinity] : g.kind === 'cardinality' ? [g.min ?? 0, g.max ?? Infinity] : [0, Infinity];
      checks.push((on) => {
        if (!on(p)) return true;
        const n = kids.filter((k) => on(k)).length;
        return n >= min && n <= max;
      });
    }
  }
  const evalExpr = (e: FmExpr, on: (i: number) => boolean): boolean | undefined => {
    switch (e.kind) {
      case 'var': {
        const i = index.get(e.name);
        return i === undefined ? undefined : on(i);
      }
      case 'const':
        return e.value;
      case 'not': {
        const a = evalExpr(e.arg, on);
        return a === undefined ? undefined : !a;
      }
      case 'and':
      case 'or': {
        const vs = e.args.map((a) => evalExpr(a, on));
        if (vs.includes(undefined)) return undefined;
        return e.kind === 'and' ? vs.every(Boolean) : vs.some(Boolean);
      }
      case 'implies':
      case 'iff': {
        const l = evalExpr(e.left, on);
        const r = evalExpr(e.right, on);
        if (l === undefined || r === undefined) return undefined;
        return e.kind === 'implies' ? !l || r : l === r;
      }
      case 'atmost1': {
        const vs = e.args.map((a) => evalExpr(a, on));
        if (vs.includes(undefined)) return undefined;
        return vs.filter(Boolean).length <= 1;
      }
      case 'unsupported':
        return undefined;
    }
  };
  for (const c of model.constraints) {
    // Constraints the importer cannot carry over are left out of both counts.
    checks.push((on) => evalExpr(c.expr, on) ?? true);
  }
  let count = 0;
  const n = features.length;
  for (let mask = 0; mask < 2 ** n; mask++) {
    const on = (i: number) => (mask & (1 << i)) !== 0;
    if (checks.every((check) => check(on))) count++;
  }
  return count;
}

function holds(c: Condition, value: (id: string) => boolean): boolean {
  if (typeof c === 'boolean') return c;
  if ('all' in c) return c.all.every((x) => holds(x, value));
  if ('any' in c) return c.any.some((x) => holds(x, value));
  if ('not' in c) return !holds(c.not, value);
  if ('implies' in c) return !holds(c.implies[0], value) || holds(c.implies[1], value);
  if ('iff' in c) return holds(c.iff[0], value) === holds(c.iff[1], value);
  if ('is' in c) return (Array.isArray(c.is) ? c.is : [c.is]).includes(value(c.option));
  if ('isNot' in c) return !(Array.isArray(c.isNot) ? c.isNot : [c.isNot]).includes(value(c.option));
  throw new Error(`condition not used by the importer: ${JSON.stringify(c)}`);
}

function satisfied(k: Constraint, value: (id: string) => boolean): boolean {
  if (k.type === 'rule') return holds(k.assert, value);
  if (k.type === 'cardinality') {
    if (k.if !== undefined && !holds(k.if, value)) return true;
    const n = k.of.filter((x) => holds(x, value)).length;
    return n >= (k.min ?? 0) && n <= (k.max ?? Infinity);
  }
  throw new Error(`constraint type not used by the importer: ${k.type}`);
}

/** Valid configurations of an all-boolean product file, by enumeration (n ≤ 22). */
export function countBooleanProduct(file: ProductFileInput): number {
  const ids = file.options.map((o) => o.id);
  if (ids.length > 22) throw new Error('too many options to enumerate');
  const at = new Map(ids.map((id, i) => [id, i]));
  const constraints = (file.constraints ?? []) as Constraint[];
  let count = 0;
  for (let mask = 0; mask < 2 ** ids.length; mask++) {
    const value = (id: string) => (mask & (1 << at.get(id)!)) !== 0;
    if (constraints.every((k) => satisfied(k, value))) count++;
  }
  return count;
}
