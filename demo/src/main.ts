/**
 * `pnpm start`: builds what the demo needs, starts the reference backend on its embedded database
 * with the example products, and serves the storefront and the order desk on one port.
 *
 *   PORT (8080; when it is taken and PORT is not set, a free port), HOST (127.0.0.1),
 *   DATA_DIR (.data/demo, the embedded database) or DATABASE_URL (a PostgreSQL server instead),
 *   C2M_MANUFACTURER_KEY (default: a new key at every start, printed in the order desk's URL).
 *   `--rebuild` builds packages/embed even when it looks up to date.
 */
import { resolve } from 'node:path';
import type { DatabaseConfig } from '@c2m/server';
import { ensureEmbed } from './build.js';
import { startDemo, type Demo, type DemoOptions } from './server.js';

const env = process.env;
const args = process.argv.slice(2);

function port(): number | undefined {
  if (env.PORT === undefined || env.PORT === '') return undefined;
  const n = Number(env.PORT);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`PORT must be a port number (0–65535), got "${env.PORT}"`);
    process.exit(2);
  }
  return n;
}

const database: DatabaseConfig = env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: resolve(env.DATA_DIR ?? '.data/demo') };
const options: DemoOptions = {
  host: env.HOST ?? '127.0.0.1',
  database,
  ...(env.C2M_MANUFACTURER_KEY ? { manufacturerKey: env.C2M_MANUFACTURER_KEY } : {}),
  log: (entry) => {
    if (entry.level !== 'info') console.error(JSON.stringify({ time: new Date().toISOString(), ...entry }));
  },
};

try {
  if (await ensureEmbed({ force: args.includes('--rebuild') })) console.log('built packages/embed (c2m.js)');
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

let demo: Demo;
try {
  const wanted = port();
  try {
    demo = await startDemo({ ...options, port: wanted ?? 8080 });
  } catch (err) {
    // The usual port is taken and none was asked for: any free port will do.
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || wanted !== undefined) throw err;
    demo = await startDemo({ ...options, port: 0 });
  }
} catch (err) {
  console.error(`the demo could not start: ${(err as Error).message}`);
  process.exit(1);
}

const where = 'url' in database ? 'PostgreSQL (DATABASE_URL)' : database.dataDir;
console.log(`
c2m demo
  storefront   ${demo.storefront.en}   (中文 ${demo.storefront['zh-CN']})
  order desk   ${demo.desk}
  API          ${demo.url}/api   (orders stored in ${where})

Ctrl+C stops it.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    demo.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
