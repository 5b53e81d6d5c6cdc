/** The compiled diagram (compiled.ts, mdd.ts) as a session's source of domains: a chunk of its own on the shop path. */
import { DiagramDomains, diagramOf, type DomainSource } from './compiled.js';
import type { Model } from './model.js';

/** Domains from the model's diagram, or null when it has none (unsuited, or over its budget). */
export function diagramSource(model: Model): DomainSource | null {
  const mdd = diagramOf(model);
  return mdd ? new DiagramDomains(model, mdd) : null;
}
