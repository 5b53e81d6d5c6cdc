/**
 * `pnpm bench:server`: the reference backend on loopback, with embedded PGlite and with a real
 * PostgreSQL. The server runs in its own process (as in production). Three scenarios per backend:
 * - throughput: N keep-alive clients post distinct valid specifications until the time or count
 *   bound is reached (accepted per second, latency);
 * - overload: C2M_BENCH_OVERLOAD submissions at once, each on its own connection: how many are
 *   accepted and how fast, how many are shed with 503 and how fast (the server bounds the wait for
 *   a turn instead of letting every request wait past the clients' 15 s timeout);
 * - slow bodies: C2M_BENCH_SLOW connections dribble a body one byte every few seconds from one
 *   address while the normal clients post from another: their throughput, and /healthz.
 * PostgreSQL: `C2M_BENCH_DATABASE_URL`, else a temporary cluster.
 *
 *   C2M_BENCH_SECONDS (5), C2M_BENCH_MAX (30000), C2M_BENCH_CONCURRENCY (16),
 *   C2M_BENCH_OVERLOAD (2000), C2M_BENCH_SLOW (520), C2M_BENCH_BACKENDS (pglite,postgresql),
 *   C2M_BENCH_SCENARIOS (throughput,overload,slow)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
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
const SCENARIOS = new Set((process.env.C2M_BENCH_SCENARIOS ?? 'throughput,overload,slow').split(',').map((b) => b.trim()));
const OVERLOAD = Number(process.env.C2M_BENCH_OVERLOAD ?? 2000);
const SLOW = Number(process.env.C2M_BENCH_SLOW ?? 520);
const SLOW_SECONDS = 3;
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

interface OverloadRow {
  backend: string;
  atOnce: number;
  accepted: number;
  shed: number;
  other: number;
  acceptedP50: number;
  acceptedP95: number;
  acceptedMax: number;
  shedP95: number;
  seconds: number;
}

interface SlowRow {
  backend: string;
  slow: number;
  refusedSoon: number;
  normal: Row;
  health: string;
}

/** The value at quantile `p` of sorted numbers. */
const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

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

function post(agent: Agent | false, url: URL, body: string, key: string, localAddress?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent, host: url.hostname, port: url.port, method: 'POST', path: '/specifications', ...(localAddress ? { localAddress } : {}),
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

/** Keep-alive clients posting as fast as they are answered, for `seconds`. */
async function throughput(backend: string, target: URL, run: string, seconds: number, localAddress?: string): Promise<Row> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, ...(localAddress ? { localAddress } : {}) });
  try {
    let n = 0;
    const latencies: number[] = [];
    let errors = 0;
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline && latencies.length + errors < MAX) {
          const i = n++;
          const t = performance.now();
          const status = await post(agent, target, specification(i), `bench-${run}-${String(i).padStart(10, '0')}`).catch(() => 0);
          if (status === 201) latencies.push(performance.now() - t);
          else errors++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return { backend, submissions: latencies.length, perSecond: latencies.length / elapsed, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: latencies.at(-1) ?? NaN, errors };
  } finally {
    agent.destroy();
  }
}

/** `OVERLOAD` submissions at once, each on a connection of its own. */
async function overload(backend: string, target: URL, run: string): Promise<OverloadRow> {
  const accepted: number[] = [];
  const shed: number[] = [];
  let other = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: OVERLOAD }, async (_, i) => {
      const t = performance.now();
      const status = await post(false, target, specification(1_000_000 + i), `overload-${run}-${String(i).padStart(10, '0')}`).catch(() => 0);
      const took = performance.now() - t;
      if (status === 201) accepted.push(took);
      else if (status === 503) shed.push(took);
      else other++;
    }),
  );
  accepted.sort((a, b) => a - b);
  shed.sort((a, b) => a - b);
  return {
    backend, atOnce: OVERLOAD, accepted: accepted.length, shed: shed.length, other,
    acceptedP50: quantile(accepted, 0.5), acceptedP95: quantile(accepted, 0.95), acceptedMax: accepted.at(-1) ?? NaN,
    shedP95: quantile(shed, 0.95), seconds: (performance.now() - started) / 1000,
  };
}

/** `SLOW` connections from 127.0.0.1 sending a body a byte every 2 s, while normal clients post from 127.0.0.2. */
async function slowBodies(backend: string, target: URL, run: string): Promise<SlowRow> {
  const sockets: Socket[] = [];
  let refusedSoon = 0;
  const head = (i: number) =>
    `POST /specifications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: slow-${run}-${String(i).padStart(10, '0')}\r\nContent-Length: 4000\r\n\r\n{`;
  for (let i = 0; i < SLOW; i++) {
    const socket = connect({ host: target.hostname, port: Number(target.port), localAddress: '127.0.0.1' });
    socket.on('error', () => {});
    socket.once('data', (d) => {
      if (/^HTTP\/1\.1 429/.test(String(d))) refusedSoon++;
    });
    socket.write(head(i));
    sockets.push(socket);
  }
  const drip = setInterval(() => {
    for (const s of sockets) if (!s.destroyed) s.write(' ');
  }, 2_000);
  try {
    const normal = await throughput(backend, target, `${run}-n`, SLOW_SECONDS, '127.0.0.2');
    const health = await new Promise<string>((resolve) => {
      const req = request({ host: target.hostname, port: target.port, path: '/healthz', agent: false }, (res) => {
        res.resume();
        resolve(String(res.statusCode));
      });
      req.on('error', (e) => resolve(e.message));
      req.end();
    });
    return { backend, slow: SLOW, refusedSoon, normal, health };
  } finally {
    clearInterval(drip);
    for (const s of sockets) s.destroy();
  }
}

interface Results {
  throughput?: Row;
  overload?: OverloadRow;
  slow?: SlowRow;
}

async function run(backend: string, env: Record<string, string>): Promise<Results> {
  const { child, url } = await startServer(env);
  const target = new URL(url);
  const run = randomBytes(4).toString('hex');
  const results: Results = {};
  try {
    const warm = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < WARMUP; i++) await post(warm, target, specification(900_000 + i), `warm-${run}-${String(i).padStart(10, '0')}`);
    warm.destroy();
    if (SCENARIOS.has('throughput')) results.throughput = await throughput(backend, target, run, SECONDS);
    if (SCENARIOS.has('overload')) results.overload = await overload(backend, target, run);
    if (SCENARIOS.has('slow')) results.slow = await slowBodies(backend, target, run);
    return results;
  } finally {
    await stop(child);
  }
}

/** Prints a markdown table: the first column left-aligned, the others right-aligned. */
function table(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((c) => c[i]!.length)));
  const line = (c: string[]) => '| ' + c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join(' | ') + ' |';
  console.log(line(head));
  console.log('| ' + widths.map((w, i) => (i === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ') + ' |');
  for (const c of rows) console.log(line(c));
}

function print(rows: Row[]): void {
  table(
    ['backend', 'submissions', 'accepted/s', 'p50 ms', 'p95 ms', 'max ms', 'errors'],
    rows.map((r) => [r.backend, String(r.submissions), r.perSecond.toFixed(0), r.p50.toFixed(1), r.p95.toFixed(1), r.max.toFixed(1), String(r.errors)]),
  );
}

const results: Results[] = [];
const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`c2m server benchmark: ${CONCURRENCY} concurrent clients, ${SECONDS} s or ${MAX} submissions per backend, loopback`);
// Server, database and load generator share this machine's cores: other work skews the numbers.
console.log(`node ${process.version}, ${cpus().length} cpus, load average at start: ${load()}\n`);
if (BACKENDS.has('pglite')) {
  const dataDir = mkdtempSync(join(tmpdir(), 'c2m-bench-'));
  try {
    results.push(await run('pglite', { DATA_DIR: dataDir }));
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
    results.push(await run('postgresql', { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema }));
  } finally {
    if (cluster) cluster.stop();
    else {
      const client = new pgDriver.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end());
    }
  }
}

const rows = results.flatMap((r) => (r.throughput ? [r.throughput] : []));
if (rows.length > 0) {
  console.log('Throughput:');
  print(rows);
  const pg = rows.find((r) => r.backend === 'postgresql');
  if (pg) {
    const met = pg.perSecond >= 1000 && pg.p95 < 50;
    console.log(`\ntarget with PostgreSQL (≥ 1,000 accepted/s, p95 < 50 ms): ${met ? 'met' : 'NOT met'}`);
  }
}
const overloads = results.flatMap((r) => (r.overload ? [r.overload] : []));
if (overloads.length > 0) {
  console.log(`\nOverload: ${OVERLOAD} submissions at once, each on its own connection (503 = shed, to be retried after Retry-After):`);
  table(
    ['backend', 'at once', 'accepted', 'shed (503)', 'other', 'accepted p50 ms', 'accepted p95 ms', 'accepted max ms', 'shed p95 ms', 'all answered in s'],
    overloads.map((o) => [
      o.backend, String(o.atOnce), String(o.accepted), String(o.shed), String(o.other), o.acceptedP50.toFixed(0), o.acceptedP95.toFixed(0),
      o.acceptedMax.toFixed(0), o.shedP95.toFixed(0), o.seconds.toFixed(1),
    ]),
  );
}
const slows = results.flatMap((r) => (r.slow ? [r.slow] : []));
if (slows.length > 0) {
  console.log(`\nSlow bodies: ${SLOW} connections from one address send a body a byte every 2 s; ${CONCURRENCY} normal clients post from another for ${SLOW_SECONDS} s:`);
  table(
    ['backend', 'slow connections', 'refused (429)', 'normal accepted/s', 'normal p95 ms', 'normal errors', '/healthz'],
    slows.map((w) => [w.backend, String(w.slow), String(w.refusedSoon), w.normal.perSecond.toFixed(0), w.normal.p95.toFixed(1), String(w.normal.errors), w.health]),
  );
}
console.log(`\nload average at end: ${load()}`);
