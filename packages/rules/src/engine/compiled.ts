/**
 * Sessions on the compiled form: when a product's diagram (mdd.ts) compiles within its budget,
 * domains, "is this possible" and witnesses come from passes over the diagram instead of the SAT
 * solver. Products it does not suit, or that exceed the budget, keep the SAT path (domains.ts); the
 * answers are the same either way (exact), only the time differs.
 */
import type { DomainState, Sel, Witness } from './domains.js';
import { tableRows, type Model } from './model.js';
import type { RawReason, RepairStatus } from './explain.js';
import { diagramOf, diagrams, suitsDiagram } from './diagram.js';
import { compileMdd, type Mdd, type MddBudget } from './mdd.js';
import { suitsTableSearch, TableDomains, TableSearch } from './table-search.js';

/** What a session asks of its domain engine (the SAT path's DomainEngine answers the same). */
export interface DomainSource {
  compute(sel: Sel, prev: DomainState | null): DomainState | null;
  possible(sel: Sel, v: number, k: number): boolean;
  witnessFor(sel: Sel): Witness | null;
  /**
   * Why v = k cannot join `sel`, when the source answers it itself (the table search does), as
   * explain.ts's `explain`; undefined: not answered here (the SAT path does).
   */
  explain?(sel: Sel, v: number, k: number, order: readonly number[]): RawReason | null | undefined;
  /** The fewest selections to clear for v = k, as explain.ts's `repair`; undefined: the SAT path answers. */
  repair?(sel: Sel, v: number, k: number, status?: RepairStatus): number[] | null | undefined;
}

/**
 * The diagram budget of a product the table search suits: that search answers well without one, so
 * a diagram that is not small is not worth the shopper's wait (order books with tables across
 * systems make diagrams of millions of nodes).
 */
const TABLE_PRODUCT_BUDGET: MddBudget = { maxNodes: 20_000, maxMs: 100 };

/**
 * Rows over all tables past which a table product's diagram is not tried before its first session:
 * building the tables' parts alone takes tens of milliseconds there, and such order books rarely
 * make a diagram within {@link TABLE_PRODUCT_BUDGET}.
 */
const SMALL_ROWS = 5000;

const tableSearches = new WeakMap<Model, TableSearch | null>();
/** Products of tables whose diagram exceeded {@link TABLE_PRODUCT_BUDGET}. */
const notSmall = new WeakSet<Model>();

/** The model's table search (shared by its sessions), or null when the model does not suit it. */
function tableSearchOf(model: Model): TableSearch | null {
  let s = tableSearches.get(model);
  if (s === undefined) tableSearches.set(model, (s = suitsTableSearch(model) ? new TableSearch(model) : null));
  return s;
}

/**
 * Where a session's domains come from: the diagram when the product compiles to a small enough one,
 * else the table search for products made of allowed-combination tables only, else null (the SAT path). Each
 * answers exactly; the table search hands what exceeds its budget to `satPath`.
 */
export function domainSourceOf(model: Model, satPath: () => DomainSource): DomainSource | null {
  const tables = tableSearchOf(model);
  let mdd: Mdd | null;
  if (!tables) mdd = diagramOf(model);
  else if (diagrams.has(model)) mdd = diagrams.get(model)!;
  else if (notSmall.has(model) || !suitsDiagram(model) || tableRows(model) > SMALL_ROWS) mdd = null;
  else {
    mdd = compileMdd(model, TABLE_PRODUCT_BUDGET);
    // Only a diagram is kept: a count may still try its own, larger budget.
    if (mdd) diagrams.set(model, mdd);
    else notSmall.add(model);
  }
  if (mdd) return new DiagramDomains(model, mdd);
  return tables ? new TableDomains(model, tables, satPath) : null;
}

/** Domains from the diagram: one backward and one forward pass per selection state. */
export class DiagramDomains implements DomainSource {
  constructor(
    private readonly model: Model,
    private readonly mdd: Mdd,
  ) {}

  compute(sel: Sel): DomainState | null {
    const r = this.mdd.domains(sel);
    if (!r) return null;
    const n = this.model.vars.length;
    const avail: Array<Uint8Array | null> = new Array(n);
    const lo = new Int32Array(n);
    const hi = new Int32Array(n);
    for (const x of this.model.vars) {
      const a = r.avail[this.mdd.layerOf[x.index]];
      if (x.kind !== 'number') {
        avail[x.index] = a;
        continue;
      }
      avail[x.index] = null;
      lo[x.index] = a.indexOf(1);
      hi[x.index] = a.lastIndexOf(1);
    }
    return { sel: sel.slice(), avail, lo, hi, witness: r.witness, exact: true };
  }

  possible(sel: Sel, v: number, k: number): boolean {
    const s = sel.slice();
    s[v] = k;
    return this.mdd.satisfiable(s);
  }

  witnessFor(sel: Sel): Int32Array | null {
    return this.mdd.witnessOf(sel);
  }
}
