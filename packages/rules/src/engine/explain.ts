/**
 * Why a value is unavailable (a minimal set of constraints and selections, by deletion over the
 * solver's unsatisfiable cores — QuickXplain's goal with fewer solver calls on small cores), and the
 * smallest set of selections to give up to make it available (a minimum hitting set over cores).
 */
import type { Encoding } from './encode.js';
import type { Sel } from './domains.js';

const BUDGET = 20_000;

/** An explanation in model terms: constraint indices (file order) and selected variables. */
export interface RawReason {
  constraints: number[];
  selections: number[];
  minimal: boolean;
}

/**
 * Explains why variable `v` cannot take index `k` given the selections of the other variables.
 * `order` lists the selected variables from the most to the least willing to be named (the
 * deletion tries to drop earlier ones first). Returns null when the value is in fact possible.
 */
export function explain(ex: Encoding, sel: Sel, v: number, k: number, order: number[]): RawReason | null {
  const s = ex.solver;
  const selectors = ex.selectors!;
  const target = ex.valueLits(v, k);
  const selLits = new Map<number, number[]>();
  for (const u of order) if (u !== v && sel[u] >= 0) selLits.set(u, ex.valueLits(u, sel[u]));
  const litOwner = new Map<number, { kind: 'sel' | 'con'; id: number }>();
  for (const [u, ls] of selLits) for (const l of ls) litOwner.set(l, { kind: 'sel', id: u });
  selectors.forEach((sv, i) => litOwner.set(2 * sv, { kind: 'con', id: i }));

  let cons = Array.from(selectors.keys());
  let sels = [...selLits.keys()];
  const assume = (cs: number[], ss: number[]) => [
    ...target,
    ...ss.flatMap((u) => selLits.get(u)!),
    ...cs.map((i) => 2 * selectors[i]),
  ];
  const shrinkToCore = (): void => {
    const inCore = new Set<string>();
    for (const l of s.conflict) {
      const o = litOwner.get(l);
      if (o) inCore.add(`${o.kind}${o.id}`);
    }
    cons = cons.filter((i) => inCore.has(`con${i}`));
    sels = sels.filter((u) => inCore.has(`sel${u}`));
  };
  const first = s.solve(assume(cons, sels), BUDGET);
  if (first === 'sat') return null;
  if (first === 'unknown') return { constraints: [], selections: sels, minimal: false };
  shrinkToCore();
  let minimal = true;
  // Deletion: selections first (an explanation should lean on the rules, not on the shopper), then constraints.
  for (const kind of ['sel', 'con'] as const) {
    const list = kind === 'sel' ? [...sels] : [...cons];
    for (const item of list) {
      const cs = kind === 'con' ? cons.filter((i) => i !== item) : cons;
      const ss = kind === 'sel' ? sels.filter((u) => u !== item) : sels;
      if (kind === 'con' ? !cons.includes(item) : !sels.includes(item)) continue;
      const r = s.solve(assume(cs, ss), BUDGET);
      if (r === 'unsat') {
        cons = cs;
        sels = ss;
        shrinkToCore();
      } else if (r === 'unknown') minimal = false;
    }
  }
  return { constraints: cons.sort((a, b) => a - b), selections: sels, minimal };
}

/**
 * The fewest selected variables to clear so that `v = k` becomes possible, or null when no valid
 * configuration has `v = k`. Among equally small repairs, the one keeping the variables that come
 * first (lowest index) wins.
 */
export function repair(main: Encoding, sel: Sel, v: number, k: number): number[] | null {
  const s = main.solver;
  const target = main.valueLits(v, k);
  const items: number[] = [];
  for (let u = 0; u < sel.length; u++) if (u !== v && sel[u] >= 0) items.push(u);
  const litOwner = new Map<number, number>();
  for (const u of items) for (const l of main.valueLits(u, sel[u])) litOwner.set(l, u);
  const cores: number[][] = [];
  for (let round = 0; round < 200; round++) {
    const drop = minimumHittingSet(cores);
    const dropped = new Set(drop);
    const keep = items.filter((u) => !dropped.has(u));
    const r = s.solve([...target, ...keep.flatMap((u) => main.valueLits(u, sel[u]))], BUDGET * 5);
    if (r === 'sat') return drop.sort((a, b) => a - b);
    if (r === 'unknown') return null;
    const core = [...new Set(s.conflict.map((l) => litOwner.get(l)).filter((u): u is number => u !== undefined))];
    if (core.length === 0) return null;
    cores.push(core);
  }
  return null;
}

/**
 * A smallest set hitting every core; ties go to the set of the highest variable indices (so the
 * first options are kept). Exact by increasing size over the few elements cores have; greedy past
 * 24 elements.
 */
export function minimumHittingSet(cores: number[][]): number[] {
  if (cores.length === 0) return [];
  const elements = [...new Set(cores.flat())].sort((a, b) => b - a);
  const hits = (set: Set<number>) => cores.every((c) => c.some((u) => set.has(u)));
  if (elements.length <= 24) {
    for (let size = 1; size <= elements.length; size++) {
      const found = firstCombination(elements, size, hits);
      if (found) return found;
    }
  }
  // Greedy: repeatedly take the element in most unhit cores.
  const chosen = new Set<number>();
  while (!hits(chosen)) {
    let best = -1;
    let bestCount = -1;
    for (const e of elements) {
      if (chosen.has(e)) continue;
      const count = cores.filter((c) => !c.some((u) => chosen.has(u)) && c.includes(e)).length;
      if (count > bestCount) {
        best = e;
        bestCount = count;
      }
    }
    chosen.add(best);
  }
  return [...chosen];
}

function firstCombination(elements: number[], size: number, test: (s: Set<number>) => boolean): number[] | null {
  const idx = Array.from({ length: size }, (_, i) => i);
  for (;;) {
    const set = new Set(idx.map((i) => elements[i]));
    if (test(set)) return [...set];
    let i = size - 1;
    while (i >= 0 && idx[i] === elements.length - size + i) i--;
    if (i < 0) return null;
    idx[i]++;
    for (let j = i + 1; j < size; j++) idx[j] = idx[j - 1] + 1;
  }
}
