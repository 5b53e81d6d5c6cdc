/**
 * Exact model counting of clauses, in the manner of sharpSAT: DPLL search with unit propagation
 * (implication lists for binary clauses, two watched literals for longer ones), splitting the
 * residual clauses into independent components after every decision (their counts multiply) and
 * caching the count of every component by what it is — its free variables and its open long
 * clauses, which together determine the residual formula, however the search reached it.
 *
 * Decisions follow a min-degree elimination order of the primal graph, computed once: the component's
 * variable eliminated last is decided first, so the search walks down a tree decomposition and the
 * clauses fall apart into small components early (the idea of sharpSAT-TD, Korhonen and Järvisalo
 * 2021). Measured on the real feature models: the occurrence heuristic (the static part of VSADS)
 * counted busybox, uClinux-base and embtoolkit in well under a second but not ea2468 in 60 s; the
 * elimination order counts all four in about a second. Feature models rarely conflict (a handful of
 * conflicts per count), so there is no clause learning.
 */
import type { CountingCnf } from './count-cnf.js';
import { CountCache, KeyWriter } from './count-cache.js';

/** Thrown when the deadline passes; the caller turns it into "budget". */
export class CountBudgetExceeded extends Error {}

/**
 * Cache size, in key code units, past which the cache is cleared (it is an optimisation only; two
 * generations of half the size each made later counts of ea2468 slower).
 */
const MAX_CACHE_UNITS = 24_000_000;
const TRUE = 1;
const FALSE = -1;

export class ComponentCounter {
  private readonly nVars: number;
  private readonly litVal: Int8Array;
  private readonly trail: Int32Array;
  private trailLen = 0;
  private qhead = 0;
  /** Binary clauses: literals implied by each literal (CSR). */
  private readonly impStart: Int32Array;
  private readonly imp: Int32Array;
  /** Long clauses (≥ 3 literals), flat; the first two of each are watched. */
  private readonly cl: Int32Array;
  private readonly cStart: Int32Array;
  private readonly cLen: Int32Array;
  private readonly watches: number[][];
  /** Per variable: long clauses containing it (CSR). */
  private readonly occStart: Int32Array;
  private readonly occ: Int32Array;
  /** Root-level facts: unit clauses; `unsat` when an empty clause was given. */
  private readonly units: number[] = [];
  private readonly unsat: boolean;

  private readonly varStamp: Int32Array;
  private readonly clauseStamp: Int32Array;
  private stamp = 0;
  /** Position of each variable in a min-degree elimination order of the primal graph (decided last-eliminated first). */
  private readonly rank: Int32Array;
  private readonly cache = new CountCache(MAX_CACHE_UNITS, false);
  private readonly keys = new KeyWriter();
  private nodes = 0;
  conflicts = 0;
  private deadline = Infinity;
  private nodeLimit = Infinity;

  constructor(cnf: CountingCnf) {
    const n = (this.nVars = cnf.numVars);
    this.litVal = new Int8Array(2 * n);
    this.trail = new Int32Array(n);
    const bins: number[] = [];
    const longs: Int32Array[] = [];
    let empty = false;
    const seen = new Int8Array(2 * n);
    for (const c of cnf.clauses) {
      // Drop duplicate literals and tautologies.
      const lits: number[] = [];
      let taut = false;
      for (const l of c) {
        if (seen[l]) continue;
        if (seen[l ^ 1]) taut = true;
        seen[l] = 1;
        lits.push(l);
      }
      for (const l of lits) seen[l] = 0;
      if (taut) continue;
      if (lits.length === 0) empty = true;
      else if (lits.length === 1) this.units.push(lits[0]);
      else if (lits.length === 2) bins.push(lits[0], lits[1]);
      else longs.push(Int32Array.from(lits));
    }
    this.unsat = empty;
    // Binary implications: (a ∨ b) gives ¬a → b and ¬b → a.
    const impCount = new Int32Array(2 * n + 1);
    for (let i = 0; i < bins.length; i += 2) {
      impCount[bins[i] ^ 1]++;
      impCount[bins[i + 1] ^ 1]++;
    }
    this.impStart = prefix(impCount);
    this.imp = new Int32Array(bins.length);
    const fill = this.impStart.slice(0, 2 * n);
    for (let i = 0; i < bins.length; i += 2) {
      this.imp[fill[bins[i] ^ 1]++] = bins[i + 1];
      this.imp[fill[bins[i + 1] ^ 1]++] = bins[i];
    }
    let total = 0;
    for (const c of longs) total += c.length;
    this.cl = new Int32Array(total);
    this.cStart = new Int32Array(longs.length);
    this.cLen = new Int32Array(longs.length);
    this.watches = Array.from({ length: 2 * n }, () => []);
    const occCount = new Int32Array(n + 1);
    let at = 0;
    longs.forEach((c, i) => {
      this.cStart[i] = at;
      this.cLen[i] = c.length;
      this.cl.set(c, at);
      at += c.length;
      this.watches[c[0]].push(i);
      this.watches[c[1]].push(i);
      for (const l of c) occCount[l >> 1]++;
    });
    this.occStart = prefix(occCount);
    this.occ = new Int32Array(total);
    const ofill = this.occStart.slice(0, n);
    longs.forEach((c, i) => {
      for (const l of c) this.occ[ofill[l >> 1]++] = i;
    });
    this.varStamp = new Int32Array(n);
    this.clauseStamp = new Int32Array(longs.length);
    this.rank = eliminationRank(n, bins, longs);

  }

  /**
   * The number of assignments of all variables that satisfy every clause and the given literals.
   * Throws {@link CountBudgetExceeded} after `deadline` (a `Date.now()` value), or after `maxNodes`
   * components visited in this call.
   */
  count(assumptions: readonly number[], deadline: number, maxNodes = Infinity): bigint {
    this.deadline = deadline;
    this.nodeLimit = this.nodes + maxNodes;
    this.undo(0);
    if (this.unsat) return 0n;
    for (const l of [...this.units, ...assumptions]) {
      if (this.litVal[l] === FALSE) return 0n;
      if (this.litVal[l] === 0) this.assign(l);
    }
    if (!this.propagate()) return 0n;
    const all: number[] = [];
    for (let v = 0; v < this.nVars; v++) all.push(v);
    try {
      return this.split(all);
    } finally {
      this.undo(0);
    }
  }

  private assign(l: number): void {
    this.litVal[l] = TRUE;
    this.litVal[l ^ 1] = FALSE;
    this.trail[this.trailLen++] = l;
  }

  private undo(mark: number): void {
    for (let t = this.trailLen - 1; t >= mark; t--) {
      const l = this.trail[t];
      this.litVal[l] = 0;
      this.litVal[l ^ 1] = 0;
    }
    this.trailLen = mark;
    this.qhead = mark;
  }

  /** Unit propagation of the trail from `qhead`; false on a conflict. */
  private propagate(): boolean {
    const { litVal, imp, impStart, cl, cStart, cLen, watches } = this;
    while (this.qhead < this.trailLen) {
      const p = this.trail[this.qhead++];
      for (let i = impStart[p], end = impStart[p + 1]; i < end; i++) {
        const q = imp[i];
        const v = litVal[q];
        if (v === FALSE) return false;
        if (v === 0) this.assign(q);
      }
      const f = p ^ 1;
      const ws = watches[f];
      let i = 0;
      let j = 0;
      const len = ws.length;
      while (i < len) {
        const c = ws[i++];
        const s = cStart[c];
        if (cl[s] === f) {
          cl[s] = cl[s + 1];
          cl[s + 1] = f;
        }
        const first = cl[s];
        if (litVal[first] === TRUE) {
          ws[j++] = c;
          continue;
        }
        let moved = false;
        for (let k = s + 2, end = s + cLen[c]; k < end; k++) {
          const l = cl[k];
          if (litVal[l] !== FALSE) {
            cl[s + 1] = l;
            cl[k] = f;
            watches[l].push(c);
            moved = true;
            break;
          }
        }
        if (moved) continue;
        ws[j++] = c;
        if (litVal[first] === FALSE) {
          while (i < len) ws[j++] = ws[i++];
          ws.length = j;
          return false;
        }
        this.assign(first);
      }
      ws.length = j;
    }
    return true;
  }

  /** Splits the free variables among `vars` into components and multiplies their counts. */
  private split(vars: readonly number[]): bigint {
    const comps = this.components(vars);
    let total = 1n;
    let free = 0;
    for (const [cv, cc] of comps) {
      // A variable in no open clause is free: both of its values count.
      if (cv.length === 1 && cc.length === 0) {
        free++;
        continue;
      }
      const c = this.countComponent(cv, cc);
      if (c === 0n) return 0n;
      total *= c;
    }
    return free > 0 ? total << BigInt(free) : total;
  }

  /**
   * Connected components of the free variables among `vars`, linked by open clauses (binary clauses
   * with both variables free, long clauses with no true literal).
   */
  private components(vars: readonly number[]): Array<[number[], number[]]> {
    const stamp = ++this.stamp;
    const { litVal, varStamp, clauseStamp, impStart, imp, occStart, occ, cl, cStart, cLen } = this;
    const out: Array<[number[], number[]]> = [];
    for (const v0 of vars) {
      if (litVal[2 * v0] !== 0 || varStamp[v0] === stamp) continue;
      varStamp[v0] = stamp;
      const cv: number[] = [v0];
      const cc: number[] = [];
      for (let head = 0; head < cv.length; head++) {
        const u = cv[head];
        for (let side = 0; side < 2; side++) {
          const l = 2 * u + side;
          for (let i = impStart[l], end = impStart[l + 1]; i < end; i++) {
            const w = imp[i] >> 1;
            if (litVal[imp[i]] !== 0) continue;
            if (varStamp[w] !== stamp) {
              varStamp[w] = stamp;
              cv.push(w);
            }
          }
        }
        for (let i = occStart[u], end = occStart[u + 1]; i < end; i++) {
          const c = occ[i];
          if (clauseStamp[c] === stamp || clauseStamp[c] === -stamp) continue;
          clauseStamp[c] = stamp;
          const start = cStart[c];
          const stop = start + cLen[c];
          let sat = false;
          for (let k = start; k < stop; k++) {
            if (litVal[cl[k]] === TRUE) {
              sat = true;
              break;
            }
          }
          if (sat) {
            clauseStamp[c] = -stamp;
            continue;
          }
          cc.push(c);
          for (let k = start; k < stop; k++) {
            const w = cl[k] >> 1;
            if (litVal[cl[k]] === 0 && varStamp[w] !== stamp) {
              varStamp[w] = stamp;
              cv.push(w);
            }
          }
        }
      }
      out.push([cv, cc]);
    }
    return out;
  }

  private key(vars: number[], clauses: number[]): string {
    const out = this.keys;
    out.start(2 * (vars.length + clauses.length + 2));
    out.put(vars.length);
    const sv = Int32Array.from(vars).sort();
    let prev = 0;
    for (const v of sv) {
      out.put(v - prev);
      prev = v;
    }
    const sc = Int32Array.from(clauses).sort();
    prev = 0;
    for (const c of sc) {
      out.put(c - prev);
      prev = c;
    }
    return out.text();
  }

  private countComponent(vars: number[], clauses: number[]): bigint {
    if (++this.nodes > this.nodeLimit || ((this.nodes & 15) === 0 && Date.now() > this.deadline)) throw new CountBudgetExceeded();
    const key = this.key(vars, clauses);
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    // The variable eliminated last: the top of this component's part of the elimination tree.
    let best = vars[0];
    for (const v of vars) if (this.rank[v] > this.rank[best]) best = v;
    let total = 0n;
    const mark = this.trailLen;
    for (const l of [2 * best, 2 * best + 1]) {
      this.assign(l);
      if (this.propagate()) total += this.split(vars);
      else this.conflicts++;
      this.undo(mark);
    }
    this.cache.set(key, total);
    return total;
  }
}


/**
 * A min-degree elimination order of the primal graph (variables linked when they share a clause), as
 * a rank per variable: deciding the variables eliminated last first follows a tree decomposition, so
 * the residual clauses fall apart into components early. Fill-in is bounded; past the bound the
 * remaining variables are ranked by degree.
 */
/** Longest clause linked as a clique in the elimination order's graph. */
const CLIQUE = 128;

function eliminationRank(n: number, bins: readonly number[], longs: readonly Int32Array[]): Int32Array {
  const adj: Array<Set<number>> = Array.from({ length: n }, () => new Set());
  const link = (a: number, b: number): void => {
    if (a === b) return;
    adj[a].add(b);
    adj[b].add(a);
  };
  for (let i = 0; i < bins.length; i += 2) link(bins[i] >> 1, bins[i + 1] >> 1);
  for (const c of longs) {
    // A clause's variables form a clique of the primal graph; past CLIQUE literals (the support
    // clauses of large tables have hundreds) a path stands for it: the graph only orders decisions,
    // and hundreds of thousands of edges per clause took seconds before any budget applied.
    if (c.length > CLIQUE) for (let i = 1; i < c.length; i++) link(c[i - 1] >> 1, c[i] >> 1);
    else for (let i = 0; i < c.length; i++) for (let j = i + 1; j < c.length; j++) link(c[i] >> 1, c[j] >> 1);
  }
  const rank = new Int32Array(n);
  const done = new Uint8Array(n);
  // Buckets by degree, with lazy deletion.
  const buckets: number[][] = [];
  const push = (v: number): void => {
    const d = adj[v].size;
    (buckets[d] ??= []).push(v);
  };
  for (let v = 0; v < n; v++) push(v);
  let budget = 4_000_000;
  let next = 0;
  let d = 0;
  while (next < n) {
    while (d < buckets.length && !(buckets[d]?.length)) d++;
    if (d >= buckets.length) break;
    const v = buckets[d].pop()!;
    if (done[v] || adj[v].size !== d) continue;
    done[v] = 1;
    rank[v] = next++;
    const nb = [...adj[v]];
    for (const u of nb) adj[u].delete(v);
    if (budget > 0) {
      budget -= nb.length * nb.length;
      for (let i = 0; i < nb.length; i++) for (let j = i + 1; j < nb.length; j++) link(nb[i], nb[j]);
    }
    for (const u of nb) push(u);
    d = 0;
  }
  return rank;
}

function prefix(counts: Int32Array): Int32Array {
  const out = new Int32Array(counts.length);
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    out[i] = sum;
    sum += counts[i];
  }
  return out;
}
