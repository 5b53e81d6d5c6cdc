/** `createSession`: a session with every part of the engine, as tools, backends and tests use it. */
import type { CompiledProduct, Session, SessionOptions } from '../api.js';
import { countConfigurations } from './count.js';
import { diagramSource } from './diagram-source.js';
import { laterParts } from './later.js';
import { createSessionWith, type SessionParts } from './session.js';

const ALL_PARTS: SessionParts = { diagram: diagramSource, count: countConfigurations, later: laterParts };

/** Starts a configuration session over a compiled product. */
export function createSession(product: CompiledProduct, options: SessionOptions = {}): Session {
  return createSessionWith(product, options, ALL_PARTS);
}
