/**
 * `pnpm bench:server`: accepted submissions per second and latency of the reference backend on
 * loopback, with embedded PGlite and with a real PostgreSQL. The server runs in its own process
 * (as in production); N keep-alive clients post distinct valid specifications until the time or
 * count bound is reached. PostgreSQL: `C2M_BENCH_DATABASE_URL`, else a temporary cluster.
 *
 *   C2M_BENCH_SECONDS (5), C2M_BENCH_MAX (30000), C2M_BENCH_CONCURRENCY (16),
 *   C2M_BENCH_BACKENDS (pglite,postgresql)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pgDriver from 'pg';
import type { Specification } from '@c2m/rules';
import { PRODUCTS_DIR, deskSpecification } from '../src/testing/harness.js';
import { freePort, startTempCluster, type TempCluster } from '../src/testing/pg-cluster.js';

const SECONDS = Number(process.env.C2M_BENCH_SECONDS ?? 5);
const MAX = Number(process.env.C2M_BENCH_MAX ?? 30_000);
const CONCURRENCY = Number(process.env.C2M_BENCH_CONCURRENCY ?? 16);
const BACKENDS = new Set((process.env.C2M_BENCH_BACKENDS ?? 'pglite,postgresql').split(',').map((b) => b.trim()));
const WARMUP = 300;
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

interface Row {
  backend: string;
  submissions: number;
  perSecond: number;
  p50: number;
  p95: number;
  max: number;
  errors: number;
}

/** Distinct valid specifications: a few configurations, each with many engravings. */
const bases = Array.from({ length: 44 }, (_, i) => deskSpecification(i));
function specification(n: number): string {
  const s: Specification = { ...bases[n % bases.length], selections: { ...bases[n % bases.length].selections, engraving: `B ${n}` } };
  return JSON.stringify(s);
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  // C2M_BENCH_SERVER_ARGS: extra node flags for the server process, e.g. `--cpu-prof`.
  const flags = (process.env.C2M_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: String(port), PRODUCTS_DIR, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start within 60 s')), 60_000);
    child.stdout!.on('data', (c) => {
      out += c;
      if (out.includes('"msg":"listening"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  child.stdout!.resume();
  return { child, url: `http://127.0.0.1:${port}` };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function post(agent: Agent, url: URL, body: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent, host: url.hostname, port: url.port, method: 'POST', path: '/specifications',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': key },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(backend: string, env: Record<string, string>): Promise<Row> {
  const { child, url } = await startServer(env);
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const run = randomBytes(4).toString('hex');
  try {
    let n = 0;
    for (let i = 0; i < WARMUP; i++) await post(agent, target, specification(n), `warm-${run}-${String(n++).padStart(10, '0')}`);
    const latencies: number[] = [];
    let errors = 0;
    const deadline = performance.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline && latencies.length + errors < MAX) {
          const i = n++;
          const body = specification(i);
          const t = performance.now();
          const status = await post(agent, target, body, `bench-${run}-${String(i).padStart(10, '0')}`).catch(() => 0);
          if (status === 201) latencies.push(performance.now() - t);
          else errors++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
    return { backend, submissions: latencies.length, perSecond: latencies.length / elapsed, p50: q(0.5), p95: q(0.95), max: latencies[latencies.length - 1] ?? NaN, errors };
  } finally {
    agent.destroy();
    await stop(child);
  }
}

function print(rows: Row[]): void {
  const head = ['backend', 'submissions', 'accepted/s', 'p50 ms', 'p95 ms', 'max ms', 'errors'];
  const cells = rows.map((r) => [r.backend, String(r.submissions), r.perSecond.toFixed(0), r.p50.toFixed(1), r.p95.toFixed(1), r.max.toFixed(1), String(r.errors)]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => '| ' + c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join(' | ') + ' |';
  console.log(line(head));
  console.log('| ' + widths.map((w, i) => (i === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ') + ' |');
  for (const c of cells) console.log(line(c));
}

const rows: Row[] = [];
const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`c2m server benchmark: ${CONCURRENCY} concurrent clients, ${SECONDS} s or ${MAX} submissions per backend, loopback`);
// Server, database and load generator share this machine's cores: other work skews the numbers.
console.log(`node ${process.version}, ${cpus().length} cpus, load average at start: ${load()}\n`);
if (BACKENDS.has('pglite')) {
  const dataDir = mkdtempSync(join(tmpdir(), 'c2m-bench-'));
  try {
    rows.push(await run('pglite', { DATA_DIR: dataDir }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

let cluster: TempCluster | undefined;
let pgUrl = BACKENDS.has('postgresql') ? process.env.C2M_BENCH_DATABASE_URL : undefined;
if (!pgUrl && BACKENDS.has('postgresql')) {
  try {
    cluster = await startTempCluster();
    pgUrl = cluster.url;
  } catch (err) {
    console.log(`PostgreSQL skipped: ${(err as Error).message}`);
  }
}
if (pgUrl) {
  const schema = `c2m_bench_${randomBytes(4).toString('hex')}`;
  try {
    rows.push(await run('postgresql', { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema }));
  } finally {
    if (cluster) cluster.stop();
    else {
      const client = new pgDriver.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end());
    }
  }
}
print(rows);
const pg = rows.find((r) => r.backend === 'postgresql');
if (pg) {
  const met = pg.perSecond >= 1000 && pg.p95 < 50;
  console.log(`\ntarget with PostgreSQL (≥ 1,000 accepted/s, p95 < 50 ms): ${met ? 'met' : 'NOT met'}`);
}
console.log(`load average at end: ${load()}`);
