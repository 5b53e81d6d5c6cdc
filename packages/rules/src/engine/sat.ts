/**
 * A small incremental CDCL SAT solver (two watched literals, 1-UIP learning, VSIDS, phase saving,
 * Luby restarts, solving under assumptions with final-conflict analysis) plus bounds-propagating
 * linear constraints over order-encoded integers, explained lazily as clauses.
 *
 * Why a solver of our own: the engine runs in browsers, workers, Node and the backend, must stay a
 * few tens of KB, never `eval`, and needs incremental solving under assumptions (the shopper's
 * selections) with cores over those assumptions — the basis of the explanations and repairs.
 *
 * Literals: `2 * v` is variable `v` true, `2 * v + 1` is `v` false; variables are numbered from 0.
 */

/** Result of {@link Solver.solve}. */
export type SolveResult = 'sat' | 'unsat' | 'unknown';

const UNDEF = 0;
const TRUE = 1;
const FALSE = -1;

const REASON_NONE = -1;
const REASON_BINARY = -2;
/** Reasons below this are indices into the propagators' explanations: `REASON_EXTRA - i`. */
const REASON_EXTRA = -3;

/** Σ coefficient[i] · index(term[i]) ≥ bound, active when every guard literal is true. */
interface Linear {
  terms: number[]; // integer-variable ids
  coefs: number[];
  bound: number;
  guards: number[];
}

/** An integer variable 0..size-1 in order encoding: `ge[k]` is the literal "value ≥ k" (k ≥ 1). */
interface IntVar {
  size: number;
  /** ge[k] for k = 1..size-1 (ge[0] unused). */
  ge: Int32Array;
  linears: number[];
}

export const lit = (v: number, positive: boolean): number => (positive ? 2 * v : 2 * v + 1);
export const neg = (l: number): number => l ^ 1;
export const litVar = (l: number): number => l >> 1;

function luby(y: number, x: number): number {
  let size = 1;
  let seq = 0;
  while (size < x + 1) {
    seq++;
    size = 2 * size + 1;
  }
  while (size - 1 !== x) {
    size = (size - 1) >> 1;
    seq--;
    x = x % size;
  }
  return Math.pow(y, seq);
}

export class Solver {
  #nVars = 0;
  #assigns = new Int8Array(64);
  #levels = new Int32Array(64);
  #reasons = new Int32Array(64);
  #reasonLits = new Int32Array(64);
  #activity = new Float64Array(64);
  #phases = new Uint8Array(64);
  #seen = new Uint8Array(64);
  #intOf = new Int32Array(64).fill(-1);
  /** 1 for variables branched on first (the options); auxiliary variables come after them. */
  #rank = new Uint8Array(64);

  #watches: number[][] = [];
  #binWatches: number[][] = [];
  #clauses: Int32Array[] = [];
  #learnt: boolean[] = [];
  #clauseActivity: number[] = [];
  #searchFrom: number[] = [];
  #freeClauses: number[] = [];
  #nLearnts = 0;

  #ints: IntVar[] = [];
  #linears: Linear[] = [];
  #linQueue: number[] = [];
  #linQueued: Uint8Array = new Uint8Array(0);
  #extraReasons: number[][] = [];

  #trail: number[] = [];
  /** Assumptions whose decision levels (1..n) are still on the trail after the last solve. */
  #kept: number[] = [];
  #trailLim: number[] = [];
  #qhead = 0;

  #heap: number[] = [];
  #heapIndex = new Int32Array(64).fill(-1);
  #varInc = 1;
  #clauseInc = 1;
  /** False once the clauses alone are contradictory. */
  #ok = true;

  /** Assignment of the last satisfying solve: `model[v]` is 1 (true) or 0 (false). Overwritten by the next one. */
  model = new Uint8Array(0);
  /** After an `unsat` answer under assumptions: the assumptions (as given) that together are contradictory. */
  conflict: number[] = [];
  /** Conflicts over the solver's life (a work measure for budgets and benchmarks). */
  conflicts = 0;
  solves = 0;

  get numVars(): number {
    return this.#nVars;
  }

  /**
   * A new variable. Auxiliary ones (`primary = false`: Tseitin, table rows, counters) are branched
   * on only once every primary one is assigned, when propagation has fixed most of them already.
   */
  newVar(primary = true): number {
    const v = this.#nVars++;
    if (v >= this.#assigns.length) this.#grow(v * 2 + 64);
    this.#rank[v] = primary ? 1 : 0;
    this.#watches.push([], []);
    this.#binWatches.push([], []);
    this.#heapInsert(v);
    return v;
  }

  #grow(n: number): void {
    const g8 = (a: Int8Array) => {
      const b = new Int8Array(n);
      b.set(a);
      return b;
    };
    const gu8 = (a: Uint8Array) => {
      const b = new Uint8Array(n);
      b.set(a);
      return b;
    };
    const g32 = (a: Int32Array, fill = 0) => {
      const b = new Int32Array(n).fill(fill);
      b.set(a);
      return b;
    };
    this.#assigns = g8(this.#assigns);
    this.#levels = g32(this.#levels);
    this.#reasons = g32(this.#reasons);
    this.#reasonLits = g32(this.#reasonLits);
    const act = new Float64Array(n);
    act.set(this.#activity);
    this.#activity = act;
    this.#phases = gu8(this.#phases);
    this.#seen = gu8(this.#seen);
    this.#heapIndex = g32(this.#heapIndex, -1);
    this.#intOf = g32(this.#intOf, -1);
    this.#rank = gu8(this.#rank);
  }

  /** An integer variable with values 0..size-1; returns its id. Its "≥ k" literals are chained. */
  newInt(size: number): number {
    const ge = new Int32Array(Math.max(size, 1));
    const id = this.#ints.length;
    for (let k = 1; k < size; k++) {
      const v = this.newVar();
      ge[k] = lit(v, true);
      this.#intOf[v] = id;
    }
    // value ≥ k+1 implies value ≥ k.
    for (let k = 1; k + 1 < size; k++) this.addClause([neg(ge[k + 1]), ge[k]]);
    this.#ints.push({ size, ge, linears: [] });
    return id;
  }

  /** The literal "integer ≥ k"; `null` when it is constant (k ≤ 0: true, k ≥ size: false). */
  geLit(intId: number, k: number): number | null {
    const iv = this.#ints[intId];
    if (k <= 0 || k >= iv.size) return null;
    return iv.ge[k];
  }

  /** Σ coefs[i]·ints[i] ≥ bound whenever all `guards` are true. Integers must be small enough for doubles. */
  addLinear(ints: number[], coefs: number[], bound: number, guards: number[] = []): void {
    const id = this.#linears.length;
    this.#linears.push({ terms: ints, coefs, bound, guards });
    for (const t of ints) this.#ints[t].linears.push(id);
    for (const g of guards) {
      // Guard changes also wake the constraint: register through a pseudo watch.
      this.#guardWatch(litVar(g), id);
    }
    const q = new Uint8Array(this.#linears.length);
    q.set(this.#linQueued.subarray(0, Math.min(this.#linQueued.length, q.length)));
    this.#linQueued = q;
    this.#linQueue.push(id);
    this.#linQueued[id] = 1;
  }

  #guardLinears = new Map<number, number[]>();
  #guardWatch(v: number, id: number): void {
    let list = this.#guardLinears.get(v);
    if (!list) this.#guardLinears.set(v, (list = []));
    list.push(id);
  }

  value(l: number): number {
    const a = this.#assigns[l >> 1];
    return l & 1 ? -a : a;
  }

  /** Makes `v` the next to branch on (before every variable not boosted as much). */
  boost(v: number): void {
    this.#bumpVar(v);
    this.#activity[v] += this.#varInc * 1000;
    if (this.#heapIndex[v] >= 0) this.#heapUp(this.#heapIndex[v]);
  }

  /** Preferred polarity of `v` for the next decisions on it. */
  setPhase(v: number, positive: boolean): void {
    this.#phases[v] = positive ? 1 : 0;
  }

  /** Adds a clause at decision level 0. Returns false when the formula became unsatisfiable. */
  addClause(lits: readonly number[]): boolean {
    if (!this.#ok) return false;
    if (this.#trailLim.length > 0) this.#cancelUntil(0);
    const ls: number[] = [];
    // seen[v]: 1 = v in the clause positively, 2 = negatively (duplicates and tautologies in one pass).
    let tautology = false;
    for (const l of lits) {
      const val = this.value(l);
      if (val === TRUE && this.#levels[l >> 1] === 0) {
        tautology = true;
        break;
      }
      if (val === FALSE && this.#levels[l >> 1] === 0) continue;
      const mark = (l & 1) + 1;
      const m = this.#seen[l >> 1];
      if (m === mark) continue;
      if (m !== 0) {
        tautology = true;
        break;
      }
      this.#seen[l >> 1] = mark;
      ls.push(l);
    }
    for (const l of ls) this.#seen[l >> 1] = 0;
    if (tautology) return true;
    if (ls.length === 0) return (this.#ok = false);
    if (ls.length === 1) {
      this.#enqueue(ls[0], REASON_NONE, 0);
      return (this.#ok = this.#propagate() === null);
    }
    this.#attach(Int32Array.from(ls), false);
    return true;
  }

  #attach(c: Int32Array, learnt: boolean): number {
    if (c.length === 2) {
      this.#binWatches[c[0]].push(c[1]);
      this.#binWatches[c[1]].push(c[0]);
      return -1;
    }
    const cref = this.#freeClauses.length > 0 ? this.#freeClauses.pop()! : this.#clauses.length;
    this.#clauses[cref] = c;
    this.#learnt[cref] = learnt;
    this.#clauseActivity[cref] = 0;
    this.#searchFrom[cref] = 2;
    if (learnt) this.#nLearnts++;
    this.#watches[c[0]].push(cref);
    this.#watches[c[1]].push(cref);
    return cref;
  }

  #enqueue(l: number, reason: number, reasonLit: number): void {
    const v = l >> 1;
    this.#assigns[v] = l & 1 ? FALSE : TRUE;
    this.#levels[v] = this.#trailLim.length;
    this.#reasons[v] = reason;
    this.#reasonLits[v] = reasonLit;
    this.#trail.push(l);
    const iv = this.#intOf[v];
    if (iv >= 0) for (const id of this.#ints[iv].linears) this.#queueLinear(id);
    if (this.#guardLinears.size > 0) {
      const gl = this.#guardLinears.get(v);
      if (gl) for (const id of gl) this.#queueLinear(id);
    }
  }

  #queueLinear(id: number): void {
    if (this.#linQueued[id]) return;
    this.#linQueued[id] = 1;
    this.#linQueue.push(id);
  }

  /** Unit propagation to a fixpoint; returns a conflicting clause (all literals false) or null. */
  #propagate(): ArrayLike<number> | null {
    for (;;) {
      while (this.#qhead < this.#trail.length) {
        const p = this.#trail[this.#qhead++];
        const falseLit = p ^ 1;
        const bins = this.#binWatches[falseLit];
        for (let i = 0; i < bins.length; i++) {
          const q = bins[i];
          const val = this.value(q);
          if (val === FALSE) return [q, falseLit];
          if (val === UNDEF) this.#enqueue(q, REASON_BINARY, falseLit);
        }
        const ws = this.#watches[falseLit];
        let i = 0;
        let j = 0;
        const n = ws.length;
        while (i < n) {
          const cref = ws[i++];
          const c = this.#clauses[cref];
          if (c[0] === falseLit) {
            c[0] = c[1];
            c[1] = falseLit;
          }
          const first = c[0];
          if (this.value(first) === TRUE) {
            ws[j++] = cref;
            continue;
          }
          // Look for a new watch from where the last search stopped (long table clauses would be
          // scanned quadratically otherwise).
          let found = false;
          const len = c.length;
          if (len > 2) {
            const start = this.#searchFrom[cref] < len ? this.#searchFrom[cref] : 2;
            let k = start;
            do {
              if (this.value(c[k]) !== FALSE) {
                c[1] = c[k];
                c[k] = falseLit;
                this.#watches[c[1]].push(cref);
                this.#searchFrom[cref] = k;
                found = true;
                break;
              }
              k = k + 1 < len ? k + 1 : 2;
            } while (k !== start);
          }
          if (found) continue;
          ws[j++] = cref;
          if (this.value(first) === FALSE) {
            while (i < n) ws[j++] = ws[i++];
            ws.length = j;
            return c;
          }
          this.#enqueue(first, cref, 0);
        }
        if (j !== n) ws.length = j;
      }
      if (this.#linQueue.length === 0) return null;
      const id = this.#linQueue.pop()!;
      this.#linQueued[id] = 0;
      const confl = this.#propagateLinear(id);
      if (confl) return confl;
    }
  }

  #lower(iv: IntVar): number {
    // Largest k with ge[k] true; the chain keeps assignments monotone at propagation fixpoints.
    let lo = 0;
    let hi = iv.size - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.value(iv.ge[mid]) === TRUE) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  #upper(iv: IntVar): number {
    // Smallest k with ge[k] false, minus one.
    let lo = 0;
    let hi = iv.size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.value(iv.ge[mid + 1]) === FALSE) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The literals (all currently false) that explain the current maximum of term j. */
  #pushMaxExplanation(out: number[], ivId: number, coef: number): void {
    const iv = this.#ints[ivId];
    if (coef > 0) {
      const ub = this.#upper(iv);
      if (ub < iv.size - 1) out.push(iv.ge[ub + 1]);
    } else {
      const lb = this.#lower(iv);
      if (lb > 0) out.push(neg(iv.ge[lb]));
    }
  }

  #propagateLinear(id: number): ArrayLike<number> | null {
    const L = this.#linears[id];
    let unassignedGuard = -1;
    for (const g of L.guards) {
      const val = this.value(g);
      if (val === FALSE) return null;
      if (val === UNDEF) {
        if (unassignedGuard >= 0) return null;
        unassignedGuard = g;
      }
    }
    const maxes: number[] = [];
    let maxSum = 0;
    for (let t = 0; t < L.terms.length; t++) {
      const iv = this.#ints[L.terms[t]];
      const c = L.coefs[t];
      const m = c > 0 ? c * this.#upper(iv) : c * this.#lower(iv);
      maxes.push(m);
      maxSum += m;
    }
    const slack = maxSum - L.bound;
    const explainAll = (first: number | null): number[] => {
      const out: number[] = first === null ? [] : [first];
      for (const g of L.guards) if (g !== unassignedGuard) out.push(neg(g));
      for (let t = 0; t < L.terms.length; t++) this.#pushMaxExplanation(out, L.terms[t], L.coefs[t]);
      return out;
    };
    if (slack < 0) {
      if (unassignedGuard >= 0) {
        this.#imply(explainAll(neg(unassignedGuard)));
        return null;
      }
      return explainAll(null);
    }
    if (unassignedGuard >= 0) return null;
    for (let t = 0; t < L.terms.length; t++) {
      const c = L.coefs[t];
      const need = maxes[t] - slack; // c·k_t must be ≥ need
      const iv = this.#ints[L.terms[t]];
      let implied: number | null = null;
      if (c > 0) {
        const newLb = Math.ceil(need / c);
        if (newLb > this.#lower(iv)) implied = this.geLit(L.terms[t], newLb);
      } else {
        const newUb = Math.floor(need / c);
        if (newUb < this.#upper(iv)) {
          const l = this.geLit(L.terms[t], newUb + 1);
          implied = l === null ? null : neg(l);
        }
      }
      if (implied === null || this.value(implied) === TRUE) continue;
      const reason: number[] = [implied];
      for (const g of L.guards) reason.push(neg(g));
      for (let u = 0; u < L.terms.length; u++) if (u !== t) this.#pushMaxExplanation(reason, L.terms[u], L.coefs[u]);
      if (this.value(implied) === FALSE) return reason;
      this.#imply(reason);
      // The new bound changes this term's range only; others are re-checked on the next wake-up.
      this.#queueLinear(id);
      return null;
    }
    return null;
  }

  #imply(reason: number[]): void {
    const idx = this.#extraReasons.length;
    this.#extraReasons.push(reason);
    this.#enqueue(reason[0], REASON_EXTRA - idx, 0);
  }

  #reasonClause(v: number): ArrayLike<number> | null {
    const r = this.#reasons[v];
    if (r >= 0) return this.#clauses[r];
    if (r === REASON_BINARY) return [this.#assigns[v] === TRUE ? 2 * v : 2 * v + 1, this.#reasonLits[v]];
    if (r <= REASON_EXTRA) return this.#extraReasons[REASON_EXTRA - r];
    return null;
  }

  #cancelUntil(level: number): void {
    if (this.#kept.length > level) this.#kept.length = level;
    if (this.#trailLim.length <= level) return;
    const stop = this.#trailLim[level];
    for (let i = this.#trail.length - 1; i >= stop; i--) {
      const v = this.#trail[i] >> 1;
      this.#phases[v] = this.#assigns[v] === TRUE ? 1 : 0;
      this.#assigns[v] = UNDEF;
      this.#heapInsert(v);
    }
    this.#trail.length = stop;
    this.#trailLim.length = level;
    this.#qhead = stop;
    // Pending linear constraints stay queued: the assignment that woke them may survive the backjump.
    if (level === 0) this.#extraReasons.length = 0;
  }

  #analyze(confl: ArrayLike<number>): { learnt: number[]; backLevel: number } {
    const learnt: number[] = [0];
    const seen = this.#seen;
    const level = this.#trailLim.length;
    let pathC = 0;
    let p = -1;
    let index = this.#trail.length - 1;
    let clause: ArrayLike<number> | null = confl;
    const toClear: number[] = [];
    for (;;) {
      const c = clause!;
      for (let k = p === -1 ? 0 : 1; k < c.length; k++) {
        const q = c[k];
        const v = q >> 1;
        if (!seen[v] && this.#levels[v] > 0) {
          seen[v] = 1;
          toClear.push(v);
          this.#bumpVar(v);
          if (this.#levels[v] >= level) pathC++;
          else learnt.push(q);
        }
      }
      while (!seen[this.#trail[index] >> 1]) index--;
      p = this.#trail[index];
      index--;
      seen[p >> 1] = 0;
      pathC--;
      if (pathC <= 0) break;
      clause = this.#reasonClause(p >> 1);
      // The implied literal must come first in a reason; binary/extra reasons are built that way.
      if (clause && clause[0] !== p) {
        const arr = Array.from(clause);
        const at = arr.indexOf(p);
        arr[at] = arr[0];
        arr[0] = p;
        clause = arr;
      }
    }
    learnt[0] = neg(p);
    // Cheap minimisation: drop literals whose reason is entirely inside the clause.
    for (const v of toClear) seen[v] = 1;
    let j = 1;
    for (let i = 1; i < learnt.length; i++) {
      const v = learnt[i] >> 1;
      const r = this.#reasonClause(v);
      let redundant = r !== null;
      if (r) {
        for (let k = 0; k < r.length; k++) {
          const u = r[k] >> 1;
          if (u !== v && !seen[u] && this.#levels[u] > 0) {
            redundant = false;
            break;
          }
        }
      }
      if (!redundant) learnt[j++] = learnt[i];
    }
    learnt.length = j;
    for (const v of toClear) seen[v] = 0;
    let backLevel = 0;
    if (learnt.length > 1) {
      let maxI = 1;
      for (let i = 2; i < learnt.length; i++) if (this.#levels[learnt[i] >> 1] > this.#levels[learnt[maxI] >> 1]) maxI = i;
      const t = learnt[1];
      learnt[1] = learnt[maxI];
      learnt[maxI] = t;
      backLevel = this.#levels[learnt[1] >> 1];
    }
    return { learnt, backLevel };
  }

  /**
   * The assumptions responsible for `p` being false (MiniSat's analyzeFinal), where `neg(p)` is an
   * assumption. Called while only assumptions have been decided, so every decision on the trail
   * (a literal above level 0 without a reason) is one: no set of the assumptions is needed (with
   * tens of thousands of them, building one per call would cost more than the search).
   */
  #analyzeFinal(p: number): number[] {
    const out = new Set<number>();
    out.add(neg(p));
    if (this.#trailLim.length === 0) return [...out];
    const seen = this.#seen;
    seen[p >> 1] = 1;
    const marked: number[] = [p >> 1];
    for (let i = this.#trail.length - 1; i >= this.#trailLim[0]; i--) {
      const x = this.#trail[i] >> 1;
      if (!seen[x]) continue;
      const r = this.#reasonClause(x);
      if (r === null) {
        if (this.#levels[x] > 0) out.add(this.#trail[i]);
      } else {
        for (let k = 0; k < r.length; k++) {
          const u = r[k] >> 1;
          if (u !== x && this.#levels[u] > 0 && !seen[u]) {
            seen[u] = 1;
            marked.push(u);
          }
        }
      }
    }
    for (const v of marked) seen[v] = 0;
    return [...out];
  }

  #bumpVar(v: number): void {
    this.#activity[v] += this.#varInc;
    if (this.#activity[v] > 1e100) {
      for (let i = 0; i < this.#nVars; i++) this.#activity[i] *= 1e-100;
      this.#varInc *= 1e-100;
    }
    if (this.#heapIndex[v] >= 0) this.#heapUp(this.#heapIndex[v]);
  }

  // --- binary max-heap on activity -------------------------------------------------------------
  #heapInsert(v: number): void {
    if (this.#heapIndex[v] >= 0) return;
    this.#heapIndex[v] = this.#heap.length;
    this.#heap.push(v);
    this.#heapUp(this.#heap.length - 1);
  }
  /** Heap order: primary variables first, then by activity. */
  #before(a: number, b: number): boolean {
    const ra = this.#rank[a];
    const rb = this.#rank[b];
    return ra !== rb ? ra > rb : this.#activity[a] > this.#activity[b];
  }

  #heapUp(i: number): void {
    const h = this.#heap;
    const v = h[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(v, h[parent])) break;
      h[i] = h[parent];
      this.#heapIndex[h[i]] = i;
      i = parent;
    }
    h[i] = v;
    this.#heapIndex[v] = i;
  }
  #heapPop(): number {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop()!;
    this.#heapIndex[top] = -1;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && this.#before(h[r], h[l]) ? r : l;
        if (!this.#before(h[c], last)) break;
        h[i] = h[c];
        this.#heapIndex[h[i]] = i;
        i = c;
      }
      h[i] = last;
      this.#heapIndex[last] = i;
    }
    return top;
  }

  #reduceDb(): void {
    const candidates: number[] = [];
    for (let c = 0; c < this.#clauses.length; c++) {
      if (!this.#learnt[c] || this.#clauses[c].length === 0) continue;
      candidates.push(c);
    }
    candidates.sort((a, b) => this.#clauseActivity[a] - this.#clauseActivity[b]);
    const locked = new Set<number>();
    for (const l of this.#trail) {
      const r = this.#reasons[l >> 1];
      if (r >= 0) locked.add(r);
    }
    const remove = new Set<number>();
    for (let i = 0; i < candidates.length / 2; i++) {
      const c = candidates[i];
      if (!locked.has(c) && this.#clauses[c].length > 2) remove.add(c);
    }
    if (remove.size === 0) return;
    for (let l = 0; l < this.#watches.length; l++) {
      const ws = this.#watches[l];
      let j = 0;
      for (let i = 0; i < ws.length; i++) if (!remove.has(ws[i])) ws[j++] = ws[i];
      ws.length = j;
    }
    for (const c of remove) {
      this.#clauses[c] = new Int32Array(0);
      this.#learnt[c] = false;
      this.#freeClauses.push(c);
      this.#nLearnts--;
    }
  }

  /**
   * Looks for an assignment satisfying every clause and linear constraint with all `assumptions`
   * true. `maxConflicts` bounds the work, `deadline` (a `performance.now()` time) the time: the
   * answer is `unknown` when either runs out.
   */
  solve(assumptions: readonly number[] = [], maxConflicts = Infinity, deadline = Infinity): SolveResult {
    this.solves++;
    this.conflict = [];
    if (!this.#ok) return 'unsat';
    // Keep the levels of the assumptions this call shares with the previous one: consecutive
    // questions about one selection state differ only in their last assumption.
    let shared = 0;
    while (shared < this.#kept.length && shared < assumptions.length && this.#kept[shared] === assumptions[shared]) shared++;
    this.#cancelUntil(Math.min(shared, this.#trailLim.length));
    let conflictsHere = 0;
    let restart = 0;
    let restartLimit = luby(2, restart) * 64;
    let conflictsSinceRestart = 0;
    let maxLearnts = Math.max(2000, this.#clauses.length / 3);
    for (;;) {
      const confl = this.#propagate();
      if (confl !== null) {
        this.conflicts++;
        conflictsHere++;
        conflictsSinceRestart++;
        if (this.#trailLim.length === 0) {
          this.#ok = false;
          return 'unsat';
        }
        const { learnt, backLevel } = this.#analyze(confl);
        this.#cancelUntil(backLevel);
        if (learnt.length === 1) {
          this.#enqueue(learnt[0], REASON_NONE, 0);
        } else {
          const c = Int32Array.from(learnt);
          const cref = this.#attach(c, true);
          if (cref >= 0) {
            this.#clauseActivity[cref] = this.#clauseInc;
            this.#enqueue(learnt[0], cref, 0);
          } else {
            this.#enqueue(learnt[0], REASON_BINARY, learnt[1]);
          }
        }
        this.#varInc *= 1 / 0.95;
        this.#clauseInc *= 1 / 0.999;
        if (conflictsHere >= maxConflicts || ((conflictsHere & 63) === 0 && deadline !== Infinity && performance.now() > deadline)) {
          this.#cancelUntil(0);
          return 'unknown';
        }
        continue;
      }
      if (conflictsSinceRestart >= restartLimit) {
        restart++;
        restartLimit = luby(2, restart) * 64;
        conflictsSinceRestart = 0;
        this.#cancelUntil(0);
        continue;
      }
      if (this.#nLearnts > maxLearnts) {
        this.#reduceDb();
        maxLearnts *= 1.1;
      }
      let next = -1;
      while (this.#trailLim.length < assumptions.length) {
        const p = assumptions[this.#trailLim.length];
        const val = this.value(p);
        if (val === TRUE) {
          this.#trailLim.push(this.#trail.length);
        } else if (val === FALSE) {
          this.conflict = this.#analyzeFinal(neg(p));
          // The levels of the assumptions before p stay (propagated, consistent): the next
          // question usually shares them (the same selections with another value).
          this.#kept = assumptions.slice(0, this.#trailLim.length);
          return 'unsat';
        } else {
          next = p;
          break;
        }
      }
      if (next === -1) {
        while (this.#heap.length > 0) {
          const v = this.#heapPop();
          if (this.#assigns[v] === UNDEF) {
            next = this.#phases[v] ? 2 * v : 2 * v + 1;
            break;
          }
        }
        if (next === -1) {
          if (this.model.length !== this.#nVars) this.model = new Uint8Array(this.#nVars);
          for (let v = 0; v < this.#nVars; v++) this.model[v] = this.#assigns[v] === TRUE ? 1 : 0;
          this.#cancelUntil(assumptions.length);
          this.#kept = assumptions.slice();
          return 'sat';
        }
      }
      this.#trailLim.push(this.#trail.length);
      this.#enqueue(next, REASON_NONE, 0);
    }
  }

  /**
   * Unit-propagates the assumptions only, and returns the value of every variable (1, -1, or 0 for
   * unassigned; null on a conflict), in `into` when given (no allocation). Cheap: it proves many
   * values impossible without search.
   */
  propagateAssumptions(assumptions: readonly number[], into?: Int8Array): Int8Array | null {
    if (!this.#ok) return null;
    let shared = 0;
    while (shared < this.#kept.length && shared < assumptions.length && this.#kept[shared] === assumptions[shared]) shared++;
    this.#cancelUntil(Math.min(shared, this.#trailLim.length));
    if (this.#trailLim.length === 0 && this.#propagate() !== null) {
      this.#ok = false;
      return null;
    }
    // One decision level per assumption (empty when already true), as in solve(): the levels stay
    // on the trail for the next call that shares this prefix.
    for (let i = this.#trailLim.length; i < assumptions.length; i++) {
      const p = assumptions[i];
      const val = this.value(p);
      if (val === FALSE) {
        this.#cancelUntil(0);
        return null;
      }
      this.#trailLim.push(this.#trail.length);
      if (val === UNDEF) {
        this.#enqueue(p, REASON_NONE, 0);
        if (this.#propagate() !== null) {
          this.#cancelUntil(0);
          return null;
        }
      }
    }
    this.#kept = assumptions.slice();
    if (into && into.length >= this.#nVars) {
      into.set(this.#assigns.subarray(0, this.#nVars));
      return into;
    }
    return this.#assigns.slice(0, this.#nVars);
  }


  /** The integer's value in the last model. */
  modelInt(intId: number): number {
    const iv = this.#ints[intId];
    let lo = 0;
    let hi = iv.size - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.model[iv.ge[mid] >> 1] === 1) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
