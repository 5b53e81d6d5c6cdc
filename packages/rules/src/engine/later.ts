/**
 * What a page session needs only after its first domains are shown, a chunk of its own that
 * engine/open.ts fetches once the session is open: reasons and repairs (on the SAT path, and worded
 * for the session), and the specification a finished configuration sends. Until it is in, the
 * session's asynchronous calls that may need it wait for it (local-session.ts).
 */
import type { Reason, Repair, Selections, SelectionValue } from '../types.js';
import { localize } from '../localize.js';
import { buildSpecification } from '../specification.js';
import { explain, repair, type Witnessed } from './explain.js';
import { indexOfValue, valueOfIndex } from './model.js';
import type { DomainSource } from './compiled.js';
import type { Sel } from './domains.js';
import type { Product } from './product.js';
import type { LaterParts } from './session.js';

/** What reasons and repairs read of a session. */
export interface Asked {
  product: Product;
  locale: string;
  /** Where domains come from: an order book's source answers on its tables first. */
  source: DomainSource;
  /** The shopper's selections, and their option ids in the order they were chosen. */
  user: Selections;
  order: readonly string[];
  /** Satisfiable questions that a kept witness of the domains answers. */
  witnessed: Witnessed;
}

/** Why `value` cannot join `sel`; the selections it names take their values from `valueOf`. */
function reasonFor(s: Asked, sel: Sel, option: string, value: SelectionValue, valueOf: (option: string) => SelectionValue | undefined): Reason | null {
  const { vars, varById } = s.product.model;
  const v = varById.get(option)!;
  const k = indexOfValue(v, value);
  if (typeof k !== 'number') return null;
  // "Does not apply" follows from the other values: an explanation names those instead.
  // (Only the selected options are read: on a large model most are not.)
  const given = sel.slice();
  const order = s.order.map((id) => varById.get(id)?.index).filter((u): u is number => u !== undefined);
  const listed = new Set(order);
  for (let u = 0; u < given.length; u++) {
    if (given[u] < 0) continue;
    if (given[u] === vars[u].na) given[u] = -1;
    else if (!listed.has(u)) order.push(u);
  }
  // An order book's own source answers on its tables; what it cannot (undefined), the SAT path does.
  const own = s.source.explain?.(given, v.index, k, order);
  const raw = own !== undefined ? own : explain(s.product.explaining(), given, v.index, k, order, s.product.main, undefined, s.witnessed);
  if (!raw) return null;
  const file = s.product.file;
  return {
    constraints: raw.constraints.map((i) => {
      const c = file.constraints[i];
      return { id: c.id, type: c.type, message: localize(c.message, s.locale, file.product.defaultLocale) };
    }),
    selections: raw.selections.map((u) => {
      const id = vars[u].option.id;
      return { option: id, value: valueOf(id) ?? (valueOfIndex(vars[u], given[u]) as SelectionValue) };
    }),
    minimal: raw.minimal,
  };
}

/** The fewest selections of `sel` to clear so that `value` can join the rest (see `Session.repair`). */
function repairFor(s: Asked, sel: Sel, option: string, value: SelectionValue): Repair | null {
  const { vars, varById } = s.product.model;
  const v = varById.get(option)!;
  const k = indexOfValue(v, value);
  if (typeof k !== 'number') return null;
  const status = { minimal: true };
  const own = s.source.repair?.(sel, v.index, k, status);
  const drop = own !== undefined ? own : repair(s.product.main, sel, v.index, k, status, undefined, s.witnessed);
  if (!drop) return null;
  return {
    ...(status.minimal ? {} : { minimal: false }),
    target: { option, value },
    changes: drop.map((u) => {
      const id = vars[u].option.id;
      return { option: id, from: s.user[id] };
    }),
  };
}

export const laterParts: LaterParts = { reasonFor, repairFor, buildSpecification };
