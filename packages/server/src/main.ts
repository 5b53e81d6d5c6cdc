#!/usr/bin/env node
/**
 * `c2m-server`: runs the reference backend from environment variables.
 *
 *   PORT (8080), HOST (127.0.0.1; `0.0.0.0` to listen on every interface), PRODUCTS_DIR (./products),
 *   DATA_DIR (./.data/c2m, the embedded database), DATABASE_URL (a PostgreSQL server instead),
 *   DATABASE_SCHEMA, C2M_MANUFACTURER_KEY (comma-separated), C2M_PUBLISHABLE_KEYS (comma-separated),
 *   DATABASE_POOL_SIZE (10), CORS_ORIGINS (comma-separated, `*` for any), BASE_PATH, MAX_BODY_BYTES,
 *   PRODUCT_LIMITS (`default`, or `raised` for very large product files),
 *   TRUSTED_PROXIES (comma-separated addresses of your reverse proxies, whose X-Forwarded-For is believed).
 *
 * SIGTERM/SIGINT shut down gracefully; SIGHUP reloads the products directory. Run it with node
 * itself (`node --import tsx packages/server/src/main.ts`, or `node dist/main.js` once built), not
 * behind a package manager, which would receive the signals instead.
 */
import { resolve } from 'node:path';
import { createServer } from './server.js';
import type { DatabaseConfig } from './db/types.js';

const env = process.env;
const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

function int(name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${name} must be a non-negative integer, got "${v}"`);
    process.exit(2);
  }
  return n;
}

function productLimits(): 'default' | 'raised' {
  const v = env.PRODUCT_LIMITS ?? 'default';
  if (v !== 'default' && v !== 'raised') {
    console.error(`PRODUCT_LIMITS must be default or raised, got "${v}"`);
    process.exit(2);
  }
  return v;
}

const database: DatabaseConfig = env.DATABASE_URL
  ? { url: env.DATABASE_URL, poolSize: int('DATABASE_POOL_SIZE', 10) || 10, ...(env.DATABASE_SCHEMA ? { schema: env.DATABASE_SCHEMA } : {}) }
  : { dataDir: resolve(env.DATA_DIR ?? '.data/c2m') };

const server = createServer({
  productsDir: resolve(env.PRODUCTS_DIR ?? 'products'),
  database,
  cors: { origins: list(env.CORS_ORIGINS) },
  manufacturerKeys: list(env.C2M_MANUFACTURER_KEY),
  publishableKeys: list(env.C2M_PUBLISHABLE_KEYS),
  basePath: env.BASE_PATH ?? '',
  trustedProxies: list(env.TRUSTED_PROXIES),
  limits: { maxBodyBytes: int('MAX_BODY_BYTES', 1024 * 1024) },
  productLimits: productLimits(),
  log: (entry) => console.log(JSON.stringify({ time: new Date().toISOString(), ...entry })),
});

try {
  await server.listen(int('PORT', 8080), env.HOST ?? '127.0.0.1');
} catch (err) {
  console.error(`c2m-server could not start: ${(err as Error).message}`);
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
process.on('SIGHUP', () => {
  server.reloadProducts().catch((err: Error) =>
    console.log(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'products not reloaded', error: err.message })),
  );
});
