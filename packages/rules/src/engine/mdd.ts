/**
 * A compiled form of a product: a reduced, ordered multi-valued decision diagram (MDD) over the
 * options, representing exactly the valid configurations (Amilhastre, Fargier and Marquis 2002;
 * Hadzic, Jensen et al., BDD-based interactive configuration). On it the questions of a click are one
 * pass each, whatever the selections:
 *
 * - valid domains of every option, selected ones included (a selected option shows the values it
 *   could switch to): a forward pass marks nodes reachable from the root through the selections of
 *   the layers above (only those: "reachable" must not depend on this layer's or lower selections),
 *   a backward pass marks nodes with a path to "true" through the selections below;
 *   value k of the option at layer l is possible iff some reachable node of layer l has a k-edge to a
 *   node with a path to true, or an edge skipping layer l joins such nodes;
 * - exact counts: the same backward pass with bigint sums;
 * - a witness: any path of marked nodes.
 *
 * Layers follow an order of the options chosen to keep related options close (see {@link orderOf}).
 * Rules become MDDs over their scope — tables from their rows, other rules by enumerating their
 * scope when it is small — and are conjoined. Compilation stops at a node or time budget: such a
 * product keeps the SAT path (domains.ts).
 */
import type { Model, Rule } from './model.js';
import { checkRule } from './model.js';

/** Limits of one compilation. */
export interface MddBudget {
  /** Nodes of the diagram under construction (all intermediate results count). */
  maxNodes: number;
  /** Wall-clock milliseconds. */
  maxMs: number;
}

export const DEFAULT_MDD_BUDGET: MddBudget = { maxNodes: 1_500_000, maxMs: 1500 };

/** Largest scope (product of domain sizes) of a non-table rule that is enumerated into a table. */
const MAX_ENUMERATED = 1 << 14;

class OverBudget extends Error {}

const FALSE_NODE = 0;
const TRUE_NODE = 1;

/** A finished diagram: immutable, shared by every session of a product. */
export class Mdd {
  constructor(
    /** Option index at each layer. */
    readonly varAt: Int32Array,
    /** Layer of each option. */
    readonly layerOf: Int32Array,
    /** Domain size at each layer. */
    readonly sizeAt: Int32Array,
    /** Layer of each node (terminals: the number of layers). Nodes are numbered children first. */
    readonly nodeLayer: Int32Array,
    /** First child slot of each node in `kids` (a child per value of its layer's option). */
    readonly kidStart: Int32Array,
    readonly kids: Int32Array,
    readonly root: number,
  ) {}

  get layers(): number {
    return this.varAt.length;
  }

  get size(): number {
    return this.nodeLayer.length;
  }

  /** Edges of the diagram (children of inner nodes that are not "false"). */
  get edges(): number {
    let n = 0;
    for (const k of this.kids) if (k !== FALSE_NODE) n++;
    return n;
  }

  /** Whether the value `k` of the option at `layer` passes the selections `sel` (value index per option, -1 free). */
  private passes(sel: Int32Array, layer: number, k: number): boolean {
    const s = sel[this.varAt[layer]];
    return s < 0 || s === k;
  }

  /** Nodes with a path to "true" through the selections (`up[n] = 1`). */
  private upward(sel: Int32Array): Uint8Array {
    const { nodeLayer, kidStart, kids, sizeAt } = this;
    const up = new Uint8Array(nodeLayer.length);
    up[TRUE_NODE] = 1;
    for (let n = 2; n < nodeLayer.length; n++) {
      const l = nodeLayer[n];
      const s = sel[this.varAt[l]];
      const base = kidStart[n];
      if (s >= 0) up[n] = up[kids[base + s]];
      else {
        for (let k = 0; k < sizeAt[l]; k++) {
          if (up[kids[base + k]]) {
            up[n] = 1;
            break;
          }
        }
      }
    }
    return up;
  }

  /**
   * Available values of every option under `sel`, each against every *other* selection; null when no
   * configuration extends `sel`. `avail[v][k] = 1` when value k of option v is possible.
   */
  domains(sel: Int32Array): { avail: Uint8Array[]; witness: Int32Array } | null {
    const { nodeLayer, kidStart, kids, sizeAt, varAt, root } = this;
    const L = varAt.length;
    const up = this.upward(sel);
    const avail = Array.from(sizeAt, (s) => new Uint8Array(s));
    // Layers skipped by a live edge (or above the root) are free: all their values are possible.
    const freeFrom = new Int32Array(L + 1);
    const markFree = (from: number, to: number): void => {
      if (from >= to) return;
      freeFrom[from]++;
      freeFrom[to]--;
    };
    // Nothing extends selections that the root cannot lead to true through (sessions never hold them).
    if (!up[root]) return null;
    const down = new Uint8Array(nodeLayer.length);
    down[root] = 1;
    markFree(0, nodeLayer[root]);
    for (let n = nodeLayer.length - 1; n >= 2; n--) {
      if (!down[n]) continue;
      const l = nodeLayer[n];
      const base = kidStart[n];
      const s = sel[varAt[l]];
      const a = avail[l];
      for (let k = 0; k < sizeAt[l]; k++) {
        const c = kids[base + k];
        if (c === FALSE_NODE) continue;
        if (up[c]) a[k] = 1;
        if (s >= 0 && s !== k) continue;
        // Reachability goes through the selections above only: `up` would also apply this layer's.
        down[c] = 1;
        if (up[c]) markFree(l + 1, nodeLayer[c]);
      }
    }
    let run = 0;
    for (let l = 0; l < L; l++) {
      run += freeFrom[l];
      if (run > 0) avail[l].fill(1);
    }
    return { avail, witness: this.witness(sel, up) };
  }

  /** A complete configuration extending `sel` along marked nodes (free layers: the selection or value 0). */
  private witness(sel: Int32Array, up: Uint8Array): Int32Array {
    const { nodeLayer, kidStart, kids, sizeAt, varAt } = this;
    const w = new Int32Array(varAt.length);
    for (let v = 0; v < w.length; v++) w[v] = sel[v] >= 0 ? sel[v] : 0;
    let n = this.root;
    while (n !== TRUE_NODE) {
      const l = nodeLayer[n];
      const s = sel[varAt[l]];
      let k = s;
      if (k < 0) for (k = 0; k < sizeAt[l] && !up[kids[kidStart[n] + k]]; k++);
      w[varAt[l]] = k;
      n = kids[kidStart[n] + k];
    }
    return w;
  }

  /** A complete configuration extending `sel`, or null when there is none. */
  witnessOf(sel: Int32Array): Int32Array | null {
    const up = this.upward(sel);
    return up[this.root] ? this.witness(sel, up) : null;
  }

  /** Whether some configuration extends `sel`. */
  satisfiable(sel: Int32Array): boolean {
    return this.upward(sel)[this.root] === 1;
  }

  /** The number of configurations extending `sel`. */
  count(sel: Int32Array): bigint {
    const { nodeLayer, kidStart, kids, sizeAt, varAt } = this;
    const L = varAt.length;
    // free[l]: product of the free domain sizes of layers l..L-1 (selected layers count once).
    const freeBelow: bigint[] = new Array(L + 1);
    freeBelow[L] = 1n;
    for (let l = L - 1; l >= 0; l--) freeBelow[l] = freeBelow[l + 1] * BigInt(sel[varAt[l]] >= 0 ? 1 : sizeAt[l]);
    // cnt[n] counts the assignments of layers nodeLayer[n]..L-1; an edge skipping layers multiplies.
    const cnt: bigint[] = new Array(nodeLayer.length);
    cnt[FALSE_NODE] = 0n;
    cnt[TRUE_NODE] = 1n;
    const over = (from: number, c: number): bigint => (cnt[c] === 0n ? 0n : (cnt[c] * freeBelow[from]) / freeBelow[nodeLayer[c]]);
    for (let n = 2; n < nodeLayer.length; n++) {
      const l = nodeLayer[n];
      const s = sel[varAt[l]];
      const base = kidStart[n];
      let sum = 0n;
      if (s >= 0) sum = over(l + 1, kids[base + s]);
      else for (let k = 0; k < sizeAt[l]; k++) sum += over(l + 1, kids[base + k]);
      cnt[n] = sum;
    }
    return over(0, this.root);
  }
}

/** Incremental construction: a unique table of nodes and conjunction with a memo. */
class Builder {
  nodeLayer: Int32Array<ArrayBuffer> = new Int32Array(1024);
  kidStart: Int32Array<ArrayBuffer> = new Int32Array(1024);
  kids: Int32Array<ArrayBuffer> = new Int32Array(8192);
  n = 2;
  kidsLen = 0;
  private table = new Int32Array(1 << 12).fill(-1);
  readonly deadline: number;

  constructor(
    readonly sizeAt: Int32Array,
    private readonly budget: MddBudget,
  ) {
    const L = sizeAt.length;
    this.nodeLayer[0] = L;
    this.nodeLayer[1] = L;
    this.deadline = Date.now() + budget.maxMs;
  }

  private hash(layer: number, ks: ArrayLike<number>, from: number, len: number): number {
    let h = Math.imul(layer + 1, 0x9e3779b1);
    for (let i = 0; i < len; i++) h = Math.imul(h ^ ks[from + i], 0x85ebca6b) + 0x27d4eb2f;
    return (h ^ (h >>> 15)) >>> 0;
  }

  /** The node (layer, children), reduced: equal children make no node. */
  mk(layer: number, ks: ArrayLike<number>, from = 0): number {
    const len = this.sizeAt[layer];
    let same = true;
    for (let i = 1; i < len && same; i++) if (ks[from + i] !== ks[from]) same = false;
    if (same) return ks[from];
    const mask = this.table.length - 1;
    let slot = this.hash(layer, ks, from, len) & mask;
    for (;;) {
      const id = this.table[slot];
      if (id < 0) break;
      if (this.nodeLayer[id] === layer) {
        const base = this.kidStart[id];
        let eq = true;
        for (let i = 0; i < len; i++) {
          if (this.kids[base + i] !== ks[from + i]) {
            eq = false;
            break;
          }
        }
        if (eq) return id;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.n++;
    if (id >= this.budget.maxNodes) throw new OverBudget();
    if (id >= this.nodeLayer.length) {
      this.nodeLayer = grow(this.nodeLayer, id * 2);
      this.kidStart = grow(this.kidStart, id * 2);
    }
    if (this.kidsLen + len > this.kids.length) this.kids = grow(this.kids, (this.kidsLen + len) * 2);
    this.nodeLayer[id] = layer;
    this.kidStart[id] = this.kidsLen;
    for (let i = 0; i < len; i++) this.kids[this.kidsLen++] = ks[from + i];
    this.table[slot] = id;
    if (this.n * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let id = 2; id < this.n; id++) {
      let slot = this.hash(this.nodeLayer[id], this.kids, this.kidStart[id], this.sizeAt[this.nodeLayer[id]]) & mask;
      while (table[slot] >= 0) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.table = table;
  }

  private memo = new Map<number, number>();
  private steps = 0;

  /** Conjunction of two diagrams. */
  and(a: number, b: number): number {
    this.memo.clear();
    return this.andRec(a, b);
  }

  private andRec(a: number, b: number): number {
    if (a === FALSE_NODE || b === FALSE_NODE) return FALSE_NODE;
    if (a === TRUE_NODE || a === b) return b;
    if (b === TRUE_NODE) return a;
    if (a > b) [a, b] = [b, a];
    const key = a * 0x4000000 + b;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    if ((++this.steps & 4095) === 0 && Date.now() > this.deadline) throw new OverBudget();
    const la = this.nodeLayer[a];
    const lb = this.nodeLayer[b];
    const l = Math.min(la, lb);
    const len = this.sizeAt[l];
    const out = new Int32Array(len);
    for (let k = 0; k < len; k++) {
      const ca = la === l ? this.kids[this.kidStart[a] + k] : a;
      const cb = lb === l ? this.kids[this.kidStart[b] + k] : b;
      out[k] = this.andRec(ca, cb);
    }
    const r = this.mk(l, out);
    this.memo.set(key, r);
    return r;
  }

  /** The diagram of the rows (value index per column, -1 = any) over `layers` (ascending). */
  rows(layers: number[], rows: Int32Array[]): number {
    const build = (p: number, subset: Int32Array[]): number => {
      if (subset.length === 0) return FALSE_NODE;
      if (p === layers.length) return TRUE_NODE;
      const len = this.sizeAt[layers[p]];
      const groups: Int32Array[][] = Array.from({ length: len }, () => []);
      for (const row of subset) {
        const k = row[p];
        if (k < 0) for (const g of groups) g.push(row);
        else groups[k].push(row);
      }
      const out = new Int32Array(len);
      for (let k = 0; k < len; k++) out[k] = build(p + 1, groups[k]);
      return this.mk(layers[p], out);
    };
    return build(0, rows);
  }

  /** Complement (configurations not in `a`). */
  not(a: number): number {
    const memo = new Map<number, number>();
    const rec = (x: number): number => {
      if (x === FALSE_NODE) return TRUE_NODE;
      if (x === TRUE_NODE) return FALSE_NODE;
      const hit = memo.get(x);
      if (hit !== undefined) return hit;
      const l = this.nodeLayer[x];
      const len = this.sizeAt[l];
      const out = new Int32Array(len);
      for (let k = 0; k < len; k++) out[k] = rec(this.kids[this.kidStart[x] + k]);
      const r = this.mk(l, out);
      memo.set(x, r);
      return r;
    };
    return rec(a);
  }
}

function grow(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/**
 * An order of the options for the layers: greedily, the next option is the one sharing the most
 * rules with the options placed so far (ties: the most rules overall, then file order), so options
 * that rules tie together sit in neighbouring layers. Starts from the option in most rules.
 */
export function orderOf(model: Model): number[] {
  const n = model.vars.length;
  const weight = new Float64Array(n);
  const placed = new Uint8Array(n);
  const degree = model.rulesOf.map((rs) => rs.length);
  const order: number[] = [];
  for (let step = 0; step < n; step++) {
    let best = -1;
    for (let v = 0; v < n; v++) {
      if (placed[v]) continue;
      if (best < 0 || weight[v] > weight[best] || (weight[v] === weight[best] && degree[v] > degree[best])) best = v;
    }
    placed[best] = 1;
    order.push(best);
    for (const ri of model.rulesOf[best]) {
      const scope = model.rules[ri].scope;
      for (const u of scope) if (!placed[u]) weight[u] += 1 / scope.length;
    }
  }
  return order;
}

/** The rows a rule allows over its scope (ascending layers), or null when it is too large to enumerate. */
function allowedRows(model: Model, r: Rule, scope: number[]): Int32Array[] | null {
  let product = 1;
  for (const v of scope) {
    product *= model.vars[v].size;
    if (product > MAX_ENUMERATED) return null;
  }
  const w = new Int32Array(model.vars.length);
  const out: Int32Array[] = [];
  const rec = (p: number): void => {
    if (p === scope.length) {
      if (checkRule(r, w)) out.push(Int32Array.from(scope, (v) => w[v]));
      return;
    }
    for (let k = 0; k < model.vars[scope[p]].size; k++) {
      w[scope[p]] = k;
      rec(p + 1);
    }
  };
  rec(0);
  return out;
}

/**
 * Compiles the model into an MDD, or returns null when it exceeds the budget (or has a rule too large
 * to turn into rows). Exact: the diagram's paths are exactly the assignments satisfying every rule.
 */
export function compileMdd(model: Model, budget: MddBudget = DEFAULT_MDD_BUDGET): Mdd | null {
  const order = orderOf(model);
  const L = order.length;
  const layerOf = new Int32Array(L);
  order.forEach((v, l) => (layerOf[v] = l));
  const sizeAt = Int32Array.from(order, (v) => model.vars[v].size);
  const b = new Builder(sizeAt, budget);
  try {
    // Each rule as a diagram over its scope.
    const parts: Array<{ top: number; node: number }> = [];
    for (const r of model.rules) {
      const scope = [...r.scope].sort((x, y) => layerOf[x] - layerOf[y]);
      const layers = scope.map((v) => layerOf[v]);
      let node: number;
      if (r.kind === 'table' && r.vars.length === new Set(r.vars).size) {
        const cols = scope.map((v) => r.vars.indexOf(v));
        const rows = r.rows.map((row) => Int32Array.from(cols, (j) => row[j]));
        node = b.rows(layers, rows);
        if (!r.allowed) node = b.not(node);
        // A table is only checked when every option it names applies: a column without a value escapes it.
        const na = r.na;
        if (na) {
          const escapes = cols.filter((j) => na[j] >= 0).map((j) => Int32Array.from(cols, (i) => (i === j ? na[j] : -1)));
          node = b.not(b.and(b.not(node), b.not(b.rows(layers, escapes))));
        }
      } else {
        const rows = allowedRows(model, r, scope);
        if (!rows) return null;
        node = b.rows(layers, rows);
      }
      parts.push({ top: layers.length > 0 ? layers[0] : L, node });
    }
    // Conjoin from the bottom layers up: parts low in the order first, so intermediate diagrams stay
    // close to the final one's lower part.
    parts.sort((x, y) => y.top - x.top);
    let root = TRUE_NODE;
    for (const p of parts) {
      root = b.and(root, p.node);
      if (root === FALSE_NODE) break;
    }
    // Keep only the nodes reachable from the root, renumbered children first.
    return compact(b, root, order, layerOf, sizeAt);
  } catch (e) {
    if (e instanceof OverBudget) return null;
    throw e;
  }
}

function compact(b: Builder, root: number, order: number[], layerOf: Int32Array, sizeAt: Int32Array): Mdd {
  const keep = new Uint8Array(b.n);
  keep[FALSE_NODE] = keep[TRUE_NODE] = 1;
  keep[root] = 1;
  // Children have smaller ids than parents: one pass from the top down marks reachable nodes.
  for (let n = root; n >= 2; n--) {
    if (!keep[n]) continue;
    const len = sizeAt[b.nodeLayer[n]];
    for (let k = 0; k < len; k++) keep[b.kids[b.kidStart[n] + k]] = 1;
  }
  const id = new Int32Array(b.n).fill(-1);
  let count = 0;
  let kidsLen = 0;
  for (let n = 0; n < b.n; n++) {
    if (!keep[n]) continue;
    id[n] = count++;
    if (n >= 2) kidsLen += sizeAt[b.nodeLayer[n]];
  }
  const nodeLayer = new Int32Array(count);
  const kidStart = new Int32Array(count);
  const kids = new Int32Array(kidsLen);
  let at = 0;
  for (let n = 0; n < b.n; n++) {
    if (!keep[n]) continue;
    const i = id[n];
    nodeLayer[i] = b.nodeLayer[n];
    if (n < 2) continue;
    kidStart[i] = at;
    const len = sizeAt[b.nodeLayer[n]];
    for (let k = 0; k < len; k++) kids[at++] = id[b.kids[b.kidStart[n] + k]];
  }
  return new Mdd(Int32Array.from(order), layerOf, sizeAt, nodeLayer, kidStart, kids, id[root]);
}
