/**
 * Valid domains: after every choice, which values of every option still belong to some complete
 * valid configuration (backtrack-freeness), exactly.
 *
 * How it stays fast: a pool of witness configurations proves most values possible without any
 * search; unit propagation of the selections proves many impossible without search; a value
 * differing from a witness in one option is checked directly against that option's rules ("flip");
 * only what is left goes to the SAT solver, with the preferred polarity set towards values not yet
 * covered so that every solution found covers as many as possible. Domains only shrink when a
 * selection is added, so the previous answer bounds the next one.
 */
import type { Encoding } from './encode.js';
import type { Model } from './model.js';
import { checkRule } from './model.js';
import { neg } from './sat.js';

/** Selections as value indices: `sel[v]` is the selected index or -1. */
export type Sel = Int32Array;

/** The valid domains for one selection state. */
export interface DomainState {
  sel: Sel;
  /** Per variable: 1 where the value index is available (number variables: null). */
  avail: Array<Uint8Array | null>;
  /** Per number variable: feasible [lo, hi] value indices (others: unused). */
  lo: Int32Array;
  hi: Int32Array;
  /** A complete valid configuration extending `sel`. */
  witness: Int32Array;
  /** False when a solve ran out of budget and a value was offered without proof. */
  exact: boolean;
}

const POOL_SIZE = 96;
const SOLVE_BUDGET = 50_000;

export class DomainEngine {
  private pool: Int32Array[] = [];
  private poolNext = 0;
  readonly model: Model;
  /** Work counters, for benchmarks. */
  stats = { solves: 0, flips: 0, propagations: 0 };
  private readonly boostUnknown = true;

  constructor(private readonly enc: Encoding) {
    this.model = enc.model;
  }

  /**
   * Selected variables in the order they were first selected: assumptions are listed in this order
   * so that a new selection only appends, and the solver keeps everything before it.
   */
  private order: number[] = [];
  /** Reused buffers for propagation results (no allocation per click). */
  private scratch = new Int8Array(0);
  private scratch2 = new Int8Array(0);
  private inOrder = new Uint8Array(0);

  /** "Proven available" marks of one `compute`, reused: views into one buffer, cleared per call. */
  private knownBuffer: Uint8Array | null = null;
  private knownViews: Array<Uint8Array | null> = [];

  private clearedKnown(): Array<Uint8Array | null> {
    if (this.knownBuffer) {
      this.knownBuffer.fill(0);
      return this.knownViews;
    }
    const { vars } = this.model;
    let size = 0;
    for (const x of vars) if (x.kind !== 'number') size += x.size;
    const buffer = new Uint8Array(size);
    let at = 0;
    this.knownViews = vars.map((x) => {
      if (x.kind === 'number') return null;
      at += x.size;
      return buffer.subarray(at - x.size, at);
    });
    this.knownBuffer = buffer;
    return this.knownViews;
  }

  private syncOrder(sel: Sel): void {
    if (this.inOrder.length !== sel.length) this.inOrder = new Uint8Array(sel.length);
    this.order = this.order.filter((v) => {
      if (sel[v] >= 0) return true;
      this.inOrder[v] = 0;
      return false;
    });
    for (let v = 0; v < sel.length; v++) {
      if (sel[v] >= 0 && !this.inOrder[v]) {
        this.inOrder[v] = 1;
        this.order.push(v);
      }
    }
  }

  /** Assumption literals for a selection state, optionally leaving out one variable. */
  assumptions(sel: Sel, except = -1): number[] {
    const out: number[] = [];
    for (const v of this.order) if (sel[v] >= 0 && v !== except) out.push(...this.enc.valueLits(v, sel[v]));
    for (let v = 0; v < sel.length; v++) {
      if (sel[v] >= 0 && v !== except && !this.inOrder[v]) out.push(...this.enc.valueLits(v, sel[v]));
    }
    return out;
  }

  private readModel(): Int32Array {
    const w = new Int32Array(this.model.vars.length);
    for (let v = 0; v < w.length; v++) w[v] = this.enc.modelValue(v);
    return w;
  }

  private remember(w: Int32Array): void {
    if (this.pool.length < POOL_SIZE) this.pool.push(w);
    else {
      this.pool[this.poolNext] = w;
      this.poolNext = (this.poolNext + 1) % POOL_SIZE;
    }
  }

  /** Solves; on success records and returns the witness. `undefined` means: out of budget. */
  solve(assumptions: number[]): Int32Array | null | undefined {
    this.stats.solves++;
    const r = this.enc.solver.solve(assumptions, SOLVE_BUDGET);
    if (r === 'unknown') return undefined;
    if (r === 'unsat') return null;
    const w = this.readModel();
    this.remember(w);
    return w;
  }

  /** A complete valid configuration extending `sel`, or null when there is none. */
  witnessFor(sel: Sel): Int32Array | null {
    for (const w of this.pool) if (this.mismatches(w, sel, 2) === 0) return w;
    return this.solve(this.assumptions(sel)) ?? null;
  }

  private mismatches(w: Int32Array, sel: Sel, stopAt: number): number {
    let n = 0;
    for (let v = 0; v < sel.length; v++) if (sel[v] >= 0 && sel[v] !== w[v] && ++n >= stopAt) return n;
    return n;
  }

  /**
   * The witness w with variable v set to k: `1` if it still satisfies every rule reading v (a new
   * witness), `0` if a broken rule reads only selected variables besides v (so no completion can
   * mend it: v = k is impossible), `-1` if only the solver can tell.
   */
  private flip(w: Int32Array, v: number, k: number, sel: Sel): 1 | 0 | -1 {
    this.stats.flips++;
    const old = w[v];
    w[v] = k;
    let result: 1 | 0 | -1 = 1;
    for (const ri of this.model.rulesOf[v]) {
      const rule = this.model.rules[ri];
      if (checkRule(rule, w)) continue;
      result = -1;
      if (rule.scope.every((u) => u === v || sel[u] >= 0)) {
        result = 0;
        break;
      }
    }
    w[v] = old;
    return result;
  }

  /** Steers the next solve towards values not yet proven possible, on the variables in `pending`. */
  /**
   * Min-conflicts repair: w with v = k, then up to `maxSteps` changes of other unselected variables,
   * each fixing the first broken rule while breaking as few others as possible; every variable is
   * changed at most once. A success is a valid configuration (every rule it could break was re-checked).
   */
  private localRepair(w: Int32Array, v: number, k: number, sel: Sel, maxSteps = 12): Int32Array | null {
    const { rules, rulesOf, vars } = this.model;
    const x = w.slice();
    x[v] = k;
    const frozen = new Set<number>([v]);
    const broken = new Set<number>();
    for (const ri of rulesOf[v]) if (!checkRule(rules[ri], x)) broken.add(ri);
    for (let step = 0; step < maxSteps && broken.size > 0; step++) {
      this.stats.flips++;
      const ri: number = broken.values().next().value!;
      const rule = rules[ri];
      let best: { u: number; j: number; cost: number } | null = null;
      for (const u of rule.scope) {
        if (sel[u] >= 0 || frozen.has(u) || vars[u].kind === 'number') continue;
        const old = x[u];
        for (let j = 0; j < vars[u].size; j++) {
          if (j === old) continue;
          x[u] = j;
          if (checkRule(rule, x)) {
            let cost = 0;
            for (const rj of rulesOf[u]) if (rj !== ri && !checkRule(rules[rj], x)) cost++;
            if (!best || cost < best.cost) best = { u, j, cost };
          }
        }
        x[u] = old;
        if (best && best.cost === 0) break;
      }
      if (!best) return null;
      x[best.u] = best.j;
      frozen.add(best.u);
      for (const rj of rulesOf[best.u]) {
        if (checkRule(rules[rj], x)) broken.delete(rj);
        else broken.add(rj);
      }
    }
    return broken.size === 0 ? x : null;
  }

  private setPhases(avail: Array<Uint8Array | null>, known: Array<Uint8Array | null>, pending: number[]): void {
    const s = this.enc.solver;
    let j = 0;
    for (const v of pending) {
      const x = this.model.vars[v];
      const a = known[v]!;
      let open = false;
      for (let k = 0; k < x.size; k++) if (a[k] === 0 && avail[v]![k] === 1) open = true;
      if (!open) continue;
      pending[j++] = v;
      if (x.kind === 'choice') {
        for (let k = 0; k < x.size; k++) {
          const wanted = a[k] === 0 && avail[x.index]![k] === 1;
          s.setPhase(this.enc.base[x.index] + k, wanted);
          if (wanted && this.boostUnknown) s.boost(this.enc.base[x.index] + k);
        }
      } else if (a[0] !== a[1]) {
        // Prefer the polarity not yet covered, and decide it early.
        s.setPhase(this.enc.base[x.index], a[1] === 0);
        if (this.boostUnknown && avail[x.index]![a[1] === 0 ? 1 : 0]) s.boost(this.enc.base[x.index]);
      }
    }
    pending.length = j;
  }

  /**
   * Domains for `sel`. `prev`, when given, must be the state of a subset of `sel` (same values):
   * its unavailable values stay unavailable.
   */
  compute(sel: Sel, prev: DomainState | null): DomainState | null {
    const { vars } = this.model;
    const n = vars.length;
    this.syncOrder(sel);
    const base = this.assumptions(sel);
    if (this.scratch.length < this.enc.solver.numVars) {
      this.scratch = new Int8Array(this.enc.solver.numVars);
      this.scratch2 = new Int8Array(this.enc.solver.numVars);
    }
    const assigned = this.enc.solver.propagateAssumptions(base, this.scratch);
    if (!assigned) return null;
    const witness = this.witnessFor(sel);
    if (!witness) return null;
    let exact = true;

    const avail: Array<Uint8Array | null> = new Array(n);
    const known = this.clearedKnown(); // 1 = proven available
    const lo = new Int32Array(n);
    const hi = new Int32Array(n);
    const litFalse = (l: number): boolean => assigned[l >> 1] === (l & 1 ? 1 : -1);

    // Start: what propagation and the previous state already rule out.
    const upLo = new Int32Array(n);
    const upHi = new Int32Array(n);
    for (const x of vars) {
      const v = x.index;
      if (x.kind === 'number') {
        avail[v] = null;
        upLo[v] = this.boundFromAssigned(assigned, v, true);
        upHi[v] = this.boundFromAssigned(assigned, v, false);
        continue;
      }
      const a = new Uint8Array(x.size);
      const p = prev?.avail[v];
      for (let k = 0; k < x.size; k++) {
        if (p && p[k] === 0) continue;
        if (sel[v] < 0 && litFalse(this.enc.valueLit(v, k))) continue;
        a[k] = 1;
      }
      avail[v] = a;
    }

    // Witnesses: consistent ones support every value they use; one mismatch at v supports v's value.
    const consistent: Int32Array[] = [];
    for (const w of this.pool) {
      let miss = -1;
      let count = 0;
      for (let v = 0; v < n; v++) {
        if (sel[v] >= 0 && sel[v] !== w[v]) {
          miss = v;
          if (++count > 1) break;
        }
      }
      if (count > 1) continue;
      if (count === 1) {
        const kn = known[miss];
        if (kn && avail[miss]![w[miss]]) kn[w[miss]] = 1;
        continue;
      }
      consistent.push(w);
      for (let v = 0; v < n; v++) {
        const kn = known[v];
        if (kn && avail[v]![w[v]]) kn[w[v]] = 1;
      }
    }
    // The option added last: its domain given the others is the previous state's domain, exactly.
    if (prev) {
      let added = -1;
      let same = true;
      for (let v = 0; v < n && same; v++) {
        if (prev.sel[v] === sel[v]) continue;
        if (prev.sel[v] < 0 && added < 0) added = v;
        else same = false;
      }
      if (same && added >= 0 && avail[added]) {
        const a = avail[added]!;
        const p = prev.avail[added]!;
        for (let k = 0; k < a.length; k++) {
          a[k] = p[k];
          known[added]![k] = p[k];
        }
      }
    }
    /** Flip from every consistent witness: a success is a new witness, kept for the next values. */
    const flipAny = (v: number, k: number): 1 | 0 | -1 => {
      let r = this.flip(witness, v, k, sel);
      if (r !== -1) return r;
      for (const w of consistent) {
        if (w === witness) continue;
        if (this.flip(w, v, k, sel) === 1) {
          const copy = w.slice();
          copy[v] = k;
          this.remember(copy);
          return 1;
        }
      }
      const repaired = this.localRepair(witness, v, k, sel);
      if (repaired) {
        this.remember(repaired);
        consistent.push(repaired);
        for (let u = 0; u < n; u++) {
          const ku = known[u];
          if (ku && sel[u] < 0 && avail[u]![repaired[u]]) ku[repaired[u]] = 1;
        }
        return 1;
      }
      return -1;
    };

    // Unselected discrete variables: flips of the witness, then the solver.
    const pending = vars.filter((x) => x.kind !== 'number' && sel[x.index] < 0).map((x) => x.index);
    for (const x of vars) {
      const v = x.index;
      if (x.kind === 'number' || sel[v] >= 0) continue;
      const a = avail[v]!;
      const kn = known[v]!;
      for (let k = 0; k < x.size; k++) {
        if (!a[k] || kn[k]) continue;
        const flipped = flipAny(v, k);
        if (flipped === 1) kn[k] = 1;
        if (flipped === 0) a[k] = 0;
        if (flipped !== -1) continue;
        this.setPhases(avail, known, pending);
        const w = this.solve([...base, this.enc.valueLit(v, k)]);
        if (w === undefined) {
          exact = false;
          kn[k] = 1;
        } else if (w === null) {
          a[k] = 0;
        } else {
          for (let u = 0; u < n; u++) {
            const ku = known[u];
            if (ku && sel[u] < 0 && avail[u]![w[u]]) ku[w[u]] = 1;
          }
        }
      }
    }

    // Selected discrete variables: the domain given every other selection.
    for (const x of vars) {
      const v = x.index;
      if (x.kind === 'number' || sel[v] < 0) continue;
      const a = avail[v]!;
      const kn = known[v]!;
      kn[sel[v]] = 1;
      a[sel[v]] = 1;
      let others: number[] | null = null;
      let othersAssigned: Int8Array | null = null;
      for (let k = 0; k < x.size; k++) {
        if (!a[k] || kn[k]) continue;
        const flipped = this.flip(witness, v, k, sel);
        if (flipped === 1) kn[k] = 1;
        if (flipped === 0) a[k] = 0;
        if (flipped !== -1) continue;
        others ??= this.assumptions(sel, v);
        if (!othersAssigned) {
          this.stats.propagations++;
          othersAssigned = this.enc.solver.propagateAssumptions(others, this.scratch2);
        }
        const target = this.enc.valueLit(v, k);
        if (othersAssigned && othersAssigned[target >> 1] === (target & 1 ? 1 : -1)) {
          a[k] = 0;
          continue;
        }
        const w = this.solve([...others, target]);
        if (w === undefined) {
          exact = false;
          kn[k] = 1;
        } else if (w === null) a[k] = 0;
        else kn[k] = 1;
      }
    }

    // Number variables: exact feasible bounds by bisection between proven-infeasible and witnessed.
    for (const x of vars) {
      if (x.kind !== 'number') continue;
      const v = x.index;
      const others = sel[v] >= 0 ? this.assumptions(sel, v) : base;
      let floor = upLo[v];
      let ceil = upHi[v];
      if (sel[v] >= 0) {
        const assignedHere = this.enc.solver.propagateAssumptions(others, this.scratch2);
        floor = assignedHere ? this.boundFromAssigned(assignedHere, v, true) : 0;
        ceil = assignedHere ? this.boundFromAssigned(assignedHere, v, false) : x.size - 1;
      }
      const p = prev && prev.sel[v] === sel[v] ? prev : null;
      if (p) {
        floor = Math.max(floor, p.lo[v]);
        ceil = Math.min(ceil, p.hi[v]);
      }
      let wMin = Infinity;
      let wMax = -Infinity;
      for (const w of this.pool) {
        // Consistent with every selection, or with every one but v's own.
        const miss = this.mismatches(w, sel, 2);
        if (miss === 0 || (miss === 1 && sel[v] >= 0 && w[v] !== sel[v])) {
          wMin = Math.min(wMin, w[v]);
          wMax = Math.max(wMax, w[v]);
        }
      }
      if (wMin === Infinity) {
        const w = this.solve(others);
        if (!w) {
          exact &&= w !== undefined;
          lo[v] = floor;
          hi[v] = ceil;
          continue;
        }
        wMin = wMax = w[v];
      }
      const geLit = (k: number) => this.enc.solver.geLit(this.enc.base[v], k)!;
      // Lowest feasible value.
      let low = floor;
      let high = wMin;
      while (low < high) {
        const mid = (low + high) >> 1;
        const w = this.solve([...others, neg(geLit(mid + 1))]);
        if (w === undefined) {
          exact = false;
          high = low;
        } else if (w === null) low = mid + 1;
        else high = w[v];
      }
      lo[v] = high;
      low = wMax;
      high = ceil;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        const w = this.solve([...others, geLit(mid)]);
        if (w === undefined) {
          exact = false;
          low = high;
        } else if (w === null) high = mid - 1;
        else low = w[v];
      }
      hi[v] = low;
    }
    return { sel: sel.slice(), avail, lo, hi, witness, exact };
  }

  /** Bounds of a number variable implied by propagation (`lower`: the least value not ruled out). */
  private boundFromAssigned(assigned: Int8Array, v: number, lower: boolean): number {
    const x = this.model.vars[v];
    const s = this.enc.solver;
    const b = this.enc.base[v];
    const isTrue = (k: number) => {
      const l = s.geLit(b, k)!;
      return assigned[l >> 1] === 1;
    };
    const isFalse = (k: number) => {
      const l = s.geLit(b, k)!;
      return assigned[l >> 1] === -1;
    };
    if (lower) {
      let k = 0;
      let lo = 1;
      let hi = x.size - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (isTrue(mid)) {
          k = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return k;
    }
    let k = x.size - 1;
    let lo = 1;
    let hi = x.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (isFalse(mid)) {
        k = mid - 1;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    return k;
  }

  /** Whether value index k of v is possible together with every selection except v's own. Exact. */
  possible(sel: Sel, v: number, k: number): boolean {
    for (const w of this.pool) {
      if (w[v] !== k) continue;
      let ok = true;
      for (let u = 0; u < sel.length; u++) {
        if (u !== v && sel[u] >= 0 && sel[u] !== w[u]) {
          ok = false;
          break;
        }
      }
      if (ok) return true;
    }
    const r = this.solve([...this.assumptions(sel, v), ...this.enc.valueLits(v, k)]);
    return r !== null;
  }
}
