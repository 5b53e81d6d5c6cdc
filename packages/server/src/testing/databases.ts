/**
 * The databases every server test suite runs against: embedded PGlite always, and a real
 * PostgreSQL when `C2M_TEST_DATABASE_URL` is set. Each run gets its own PostgreSQL schema (dropped
 * afterwards) so that concurrent runs never see each other's rows.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../db/types.js';
import { openDatabase } from '../db/open.js';
import { MIGRATIONS } from '../db/migrations.js';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, empty (migrated) database each call. */
  create(): Promise<DatabaseConfig>;
  /** Removes everything `create` made. */
  cleanup(): Promise<void>;
}

/**
 * Creating a PGlite database runs initdb in WebAssembly: seconds of CPU. Tests copy a migrated
 * template instead, made once per machine and PGlite version (in the temp directory) and replaced
 * atomically, so parallel test processes never see half of one.
 */
async function pgliteTemplate(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const dir = join(tmpdir(), `c2m-pglite-template-${version}-m${MIGRATIONS.length}`);
  if (existsSync(dir)) return dir;
  const scratch = mkdtempSync(join(tmpdir(), 'c2m-pglite-template-'));
  const db = await openDatabase({ dataDir: scratch });
  await db.close();
  try {
    renameSync(scratch, dir);
  } catch {
    // Another process made it first.
    rmSync(scratch, { recursive: true, force: true });
  }
  return dir;
}

function pglite(): TestDatabase {
  const dirs: string[] = [];
  return {
    name: 'pglite',
    async create() {
      const template = await pgliteTemplate();
      const dir = mkdtempSync(join(tmpdir(), 'c2m-server-test-'));
      dirs.push(dir);
      cpSync(template, dir, { recursive: true });
      return { dataDir: dir };
    },
    async cleanup() {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

function postgres(url: string): TestDatabase {
  const schemas: string[] = [];
  return {
    name: 'postgres',
    async create() {
      const schema = `c2m_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      schemas.push(schema);
      return { url, schema, poolSize: 8 };
    },
    async cleanup() {
      if (schemas.length === 0) return;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** PGlite, plus PostgreSQL when `C2M_TEST_DATABASE_URL` is set. */
export function testDatabases(): TestDatabase[] {
  const list = [pglite()];
  const url = process.env.C2M_TEST_DATABASE_URL;
  if (url) list.push(postgres(url));
  return list;
}

/** One of the test databases by name; `undefined` for PostgreSQL when `C2M_TEST_DATABASE_URL` is not set. */
export function testDatabase(name: 'pglite' | 'postgres'): TestDatabase | undefined {
  return testDatabases().find((d) => d.name === name);
}
