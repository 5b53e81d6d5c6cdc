/**
 * @c2m/server: the reference C2M backend. Implements the submission protocol
 * (`@c2m/client/openapi.yaml`), re-validates every specification with `@c2m/rules`, and stores it
 * exactly once in PostgreSQL (embedded PGlite by default).
 *
 * @packageDocumentation
 */
export { createServer, type C2mServer } from './server.js';
export type { ServerOptions, ServerLimits, LogEntry } from './options.js';
export type { DatabaseConfig, Db, Queryable, QueryResult } from './db/types.js';
export { openDatabase } from './db/open.js';
export { MIGRATIONS, migrate } from './db/migrations.js';
export { TRANSITIONS, canTransition } from './status.js';
export type { CatalogReport, CatalogProblem } from './catalog.js';
