/**
 * Valid domains: after every choice, which values of every option still belong to some complete
 * valid configuration (backtrack-freeness), exactly.
 *
 * How it stays fast:
 * - unit propagation of the selections proves many values impossible without search, and the
 *   previous state bounds the next one (adding a selection only shrinks domains);
 * - witnesses (complete valid configurations) prove values possible. Every proven value points to
 *   its witness (its support), and the witnesses that support something are kept from state to
 *   state: after a click only the values whose support disagrees with the new selection need work,
 *   and a support one or two selections away is first repaired towards them;
 * - a value missing a support is tried by flipping it in a witness (checking that option's rules),
 *   then by a bounded local repair packed into a few working copies (as a solver packs one value of
 *   every alternative group into each model); a broken rule that reads only selected options proves
 *   the value impossible;
 * - only what is left goes to the incremental SAT solver, steered towards values not yet proven, so
 *   that each model it finds proves as many as possible.
 */
import type { Encoding } from './encode.js';
import type { Model } from './model.js';
import { checkRule, evalFormula, type Rule } from './model.js';
import { neg } from './sat.js';

/** Selections as value indices: `sel[v]` is the selected index or -1. */
export type Sel = Int32Array;

/**
 * A complete valid configuration as value indices, in the narrowest array that holds every index
 * (feature models: one byte per option), so that many can be kept.
 */
export type Witness = Uint8Array | Uint16Array | Int32Array;

/** The valid domains for one selection state. */
export interface DomainState {
  sel: Sel;
  /**
   * Per variable: 1 where the value index is available (number variables: null). Read only: an
   * array that did not change is shared with earlier states.
   */
  avail: ReadonlyArray<Uint8Array | null>;
  /** Per number variable: feasible [lo, hi] value indices (others: unused). */
  lo: Int32Array;
  hi: Int32Array;
  /** A complete valid configuration extending `sel`. */
  witness: Witness;
  /** False when a solve ran out of budget and a value was offered without proof. */
  exact: boolean;
}

const POOL_SIZE = 96;
/** Memory for kept witnesses. */
const POOL_BYTES = 32 * 2 ** 20;
/** Other consistent witnesses tried when a flip of the main witness fails. */
const FLIP_TRIES = 4;
/** Working copies a repair is tried in before a new one is made, and how many copies one state may make. */
const WORK_TRIES = 3;
const MAX_WORKS = 256;
/** Consistent kept witnesses whose every value is marked (the others prove through their supports). */
const MARKED_CONSISTENT = 4;
const SOLVE_BUDGET = 50_000;
/** Rule-scope entries a local repair may read before it gives up (the solver then decides). */
const REPAIR_WORK = 6000;
/**
 * Changes a local repair may make: long chains (a feature deep in a tree, and its group) need many,
 * and values no repair can reach (most are impossible) would waste them, so the allowance halves
 * after every repair that runs out of it and doubles after every success.
 */
const MIN_REPAIR_STEPS = 8;
const MAX_REPAIR_STEPS = 64;
/** Failed local repairs towards one value after which {@link DomainEngine.hasWitness} leaves it to the solver. */
const WITNESS_MISSES = 2;

export class DomainEngine {
  /** Complete valid configurations found so far (witnesses), oldest first. */
  #pool: Witness[] = [];
  readonly model: Model;
  /** A zeroed witness array of the narrowest type for this model. */
  readonly #newWitness: () => Witness;
  /** The choice, boolean and presence variables; the number variables; every variable's size. */
  readonly #discrete: Int32Array;
  readonly #numbers: Int32Array;
  readonly #sizeOf: Int32Array;
  /** Changes the next local repair may make (see {@link MAX_REPAIR_STEPS}). */
  #repairSteps = MAX_REPAIR_STEPS;
  /** Work counters, for benchmarks. */
  stats = { solves: 0, flips: 0, propagations: 0, unsat: 0 };
  readonly #boostUnknown = true;

  readonly #enc: Encoding;

  constructor(enc: Encoding) {
    this.#enc = enc;
    this.model = enc.model;
    const n = this.model.vars.length;
    const largest = this.model.vars.reduce((m, x) => Math.max(m, x.size), 0);
    // Index lists and sizes in typed arrays: the loops over every option after every click read
    // these instead of thousands of option objects.
    this.#discrete = Int32Array.from(this.model.vars.filter((x) => x.kind !== 'number'), (x) => x.index);
    this.#numbers = Int32Array.from(this.model.vars.filter((x) => x.kind === 'number'), (x) => x.index);
    this.#sizeOf = Int32Array.from(this.model.vars, (x) => x.size);
    this.#newWitness = largest <= 256 ? () => new Uint8Array(n) : largest <= 65_536 ? () => new Uint16Array(n) : () => new Int32Array(n);
    this.#witnessBytes = this.#newWitness().byteLength;
    // Value slots: the values of the discrete variables one after the other, in variable order.
    this.#slotBase = new Int32Array(n);
    let slots = 0;
    for (const x of this.model.vars) {
      this.#slotBase[x.index] = slots;
      if (x.kind !== 'number') slots += x.size;
    }
    this.#ownerBuffer = new Int32Array(slots);
    this.#supportArray = new Array<Witness | null>(slots).fill(null);
  }

  /**
   * Selected variables in the order they were first selected: assumptions are listed in this order
   * so that a new selection only appends, and the solver keeps everything before it.
   */
  #order: number[] = [];
  /** Reused buffers for propagation results (no allocation per click). */
  #scratch = new Int8Array(0);
  #scratch2 = new Int8Array(0);
  #inOrder = new Uint8Array(0);

  /** "Proven available" marks of one `compute`, reused: views into one buffer, cleared per call. */
  #knownBuffer: Uint8Array | null = null;
  #knownViews: Array<Uint8Array | null> = [];

  /** Per value slot: the witness that last proved it (see {@link computeFrom}). */
  readonly #supportArray: Array<Witness | null>;
  /** Per value slot: which working copy of one compute first proved it (1-based; 0: none). */
  readonly #ownerBuffer: Int32Array;
  /** Index of each variable's first value slot in the flat buffers (numbers: unused). */
  readonly #slotBase: Int32Array;
  readonly #witnessBytes: number;

  #clearedKnown(): Array<Uint8Array | null> {
    if (this.#knownBuffer) {
      this.#knownBuffer.fill(0);
      return this.#knownViews;
    }
    const { vars } = this.model;
    let size = 0;
    for (const x of vars) if (x.kind !== 'number') size += x.size;
    const buffer = new Uint8Array(size);
    let at = 0;
    this.#knownViews = vars.map((x) => {
      if (x.kind === 'number') return null;
      at += x.size;
      return buffer.subarray(at - x.size, at);
    });
    this.#knownBuffer = buffer;
    return this.#knownViews;
  }

  #syncOrder(sel: Sel): void {
    if (this.#inOrder.length !== sel.length) this.#inOrder = new Uint8Array(sel.length);
    this.#order = this.#order.filter((v) => {
      if (sel[v] >= 0) return true;
      this.#inOrder[v] = 0;
      return false;
    });
    for (let v = 0; v < sel.length; v++) {
      if (sel[v] >= 0 && !this.#inOrder[v]) {
        this.#inOrder[v] = 1;
        this.#order.push(v);
      }
    }
  }

  /** Assumption literals for a selection state, optionally leaving out one variable. */
  assumptions(sel: Sel, except = -1): number[] {
    const out: number[] = [];
    for (const v of this.#order) if (sel[v] >= 0 && v !== except) out.push(...this.#enc.valueLits(v, sel[v]));
    for (let v = 0; v < sel.length; v++) {
      if (sel[v] >= 0 && v !== except && !this.#inOrder[v]) out.push(...this.#enc.valueLits(v, sel[v]));
    }
    return out;
  }

  #readModel(): Witness {
    const w = this.#newWitness();
    for (let v = 0; v < w.length; v++) w[v] = this.#enc.modelValue(v);
    return w;
  }

  /** True inside {@link compute}, which trims the pool itself at the end. */
  #computing = false;

  #remember(w: Witness): void {
    this.#pool.push(w);
    if (!this.#computing && this.#pool.length > this.#poolCap()) this.#pool.splice(0, this.#pool.length - this.#poolCap());
  }

  /**
   * How many witnesses to keep: at least {@link POOL_SIZE}, more while selections grow (every
   * selected option whose value could change needs a witness of its own), within a memory budget.
   */
  #poolCap(): number {
    const byMemory = Math.floor(POOL_BYTES / this.#witnessBytes);
    return Math.max(8, Math.min(byMemory, POOL_SIZE + MAX_WORKS + 2 * this.#order.length));
  }

  /**
   * After a compute: the witnesses that proved some value of this state stay (up to the cap), and
   * the others fill what room is left, newest first. A later state invalidates just the witnesses
   * that disagree with its new selections, so most values stay proven without search.
   */
  #retain(used: ReadonlySet<Witness>): void {
    const cap = this.#poolCap();
    const kept = this.#pool.filter((w) => used.has(w));
    const rest = this.#pool.filter((w) => !used.has(w));
    const room = Math.max(0, cap - kept.length);
    this.#pool = [...rest.slice(Math.max(0, rest.length - room)), ...kept.slice(Math.max(0, kept.length - cap))];
    this.#computing = false;
    // Supports outside the pool would keep dropped witnesses in memory.
    const alive = new Set(this.#pool);
    const support = this.#supportArray;
    let last: Witness | null = null;
    for (let i = 0; i < support.length; i++) {
      const w = support[i];
      if (!w || w === last) continue;
      if (alive.has(w)) last = w;
      else support[i] = null;
    }
  }

  /** The state computed last: exact domains answer questions about states one selection away. */
  #last: DomainState | null = null;

  /** The one variable whose selection differs between `sel` and the last exact state, else -1. */
  #oneChange(sel: Sel): number {
    const st = this.#last;
    if (!st?.exact || st.sel.length !== sel.length) return -1;
    let changed = -1;
    for (let v = 0; v < sel.length; v++) {
      if (sel[v] === st.sel[v]) continue;
      if (changed >= 0 || sel[v] < 0) return -1;
      changed = v;
    }
    return changed;
  }

  #sameExcept(a: Sel, b: Sel, except: number): boolean {
    if (a.length !== b.length) return false;
    for (let v = 0; v < a.length; v++) if (v !== except && a[v] !== b[v]) return false;
    return true;
  }

  /** Solves; on success records and returns the witness. `undefined` means: out of budget. */
  solve(assumptions: number[]): Witness | null | undefined {
    this.stats.solves++;
    const r = this.#enc.solver.solve(assumptions, SOLVE_BUDGET);
    if (r === 'unknown') return undefined;
    if (r === 'unsat') {
      this.stats.unsat++;
      return null;
    }
    const w = this.#readModel();
    this.#remember(w);
    return w;
  }

  /** A complete valid configuration extending `sel`, or null when there is none. */
  witnessFor(sel: Sel): Witness | null {
    // One selection changed from the last state: its domain there already says (a refused click).
    const changed = this.#oneChange(sel);
    if (changed >= 0 && this.#last!.avail[changed] && this.#last!.avail[changed]![sel[changed]] === 0) return null;
    const selected = selectedOf(sel);
    for (const w of this.#pool) if (mismatches(w, sel, selected, -1) === 0) return w;
    return this.solve(this.assumptions(sel)) ?? null;
  }

  /**
   * The witness w with variable v set to k: `1` if it still satisfies every rule reading v (a new
   * witness), `0` if a broken rule reads only selected variables besides v (so no completion can
   * mend it: v = k is impossible), `-1` if only the solver can tell.
   */
  #flip(w: Witness, v: number, k: number, sel: Sel): 1 | 0 | -1 {
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

  /**
   * Min-conflicts repair, in place: x with v = k, then changes of other unselected variables, each
   * fixing the first broken rule while breaking as few others as possible. Every variable changes at
   * most once; the changes (see {@link MAX_REPAIR_STEPS}) and the work (rule scopes read) are
   * bounded, so a rule over thousands of options cannot make it slow. On success x is a valid
   * configuration (every rule a change could break was re-checked) and the result lists each
   * changed variable followed by its old value; on failure x is restored and the result is null.
   */
  #repairInPlace(x: Witness, v: number, k: number, sel: Sel): number[] | null {
    const maxSteps = this.#repairSteps;
    const { rules, rulesOf, vars } = this.model;
    let work = 0;
    const holds = (ri: number): boolean => {
      work += rules[ri].scope.length;
      return checkRule(rules[ri], x);
    };
    const undo: number[] = [v, x[v]];
    const changed = [v];
    x[v] = k;
    const broken = new Set<number>();
    for (const ri of rulesOf[v]) if (!holds(ri)) broken.add(ri);
    const fail = (): null => {
      for (let i = undo.length - 2; i >= 0; i -= 2) x[undo[i]] = undo[i + 1];
      return null;
    };
    for (let step = 0; broken.size > 0; step++) {
      if (step >= maxSteps || work > REPAIR_WORK) {
        this.#repairSteps = Math.max(MIN_REPAIR_STEPS, this.#repairSteps >> 1);
        return fail();
      }
      this.stats.flips++;
      const ri: number = broken.values().next().value!;
      let best = -1;
      let bestValue = 0;
      let bestCost = Infinity;
      for (const u of this.#fixCandidates(rules[ri], x)) {
        if (sel[u] >= 0 || vars[u].kind === 'number' || changed.includes(u)) continue;
        const old = x[u];
        for (let j = 0; j < vars[u].size && bestCost > 0; j++) {
          if (j === old) continue;
          x[u] = j;
          if (holds(ri)) {
            let cost = 0;
            for (const rj of rulesOf[u]) if (rj !== ri && !holds(rj)) cost++;
            if (cost < bestCost) {
              best = u;
              bestValue = j;
              bestCost = cost;
            }
          }
        }
        x[u] = old;
        if (bestCost === 0 || work > REPAIR_WORK) break;
      }
      if (best < 0) return fail();
      undo.push(best, x[best]);
      changed.push(best);
      x[best] = bestValue;
      for (const rj of rulesOf[best]) {
        if (holds(rj)) broken.delete(rj);
        else broken.add(rj);
      }
    }
    this.#repairSteps = Math.min(MAX_REPAIR_STEPS, this.#repairSteps * 2);
    return undo;
  }

  /** A copy of w with selected variable u set to its selection and repaired, or null. */
  #repairedCopy(w: Witness, u: number, sel: Sel): Witness | null {
    const copy = w.slice();
    return this.#repairInPlace(copy, u, sel[u], sel) ? copy : null;
  }

  /**
   * The variables whose change can mend a broken rule: for a cardinality over plain atoms (a
   * feature group), those on the side that has too many; otherwise the rule's whole scope.
   */
  #fixCandidates(rule: Rule, x: Witness): readonly number[] {
    if (rule.kind !== 'card' || rule.xs.length <= 8 || !evalFormula(rule.guard, x)) return rule.scope;
    let count = 0;
    for (const f of rule.xs) if (evalFormula(f, x)) count++;
    const wantTrue = count > rule.max;
    if (!wantTrue && count >= rule.min) return rule.scope;
    const out: number[] = [];
    for (const f of rule.xs) {
      if (f.k !== 'atom') return rule.scope;
      if (evalFormula(f, x) === wantTrue) out.push(f.v);
    }
    return out;
  }

  #setPhases(avail: Array<Uint8Array | null>, known: Array<Uint8Array | null>, pending: number[]): void {
    const s = this.#enc.solver;
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
          s.setPhase(this.#enc.base[x.index] + k, wanted);
          if (wanted && this.#boostUnknown) s.boost(this.#enc.base[x.index] + k);
        }
      } else if (a[0] !== a[1]) {
        // Prefer the polarity not yet covered, and decide it early.
        s.setPhase(this.#enc.base[x.index], a[1] === 0);
        if (this.#boostUnknown && avail[x.index]![a[1] === 0 ? 1 : 0]) s.boost(this.#enc.base[x.index]);
      }
    }
    pending.length = j;
  }

  /**
   * Domains for `sel`. `prev`, when given, must be the state of a subset of `sel` (same values):
   * its unavailable values stay unavailable.
   */
  compute(sel: Sel, prev: DomainState | null): DomainState | null {
    this.#witnessMisses.clear();
    this.#syncOrder(sel);
    const base = this.assumptions(sel);
    if (this.#scratch.length < this.#enc.solver.numVars) {
      this.#scratch = new Int8Array(this.#enc.solver.numVars);
      this.#scratch2 = new Int8Array(this.#enc.solver.numVars);
    }
    const assigned = this.#enc.solver.propagateAssumptions(base, this.#scratch);
    if (!assigned) return null;
    this.#computing = true;
    try {
      return this.#computeFrom(sel, prev, base, assigned);
    } finally {
      this.#computing = false;
    }
  }

  #computeFrom(sel: Sel, prev: DomainState | null, base: number[], assigned: Int8Array): DomainState | null {
    const { vars } = this.model;
    const n = vars.length;
    let exact = true;

    const avail: Array<Uint8Array | null> = new Array(n);
    const known = this.#clearedKnown(); // 1 = proven available
    const lo = new Int32Array(n);
    const hi = new Int32Array(n);
    const litFalse = (l: number): boolean => assigned[l >> 1] === (l & 1 ? 1 : -1);

    // Start: what propagation and the previous state already rule out.
    const owned = new Uint8Array(n);
    const upLo = new Int32Array(n);
    const upHi = new Int32Array(n);
    const sizeOf = this.#sizeOf;
    for (const v of this.#numbers) {
      avail[v] = null;
      upLo[v] = this.#boundFromAssigned(assigned, v, true);
      upHi[v] = this.#boundFromAssigned(assigned, v, false);
    }
    for (const v of this.#discrete) {
      const size = sizeOf[v];
      const p = prev?.avail[v];
      if (p) {
        // The previous state's array is shared until something is ruled out (copy on write): most
        // domains do not change with a click, and the states kept for undo then cost little memory.
        let same = true;
        if (sel[v] < 0) for (let k = 0; k < size && same; k++) if (p[k] && litFalse(this.#enc.valueLit(v, k))) same = false;
        if (same) {
          avail[v] = p;
          continue;
        }
      }
      const a = new Uint8Array(size);
      for (let k = 0; k < size; k++) {
        if (p && p[k] === 0) continue;
        if (sel[v] < 0 && litFalse(this.#enc.valueLit(v, k))) continue;
        a[k] = 1;
      }
      avail[v] = a;
      owned[v] = 1;
    }
    /** Sets avail[v][k] to `to`, copying a shared array first. */
    const setAvail = (v: number, k: number, to: 0 | 1): void => {
      if (avail[v]![k] === to) return;
      if (!owned[v]) {
        avail[v] = avail[v]!.slice();
        owned[v] = 1;
      }
      avail[v]![k] = to;
    };

    // Every value proven by a kept witness points to it (its support). A support still proves its
    // value when it agrees with every selection (unselected option) or with every selection but the
    // option's own (selected option): checking that is one look-up per value, not a pass over every
    // witness. Witnesses one or two selections away are repaired towards them when they support a
    // value not proven otherwise.
    const support = this.#supportArray;
    // The same marks as `known`, by value slot.
    const knownFlat = this.#knownBuffer!;
    const slotBase = this.#slotBase;
    const used = new Set<Witness>();
    const consistent: Witness[] = [];
    /** Per kept witness: -1 agrees with every selection, v ≥ 0 differs at v only, -2 differs more. */
    const status = new Map<Witness, number>();
    const near: Array<{ w: Witness; a: number; b: number }> = [];
    for (let i = this.#pool.length - 1; i >= 0; i--) {
      const w = this.#pool[i];
      let first = -1;
      let second = -1;
      let count = 0;
      for (const v of this.#order) {
        if (sel[v] !== w[v]) {
          if (++count > 2) break;
          if (count === 1) first = v;
          else second = v;
        }
      }
      if (count === 0) {
        status.set(w, -1);
        consistent.push(w);
        continue;
      }
      status.set(w, count === 1 ? first : -2);
      if (count <= 2) near.push({ w, a: first, b: second });
    }
    /** Kept witnesses that do not agree with the selections, each with the values it supports (pairs v, k). */
    const needed = new Map<Witness, number[]>();
    // Neighbouring values mostly share their support: the last look-up is remembered.
    let lastW: Witness | null = null;
    let lastStatus: number | undefined;
    for (const v of this.#discrete) {
      const a = avail[v]!;
      const kn = known[v]!;
      const at = this.#slotBase[v];
      const want = sel[v] < 0 ? -1 : v;
      for (let k = 0; k < a.length; k++) {
        if (!a[k] || kn[k] || k === sel[v]) continue;
        const w = support[at + k];
        if (!w || w[v] !== k) continue;
        if (w !== lastW) {
          lastW = w;
          lastStatus = status.get(w);
        }
        const st = lastStatus;
        if (st === want) {
          kn[k] = 1;
          used.add(w);
        } else if (st !== undefined) {
          const list = needed.get(w);
          if (list) list.push(v, k);
          else needed.set(w, [v, k]);
        }
      }
    }
    // Unselected discrete variables with a value not yet proven available, and how many such values
    // each has: marking a new witness reads only these, a list that shrinks quickly.
    const open = new Int32Array(n);
    const remaining = new Int32Array(n);
    let openCount = 0;
    for (const v of this.#discrete) {
      if (sel[v] >= 0) continue;
      const a = avail[v]!;
      const kn = known[v]!;
      let r = 0;
      for (let k = 0; k < a.length; k++) if (a[k] && !kn[k]) r++;
      if (r === 0) continue;
      remaining[v] = r;
      open[openCount++] = v;
    }
    /** Marks what a witness proves: every unproven value it has (only = -1), or v's value only. */
    const mark = (w: Witness, only: number): void => {
      let any = false;
      if (only >= 0) {
        const kn = known[only];
        if (kn && avail[only]![w[only]] && !kn[w[only]]) {
          kn[w[only]] = 1;
          support[this.#slotBase[only] + w[only]] = w;
          if (sel[only] < 0) remaining[only]--;
          any = true;
        }
      } else {
        let j = 0;
        for (let i = 0; i < openCount; i++) {
          const v = open[i];
          if (remaining[v] === 0) continue;
          const k = w[v];
          const at = slotBase[v] + k;
          if (!knownFlat[at] && avail[v]![k]) {
            knownFlat[at] = 1;
            support[at] = w;
            any = true;
            if (--remaining[v] === 0) continue;
          }
          open[j++] = v;
        }
        openCount = j;
      }
      if (any) used.add(w);
    };
    // The newest consistent witnesses prove what they have directly.
    for (let i = 0; i < Math.min(consistent.length, MARKED_CONSISTENT); i++) mark(consistent[i], -1);
    for (const { w, a, b } of near) {
      const supported = needed.get(w);
      if (!supported) continue;
      if (b < 0) {
        if (vars[a].kind === 'number') continue;
        // Repaired in place unless it still proves a value of a (then a copy is repaired).
        const target = used.has(w) ? w.slice() : w;
        const changes = this.#repairInPlace(target, a, sel[a], sel);
        if (!changes) continue;
        if (target !== w) this.#remember(target);
        consistent.push(target);
        // It proves again what it supported, and the values the repair gave it. (Not every value it
        // has: a click can move hundreds of witnesses, and each such pass reads every open option.)
        for (let i = 0; i < supported.length; i += 2) mark(target, supported[i]);
        for (let i = 0; i < changes.length; i += 2) mark(target, changes[i]);
        continue;
      }
      for (const [fix, keep] of [
        [a, b],
        [b, a],
      ]) {
        if (vars[fix].kind === 'number' || !known[keep] || known[keep]![w[keep]] || !avail[keep]![w[keep]]) continue;
        const r = this.#repairedCopy(w, fix, sel);
        if (r) {
          this.#remember(r);
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
        const p = prev.avail[added]!;
        avail[added] = p;
        owned[added] = 0;
        known[added]!.set(p);
      }
    }
    /**
     * Flips of a few consistent witnesses, then local repairs of working copies of the witness.
     * Repairs are packed into few copies: a repair goes into the first copy (round robin) where it
     * changes no value that only that copy proves, as a solver packs one value of every alternative
     * group into each model. The copies are kept as witnesses for the next states.
     */
    const works: Witness[] = [];
    const owner = this.#ownerBuffer.fill(0);
    let next = 0;
    const maxWorks = Math.max(1, Math.min(MAX_WORKS, Math.floor(POOL_BYTES / 2 / witness.byteLength)));
    /** Repairs works[j] to v = k: 1 done, 0 it would undo what only that copy proves, -1 no repair found. */
    const repairInto = (j: number, v: number, k: number): 1 | 0 | -1 => {
      const w = works[j];
      const undo = this.#repairInPlace(w, v, k, sel);
      if (!undo) return -1;
      for (let i = 0; i < undo.length; i += 2) {
        const u = undo[i];
        if (vars[u].kind !== 'number' && owner[this.#slotBase[u] + undo[i + 1]] === j + 1) {
          for (let t = undo.length - 2; t >= 0; t -= 2) w[undo[t]] = undo[t + 1];
          return 0;
        }
      }
      for (let i = 0; i < undo.length; i += 2) {
        const u = undo[i];
        const ku = known[u];
        if (ku && avail[u]![w[u]] && !ku[w[u]]) {
          ku[w[u]] = 1;
          owner[this.#slotBase[u] + w[u]] = j + 1;
          support[this.#slotBase[u] + w[u]] = w;
        }
      }
      return 1;
    };
    const flipAny = (v: number, k: number): 1 | 0 | -1 => {
      const r = this.#flip(witness, v, k, sel);
      if (r !== -1) return r;
      for (let i = 0, tried = 0; i < consistent.length && tried < FLIP_TRIES; i++) {
        const w = consistent[i];
        if (w === witness) continue;
        tried++;
        if (this.#flip(w, v, k, sel) === 1) return 1;
      }
      // A repair that fails for a reason other than packing would fail in a fresh copy too.
      for (let t = 0; t < Math.min(works.length, WORK_TRIES); t++) {
        const j = (next + t) % works.length;
        const done = repairInto(j, v, k);
        if (done === -1) return -1;
        if (done === 1) {
          next = (j + 1) % works.length;
          return 1;
        }
      }
      if (works.length >= maxWorks) return -1;
      works.push(witness.slice());
      if (repairInto(works.length - 1, v, k) !== 1) {
        works.pop();
        return -1;
      }
      next = 0;
      return 1;
    };

    // Unselected discrete variables: flips of the witness, then the solver.
    const pending = Array.from(this.#discrete).filter((v) => sel[v] < 0);
    // Steering is redone only when something was proven since: runs of impossible values (each an
    // unsatisfiable call) would otherwise pay for it every time.
    let steer = true;
    for (const v of this.#discrete) {
      if (sel[v] >= 0) continue;
      const kn = known[v]!;
      const size = sizeOf[v];
      for (let k = 0; k < size; k++) {
        if (!avail[v]![k] || kn[k]) continue;
        const flipped = flipAny(v, k);
        if (flipped === 1) {
          kn[k] = 1;
          steer = true;
        }
        if (flipped === 0) setAvail(v, k, 0);
        if (flipped !== -1) continue;
        if (steer) this.#setPhases(avail, known, pending);
        steer = false;
        const w = this.solve([...base, this.#enc.valueLit(v, k)]);
        if (w === undefined) {
          exact = false;
          kn[k] = 1;
        } else if (w === null) {
          setAvail(v, k, 0);
        } else {
          mark(w, -1);
          steer = true;
        }
      }
    }

    for (const w of works) {
      this.#remember(w);
      used.add(w);
    }
    // Selected discrete variables: the domain given every other selection. Latest selections first:
    // the solver then keeps the levels of every selection before the one left out.
    let spare: Witness | null = null;
    for (let i = this.#order.length - 1; i >= 0; i--) {
      const v = this.#order[i];
      const x = vars[v];
      if (x.kind === 'number') continue;
      const kn = known[v]!;
      kn[sel[v]] = 1;
      setAvail(v, sel[v], 1);
      let others: number[] | null = null;
      let othersAssigned: Int8Array | null = null;
      for (let k = 0; k < x.size; k++) {
        if (!avail[v]![k] || kn[k]) continue;
        const flipped = this.#flip(witness, v, k, sel);
        if (flipped === 1) {
          kn[k] = 1;
          const copy = witness.slice();
          copy[v] = k;
          this.#remember(copy);
          used.add(copy);
          support[this.#slotBase[v] + k] = copy;
        }
        if (flipped === 0) setAvail(v, k, 0);
        if (flipped !== -1) continue;
        // A repair of the witness around v = k, changing unselected options only.
        spare ??= witness.slice();
        const undo = this.#repairInPlace(spare, v, k, sel);
        if (undo) {
          kn[k] = 1;
          const copy = spare.slice();
          for (let t = undo.length - 2; t >= 0; t -= 2) spare[undo[t]] = undo[t + 1];
          this.#remember(copy);
          used.add(copy);
          support[this.#slotBase[v] + k] = copy;
          continue;
        }
        others ??= this.assumptions(sel, v);
        if (!othersAssigned) {
          this.stats.propagations++;
          othersAssigned = this.#enc.solver.propagateAssumptions(others, this.#scratch2);
        }
        const target = this.#enc.valueLit(v, k);
        if (othersAssigned && othersAssigned[target >> 1] === (target & 1 ? 1 : -1)) {
          setAvail(v, k, 0);
          continue;
        }
        const w = this.solve([...others, target]);
        if (w === undefined) {
          exact = false;
          kn[k] = 1;
        } else if (w === null) setAvail(v, k, 0);
        else {
          kn[k] = 1;
          used.add(w);
          support[this.#slotBase[v] + k] = w;
        }
      }
    }

    // Number variables: exact feasible bounds by bisection between proven-infeasible and witnessed.
    for (const v of this.#numbers) {
      const x = vars[v];
      const others = sel[v] >= 0 ? this.assumptions(sel, v) : base;
      let floor = upLo[v];
      let ceil = upHi[v];
      if (sel[v] >= 0) {
        const assignedHere = this.#enc.solver.propagateAssumptions(others, this.#scratch2);
        floor = assignedHere ? this.#boundFromAssigned(assignedHere, v, true) : 0;
        ceil = assignedHere ? this.#boundFromAssigned(assignedHere, v, false) : x.size - 1;
      }
      const p = prev && prev.sel[v] === sel[v] ? prev : null;
      if (p) {
        floor = Math.max(floor, p.lo[v]);
        ceil = Math.min(ceil, p.hi[v]);
      }
      let wMin = Infinity;
      let wMax = -Infinity;
      for (const w of this.#pool) {
        // Consistent with every selection, or with every one but v's own.
        if (mismatches(w, sel, this.#order, v) === 0) {
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
      const geLit = (k: number) => this.#enc.solver.geLit(this.#enc.base[v], k)!;
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
    this.#retain(used);
    // A copy: kept witnesses are repaired in place for later states.
    this.#last = { sel: sel.slice(), avail, lo, hi, witness: witness.slice(), exact };
    return this.#last;
  }

  /** Bounds of a number variable implied by propagation (`lower`: the least value not ruled out). */
  #boundFromAssigned(assigned: Int8Array, v: number, lower: boolean): number {
    const x = this.model.vars[v];
    const s = this.#enc.solver;
    const b = this.#enc.base[v];
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

  /**
   * Whether a kept witness has `v = k` and agrees with `sel` on every variable of `keep`: then those
   * selections and that value are possible together, with no solver call. Explanations and repairs
   * ask many such questions, and on a large model a satisfiable call costs a descent through every
   * option, while the witness that last proved `v = k` (its support), or another kept one, often
   * answers.
   */
  /** Per value (`v:k`), the local repairs of {@link hasWitness} that failed since the last compute. */
  #witnessMisses = new Map<string, number>();

  hasWitness(sel: Sel, v: number, k: number, keep: Iterable<number>): boolean {
    const kept = [...keep];
    const agrees = (w: Witness): boolean => {
      for (const u of kept) if (w[u] !== sel[u]) return false;
      return true;
    };
    const support = this.model.vars[v].kind === 'number' ? null : this.#supportArray[this.#slotBase[v] + k];
    if (support && support[v] === k && agrees(support)) return true;
    // (The value first: most kept witnesses agree with most selections, so comparing those first
    // would read hundreds of selections of hundreds of witnesses for every question.)
    for (let i = this.#pool.length - 1; i >= 0; i--) {
      const w = this.#pool[i];
      if (w[v] === k && w !== support && agrees(w)) return true;
    }
    const near = this.#last && agrees(this.#last.witness) ? this.#last.witness : null;
    // A value whose repairs keep failing (its reasons lie in what the questions keep) is left to
    // the solver: a repair that fails reads up to its whole work allowance.
    const key = `${v}:${k}`;
    const misses = this.#witnessMisses.get(key) ?? 0;
    if (!near || misses >= WITNESS_MISSES) return false;
    // A local repair of the last state's witness (it has the selections kept when they are some of
    // that state's): v = k, changing other options only.
    // (The allowance of the domains' repairs stays as it was: these questions are of another kind.)
    const fixed = new Int32Array(sel.length).fill(-1);
    for (const u of kept) fixed[u] = sel[u];
    const copy = near.slice();
    const steps = this.#repairSteps;
    const repaired = this.#repairInPlace(copy, v, k, fixed);
    this.#repairSteps = steps;
    if (!repaired) {
      this.#witnessMisses.set(key, misses + 1);
      return false;
    }
    this.#remember(copy);
    return true;
  }

  /** Whether value index k of v is possible together with every selection except v's own. Exact. */
  possible(sel: Sel, v: number, k: number): boolean {
    const known = this.#last?.exact && this.#last.avail[v] && this.#sameExcept(sel, this.#last.sel, v) ? this.#last.avail[v] : null;
    if (known) return known[k] === 1;
    const selected = selectedOf(sel);
    for (const w of this.#pool) if (w[v] === k && mismatches(w, sel, selected, v) === 0) return true;
    const r = this.solve([...this.assumptions(sel, v), ...this.#enc.valueLits(v, k)]);
    return r !== null;
  }
}

/** The selected variables of `sel`. */
function selectedOf(sel: Sel): number[] {
  const out: number[] = [];
  for (let v = 0; v < sel.length; v++) if (sel[v] >= 0) out.push(v);
  return out;
}

/** How many selections (of `selected`, leaving out `except`) w disagrees with, counting to 2 at most. */
function mismatches(w: Witness, sel: Sel, selected: readonly number[], except: number): number {
  let n = 0;
  for (const v of selected) if (v !== except && sel[v] !== w[v] && ++n >= 2) return n;
  return n;
}
