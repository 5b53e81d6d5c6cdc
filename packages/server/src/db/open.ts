import { migrate } from './migrations.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { DatabaseConfig, Db } from './types.js';

/** Opens the configured database and applies pending migrations. */
export async function openDatabase(config: DatabaseConfig): Promise<Db> {
  const db = 'url' in config ? await openPostgres(config.url, config) : await openPglite(config.dataDir);
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  return db;
}
