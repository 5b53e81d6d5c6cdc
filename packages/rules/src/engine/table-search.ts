/**
 * Domains of products made only of allowed-combination tables (a car sold from an order book) by a
 * search of their own: compact-table propagation (Demeulenaere et al. 2016: per table a bitset of the
 * rows still possible, per column and value a bitset of the rows carrying it) keeps every table arc
 * consistent, and a depth-first search over the options finds witnesses. The SAT path reaches the
 * same consistency through tens of thousands of row variables and long clauses; here one choice is a
 * few bitset intersections.
 *
 * Domains are exact: a value is available when a witness (a complete configuration, checked by the
 * propagation against every table) holds it, impossible when propagation or an exhausted search
 * refutes it. Witnesses are kept from state to state and every search prefers values not yet proven,
 * so that one witness proves many. A search that runs out of its budget hands the whole question to
 * the SAT path (the fallback), so hard products lose speed, never exactness.
 */
import type { DomainState, Sel } from './domains.js';
import type { Model } from './model.js';
import { onlyAllowedTables } from './order-book.js';
import type { DomainSource } from './compiled.js';
import type { RawReason, RepairStatus } from './explain.js';
import { explainTables, repairTables, TABLE_REFUSAL_MS, TABLE_REPAIR_MS } from './table-explain.js';

/** Largest domain of an option (bitset masks per value). */
const MAX_DOMAIN = 256;
/** Most rows of all tables together (the masks take rows/8 bytes per value of every column). */
const MAX_ROWS = 400_000;
/** Search nodes (assignments) one question may use before the fallback answers it. */
const NODE_BUDGET = 20_000;
/** Witnesses kept from state to state. */
const POOL = 64;
/** Kept witnesses a value is tried in by a flip before a search. */
const FLIPS = 8;

class OutOfBudget extends Error {}

/** Slots of {@link TableSearch}'s saved states before those of the search's depths. */
const BASE = 0;
const INITIAL = 1;
/** A state {@link TableSearch.tryPush} goes back to. */
const SCRATCH = 2;
const DEPTH0 = 3;

/** Whether the product suits the table search: every rule an allowed table without `when`, small domains. */
export function suitsTableSearch(model: Model): boolean {
  return model.rules.length > 0 && onlyAllowedTables(model, MAX_DOMAIN, MAX_ROWS);
}

/** The propagation and search over the tables of one product (shared by its sessions). */
export class TableSearch {
  readonly n: number;
  private readonly size: Int32Array;
  /** Offset of each option's values in `dom`. */
  private readonly valOff: Int32Array;
  private readonly tVars: Int32Array[];
  private readonly tWords: Int32Array;
  /** Offset of each table's row bitset in `curr`. */
  private readonly tOff: Int32Array;
  /** Per table: the masks of column j, value k at `colBase[j] + k * words`. */
  private readonly masks: Uint32Array[];
  private readonly colBase: Int32Array[];
  /** Per table, column and value (at `colBase[j] / words + k`): the word where a support was last found. */
  private readonly residues: Int32Array[];
  /** The full row bitset of each table (tail bits clear). */
  private readonly full: Uint32Array;
  /** Per option: (table, column) pairs it occurs in, flattened. */
  private readonly occ: Int32Array[];
  /** Tables per option (a tie-break of the search: options in many tables first). */
  private readonly degree: Int32Array;

  // The state: domains (1 = still possible), their sizes, the rows still possible of every table.
  private dom: Uint8Array;
  private domSize: Int32Array;
  private curr: Uint32Array;
  private readonly queue: Int32Array;
  private readonly queued: Uint8Array;
  /** Values each queued option lost since it was last propagated (at `valOff`), and how many. */
  private readonly removed: Int32Array;
  private readonly removedCount: Int32Array;
  private readonly delta: Int32Array;
  private qLen = 0;
  /** Saved states: the base of {@link fromBase}, the initial state, then one per depth of the search. */
  private readonly saved: Array<{ dom: Uint8Array; domSize: Int32Array; curr: Uint32Array }> = [];
  private nodes = 0;
  /** Whether the state without selections survives propagation; null until computed. */
  private initial: boolean | null = null;
  /** Per table: wipe-outs it caused (dom/wdeg, Boussemart et al. 2004: options of failing tables first). */
  private readonly weight: Float64Array;
  /** The table whose propagation failed last. */
  private failed = -1;
  /**
   * The tables in force (1 = on), or null for all of them: only an explanation's questions about
   * some of the tables ({@link startWith}) turn tables off, and {@link allTables} turns them back on.
   */
  private active: Uint8Array | null = null;

  /**
   * Tables that removed a value or ran out of rows since {@link track} (always recorded: a byte
   * store is cheaper than a test). Only they take part in a refutation: the others could be left
   * out and the same one would follow.
   */
  private readonly used: Uint8Array;

  /** @param nodeBudget search nodes one question may use before the fallback answers it. */
  constructor(
    model: Model,
    private readonly nodeBudget = NODE_BUDGET,
  ) {
    const n = (this.n = model.vars.length);
    this.size = Int32Array.from(model.vars, (v) => v.size);
    this.valOff = new Int32Array(n + 1);
    for (let v = 0; v < n; v++) this.valOff[v + 1] = this.valOff[v] + this.size[v];
    const T = model.rules.length;
    this.tVars = [];
    this.tWords = new Int32Array(T);
    this.tOff = new Int32Array(T + 1);
    this.masks = [];
    this.colBase = [];
    this.residues = [];
    const occ: number[][] = Array.from({ length: n }, () => []);
    model.rules.forEach((r, t) => {
      if (r.kind !== 'table') throw new Error('c2m: internal error: the table search was given a rule that is not a table');
      const W = Math.max(1, Math.ceil(r.rows.length / 32));
      this.tWords[t] = W;
      this.tOff[t + 1] = this.tOff[t] + W;
      const vars = Int32Array.from(r.vars);
      this.tVars.push(vars);
      const base = new Int32Array(vars.length);
      let total = 0;
      vars.forEach((v, j) => {
        base[j] = total;
        total += this.size[v] * W;
        occ[v].push(t, j);
      });
      const m = new Uint32Array(total);
      r.rows.forEach((row, i) => {
        const word = i >>> 5;
        const bit = 1 << (i & 31);
        for (let j = 0; j < vars.length; j++) {
          const k = row[j];
          if (k >= 0) m[base[j] + k * W + word] |= bit;
          else for (let kk = 0; kk < this.size[vars[j]]; kk++) m[base[j] + kk * W + word] |= bit;
        }
      });
      this.masks.push(m);
      this.colBase.push(base);
      this.residues.push(new Int32Array(total / W));
    });
    this.full = new Uint32Array(this.tOff[T]);
    model.rules.forEach((r, t) => {
      if (r.kind !== 'table') return;
      for (let i = 0; i < r.rows.length; i++) this.full[this.tOff[t] + (i >>> 5)] |= 1 << (i & 31);
    });
    this.occ = occ.map((o) => Int32Array.from(o));
    this.degree = Int32Array.from(occ, (o) => o.length / 2);
    this.dom = new Uint8Array(this.valOff[n]);
    this.domSize = new Int32Array(n);
    this.curr = new Uint32Array(this.tOff[T]);
    this.queue = new Int32Array(n);
    this.queued = new Uint8Array(n);
    this.removed = new Int32Array(this.valOff[n]);
    this.removedCount = new Int32Array(n);
    this.delta = new Int32Array(MAX_DOMAIN);
    this.weight = new Float64Array(T).fill(1);
    this.used = new Uint8Array(T);
  }

  private enqueue(v: number): void {
    if (this.queued[v]) return;
    this.queued[v] = 1;
    this.queue[this.qLen++] = v;
  }

  /** Arc consistency on every table from the queued options; false on a wipe-out. */
  private propagate(): boolean {
    const { dom, domSize, curr, valOff, size, active } = this;
    while (this.qLen > 0) {
      const v = this.queue[--this.qLen];
      this.queued[v] = 0;
      // The values v lost since its last visit: with few of them, rows are removed by their masks
      // instead of keeping the union of the many values left (compact table's delta updates).
      const lostValues = this.removedCount[v];
      this.removedCount[v] = 0;
      const delta = this.delta;
      for (let i = 0; i < lostValues; i++) delta[i] = this.removed[valOff[v] + i];
      const useDelta = lostValues > 0 && lostValues < domSize[v];
      const occ = this.occ[v];
      for (let o = 0; o < occ.length; o += 2) {
        const t = occ[o];
        if (active !== null && active[t] === 0) continue;
        const j = occ[o + 1];
        const W = this.tWords[t];
        const off = this.tOff[t];
        const m = this.masks[t];
        const base = this.colBase[t];
        // Rows still possible: those whose value in column j is still in v's domain.
        let any = 0;
        let lost = 0;
        if (domSize[v] === 1) {
          let k = 0;
          while (!dom[valOff[v] + k]) k++;
          const mo = base[j] + k * W;
          for (let w = 0; w < W; w++) {
            const before = curr[off + w];
            const after = before & m[mo + w];
            lost |= before ^ after;
            any |= curr[off + w] = after;
          }
        } else if (useDelta) {
          for (let w = 0; w < W; w++) {
            const before = curr[off + w];
            if (before === 0) continue;
            let r = 0;
            for (let i = 0; i < lostValues; i++) r |= m[base[j] + delta[i] * W + w];
            const after = before & ~r;
            lost |= before ^ after;
            any |= curr[off + w] = after;
          }
        } else if (domSize[v] < size[v]) {
          for (let w = 0; w < W; w++) {
            const before = curr[off + w];
            if (before === 0) continue;
            let u = 0;
            for (let k = 0; k < size[v]; k++) if (dom[valOff[v] + k]) u |= m[base[j] + k * W + w];
            const after = before & u;
            lost |= before ^ after;
            any |= curr[off + w] = after;
          }
        } else {
          for (let w = 0; w < W; w++) any |= curr[off + w];
          // The first visit of a table (every option queued at the root) filters all its columns.
          lost = 1;
        }
        if (any === 0) {
          this.failed = t;
          this.used[t] = 1;
          return false;
        }
        // No row lost: every value keeps its support.
        if (lost === 0) continue;
        if (!this.revise(t, v)) return false;
      }
    }
    return true;
  }

  /**
   * Values of table t's columns without a row left lose their support (option `skip` keeps its
   * single value: its rows are what is left); false on a wipe-out.
   */
  private revise(t: number, skip: number): boolean {
    const { dom, domSize, curr, valOff, size } = this;
    const W = this.tWords[t];
    const off = this.tOff[t];
    const m = this.masks[t];
    const base = this.colBase[t];
    const vars = this.tVars[t];
    const res = this.residues[t];
    for (let j = 0; j < vars.length; j++) {
      const u = vars[j];
      if (domSize[u] === 1 && u === skip) continue;
      const uo = valOff[u];
      const ro = base[j] / W;
      for (let k = 0; k < size[u]; k++) {
        if (!dom[uo + k]) continue;
        const mo = base[j] + k * W;
        const r = res[ro + k];
        if ((curr[off + r] & m[mo + r]) !== 0) continue;
        let hit = -1;
        for (let w = 0; w < W; w++) {
          if ((curr[off + w] & m[mo + w]) !== 0) {
            hit = w;
            break;
          }
        }
        if (hit >= 0) {
          res[ro + k] = hit;
          continue;
        }
        dom[uo + k] = 0;
        this.used[t] = 1;
        this.removed[uo + this.removedCount[u]++] = k;
        if (--domSize[u] === 0) {
          this.failed = t;
          return false;
        }
        this.enqueue(u);
      }
    }
    return true;
  }

  private clearQueue(): void {
    for (let i = 0; i < this.qLen; i++) {
      this.queued[this.queue[i]] = 0;
      this.removedCount[this.queue[i]] = 0;
    }
    this.qLen = 0;
  }

  /** Restricts option v to value k (within the current state), queueing it. False when k is already gone. */
  private assign(v: number, k: number): boolean {
    const o = this.valOff[v];
    if (!this.dom[o + k]) return false;
    if (this.domSize[v] === 1) return true;
    this.dom.fill(0, o, o + this.size[v]);
    this.dom[o + k] = 1;
    this.domSize[v] = 1;
    this.enqueue(v);
    return true;
  }

  /**
   * The state of the selections `sel` (with option `except` free, and `extra` = value `extraK` when
   * given), propagated; false when propagation refutes it.
   */
  root(sel: Sel, except = -1, extra = -1, extraK = -1): boolean {
    // The propagated state without selections is computed once: every later state starts from it.
    if (this.initial === null) {
      this.dom.fill(1);
      for (let v = 0; v < this.n; v++) this.domSize[v] = this.size[v];
      this.curr.set(this.full);
      this.clearQueue();
      for (let v = 0; v < this.n; v++) this.enqueue(v);
      this.initial = this.propagate();
      this.save(INITIAL);
    }
    if (!this.initial) return false;
    this.restore(INITIAL);
    for (let v = 0; v < this.n; v++) {
      if (v === except || sel[v] < 0) continue;
      if (sel[v] >= this.size[v] || !this.assign(v, sel[v])) return false;
    }
    if (extra >= 0 && !this.assign(extra, extraK)) return false;
    return this.propagate();
  }

  /** Whether the complete configuration `w` with option v set to k satisfies every table of v. */
  flips(w: Int32Array, v: number, k: number): boolean {
    const occ = this.occ[v];
    for (let o = 0; o < occ.length; o += 2) {
      const t = occ[o];
      const W = this.tWords[t];
      const m = this.masks[t];
      const base = this.colBase[t];
      const vars = this.tVars[t];
      let row = false;
      for (let word = 0; word < W && !row; word++) {
        let bits = -1;
        for (let j = 0; j < vars.length && bits !== 0; j++) bits &= m[base[j] + (vars[j] === v ? k : w[vars[j]]) * W + word];
        row = bits !== 0;
      }
      if (!row) return false;
    }
    return true;
  }

  /** Keeps the current propagated state as the base of {@link fromBase} (true: a step of a chain of `&&`). */
  keepBase(): true {
    this.save(BASE);
    return true;
  }

  /** The kept base state with option v restricted to value k, propagated; false when refuted. */
  fromBase(v: number, k: number): boolean {
    this.restore(BASE);
    return this.assign(v, k) && this.propagate();
  }

  /** Whether value k of option v survives the current propagated state. */
  has(v: number, k: number): boolean {
    return this.dom[this.valOff[v] + k] === 1;
  }

  private save(depth: number): void {
    let s = this.saved[depth];
    if (!s) this.saved[depth] = s = { dom: new Uint8Array(this.dom.length), domSize: new Int32Array(this.n), curr: new Uint32Array(this.curr.length) };
    s.dom.set(this.dom);
    s.domSize.set(this.domSize);
    s.curr.set(this.curr);
  }

  private restore(depth: number): void {
    const s = this.saved[depth];
    this.dom.set(s.dom);
    this.domSize.set(s.domSize);
    this.curr.set(s.curr);
    this.clearQueue();
  }

  /**
   * Extends the current propagated state to a complete configuration, preferring values with
   * `want[valOff + k] = 1`; null when none exists. Throws {@link OutOfBudget} past the node budget.
   * The state afterwards is unspecified (call {@link root} again).
   */
  private extend(want: Uint8Array | null, depth: number, budget: number): Int32Array | null {
    const { dom, domSize, valOff, size } = this;
    let best = -1;
    let bestScore = Infinity;
    for (let v = 0; v < this.n; v++) {
      if (domSize[v] === 1) continue;
      let wdeg = 0;
      const occ = this.occ[v];
      for (let o = 0; o < occ.length; o += 2) wdeg += this.weight[occ[o]];
      const score = domSize[v] / wdeg;
      if (score < bestScore) {
        best = v;
        bestScore = score;
      }
    }
    if (best < 0) {
      const w = new Int32Array(this.n);
      for (let v = 0; v < this.n; v++) {
        let k = 0;
        while (!dom[valOff[v] + k]) k++;
        w[v] = k;
      }
      return w;
    }
    const v = best;
    const o = valOff[v];
    const order: number[] = [];
    if (want) for (let k = 0; k < size[v]; k++) if (dom[o + k] && want[o + k]) order.push(k);
    for (let k = 0; k < size[v]; k++) if (dom[o + k] && !(want && want[o + k])) order.push(k);
    this.save(depth);
    for (let i = 0; i < order.length; i++) {
      if (++this.nodes > budget) throw new OutOfBudget();
      if (i > 0) this.restore(depth);
      this.assign(v, order[i]);
      if (!this.propagate()) {
        this.weight[this.failed]++;
        continue;
      }
      const w = this.extend(want, depth + 1, budget);
      if (w) return w;
    }
    return null;
  }

  /**
   * A complete configuration extending the current propagated state, null when there is none,
   * undefined when the search ran out of its budget.
   */
  /** Searches and nodes so far (for benchmarks). */
  readonly stats = { searches: 0, nodes: 0 };

  witness(want: Uint8Array | null, budget = this.nodeBudget): Int32Array | null | undefined {
    this.stats.searches++;
    this.nodes = 0;
    try {
      return this.extend(want, DEPTH0, Math.min(budget, this.nodeBudget));
    } catch (e) {
      if (e instanceof OutOfBudget) return undefined;
      throw e;
    } finally {
      this.stats.nodes += this.nodes;
    }
  }

  // --- questions of explanations and repairs (table-explain.ts) -------------------------------

  /** Tables of the product. */
  get tables(): number {
    return this.tVars.length;
  }

  /** The propagated state without selections, then v = k propagated; false when refuted. */
  begin(v: number, k: number): boolean {
    const none = new Int32Array(this.n).fill(-1);
    return this.root(none, -1, v, k);
  }

  /** Values left in the current state (fewer: a more restricted state). */
  remaining(): number {
    let sum = 0;
    for (let v = 0; v < this.n; v++) sum += this.domSize[v];
    return sum;
  }

  /** Adds option u = k to the current propagated state when propagation accepts it (true), else leaves the state as it was. */
  tryPush(u: number, k: number): boolean {
    this.save(SCRATCH);
    if (this.push(u, k)) return true;
    this.restore(SCRATCH);
    return false;
  }

  /** Adds option u = k to the current propagated state and propagates; false when refuted. */
  push(u: number, k: number): boolean {
    return this.assign(u, k) && this.propagate();
  }

  /**
   * A state with option u = `given[u]` for every u with a value and only the tables set in
   * `active` in force (the array is kept and changes with {@link enable}), propagated; false when
   * refuted.
   */
  startWith(active: Uint8Array, given: Sel): boolean {
    this.active = active;
    this.dom.fill(1);
    for (let v = 0; v < this.n; v++) this.domSize[v] = this.size[v];
    this.curr.set(this.full);
    this.clearQueue();
    for (let v = 0; v < this.n; v++) if (given[v] >= 0) this.assign(v, given[v]);
    // No table filters anything yet: the queue only records the options to visit once tables are on.
    this.clearQueue();
    for (let t = 0; t < this.tVars.length; t++) if (active[t] && !this.enable(t)) return false;
    return true;
  }

  /** Turns table t on in the current state (of {@link startWith}) and propagates; false when refuted. */
  enable(t: number): boolean {
    this.active![t] = 1;
    // Without the values each lost since its last visit, a visit filters by the whole domain (and
    // the table, still full, by every column).
    for (const u of this.tVars[t]) {
      this.removedCount[u] = 0;
      this.enqueue(u);
    }
    return this.propagate();
  }

  /** Starts recording the tables that remove a value or run out of rows. */
  track(): void {
    this.used.fill(0);
  }

  /** The tables recorded since {@link track}, ascending. */
  untrack(): number[] {
    const out: number[] = [];
    this.used.forEach((x, t) => x && out.push(t));
    return out;
  }

  /** Back to every table in force (after {@link startWith}). */
  allTables(): void {
    this.active = null;
  }

  /** Offset of option v's values in the flat arrays (`want`). */
  offsetOf(v: number): number {
    return this.valOff[v];
  }

  get values(): number {
    return this.valOff[this.n];
  }
}

/** Domains from the table search; questions it cannot settle within budget go to `fallback`. */
export class TableDomains implements DomainSource {
  readonly pool: Int32Array[] = [];

  constructor(
    private readonly model: Model,
    private readonly search: TableSearch,
    private readonly fallback: () => DomainSource,
  ) {}

  remember(w: Int32Array): void {
    this.pool.push(w);
    if (this.pool.length > POOL) this.pool.shift();
  }

  /**
   * When the refusal of the last explanation's value ends ({@link TABLE_REFUSAL_MS} after it
   * started): a repair of the same value asked right after it (a refused selection asks both) may
   * use what the explanation left.
   */
  private refusal: { v: number; k: number; until: number } | null = null;

  /** Why v = k cannot join `sel`, on the tables (table-explain.ts); undefined: the SAT path answers. */
  explain(sel: Sel, v: number, k: number, order: readonly number[]): RawReason | null | undefined {
    const until = performance.now() + TABLE_REFUSAL_MS;
    const reason = explainTables(this.search, this, sel, v, k, order, (t) => this.model.rules[t].index);
    this.refusal = reason === undefined ? null : { v, k, until };
    return reason;
  }

  /** The fewest selections to clear for v = k, on the tables (table-explain.ts); undefined: the SAT path answers. */
  repair(sel: Sel, v: number, k: number, status?: RepairStatus): number[] | null | undefined {
    const r = this.refusal;
    this.refusal = null;
    return repairTables(this.search, this, sel, v, k, status, r && r.v === v && r.k === k ? Math.max(TABLE_REPAIR_MS, r.until - performance.now()) : TABLE_REPAIR_MS);
  }

  /** The last state this source computed, with the values of number options too. */
  private last: { sel: Sel; avail: Uint8Array[] } | null = null;

  compute(sel: Sel, prev: DomainState | null): DomainState | null {
    this.refusal = null;
    const r = this.exact(sel);
    if (r !== undefined) return r;
    this.last = null;
    return this.fallback().compute(sel, prev);
  }

  /**
   * The domains under `sel`; undefined when a search ran out of its budget. `prev`, a state whose
   * selections `sel` extends, bounds them: a value impossible there stays impossible.
   */
  private exact(sel: Sel): DomainState | null | undefined {
    const { model, search } = this;
    const n = model.vars.length;
    if (!search.root(sel)) return null;
    const avail = model.vars.map((x) => new Uint8Array(x.size));
    // The last state bounds this one: from above when this one only adds selections to it (a value
    // impossible there stays impossible), from below when it only removes some (what was possible
    // stays possible: its witnesses extend these selections too).
    const last = this.last;
    const prev = last && includes(sel, last.sel) ? last : null;
    if (last && includes(last.sel, sel)) for (let v = 0; v < n; v++) avail[v].set(last.avail[v]);
    const mark = (w: Int32Array, only: number): void => {
      if (only >= 0) avail[only][w[only]] = 1;
      else for (let v = 0; v < n; v++) avail[v][w[v]] = 1;
    };
    // Kept witnesses: those agreeing with every selection prove all their values; those off by one
    // selection prove that option's value (its domain is against the other selections).
    let witness: Int32Array | null = null;
    for (const w of this.pool) {
      let off = -1;
      let misses = 0;
      for (let v = 0; v < n && misses < 2; v++) {
        if (sel[v] >= 0 && sel[v] !== w[v]) {
          misses++;
          off = v;
        }
      }
      if (misses === 0) {
        mark(w, -1);
        witness ??= w;
      } else if (misses === 1) mark(w, off);
    }
    // Candidates of the free options: what propagation leaves (what it removes is impossible).
    const cand = model.vars.map((x) => {
      const c = new Uint8Array(x.size);
      if (sel[x.index] < 0) for (let k = 0; k < x.size; k++) c[k] = search.has(x.index, k) ? 1 : 0;
      return c;
    });
    const before = (v: number, k: number): boolean => !prev || prev.avail[v][k] === 1;
    for (let v = 0; v < n; v++) for (let k = 0; k < cand[v].length; k++) if (cand[v][k] && !before(v, k)) cand[v][k] = 0;
    const want = new Uint8Array(search.values);
    const wantOpen = (): void => {
      for (let v = 0; v < n; v++) {
        const o = search.offsetOf(v);
        for (let k = 0; k < avail[v].length; k++) want[o + k] = cand[v][k] && !avail[v][k] ? 1 : 0;
      }
    };
    if (!witness) {
      wantOpen();
      const w = search.witness(want);
      if (w === undefined) return undefined;
      if (w === null) return null;
      this.remember(w);
      mark(w, -1);
      witness = w;
    }
    search.root(sel);
    search.keepBase();
    // Witnesses agreeing with every selection, to flip one value of (checking that option's tables).
    const consistent = this.pool.filter((w) => agrees(w, sel, -1)).slice(-FLIPS);
    for (let v = 0; v < n; v++) {
      if (sel[v] >= 0) continue;
      for (let k = 0; k < avail[v].length; k++) {
        if (!cand[v][k] || avail[v][k]) continue;
        if (consistent.some((w) => search.flips(w, v, k))) {
          avail[v][k] = 1;
          continue;
        }
        if (!search.fromBase(v, k)) continue;
        wantOpen();
        const w = search.witness(want);
        if (w === undefined) return undefined;
        if (w === null) continue;
        this.remember(w);
        mark(w, -1);
        consistent.push(w);
        if (consistent.length > FLIPS) consistent.shift();
      }
    }
    // Selected options: their values against the other selections.
    for (let v = 0; v < n; v++) {
      if (sel[v] < 0) continue;
      avail[v][sel[v]] = 1;
      let open = false;
      for (let k = 0; k < avail[v].length && !open; k++) open = !avail[v][k] && before(v, k);
      if (!open || !search.root(sel, v)) continue;
      search.keepBase();
      const o = search.offsetOf(v);
      const left: number[] = [];
      for (let k = 0; k < avail[v].length; k++) if (!avail[v][k] && before(v, k) && search.has(v, k)) left.push(k);
      for (const k of left) {
        if (avail[v][k]) continue;
        if (!search.fromBase(v, k)) continue;
        want.fill(0);
        for (let kk = 0; kk < avail[v].length; kk++) want[o + kk] = avail[v][kk] ? 0 : 1;
        const w = search.witness(want);
        if (w === undefined) return undefined;
        if (w === null) continue;
        this.remember(w);
        mark(w, v);
      }
    }
    this.last = { sel: sel.slice(), avail: avail.slice() };
    const lo = new Int32Array(n);
    const hi = new Int32Array(n);
    const out: Array<Uint8Array | null> = avail;
    for (const x of model.vars) {
      if (x.kind !== 'number') continue;
      lo[x.index] = avail[x.index].indexOf(1);
      hi[x.index] = avail[x.index].lastIndexOf(1);
      out[x.index] = null;
    }
    return { sel: sel.slice(), avail: out, lo, hi, witness: witness.slice(), exact: true };
  }

  possible(sel: Sel, v: number, k: number): boolean {
    for (const w of this.pool) if (w[v] === k && agrees(w, sel, v)) return true;
    if (!this.search.root(sel, v, v, k)) return false;
    const w = this.search.witness(null);
    if (w === undefined) return this.fallback().possible(sel, v, k);
    if (w) this.remember(w);
    return w !== null;
  }

  witnessFor(sel: Sel): Int32Array | null {
    for (const w of this.pool) if (agrees(w, sel, -1)) return w.slice();
    if (!this.search.root(sel)) return null;
    const w = this.search.witness(null);
    if (w === undefined) {
      const f = this.fallback().witnessFor(sel);
      return f && Int32Array.from(f);
    }
    if (!w) return null;
    this.remember(w);
    // A copy: the session may change the one it gets, the kept one must stay valid.
    return w.slice();
  }
}

/** Whether selections `a` include every selection of `b`. */
function includes(a: Sel, b: Sel): boolean {
  for (let v = 0; v < a.length; v++) if (b[v] >= 0 && a[v] !== b[v]) return false;
  return true;
}

function agrees(w: Int32Array, sel: Sel, except: number): boolean {
  for (let v = 0; v < w.length; v++) if (v !== except && sel[v] >= 0 && sel[v] !== w[v]) return false;
  return true;
}
