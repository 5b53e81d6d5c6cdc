/**
 * Deterministic generators of industrial-size product files, in the two shapes the engine must handle:
 *
 * - {@link generateCarModel}: the shape of the Renault car-configuration benchmark — ~100 choice options
 *   with domains of 2–40 values, constrained mostly by allowed-combination tables of arity 2–10;
 * - {@link generateFeatureModel}: the shape of automotive feature models — thousands of boolean features
 *   in a tree of mandatory/optional/alternative/or groups, plus thousands of cross-tree rules, encoded
 *   as an imported UVL model would be.
 *
 * Both are built around planted solutions, so they are satisfiable by construction and the tests can
 * check the plant against every constraint. The same seed always gives the same document.
 *
 * @packageDocumentation
 */
import type { Condition, ProductFileInput } from '../src/schema/product-file.js';

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

/** A small seeded PRNG (sfc32): the generators must not depend on `Math.random`. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform integer in [lo, hi] (both inclusive). */
  range(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  /** A new array with the items in random order. */
  shuffle<T>(items: readonly T[]): T[];
  /** `k` distinct items (k ≤ items.length), in random order. */
  sample<T>(items: readonly T[], k: number): T[];
  chance(p: number): boolean;
}

/** A seeded random source; equal seeds give equal sequences. */
export function createRandom(seed: number): Random {
  // sfc32, seeded through splitmix32 so that nearby seeds give unrelated streams.
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const int = (n: number): number => Math.floor(next() * n);
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(i + 1);
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  };
  return {
    next,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    pick: (items) => items[int(items.length)]!,
    shuffle,
    sample: (items, k) => shuffle(items).slice(0, k),
    chance: (p) => next() < p,
  };
}

// ---------------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------------

/** A complete configuration of a generated model: option id → value id (choice) or boolean. */
export type PlantedConfiguration = Record<string, string | boolean>;

/** What a generator returns: the document and what is known about its solutions. */
export interface GeneratedModel {
  /** A product file, valid per `ProductFile`. */
  file: ProductFileInput;
  /** One complete configuration that satisfies every constraint. */
  planted: PlantedConfiguration;
  /** Further complete configurations that satisfy every constraint (`planted` is the first). */
  witnesses: PlantedConfiguration[];
  /** Counts for reports. */
  stats: GeneratedStats;
}

export interface GeneratedStats {
  options: number;
  constraints: number;
  /** Constraints by type. */
  byType: Record<string, number>;
  /** Largest table arity used. */
  maxArity: number;
  /** Largest number of rows of one table. */
  maxRows: number;
  /** Largest domain. */
  maxDomain: number;
  /** Connected components of the options (linked when a constraint reads both), and the largest one's size. */
  components: number;
  largestComponent: number;
  /**
   * A proven lower bound on the number of valid configurations (car model: the product over clusters
   * of their distinct planted local solutions; every combination satisfies every constraint).
   */
  countLowerBound?: bigint;
}

function countByType(constraints: ReadonlyArray<{ type: string }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of constraints) out[c.type] = (out[c.type] ?? 0) + 1;
  return out;
}

/** Options read by a condition. */
function conditionOptions(c: Condition, out: string[]): string[] {
  if (typeof c === 'boolean') return out;
  if ('all' in c) c.all.forEach((x) => conditionOptions(x, out));
  else if ('any' in c) c.any.forEach((x) => conditionOptions(x, out));
  else if ('not' in c) conditionOptions(c.not, out);
  else if ('implies' in c) c.implies.forEach((x) => conditionOptions(x, out));
  else if ('iff' in c) c.iff.forEach((x) => conditionOptions(x, out));
  else out.push(c.option);
  return out;
}

/** Connected components of the options, linking the options each constraint reads. */
function components(ids: readonly string[], constraints: ReadonlyArray<Record<string, unknown>>): { count: number; largest: number } {
  const parent = new Map(ids.map((id) => [id, id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    for (let y = x; parent.get(y) !== r; ) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  for (const c of constraints) {
    const scope: string[] = [];
    if (Array.isArray(c.options)) scope.push(...(c.options as string[]));
    for (const key of ['if', 'then', 'assert'] as const) if (c[key] !== undefined) conditionOptions(c[key] as Condition, scope);
    for (let i = 1; i < scope.length; i++) parent.set(find(scope[i]!), find(scope[0]!));
  }
  const sizes = new Map<string, number>();
  for (const id of ids) sizes.set(find(id), (sizes.get(find(id)) ?? 0) + 1);
  return { count: sizes.size, largest: Math.max(...sizes.values()) };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// ---------------------------------------------------------------------------------------------
// Car model (Renault-style)
// ---------------------------------------------------------------------------------------------

/** Parameters of {@link generateCarModel}; every field has an industrial-size default. */
export interface CarModelOptions {
  seed?: number;
  /** Choice options. Default 110. */
  options?: number;
  /** Largest domain (at least one option has it). Default 40; smallest domain is 2. */
  maxDomain?: number;
  /** Allowed-combination tables. Default 140. */
  tables?: number;
  /** Largest table arity (at least one table has it when a cluster is big enough). Default 10. */
  maxArity?: number;
  /** Forbidden-combination tables. Default 40. */
  forbiddenTables?: number;
  /** `requires` constraints. Default 80. */
  requires?: number;
  /** `excludes` constraints. Default 60. */
  excludes?: number;
  /**
   * Planted local solutions per cluster. The valid configurations number at least this to the power
   * of the number of clusters. Default 16.
   */
  localSolutions?: number;
  /** Most random rows added to an allowed table beyond the planted ones. Default 40. */
  extraRows?: number;
  /** Share of requires/excludes/forbidden tables that link two clusters. Default 0.05. */
  crossClusterShare?: number;
  /**
   * How many of the allowed tables are big (arity ≥ 5 where the cluster allows, up to `bigTableRows`
   * rows), like the long option-compatibility lists of real car models. Default 6.
   */
  bigTables?: number;
  /** Rows aimed at for a big table. Default 1000. */
  bigTableRows?: number;
}

/** The cluster structure of a generated car model (for tests that mix local solutions). */
export interface CarModelStructure {
  clusters: Array<{ options: string[]; solutions: Array<Record<string, string>> }>;
}

/**
 * A car-configuration model in the shape of the Renault benchmark (published as CSP tables: ~100
 * variables, domains up to ~40, ~100+ allowed tables of arity 2–10).
 *
 * Options are split into clusters of 4–12; each cluster gets planted local solutions, and every
 * allowed table lies inside one cluster with the planted projections as rows (plus near-miss and random
 * rows). Cross-cluster requires/excludes and forbidden tables are chosen so that every combination of
 * planted local solutions stays valid; hence the model is satisfiable and has at least
 * `localSolutions ^ clusters` valid configurations, and most of it decomposes into components.
 */
export function generateCarModel(params: CarModelOptions = {}): GeneratedModel & { structure: CarModelStructure } {
  const seed = params.seed ?? 1;
  const n = Math.max(2, params.options ?? 110);
  const maxDomain = Math.max(2, Math.min(1000, params.maxDomain ?? 40));
  const tableCount = params.tables ?? 140;
  const maxArity = Math.max(2, Math.min(16, params.maxArity ?? 10));
  const forbiddenCount = params.forbiddenTables ?? 40;
  const requiresCount = params.requires ?? 80;
  const excludesCount = params.excludes ?? 60;
  const K = Math.max(1, params.localSolutions ?? 16);
  const extraRows = params.extraRows ?? 40;
  const crossShare = params.crossClusterShare ?? 0.05;
  const bigTables = Math.max(0, Math.min(tableCount, params.bigTables ?? 6));
  const bigTableRows = Math.max(1, Math.min(50_000, params.bigTableRows ?? 1000));
  const bigStride = bigTables > 0 ? Math.max(1, Math.floor(tableCount / bigTables)) : 0;
  let bigMade = 0;
  const rnd = createRandom(seed);

  // Domains skewed towards small ones, as in real option lists (many 2–6, a few long ones).
  const ids: string[] = [];
  const domains: string[][] = [];
  for (let i = 0; i < n; i++) {
    const size = i === 0 ? maxDomain : 2 + Math.floor((maxDomain - 1) * rnd.next() ** 3);
    ids.push(`o${pad(i + 1, 3)}`);
    domains.push(Array.from({ length: Math.min(size, maxDomain) }, (_, v) => `v${v}`));
  }

  // Clusters of consecutive options; the first is large enough for the widest table.
  const clusterOf: number[] = [];
  const clusters: number[][] = [];
  {
    let i = 0;
    while (i < n) {
      const want = clusters.length === 0 ? Math.max(maxArity, 4) : rnd.range(4, 12);
      let size = Math.min(want, n - i);
      if (n - i - size > 0 && n - i - size < 2) size = n - i; // no cluster of one
      const members = Array.from({ length: size }, (_, k) => i + k);
      for (const m of members) clusterOf[m] = clusters.length;
      clusters.push(members);
      i += size;
    }
  }

  // Planted local solutions: a base assignment and variations of it, as real variants of a car share
  // most of their equipment.
  const local: number[][][] = clusters.map((members) => {
    const base = members.map((m) => rnd.int(domains[m]!.length));
    const sols: number[][] = [base];
    for (let s = 1; s < K; s++) {
      sols.push(members.map((m, k) => (rnd.chance(0.5) ? rnd.int(domains[m]!.length) : base[k]!)));
    }
    return sols;
  });
  // plantedValues[m]: the values option m takes in some planted local solution.
  const plantedValues: Array<Set<number>> = ids.map((_, m) => {
    const c = clusterOf[m]!;
    const k = clusters[c]!.indexOf(m);
    return new Set(local[c]!.map((sol) => sol[k]!));
  });

  const constraints: Array<Record<string, unknown> & { id: string; type: string }> = [];
  const message = (en: string, zh: string): { en: string; 'zh-CN': string } => ({ en, 'zh-CN': zh });
  let maxRows = 0;
  let widest = 0;

  // Allowed tables, spread over clusters by size; the first cluster gets one of the widest arity.
  const weights = clusters.map((c) => c.length);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const tablesOf = clusters.map((_, c) => Math.floor((tableCount * weights[c]!) / totalWeight));
  for (let left = tableCount - tablesOf.reduce((a, b) => a + b, 0), c = 0; left > 0; left--, c = (c + 1) % clusters.length) {
    tablesOf[c]!++;
  }
  let tableNo = 0;
  for (let c = 0; c < clusters.length; c++) {
    const members = clusters[c]!;
    if (members.length < 2) continue;
    for (let t = 0; t < tablesOf[c]!; t++) {
      const top = Math.min(maxArity, members.length);
      const big = bigMade < bigTables && tableNo % bigStride === bigStride - 1;
      if (big) bigMade++;
      // Mostly narrow tables, some wide ones; the first table of the first cluster is the widest.
      let arity = c === 0 && t === 0 ? top : Math.min(top, 2 + Math.floor((top - 1) * rnd.next() ** 2.5));
      if (big) arity = Math.max(arity, Math.min(top, 5));
      const cols = rnd.sample(members, arity).sort((x, y) => x - y);
      const pos = cols.map((m) => members.indexOf(m));
      const rows = new Map<string, Array<string>>();
      const add = (row: string[]): void => {
        rows.set(row.join('\u0000'), row);
      };
      for (const sol of local[c]!) add(pos.map((p, k) => domains[cols[k]!]![sol[p]!]!));
      const extra = big ? bigTableRows * 4 : rnd.int(extraRows + 1);
      for (let e = 0; e < extra && !(big && rows.size >= bigTableRows); e++) {
        // Near-misses of a planted row (one or two cells changed, sometimes to "*"), and random rows.
        if (rnd.chance(0.7)) {
          const sol = rnd.pick(local[c]!);
          const row = pos.map((p, k) => domains[cols[k]!]![sol[p]!]!);
          for (let changes = rnd.range(1, 2); changes > 0; changes--) {
            const k = rnd.int(arity);
            row[k] = rnd.chance(0.1) ? '*' : rnd.pick(domains[cols[k]!]!);
          }
          add(row);
        } else {
          add(cols.map((m) => rnd.pick(domains[m]!)));
        }
      }
      const list = [...rows.values()];
      maxRows = Math.max(maxRows, list.length);
      widest = Math.max(widest, arity);
      constraints.push({
        id: `t${pad(++tableNo, 3)}`,
        type: 'table',
        mode: 'allowed',
        options: cols.map((m) => ids[m]!),
        rows: list,
        message: message(`Combination not offered (table ${tableNo}).`, `不提供此组合（表 ${tableNo}）。`),
      });
    }
  }

  // A pair (or set) of options for a cross rule: mostly inside one cluster, sometimes across two.
  const pickOptions = (k: number): number[] => {
    if (clusters.length > 1 && rnd.chance(crossShare)) {
      const picked = new Set<number>();
      while (picked.size < k) picked.add(rnd.int(n));
      return [...picked];
    }
    const big = clusters.filter((c) => c.length >= k);
    if (big.length === 0) return rnd.sample(ids.map((_, i) => i), Math.min(k, n));
    return rnd.sample(rnd.pick(big), k);
  };
  const valueId = (m: number, v: number): string => domains[m]![v]!;
  const notPlanted = (m: number): number[] => domains[m]!.map((_, v) => v).filter((v) => !plantedValues[m]!.has(v));

  // Forbidden tables: every row has a cell outside the planted values of its option, so no planted
  // combination matches a row.
  let forbiddenNo = 0;
  for (let guard = 0; forbiddenNo < forbiddenCount && guard < forbiddenCount * 50; guard++) {
    const arity = rnd.range(2, Math.min(4, n));
    const cols = pickOptions(arity);
    const free = cols.filter((m) => notPlanted(m).length > 0);
    if (free.length === 0) continue;
    const rows: string[][] = [];
    const rowCount = rnd.range(1, 12);
    for (let r = 0; r < rowCount; r++) {
      const anchor = rnd.pick(free);
      rows.push(cols.map((m) => (m === anchor ? valueId(m, rnd.pick(notPlanted(m))) : valueId(m, rnd.int(domains[m]!.length)))));
    }
    maxRows = Math.max(maxRows, rows.length);
    constraints.push({
      id: `f${pad(++forbiddenNo, 3)}`,
      type: 'table',
      mode: 'forbidden',
      options: cols.map((m) => ids[m]!),
      rows,
      message: message(`Combination not possible (forbidden table ${forbiddenNo}).`, `无法实现此组合（禁止表 ${forbiddenNo}）。`),
    });
  }

  // requires: "if A is a then B is one of …". Either a is never planted (prunes the unplanted space) or
  // the allowed values of B contain every planted value of B.
  let requiresNo = 0;
  for (let guard = 0; requiresNo < requiresCount && guard < requiresCount * 50; guard++) {
    const [a, b] = pickOptions(2) as [number, number];
    const outside = notPlanted(a);
    const useOutside = outside.length > 0 && rnd.chance(0.5);
    const av = useOutside ? rnd.pick(outside) : rnd.pick([...plantedValues[a]!]);
    let allowed: Set<number>;
    if (useOutside) {
      allowed = new Set(rnd.sample(domains[b]!.map((_, v) => v), rnd.range(1, Math.max(1, domains[b]!.length - 1))));
    } else {
      allowed = new Set(plantedValues[b]);
      for (const v of domains[b]!.keys()) if (rnd.chance(0.3)) allowed.add(v);
    }
    if (allowed.size === domains[b]!.length) continue; // says nothing
    const ifCond: Condition = { option: ids[a]!, is: valueId(a, av) };
    const thenCond: Condition = { option: ids[b]!, is: [...allowed].sort((x, y) => x - y).map((v) => valueId(b, v)) };
    constraints.push({
      id: `r${pad(++requiresNo, 3)}`,
      type: 'requires',
      if: ifCond,
      then: thenCond,
      message: message(`${ids[a]} = ${valueId(a, av)} needs another ${ids[b]}.`, `${ids[a]} = ${valueId(a, av)} 需要其他的 ${ids[b]}。`),
    });
  }

  // excludes: "if A is a then not B is b", where a or b is never planted.
  let excludesNo = 0;
  for (let guard = 0; excludesNo < excludesCount && guard < excludesCount * 50; guard++) {
    const [a, b] = pickOptions(2) as [number, number];
    const outA = notPlanted(a);
    const outB = notPlanted(b);
    if (outA.length === 0 && outB.length === 0) continue;
    const aOutside = outB.length === 0 || (outA.length > 0 && rnd.chance(0.5));
    const av = aOutside ? rnd.pick(outA) : rnd.int(domains[a]!.length);
    const bv = aOutside ? rnd.int(domains[b]!.length) : rnd.pick(outB);
    constraints.push({
      id: `x${pad(++excludesNo, 3)}`,
      type: 'excludes',
      if: { option: ids[a]!, is: valueId(a, av) },
      then: { option: ids[b]!, is: valueId(b, bv) },
      message: message(
        `${ids[a]} = ${valueId(a, av)} cannot have ${ids[b]} = ${valueId(b, bv)}.`,
        `${ids[a]} = ${valueId(a, av)} 不能搭配 ${ids[b]} = ${valueId(b, bv)}。`,
      ),
    });
  }

  const options = ids.map((id, m) => ({
    id,
    type: 'choice' as const,
    label: `Option ${m + 1}`,
    group: `c${pad(clusterOf[m]! + 1, 2)}`,
    values: domains[m]!.map((v, k) => ({
      id: v,
      label: `${id} ${v}`,
      ...(k > 0 && rnd.chance(0.4) ? { price: 100 * rnd.range(-20, 200) } : {}),
    })),
  }));

  const file: ProductFileInput = {
    schemaVersion: 1,
    product: {
      id: `car-${seed}`,
      version: '1',
      name: { en: `Generated car model (seed ${seed})`, 'zh-CN': `生成的汽车模型（种子 ${seed}）` },
      currency: 'EUR',
    },
    groups: clusters.map((_, c) => ({ id: `c${pad(c + 1, 2)}`, label: `Cluster ${c + 1}` })),
    options,
    constraints: constraints as ProductFileInput['constraints'],
    pricing: { base: 2_500_000 },
    leadTime: { base: 30 },
  };

  const witnesses: PlantedConfiguration[] = [];
  for (let s = 0; s < K; s++) {
    const config: PlantedConfiguration = {};
    clusters.forEach((members, c) => members.forEach((m, k) => (config[ids[m]!] = valueId(m, local[c]![s]![k]!))));
    witnesses.push(config);
  }

  let countLowerBound = 1n;
  for (let c = 0; c < clusters.length; c++) {
    countLowerBound *= BigInt(new Set(local[c]!.map((sol) => sol.join(','))).size);
  }

  const structure: CarModelStructure = {
    clusters: clusters.map((members, c) => ({
      options: members.map((m) => ids[m]!),
      solutions: local[c]!.map((sol) => Object.fromEntries(members.map((m, k) => [ids[m]!, valueId(m, sol[k]!)]))),
    })),
  };

  return {
    file,
    planted: witnesses[0]!,
    witnesses,
    structure,
    stats: {
      options: n,
      constraints: constraints.length,
      byType: countByType(constraints),
      maxArity: widest,
      maxRows,
      maxDomain: Math.max(...domains.map((d) => d.length)),
      ...(({ count, largest }) => ({ components: count, largestComponent: largest }))(components(ids, constraints)),
      countLowerBound,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Feature model (automotive, UVL-style)
// ---------------------------------------------------------------------------------------------

/** Parameters of {@link generateFeatureModel}. */
export interface FeatureModelOptions {
  seed?: number;
  /** Boolean features, the root included. Default 2500. */
  features?: number;
  /** Cross-tree constraints. Default 2800. */
  crossTree?: number;
  /** Most children of one feature. Default 8. */
  maxChildren?: number;
  /** Share of cross-tree constraints that are 3-literal clauses (the rest: requires/excludes). Default 0.15. */
  clauseShare?: number;
  /**
   * Planted configurations every cross-tree constraint must satisfy; each feature that is on in one of
   * them stays selectable. Default 5.
   */
  plants?: number;
}

type GroupKind = 'mandatory' | 'optional' | 'alternative' | 'or';

/** The tree of a generated feature model, for tests. */
export interface FeatureTree {
  root: string;
  /** Parent → its groups of children. */
  groups: Array<{ parent: string; kind: GroupKind; children: string[] }>;
}

/**
 * An automotive-style feature model: a tree of boolean features in groups, written as `rule`
 * constraints the way a UVL import would write them —
 * mandatory `iff(child, parent)`, optional `implies(child, parent)`, alternative `iff(parent, any(children))`
 * plus pairwise `not(all(a, b))`, or `iff(parent, any(children))` — and cross-tree requires/excludes and
 * 3-literal clauses that hold in every planted configuration.
 */
export function generateFeatureModel(params: FeatureModelOptions = {}): GeneratedModel & { tree: FeatureTree } {
  const seed = params.seed ?? 1;
  const n = Math.max(2, params.features ?? 2500);
  const crossTree = params.crossTree ?? 2800;
  const maxChildren = Math.max(2, params.maxChildren ?? 8);
  const clauseShare = params.clauseShare ?? 0.15;
  const plants = Math.max(1, params.plants ?? 5);
  const rnd = createRandom(seed ^ 0x5eed);
  const width = String(n).length;
  const ids = Array.from({ length: n }, (_, i) => `f${pad(i, width)}`);
  const is = (f: number, on = true): Condition => ({ option: ids[f]!, is: on });

  // The tree, breadth first: shallow and wide, as automotive models are.
  const groups: Array<{ parent: number; kind: GroupKind; children: number[] }> = [];
  const parentOf: number[] = [-1];
  const top: number[] = [0]; // depth-1 ancestor (UI group) of each feature
  {
    const queue = [0];
    let next = 1;
    while (next < n) {
      const parent = queue.shift() ?? rnd.int(next);
      const count = Math.min(n - next, rnd.range(2, maxChildren));
      const children = Array.from({ length: count }, (_, k) => next + k);
      next += count;
      for (const child of children) {
        parentOf[child] = parent;
        top[child] = parent === 0 ? child : top[parent]!;
        queue.push(child);
      }
      // Split the children into one to three groups of random kinds.
      let rest = children;
      while (rest.length > 0) {
        const take = rest.length <= 2 || rnd.chance(0.4) ? rest.length : rnd.range(1, rest.length - 1);
        const members = rest.slice(0, take);
        rest = rest.slice(take);
        const r = rnd.next();
        const kind: GroupKind =
          members.length === 1 ? (r < 0.25 ? 'mandatory' : 'optional') : r < 0.15 ? 'mandatory' : r < 0.5 ? 'optional' : r < 0.8 ? 'alternative' : 'or';
        groups.push({ parent, kind, children: members });
      }
    }
  }

  const constraints: Array<Record<string, unknown> & { id: string; type: string }> = [];
  const message = (en: string, zh: string): { en: string; 'zh-CN': string } => ({ en, 'zh-CN': zh });
  constraints.push({ id: 'root', type: 'rule', assert: is(0), message: message('The root feature is always present.', '根特性始终存在。') });
  for (const g of groups) {
    const p = g.parent;
    if (g.kind === 'mandatory' || g.kind === 'optional') {
      for (const c of g.children) {
        constraints.push({
          id: `tree-${ids[c]}`,
          type: 'rule',
          assert: g.kind === 'mandatory' ? { iff: [is(c), is(p)] } : { implies: [is(c), is(p)] },
          message:
            g.kind === 'mandatory'
              ? message(`${ids[c]} comes with ${ids[p]}.`, `${ids[c]} 随 ${ids[p]} 一起提供。`)
              : message(`${ids[c]} needs ${ids[p]}.`, `${ids[c]} 需要 ${ids[p]}。`),
        });
      }
      continue;
    }
    const first = g.children[0]!;
    constraints.push({
      id: `tree-${ids[first]}-group`,
      type: 'rule',
      assert: { iff: [is(p), { any: g.children.map((c) => is(c)) }] },
      message: message(`${ids[p]} needs one of its ${g.kind} group.`, `${ids[p]} 需要其组中的一项。`),
    });
    if (g.kind === 'alternative') {
      const pairs: Condition[] = [];
      for (let i = 0; i < g.children.length; i++) {
        for (let j = i + 1; j < g.children.length; j++) pairs.push({ not: { all: [is(g.children[i]!), is(g.children[j]!)] } });
      }
      constraints.push({
        id: `tree-${ids[first]}-alt`,
        type: 'rule',
        assert: pairs.length === 1 ? pairs[0]! : { all: pairs },
        message: message(`At most one of this group under ${ids[p]}.`, `${ids[p]} 下此组最多选一项。`),
      });
    }
  }

  // Planted configurations, top-down.
  const childGroups: Array<Array<(typeof groups)[number]>> = ids.map(() => []);
  for (const g of groups) childGroups[g.parent]!.push(g);
  const planted: boolean[][] = [];
  for (let s = 0; s < plants; s++) {
    const on = new Array<boolean>(n).fill(false);
    on[0] = true;
    const stack = [0];
    while (stack.length > 0) {
      const f = stack.pop()!;
      for (const g of childGroups[f]!) {
        let chosen: number[];
        if (g.kind === 'mandatory') chosen = g.children;
        else if (g.kind === 'optional') chosen = g.children.filter(() => rnd.chance(0.5));
        else if (g.kind === 'alternative') chosen = [rnd.pick(g.children)];
        else {
          chosen = g.children.filter(() => rnd.chance(0.4));
          if (chosen.length === 0) chosen = [rnd.pick(g.children)];
        }
        for (const c of chosen) {
          on[c] = true;
          stack.push(c);
        }
      }
    }
    planted.push(on);
  }
  const holdsEverywhere = (lits: Array<[number, boolean]>): boolean =>
    planted.every((on) => lits.some(([f, sign]) => on[f] === sign));

  // Cross-tree constraints between features of different subtrees, as "option X requires package Y".
  let made = 0;
  for (let guard = 0; made < crossTree && guard < crossTree * 200; guard++) {
    const a = 1 + rnd.int(n - 1);
    const b = 1 + rnd.int(n - 1);
    if (a === b || parentOf[a] === b || parentOf[b] === a) continue;
    const r = rnd.next();
    if (r < clauseShare) {
      const c = 1 + rnd.int(n - 1);
      if (c === a || c === b) continue;
      const lits: Array<[number, boolean]> = [
        [a, rnd.chance(0.5)],
        [b, rnd.chance(0.5)],
        [c, rnd.chance(0.5)],
      ];
      if (!holdsEverywhere(lits)) continue;
      constraints.push({
        id: `ctc-${pad(++made, 4)}`,
        type: 'rule',
        assert: { any: lits.map(([f, sign]) => is(f, sign)) },
        message: message('These features cannot be combined this way.', '这些特性不能这样组合。'),
      });
    } else if (r < clauseShare + (1 - clauseShare) * 0.55) {
      if (!holdsEverywhere([[a, false], [b, true]])) continue;
      constraints.push({
        id: `ctc-${pad(++made, 4)}`,
        type: 'requires',
        if: is(a),
        then: is(b),
        message: message(`${ids[a]} requires ${ids[b]}.`, `${ids[a]} 需要 ${ids[b]}。`),
      });
    } else {
      if (!holdsEverywhere([[a, false], [b, false]])) continue;
      constraints.push({
        id: `ctc-${pad(++made, 4)}`,
        type: 'excludes',
        if: is(a),
        then: is(b),
        message: message(`${ids[a]} cannot be combined with ${ids[b]}.`, `${ids[a]} 不能与 ${ids[b]} 组合。`),
      });
    }
  }

  const topGroups = [...new Set(top.slice(1))];
  const options = ids.map((id, f) => ({
    id,
    type: 'boolean' as const,
    label: f === 0 ? 'Vehicle' : `Feature ${f}`,
    ...(f === 0 ? {} : { group: `g-${ids[top[f]!]}` }),
    ...(f > 0 && rnd.chance(0.3) ? { price: 100 * rnd.range(1, 500) } : {}),
  }));

  const file: ProductFileInput = {
    schemaVersion: 1,
    product: {
      id: `feature-model-${seed}`,
      version: '1',
      name: { en: `Generated feature model (seed ${seed})`, 'zh-CN': `生成的特性模型（种子 ${seed}）` },
      currency: 'EUR',
    },
    groups: topGroups.map((f) => ({ id: `g-${ids[f]}`, label: `Subsystem ${ids[f]}` })),
    options,
    constraints: constraints as ProductFileInput['constraints'],
    pricing: { base: 3_000_000 },
    leadTime: { base: 45 },
  };

  const witnesses = planted.map((on) => Object.fromEntries(ids.map((id, f) => [id, on[f]!])) as PlantedConfiguration);
  return {
    file,
    planted: witnesses[0]!,
    witnesses,
    tree: {
      root: ids[0]!,
      groups: groups.map((g) => ({ parent: ids[g.parent]!, kind: g.kind, children: g.children.map((c) => ids[c]!) })),
    },
    stats: {
      options: n,
      constraints: constraints.length,
      byType: countByType(constraints),
      maxArity: 0,
      maxRows: 0,
      maxDomain: 2,
      ...(({ count, largest }) => ({ components: count, largestComponent: largest }))(components(ids, constraints)),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Table-heavy car model (order-book shape)
// ---------------------------------------------------------------------------------------------

/** Parameters of {@link generateTableCarModel}; every field has an industrial-size default. */
export interface TableCarModelOptions {
  seed?: number;
  /** Choice options. Default 100. */
  options?: number;
  /** Values over all options (each option has 2 to `maxDomain`). Default 978. */
  values?: number;
  /** Largest domain (option 1 has it). Default 40. */
  maxDomain?: number;
  /** Allowed-combination tables. Default 150. */
  tables?: number;
  /** Smallest and largest table arity. Defaults 2 and 6. */
  minArity?: number;
  maxArity?: number;
  /** Families of cars (a base configuration each). Default 12. */
  families?: number;
  /** Reference cars over all families; table rows are their projections. Default 480. */
  cars?: number;
  /** Chance that a car takes another of its family's usual values for an option. Default 0.6. */
  variation?: number;
  /** Chance that a car takes a random value (outside its family's usual ones) for an option. Default 0.08. */
  noise?: number;
  /** Systems the options are grouped into: a table reads mostly one system's options. Default 14. */
  systems?: number;
  /** Share of tables that read the options of two systems. Default 0.25. */
  crossSystem?: number;
}

/**
 * A car model in the shape of a real order book: every constraint is an allowed-combination table whose
 * rows are the projections of a few hundred reference cars from a dozen families onto the table's
 * options. Rows are therefore sparse (few of the possible combinations) and correlated (the same cars
 * appear in every table), and valid configurations mix cars wherever the tables allow. Defaults: 100
 * options with 2–40 values (978 in all), 150 tables of arity 2–6 with about 25,000 rows in all.
 *
 * Every reference car satisfies every table, so the model is satisfiable; `witnesses` are the cars.
 */
export function generateTableCarModel(params: TableCarModelOptions = {}): GeneratedModel {
  const seed = params.seed ?? 1;
  const n = Math.max(2, params.options ?? 100);
  const maxDomain = Math.max(2, Math.min(1000, params.maxDomain ?? 40));
  const totalValues = Math.max(2 * n, Math.min(n * maxDomain, params.values ?? 978));
  const tableCount = Math.max(1, params.tables ?? 150);
  const maxArity = Math.max(2, Math.min(n, params.maxArity ?? 6));
  const minArity = Math.max(1, Math.min(maxArity, params.minArity ?? 2));
  const familyCount = Math.max(1, params.families ?? 12);
  const carCount = Math.max(familyCount, params.cars ?? 480);
  const variation = params.variation ?? 0.6;
  const noise = params.noise ?? 0.08;
  const systemCount = Math.max(1, Math.min(n, params.systems ?? 14));
  const crossSystem = params.crossSystem ?? 0.25;
  const rnd = createRandom(seed ^ 0x7ab1e);

  // Domain sizes: skewed towards small ones, scaled so that they add up to `totalValues` exactly.
  const sizes = Array.from({ length: n }, (_, i) => (i === 0 ? maxDomain : 2 + Math.floor((maxDomain - 1) * rnd.next() ** 3)));
  for (let sum = sizes.reduce((a, b) => a + b, 0), guard = 0; sum !== totalValues && guard < 1_000_000; guard++) {
    const i = 1 + rnd.int(n - 1);
    if (sum < totalValues && sizes[i]! < maxDomain) (sizes[i]!++, sum++);
    else if (sum > totalValues && sizes[i]! > 2) (sizes[i]!--, sum--);
  }
  const width = String(n).length;
  const ids = Array.from({ length: n }, (_, i) => `o${pad(i + 1, Math.max(3, width))}`);
  const valueId = (m: number, v: number): string => `v${v}`;

  // Families: a base car each; within a family an option keeps to a few values (its "trim levels").
  const bases = Array.from({ length: familyCount }, () => sizes.map((s) => rnd.int(s)));
  const trims = bases.map((base) => base.map((b, m) => [b, ...Array.from({ length: rnd.range(1, 4) }, () => rnd.int(sizes[m]!))]));
  const cars: number[][] = [];
  for (let c = 0; c < carCount; c++) {
    const f = c % familyCount;
    cars.push(bases[f]!.map((b, m) => (rnd.chance(variation) ? rnd.pick(trims[f]![m]!) : rnd.chance(noise) ? rnd.int(sizes[m]!) : b)));
  }

  // Systems (engine, body, interior, …): consecutive options; a table reads one system, sometimes two.
  const systemOf = Array.from({ length: n }, (_, m) => Math.floor((m * systemCount) / n));
  const members: number[][] = Array.from({ length: systemCount }, () => []);
  for (let m = 0; m < n; m++) members[systemOf[m]!]!.push(m);

  const constraints: Array<Record<string, unknown> & { id: string; type: string }> = [];
  let maxRows = 0;
  let widest = 0;
  const used = new Set<number>();
  for (let t = 0; t < tableCount; t++) {
    const arity = Math.min(n, minArity + Math.floor((maxArity - minArity + 1) * rnd.next() ** 1.3));
    // Make sure every option is read by some table: the first tables sweep the options in order.
    const first = used.size < n ? [...Array(n).keys()].find((m) => !used.has(m))! : rnd.int(n);
    const pool = !rnd.chance(crossSystem) ? members[systemOf[first]!]! : [...members[systemOf[first]!]!, ...members[rnd.int(systemCount)]!];
    const cols = new Set<number>([first]);
    for (let guard = 0; cols.size < arity && guard < 100; guard++) cols.add(rnd.chance(0.9) ? rnd.pick(pool) : rnd.int(n));
    const scope = [...cols].sort((a, b) => a - b);
    for (const m of scope) used.add(m);
    const rows = new Map<string, string[]>();
    for (const car of cars) {
      const row = scope.map((m) => valueId(m, car[m]!));
      rows.set(row.join('\u0000'), row);
    }
    const list = [...rows.values()].sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));
    maxRows = Math.max(maxRows, list.length);
    widest = Math.max(widest, scope.length);
    constraints.push({
      id: `ob${pad(t + 1, 3)}`,
      type: 'table',
      mode: 'allowed',
      options: scope.map((m) => ids[m]!),
      rows: list,
      message: { en: `Combination not in the order book (table ${t + 1}).`, 'zh-CN': `订单簿中没有此组合（表 ${t + 1}）。` },
    });
  }

  const options = ids.map((id, m) => ({
    id,
    type: 'choice' as const,
    label: `Option ${m + 1}`,
    group: `s${pad(systemOf[m]! + 1, 2)}`,
    values: Array.from({ length: sizes[m]! }, (_, v) => ({
      id: valueId(m, v),
      label: `${id} ${valueId(m, v)}`,
      ...(v > 0 && rnd.chance(0.4) ? { price: 100 * rnd.range(-20, 200) } : {}),
    })),
  }));
  const file: ProductFileInput = {
    schemaVersion: 1,
    product: {
      id: `order-book-car-${seed}`,
      version: '1',
      name: { en: `Generated order-book car model (seed ${seed})`, 'zh-CN': `生成的订单簿汽车模型（种子 ${seed}）` },
      currency: 'EUR',
    },
    groups: members.map((_, s) => ({ id: `s${pad(s + 1, 2)}`, label: `System ${s + 1}` })),
    options,
    constraints: constraints as ProductFileInput['constraints'],
    pricing: { base: 2_500_000 },
    leadTime: { base: 30 },
  };
  const witnesses = cars.map((car) => Object.fromEntries(car.map((v, m) => [ids[m]!, valueId(m, v)])) as PlantedConfiguration);
  return {
    file,
    planted: witnesses[0]!,
    witnesses,
    stats: {
      options: n,
      constraints: constraints.length,
      byType: countByType(constraints),
      maxArity: widest,
      maxRows,
      maxDomain: Math.max(...sizes),
      ...(({ count, largest }) => ({ components: count, largestComponent: largest }))(components(ids, constraints)),
      countLowerBound: BigInt(new Set(witnesses.map((w) => JSON.stringify(w))).size),
    },
  };
}
