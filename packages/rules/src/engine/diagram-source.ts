/**
 * The compiled diagram (compiled.ts, mdd.ts) or the table search (table-search.ts) as a session's
 * source of domains: a chunk of its own on the shop path.
 */
import { domainSourceOf, type DomainSource } from './compiled.js';
import type { Model } from './model.js';

/**
 * Domains from the model's diagram or table search, or null when it has neither (unsuited, or the
 * diagram over its budget); `satPath` answers what the table search cannot within its budget.
 */
export function diagramSource(model: Model, satPath: () => DomainSource): DomainSource | null {
  return domainSourceOf(model, satPath);
}
