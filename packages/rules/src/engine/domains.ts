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
/** Memory for kept witnesses (4 bytes per option each). */
const POOL_BYTES = 24 * 2 ** 20;
/** Other consistent witnesses tried when a flip of the main witness fails. */
const FLIP_TRIES = 4;
const SOLVE_BUDGET = 50_000;

export class DomainEngine {
  /** Complete valid configurations found so far (witnesses), oldest first. */
  private pool: Int32Array[] = [];
  readonly model: Model;
  /** Work counters, for benchmarks. */
  stats = { solves: 0, flips: 0, propagations: 0, unsat: 0 };
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

  /** True inside {@link compute}, which trims the pool itself at the end. */
  private computing = false;

  private remember(w: Int32Array): void {
    this.pool.push(w);
    if (!this.computing && this.pool.length > this.poolCap()) this.pool.splice(0, this.pool.length - this.poolCap());
  }

  /**
   * How many witnesses to keep: at least {@link POOL_SIZE}, more while selections grow (every
   * selected option whose value could change needs a witness of its own), within a memory budget.
   */
  private poolCap(): number {
    const byMemory = Math.floor(POOL_BYTES / (4 * Math.max(1, this.model.vars.length)));
    return Math.max(8, Math.min(byMemory, POOL_SIZE + 2 * this.order.length));
  }

  /**
   * After a compute: the witnesses that proved some value of this state come first and stay; the
   * rest are kept newest first up to the cap. A later state that only adds selections invalidates
   * just the witnesses that disagree with them, so most values stay proven without search.
   */
  private retain(used: ReadonlySet<Int32Array>): void {
    const cap = this.poolCap();
    const kept = this.pool.filter((w) => used.has(w));
    const rest = this.pool.filter((w) => !used.has(w));
    const room = Math.max(0, cap - kept.length);
    this.pool = [...rest.slice(Math.max(0, rest.length - room)), ...kept.slice(Math.max(0, kept.length - cap))];
    this.computing = false;
  }

  /** Solves; on success records and returns the witness. `undefined` means: out of budget. */
  solve(assumptions: number[]): Int32Array | null | undefined {
    this.stats.solves++;
    const r = this.enc.solver.solve(assumptions, SOLVE_BUDGET);
    if (r === 'unknown') return undefined;
    if (r === 'unsat') {
      this.stats.unsat++;
      return null;
    }
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
    this.syncOrder(sel);
    const base = this.assumptions(sel);
    if (this.scratch.length < this.enc.solver.numVars) {
      this.scratch = new Int8Array(this.enc.solver.numVars);
      this.scratch2 = new Int8Array(this.enc.solver.numVars);
    }
    const assigned = this.enc.solver.propagateAssumptions(base, this.scratch);
    if (!assigned) return null;
    this.computing = true;
    try {
      return this.computeFrom(sel, prev, base, assigned);
    } finally {
      this.computing = false;
    }
  }

  private computeFrom(sel: Sel, prev: DomainState | null, base: number[], assigned: Int8Array): DomainState | null {
    const { vars } = this.model;
    const n = vars.length;
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
    // A witness that disagrees with one selection only is first tried with that value flipped.
    const used = new Set<Int32Array>();
    const consistent: Int32Array[] = [];
    const mark = (w: Int32Array, only: number): void => {
      let any = false;
      if (only >= 0) {
        const kn = known[only];
        if (kn && avail[only]![w[only]] && !kn[w[only]]) {
          kn[w[only]] = 1;
          any = true;
        }
      } else {
        for (let v = 0; v < n; v++) {
          const kn = known[v];
          if (kn && avail[v]![w[v]] && !kn[w[v]]) {
            kn[w[v]] = 1;
            any = true;
          }
        }
      }
      if (any) used.add(w);
    };
    // Pass 1: what the kept witnesses prove as they are. Pass 2: a witness that disagrees with one
    // or two selections is repaired towards them (the disagreeing option set to its selected value,
    // a few unselected options changed to mend the rules it breaks) when that proves something new.
    const pool = this.pool.slice();
    const near: Array<{ w: Int32Array; a: number; b: number }> = [];
    for (let i = pool.length - 1; i >= 0; i--) {
      const w = pool[i];
      let first = -1;
      let second = -1;
      let count = 0;
      for (const v of this.order) {
        if (sel[v] !== w[v]) {
          if (++count > 2) break;
          if (count === 1) first = v;
          else second = v;
        }
      }
      if (count > 2) continue;
      if (count === 0) {
        consistent.push(w);
        mark(w, -1);
        continue;
      }
      if (count === 1) mark(w, first);
      near.push({ w, a: first, b: second });
    }
    for (const { w, a, b } of near) {
      if (b < 0) {
        if (consistent.length >= FLIP_TRIES) continue;
        const r = vars[a].kind === 'number' ? null : this.localRepair(w, a, sel[a], sel);
        if (r) {
          this.remember(r);
          consistent.push(r);
          mark(r, -1);
        }
        continue;
      }
      for (const [fix, keep] of [
        [a, b],
        [b, a],
      ]) {
        if (vars[fix].kind === 'number' || !known[keep] || known[keep]![w[keep]] || !avail[keep]![w[keep]]) continue;
        const r = this.localRepair(w, fix, sel[fix], sel);
        if (r) {
          this.remember(r);
          mark(r, keep);
        }
      }
    }
    const witness = consistent[0] ?? this.solve(base);
    if (!witness) return null;
    if (consistent.length === 0) {
      consistent.push(witness);
      mark(witness, -1);
    }
    used.add(witness);
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
    /** Flip from a few consistent witnesses: a success is a new witness, kept for the next values. */
    const flipAny = (v: number, k: number): 1 | 0 | -1 => {
      let r = this.flip(witness, v, k, sel);
      if (r !== -1) return r;
      for (let i = 0, tried = 0; i < consistent.length && tried < FLIP_TRIES; i++) {
        const w = consistent[i];
        if (w === witness) continue;
        tried++;
        if (this.flip(w, v, k, sel) === 1) {
          const copy = w.slice();
          copy[v] = k;
          this.remember(copy);
          used.add(copy);
          return 1;
        }
      }
      const repaired = this.localRepair(witness, v, k, sel);
      if (repaired) {
        this.remember(repaired);
        consistent.push(repaired);
        mark(repaired, -1);
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
          mark(w, -1);
        }
      }
    }

    // Selected discrete variables: the domain given every other selection. Latest selections first:
    // the solver then keeps the levels of every selection before the one left out.
    for (let i = this.order.length - 1; i >= 0; i--) {
      const v = this.order[i];
      const x = vars[v];
      if (x.kind === 'number') continue;
      const a = avail[v]!;
      const kn = known[v]!;
      kn[sel[v]] = 1;
      a[sel[v]] = 1;
      let others: number[] | null = null;
      let othersAssigned: Int8Array | null = null;
      for (let k = 0; k < x.size; k++) {
        if (!a[k] || kn[k]) continue;
        const flipped = this.flip(witness, v, k, sel);
        if (flipped === 1) {
          kn[k] = 1;
          const copy = witness.slice();
          copy[v] = k;
          this.remember(copy);
          used.add(copy);
        }
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
        else {
          kn[k] = 1;
          used.add(w);
        }
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
    this.retain(used);
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
