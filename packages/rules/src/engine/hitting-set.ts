/**
 * Repairs as minimum hitting sets over cores (implicit hitting sets), over any oracle: the SAT path
 * (explain.ts) asks its solver, an order book (table-explain.ts) its compact-table propagation.
 *
 * A repair is the fewest selections to give up so that a value becomes possible. The oracle answers
 * "is the value possible keeping these selections?" with yes, or with a core: some of the kept
 * selections that exclude the value together. Every repair gives up at least one selection of every
 * core, so a smallest set hitting every core found so far is a lower bound; when giving it up works,
 * it is the answer. Each round collects disjoint cores of what the last hitting set keeps (each raises
 * the lower bound by one and costs one question), then asks for the next smallest hitting set.
 *
 * The answer does not depend on which cores were found: every smallest repair hits every core, so
 * the first smallest hitting set in the tie-break order that works is the first smallest repair in
 * that order. Both paths therefore give the same repair.
 *
 * Bounded: by a deadline and a node budget per hitting set. When one runs out, a repair that works
 * is made from what was learnt (the kept sets the oracle accepted, the cores) and marked not minimal
 * — unless it is the first smallest set hitting the cores found, which proves it as the loop would.
 */

/**
 * The oracle's answer for a set of kept selections: `'possible'`, a core (some of the kept
 * selections that exclude the value together; empty when no configuration has the value at all), or
 * undefined when it could not tell within its budget.
 */
export type Verdict = 'possible' | readonly number[] | undefined;

/** A repair: the selections to give up (ascending), and whether it is proven the smallest. */
export interface FoundRepair {
  drop: number[];
  minimal: boolean;
}

/**
 * What a search learnt when it stopped before it proved a repair the smallest (the time or the
 * node budget ran out, or the oracle could not tell), for the fallback that makes a repair that
 * works.
 */
export interface Learnt {
  /** Every core found. */
  cores: readonly (readonly number[])[];
  /** The largest set of kept selections the oracle accepted (null: none yet). */
  kept: readonly number[] | null;
}

export interface HittingSetSearch {
  /** The selections that may be given up. */
  items: readonly number[];
  /** The oracle. */
  check(keep: readonly number[]): Verdict;
  /** After this time (performance.now()), the search stops. */
  deadline: number;
  /** Checks asked before the clock is looked at (see {@link SAT_FREE_CHECKS}); default 0. */
  freeChecks?: number;
  /** Branch-and-bound nodes for one minimum hitting set. */
  maxNodes?: number;
  /**
   * The tie-break among equally small repairs, as an order of the selections: the earlier a
   * selection in this order, the sooner it is given up. Default: the highest first (so the options
   * first in the file are kept).
   */
  order?: (a: number, b: number) => number;
  /**
   * A repair that works, from what a stopped search learnt (null: no configuration has the value,
   * undefined: not known — the caller decides), e.g. {@link grow}.
   */
  fallback(learnt: Learnt): number[] | null | undefined;
}

/** Branch-and-bound nodes for one minimum hitting set. */
const HITTING_SET_NODES = 200_000;
/** Branch-and-bound nodes for checking that a stopped search's repair is the first smallest hitting set (its time is up). */
const PROOF_NODES = 5_000;

const now = (): number => performance.now();

/**
 * The checks a search on the SAT path asks before it looks at the clock. A refusal that needs no more
 * then gets the same answer on a busy device as on an idle one: a pause of the process (a loaded
 * machine, a garbage collection) no longer turns a small product's answer into "not minimal". Its
 * solver still stops at the deadline by itself every 64 conflicts, so only cheap checks go on past
 * it. The table path keeps none: its checks cost milliseconds each on an order book.
 */
export const SAT_FREE_CHECKS = 64;

const highestFirst = (a: number, b: number): number => b - a;

/**
 * The fewest of `items` to give up so that the oracle accepts the rest: proven the smallest, or
 * (when the time, the node budget or the oracle ran out) a repair that works, marked not minimal
 * unless what was learnt proves it.
 * Null when no configuration has the value at all; undefined when the fallback says so.
 */
export function smallestRepair(q: HittingSetSearch): FoundRepair | null | undefined {
  const { items, check, deadline } = q;
  const freeChecks = q.freeChecks ?? 0;
  let checks = 0;
  const order = q.order ?? highestFirst;
  const maxNodes = q.maxNodes ?? HITTING_SET_NODES;
  const cores: number[][] = [];
  /** The largest kept set the oracle accepted, for the fallback. */
  let best: readonly number[] | null = null;
  /** The size of the last smallest hitting set: more cores never make it smaller, so the next search starts there. */
  let size = 0;
  const stop = (): FoundRepair | null | undefined => {
    const drop = q.fallback({ cores, kept: best });
    if (!drop) return drop;
    // A repair that works and is the first smallest set hitting the cores found is the answer (as
    // when the loop ends): no repair is smaller (each hits every core), none of its size comes first.
    // A fallback may find it when the time ran out just before the question that would have. (An
    // exact hitting set searched from its size has its size: the same elements make the same set.)
    const hit = drop.length === size ? minimumHittingSet(cores, PROOF_NODES, order, Infinity, size) : null;
    return { drop: ascending(drop), minimal: !!hit?.exact && hit.set.every((u) => drop.includes(u)) };
  };
  // Round 0 keeps everything; every later round keeps what the last hitting set leaves.
  let kept: readonly number[] = items;
  for (;;) {
    // Disjoint cores of what is kept: each costs one question and raises the lower bound by one.
    let rest = kept;
    for (;;) {
      if (++checks > freeChecks && now() > deadline) return stop();
      const verdict = check(rest);
      if (verdict === undefined) return stop();
      if (verdict === 'possible') break;
      if (verdict.length === 0) return null;
      cores.push([...verdict]);
      const core = new Set(verdict);
      rest = rest.filter((u) => !core.has(u));
    }
    if (best === null || rest.length > best.length) best = rest;
    const hit = minimumHittingSet(cores, maxNodes, order, deadline, size);
    if (!hit.exact) return stop();
    size = hit.set.length;
    // Giving up the hitting set keeps a subset of what the oracle just accepted: it works.
    const dropped = new Set(hit.set);
    kept = items.filter((u) => !dropped.has(u));
    const accepted = new Set(rest);
    if (kept.every((u) => accepted.has(u))) return { drop: ascending(hit.set), minimal: true };
  }
}

const ascending = (xs: number[]): number[] => xs.sort((a, b) => a - b);

/**
 * A repair that works when the smallest was not found in time: starting from the largest kept set
 * known to work (else nothing), takes back each selection that can be taken back, in the order of
 * `items` (the options first in the file first). What could not be checked by `deadline` stays
 * given up, so the answer always works.
 */
export function grow(items: readonly number[], learnt: Learnt, works: (keep: readonly number[]) => boolean, deadline: number): number[] {
  const kept = [...(learnt.kept ?? [])];
  const keptSet = new Set(kept);
  for (const u of items) {
    if (keptSet.has(u)) continue;
    if (now() > deadline) break;
    if (works([...kept, u])) {
      kept.push(u);
      keptSet.add(u);
    }
  }
  return items.filter((u) => !keptSet.has(u));
}

/** Repeatedly takes the element in most unhit cores (ties: the first in `order`). */
function greedyHittingSet(cores: readonly (readonly number[])[], order: (a: number, b: number) => number): number[] {
  const chosen = new Set<number>();
  for (;;) {
    const counts = new Map<number, number>();
    for (const c of cores) {
      if (c.some((u) => chosen.has(u))) continue;
      for (const u of c) counts.set(u, (counts.get(u) ?? 0) + 1);
    }
    if (counts.size === 0) return [...chosen];
    let best = -1;
    let bestCount = 0;
    for (const [u, n] of counts) if (n > bestCount || (n === bestCount && order(u, best) < 0)) [best, bestCount] = [u, n];
    chosen.add(best);
  }
}

/**
 * A smallest set hitting every core; among the smallest, the first in `order`'s tie-break (by
 * default the one that takes the highest elements, so that the options first in the file are
 * kept): the first in a search that decides elements in that order, taking each before leaving it
 * out, by increasing size from `atLeast` (the size of a smallest set hitting some of these cores:
 * none smaller hits them all). Bounded by a node budget and a deadline (`exact: false` and a greedy
 * answer when one runs out).
 */
export function minimumHittingSet(
  cores: readonly (readonly number[])[],
  maxNodes = HITTING_SET_NODES,
  order: (a: number, b: number) => number = highestFirst,
  deadline = Infinity,
  atLeast = 0,
): { set: number[]; exact: boolean } {
  if (cores.length === 0) return { set: [], exact: true };
  const elements = [...new Set(cores.flat())].sort(order);
  const position = new Map(elements.map((e, i) => [e, i]));
  // Cores as element positions, and for each position the cores containing it.
  const cs = cores.map((c) => [...new Set(c.map((u) => position.get(u)!))].sort((a, b) => a - b));
  const coresOf: number[][] = elements.map(() => []);
  cs.forEach((c, i) => c.forEach((p) => coresOf[p].push(i)));
  const hitBy = new Int32Array(cs.length);
  const chosen: number[] = [];
  let nodes = 0;

  /** Disjoint unhit cores, counting only positions ≥ from (the rest are decided): a lower bound. */
  const lowerBound = (from: number): number => {
    const used = new Uint8Array(elements.length);
    let bound = 0;
    for (let i = 0; i < cs.length; i++) {
      if (hitBy[i] > 0) continue;
      let free = false;
      let clash = false;
      for (const p of cs[i]) {
        if (p < from) continue;
        free = true;
        if (used[p]) clash = true;
      }
      if (!free) return Infinity;
      if (clash) continue;
      for (const p of cs[i]) if (p >= from) used[p] = 1;
      bound++;
    }
    return bound;
  };
  const search = (from: number, size: number): boolean | null => {
    if (++nodes > maxNodes || ((nodes & 1023) === 0 && now() > deadline)) return null;
    const bound = lowerBound(from);
    if (bound === 0) return true;
    if (chosen.length + bound > size || from >= elements.length) return false;
    // Take elements[from] (if it hits an unhit core), then leave it out.
    if (coresOf[from].some((i) => hitBy[i] === 0)) {
      chosen.push(from);
      for (const i of coresOf[from]) hitBy[i]++;
      const r = search(from + 1, size);
      if (r !== false) return r;
      for (const i of coresOf[from]) hitBy[i]--;
      chosen.pop();
    }
    return search(from + 1, size);
  };
  for (let size = Math.max(atLeast, lowerBound(0)); size <= elements.length; size++) {
    const r = search(0, size);
    if (r === true) return { set: chosen.map((p) => elements[p]), exact: true };
    if (r === null) return { set: greedyHittingSet(cores, order), exact: false };
  }
  return { set: greedyHittingSet(cores, order), exact: false };
}
