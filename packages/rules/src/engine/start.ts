/**
 * A compiled product to a running session in this thread: what opening a product file (open.ts)
 * and opening a compiled product (open-compiled.ts) share. The parts of the engine a product may
 * not need are chunks of their own, fetched only when it does: the compiled diagram (faster domains
 * for products with allowed-combination tables) before the session starts. What every session
 * needs, but only after its first state is shown (changes, reasons, repairs, the specification:
 * later.ts) is fetched once it is open, in idle time. Counting is the caller's to give
 * (`@c2m/rules/count`, fetched on the first `count`): nothing here imports it, so a page that never
 * counts cannot download it.
 */
import type { OpenSessionResult, SessionOptions } from '../api.js';
import type { ProductIssue } from '../types.js';
import type { countConfigurations } from './count.js';
import type { Product } from './product.js';
import { tableRows } from './model.js';
import { createLocalSessionWith } from './local-session.js';
import { createSessionWith, type SessionParts } from './session.js';

/**
 * Allowed-combination rows from which the compiled diagram (or table search) is worth its download
 * (≈ 5 KB min+gzip): below, the SAT path answers a choice about as fast. Measured (node 20, load
 * average ≈ 10, p95 of a choice with its domains, SAT path / diagram): suit (33 rows) 9.7 / 9.2 ms,
 * oak-table (25 rows) 13 / 8.7 ms, generated order books of 96 rows 12.7 / 3.1 ms, 211 rows
 * 21.7 / 0.4 ms, 1,515 rows 25.8 / 2.5 ms; the bench's order book (thousands) 3.7 s / 0.6 s.
 */
export const DIAGRAM_MIN_ROWS = 64;

/**
 * Whether a product may have a diagram worth fetching: allowed-combination tables (what the diagram
 * is for; compiled.ts decides for good, and the SAT path answers the same when it declines) of at
 * least {@link DIAGRAM_MIN_ROWS} rows in all. Either way the domains are exact and the same.
 */
export function wantsDiagram(product: Product): boolean {
  return tableRows(product.model, true) >= DIAGRAM_MIN_ROWS;
}

/** What counts a session's configurations: a loader of `@c2m/rules/count` (e.g. `() => import('@c2m/rules/count')`). */
export type Counter = () => Promise<{ countConfigurations: typeof countConfigurations }>;

/** Starts a session on `product` in this thread (the opening's `issues`, its warnings, are passed on). */
export async function startSession(product: Product, options: SessionOptions, counter: Counter | undefined, issues: ProductIssue[]): Promise<OpenSessionResult> {
  const parts: SessionParts = {};
  if (wantsDiagram(product)) parts.diagram = (await import('./diagram-source.js')).diagramSource;
  const session = createSessionWith(product, options, parts);
  const count = async () => {
    if (!counter) throw new Error("c2m: this session counts only with a counter: createPageSession(input, { counter: () => import('@c2m/rules/count') })");
    parts.count ??= (await counter()).countConfigurations;
  };
  /** Fetches later.ts once; after a failed fetch, the next call tries again. */
  let loading: Promise<void> | undefined;
  const later = () =>
    (loading ??= import('./later.js').then(
      (m) => {
        parts.later = m.laterParts;
      },
      (e: unknown) => {
        loading = undefined;
        throw e;
      },
    ));
  whenIdle(() => later().catch(() => {}));
  return { ok: true, session: createLocalSessionWith(session, { count, later }), issues };
}

/**
 * Runs `task` when the page is idle (`requestIdleCallback`, within a second), or soon where there
 * is none (workers, Node): after the session's first state has been rendered.
 */
function whenIdle(task: () => void): void {
  const scope = globalThis as { requestIdleCallback?: (f: () => void, o: { timeout: number }) => unknown };
  if (scope.requestIdleCallback) scope.requestIdleCallback(task, { timeout: 1000 });
  else setTimeout(task, 0);
}
