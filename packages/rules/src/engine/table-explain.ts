/**
 * Reasons and repairs of products made only of allowed-combination tables (an order book), worked
 * out on the tables themselves instead of the SAT encodings (explain.ts): the same answers — reasons
 * minimal against every rule, repairs the fewest selections with the same tie-break — in a fraction
 * of the time, since a question here is a few compact-table propagations where the SAT path needs a
 * solver call over tens of thousands of row variables.
 *
 * - **Cores by propagation.** Starting from the propagated state without selections and the wanted
 *   value, selections are added one at a time until propagation wipes an option out: the last one
 *   added belongs to a core, and the search for the rest of the core goes on among those added
 *   before it, with the ones found assigned first (QuickXplain's progression, Junker 2004). A round
 *   is one incremental pass, so a core of c selections costs c passes.
 * - **Reasons.** The core's selections are then made minimal against every rule by deletion: each
 *   is left out in turn, and a witness (a complete valid configuration) proves it necessary, while a
 *   refutation drops it. The tables are found the same way over tables instead of selections (turned
 *   on one at a time in a state that has only the reason's selections and the value), then checked
 *   by deletion with witnesses of the other tables alone.
 * - **Repairs** are minimum hitting sets over those cores: the SAT path's implicit hitting-set loop
 *   (hitting-set.ts) over this oracle, so the same repair and tie-break (the options first in the
 *   file are kept).
 *
 * A question propagation cannot settle goes to a bounded search; one that runs out of that budget
 * hands the whole explanation to the SAT path (undefined here), which stays exact; a repair then
 * stops as when its time runs out (a repair that works, marked not minimal), so that a refusal stays
 * within its time — only when not even that is found does the SAT path repair. The time budgets are
 * small (a refusal answers within about 100 ms): when one runs out the answer says it is not minimal.
 */
import type { RawReason, RepairStatus } from './explain.js';
import { smallestRepair } from './hitting-set.js';
import type { Sel } from './domains.js';
import type { TableSearch } from './table-search.js';

/**
 * Time for one explanation and for one repair on the tables, in milliseconds: a refused selection
 * (both) answers within about 100 ms, where the SAT path allows a second. When it runs out, the
 * answer found so far is returned, marked not minimal.
 */
export const TABLE_EXPLAIN_MS = 40;
export const TABLE_REPAIR_MS = 40;
/**
 * Time for both of a refused selection: a repair asked right after the explanation of the same
 * value may use what the explanation left of this (at least {@link TABLE_REPAIR_MS}).
 */
export const TABLE_REFUSAL_MS = 80;
/** Search nodes a single question of an explanation or a repair may use before the SAT path takes over. */
const QUESTION_NODES = 4000;
/** Search nodes per millisecond left, for a repair's questions (a node is a few tens of microseconds), and at least. */
const NODES_PER_MS = 40;
const MIN_NODES = 100;
/** Time a repair keeps for its fallback (a repair that works when the smallest was not found in time). */
const FALLBACK_MS = 10;
/** Search nodes of the fallback's search for a configuration near the selections. */
const FALLBACK_NODES = 500;

const now = (): number => performance.now();

/** The kept witnesses of the table search's sessions: a question they answer needs no search. */
export interface Witnesses {
  readonly pool: readonly Int32Array[];
  remember(w: Int32Array): void;
}

/** A question's answer: possible, refuted with a core (selected options), or out of budget. */
type Answer = 'possible' | number[] | undefined;

/** A value and the selections it is asked against. */
interface Ask {
  /** After this time, cores are no longer made small (any refuted set of selections is a core). */
  deadline: number;
  search: TableSearch;
  witnesses: Witnesses;
  sel: Sel;
  v: number;
  k: number;
  /**
   * A repair's questions: their searches stop when the time is up (they end the repair, which then
   * makes one that works), where an explanation's have a fixed budget (past it the SAT path answers).
   */
  timed?: boolean;
}

/**
 * Per table search, what each selection leaves of the state of the last value asked about (v = k,
 * propagated, then u = its value; at `offsetOf(u) + value`): the values left, -1 when refuted
 * alone, -2 not yet known. It depends on nothing else, so an explanation and the repair of the same
 * refusal, and every question of each, share it.
 */
const alone = new WeakMap<TableSearch, { v: number; k: number; left: Int32Array }>();

function leftAlone(search: TableSearch, v: number, k: number): Int32Array {
  let c = alone.get(search);
  if (!c || c.v !== v || c.k !== k) alone.set(search, (c = { v, k, left: new Int32Array(search.values).fill(-2) }));
  return c.left;
}

/**
 * A core of `items` (selected options) that propagation refutes together with v = k, found by
 * progression; null when propagation does not refute all of them. Each selection is first tried
 * alone with v = k (one propagation each, from the state of v = k, remembered for the next questions
 * of the same value): one that is refuted alone is a core of its own, and the others are added most
 * restrictive first, so that a small core is met early (the order of a progression decides how large
 * its core is). Each round of the progression starts from the state the last round started from
 * (kept as the base) with the core's new selection: one propagation instead of one per core member,
 * and the same fixpoint, so the same core.
 */
function propagationCore(a: Ask, items: readonly number[]): number[] | null {
  const { search, sel, v, k } = a;
  if (!search.begin(v, k)) return [];
  search.keepBase();
  const left = leftAlone(search, v, k);
  const leftOf = (u: number): number => left[search.offsetOf(u) + sel[u]];
  for (const u of items) {
    const at = search.offsetOf(u) + sel[u];
    if (left[at] === -2) left[at] = search.fromBase(u, sel[u]) ? search.remaining() : -1;
    if (left[at] === -1) return [u];
  }
  // Stable: among equally restrictive selections, the caller's order.
  return progression(
    [...items].sort((x, y) => leftOf(x) - leftOf(y)),
    // The state of the last round, kept as the base, with the core's new selection: one propagation.
    (core, u = core.at(-1)) => (u === undefined ? search.fromBase(v, k) : search.fromBase(u, sel[u]) && search.keepBase()),
    (u) => search.push(u, sel[u]),
  );
}

/**
 * QuickXplain's progression (Junker 2004): items are added one at a time (`add`: false when the
 * state is refuted) until the state is refuted; the last one added belongs to the core, and the rest
 * of the core is looked for among those added before it, in a state that `start` makes with the core
 * found so far (false when that alone is refuted). Null when all the items together are not refuted.
 */
function progression(items: readonly number[], start: (core: readonly number[]) => boolean, add: (item: number) => boolean): number[] | null {
  const core: number[] = [];
  let candidates = items;
  for (;;) {
    if (!start(core)) return core;
    let i = 0;
    while (i < candidates.length && add(candidates[i])) i++;
    if (i === candidates.length) return null;
    core.push(candidates[i]);
    candidates = candidates.slice(0, i);
  }
}

/** The search nodes a question may use: a repair's, no more than the time left allows. */
function nodesFor(a: Ask): number {
  return a.timed ? Math.min(QUESTION_NODES, Math.max(MIN_NODES, (a.deadline - now()) * NODES_PER_MS)) : QUESTION_NODES;
}

/** Whether a kept witness has v = k and the selections `keep`. */
function witnessed(a: Ask, keep: readonly number[]): boolean {
  const { sel, v, k } = a;
  for (const w of a.witnesses.pool) if (w[v] === k && keep.every((u) => w[u] === sel[u])) return true;
  return false;
}

/** Whether v = k is possible with the selections `keep` (every table in force). */
function ask(a: Ask, keep: readonly number[]): Answer {
  const { search } = a;
  if (witnessed(a, keep)) return 'possible';
  const core = propagationCore(a, keep);
  if (core) return core;
  // Propagation leaves it open: a search (the state of the last pass is v = k with every kept selection).
  const w = search.witness(null, nodesFor(a));
  if (w === undefined) return undefined;
  if (w === null) return bisectCore(keep, (set) => refuted(a, set), a.deadline);
  a.witnesses.remember(w);
  return 'possible';
}

/**
 * Whether v = k with the selections `keep` has no configuration: refuted by propagation or by an
 * exhausted search; undefined when the search ran out of its budget.
 */
function refuted(a: Ask, keep: readonly number[]): boolean | undefined {
  const { search, sel, v, k } = a;
  if (witnessed(a, keep)) return false;
  if (!search.begin(v, k) || !keep.every((u) => search.push(u, sel[u]))) return true;
  const w = search.witness(null, nodesFor(a));
  if (w === undefined) return undefined;
  if (w !== null) a.witnesses.remember(w);
  return w === null;
}

/**
 * A core of `items`, a set that `refutes` (propagation, then a search) where propagation alone did
 * not: a progression whose steps are found by bisection (QuickXplain's idea). All of `items` would
 * be a core too, but one that hitting sets learn little from; it is what comes back when the time
 * runs out first. Undefined when a search ran out of its budget.
 */
function bisectCore(items: readonly number[], refutes: (set: readonly number[]) => boolean | undefined, deadline: number): number[] | undefined {
  const core: number[] = [];
  let candidates = [...items];
  for (;;) {
    if (now() > deadline) return [...core, ...candidates];
    const alone = refutes(core);
    if (alone === undefined) return undefined;
    if (alone) return core;
    // The shortest prefix that, with the core, is refuted (the whole list is).
    let lo = 0;
    let hi = candidates.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const r = refutes([...core, ...candidates.slice(0, mid + 1)]);
      if (r === undefined) return undefined;
      if (r) hi = mid;
      else lo = mid + 1;
    }
    core.push(candidates[lo]);
    candidates = candidates.slice(0, lo);
  }
}

/**
 * Whether the state `given` has no configuration under the tables `tables` alone (propagation, then
 * a search): the tables that took part in the refutation (those that removed a value or ran out of
 * rows — the others can be left out, a core of tables), null when there is a configuration,
 * undefined when the search ran out of its budget.
 */
function tablesRefute(search: TableSearch, given: Sel, tables: readonly number[]): number[] | null | undefined {
  search.track();
  const w = search.startWith(tableSet(search, tables), given) ? search.witness(null, QUESTION_NODES) : null;
  return w === null ? search.untrack() : w === undefined ? undefined : null;
}

/**
 * Why v = k cannot join the selections `sel` (every table in force): the selections, minimal against
 * every table, then the tables, minimal for those selections (model rule positions are turned into
 * constraint indices by `constraintOf`). Null when v = k is possible; undefined when a question ran out
 * of its search budget (the SAT path answers then).
 */
export function explainTables(
  search: TableSearch,
  witnesses: Witnesses,
  sel: Sel,
  v: number,
  k: number,
  order: readonly number[],
  constraintOf: (t: number) => number,
  budgetMs = TABLE_EXPLAIN_MS,
): RawReason | null | undefined {
  const deadline = now() + budgetMs;
  const a: Ask = { deadline, search, witnesses, sel, v, k };
  const items = order.filter((u) => u !== v && sel[u] >= 0);
  // Latest first: the progression keeps the selections it meets first, so a reason names the latest
  // selections where earlier ones would do too, as the SAT path's deletion (earliest dropped first).
  const latestFirst = [...items].reverse();
  let first = propagationCore(a, latestFirst);
  if (first === null) {
    // Propagation leaves it open (the state is the value with every selection): a search decides.
    const w = search.witness(null, QUESTION_NODES);
    if (w === undefined) return undefined;
    if (w !== null) {
      witnesses.remember(w);
      return null;
    }
    const found = bisectCore(latestFirst, (set) => refuted(a, set), deadline);
    if (found === undefined) return undefined;
    first = found;
  }
  let minimal = true;
  // Deletion with every rule in force, earliest selection first.
  let sels = items.filter((u) => first.includes(u));
  for (const u of [...sels]) {
    if (now() > deadline) {
      minimal = false;
      break;
    }
    const answer = ask(a, sels.filter((x) => x !== u));
    if (answer === undefined) return undefined;
    if (answer !== 'possible') sels = sels.filter((x) => answer.includes(x));
  }
  // The tables, for those selections.
  const given = new Int32Array(sel.length).fill(-1);
  for (const u of sels) given[u] = sel[u];
  given[v] = k;
  try {
    // Propagation with every table refutes the state when the selections came from a propagation
    // core; when a search dropped some of them, a search has to find the tables too.
    const all = Array.from({ length: search.tables }, (_, t) => search.tables - 1 - t);
    // Where a search is needed, the tables that took part in its refutation are a core, and each
    // refutation of the deletion narrows it to those that took part in that one.
    const byPropagation = tableCore(search, given, all);
    const tables = byPropagation ?? tablesRefute(search, given, all);
    if (tables === undefined) return undefined;
    if (tables === null) return { constraints: [], selections: sels, minimal: false };
    if (now() > deadline) minimal = false;
    let core = tables;
    for (const t of [...core].sort((x, y) => x - y)) {
      if (!core.includes(t)) continue;
      if (now() > deadline) {
        minimal = false;
        break;
      }
      const without = core.filter((x) => x !== t);
      const r = tablesRefute(search, given, without);
      if (r === undefined) return undefined;
      if (r) core = byPropagation ? without : r;
    }
    return { constraints: core.map(constraintOf).sort((x, y) => x - y), selections: sels, minimal };
  } finally {
    search.allTables();
  }
}

/**
 * Tables that refute the state `given` by propagation, by progression over the tables (highest
 * first, so that, as on the SAT path, the tables last in the file are named where others would do
 * too); null when all of them together do not refute it.
 */
function tableCore(search: TableSearch, given: Sel, all: readonly number[]): number[] | null {
  return progression(
    all,
    (core) => search.startWith(tableSet(search, core), given),
    (t) => search.enable(t),
  );
}

/** The tables `tables` as a set for {@link TableSearch.startWith}. */
function tableSet(search: TableSearch, tables: readonly number[]): Uint8Array {
  const on = new Uint8Array(search.tables);
  for (const t of tables) on[t] = 1;
  return on;
}

/**
 * The fewest selections of `sel` to clear so that v = k becomes possible, the same as the SAT path's
 * `repair` (explain.ts) finds; null when no configuration has v = k at all. When the time or a
 * question's search budget runs out, a repair that works is returned and `status.minimal` is set to
 * false; undefined when not even that was found (the SAT path answers then).
 */
export function repairTables(
  search: TableSearch,
  witnesses: Witnesses,
  sel: Sel,
  v: number,
  k: number,
  status?: RepairStatus,
  budgetMs = TABLE_REPAIR_MS,
): number[] | null | undefined {
  // The fallback's time is within the budget.
  const deadline = now() + budgetMs - FALLBACK_MS;
  const a: Ask = { deadline, search, witnesses, sel, v, k, timed: true };
  const items: number[] = [];
  for (let u = 0; u < sel.length; u++) if (u !== v && sel[u] >= 0) items.push(u);
  // A question that runs out of its search budget ends the search as the time does (the SAT path,
  // exact but slower, answers only when not even a repair that works is found: undefined).
  const found = smallestRepair({ items, check: (keep) => ask(a, keep), deadline, fallback: (learnt) => fallback(a, items, learnt.kept) });
  if (found && status) status.minimal = found.minimal;
  return found && found.drop;
}

/**
 * A repair that works when the smallest was not found in time, the smallest of what these
 * configurations with v = k change of the selections, each after {@link takeBack}: one that
 * completes a pass keeping each selection propagation accepts (first options first); one found by a
 * search that tries the selected values first; the kept witnesses that have v = k (those the
 * hitting-set search found); and the largest set the hitting-set search found to work (`known`).
 * When none is found, every selection is cleared. Null when no configuration has v = k; undefined
 * when a search ran out of its budget and nothing is known to work.
 */
function fallback(a: Ask, items: readonly number[], known: readonly number[] | null): number[] | null | undefined {
  const { search, sel, v, k } = a;
  const found: number[][] = known ? [items.filter((u) => !known.includes(u))] : [];
  const want = new Uint8Array(search.values);
  for (const u of items) want[search.offsetOf(u) + sel[u]] = 1;
  for (const pass of [true, false]) {
    if (!search.begin(v, k)) return null;
    if (pass) for (const u of items) search.tryPush(u, sel[u]);
    const w = search.witness(want, FALLBACK_NODES);
    if (w) a.witnesses.remember(w);
    else if (w === null && !pass) return null; // exhausted without selections: no configuration has v = k
  }
  // The kept witnesses with v = k: those just found, and those the hitting-set search found.
  for (const w of a.witnesses.pool) {
    if (w[v] !== k) continue;
    const better = takeBack(search, w, items, sel);
    found.push(items.filter((u) => better[u] !== sel[u]));
  }
  if (found.length > 0) return found.reduce((best, c) => (c.length < best.length ? c : best));
  // Nothing found in time: clearing every selection works when any configuration has the value.
  const none = refuted(a, []);
  return none === undefined ? undefined : none ? null : [...items];
}

/**
 * The configuration `w` (complete and valid) with the selections it changes set back where that
 * changes nothing else: each option whose tables all keep a row with its selected value (first
 * options first, until none can be), so that a repair made from it gives up fewer selections. A
 * check per table of the option, no propagation: microseconds where a question takes milliseconds.
 */
export function takeBack(search: TableSearch, w: Int32Array, items: readonly number[], sel: Sel): Int32Array {
  const out = w.slice();
  for (let changed = true; changed; ) {
    changed = false;
    for (const u of items) {
      if (out[u] === sel[u] || !search.flips(out, u, sel[u])) continue;
      out[u] = sel[u];
      changed = true;
    }
  }
  return out;
}
