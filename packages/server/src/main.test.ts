/**
 * `c2m-server` as the docs start it, run directly with node (no package manager in front to eat
 * signals): a fresh clone has no data directory, the example key is warned about, the "listening"
 * line says which process to signal, SIGHUP reloads the products and SIGTERM stops it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './testing/pg-cluster.js';
import { PRODUCTS_DIR } from './testing/harness.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

test('start on a fresh directory, warn about the example key, name the pid, reload on SIGHUP, stop on SIGTERM', { timeout: 120_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'c2m-main-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      PRODUCTS_DIR,
      // Parents that do not exist yet, as in a fresh clone.
      DATA_DIR: join(root, '.data', 'c2m'),
      DATABASE_URL: '',
      C2M_MANUFACTURER_KEY: 'change-me',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<{ test: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }> = [];
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>;
      buffered = buffered.slice(nl + 1);
      lines.push(line);
      for (const w of waiters.filter((w) => w.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  /** The next log line (counting from `from`) that passes `test`. */
  const line = (test: (l: Record<string, unknown>) => boolean, from = 0) => {
    const seen = lines.slice(from).find(test);
    if (seen) return Promise.resolve(seen);
    return Promise.race([
      new Promise<Record<string, unknown>>((resolve) => waiters.push({ test, resolve })),
      exited.then((code) => Promise.reject(new Error(`c2m-server exited with ${code}: ${stderr}`))),
    ]);
  };
  try {
    const listening = await line((l) => l.msg === 'listening');
    assert.equal(listening.pid, child.pid, 'the pid to signal is in the listening line');
    assert.equal(listening.url, `http://127.0.0.1:${port}`);
    assert.ok(
      lines.some((l) => l.level === 'warn' && /manufacturer key is the example "change-me"/.test(String(l.msg))),
      JSON.stringify(lines),
    );
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);

    const before = lines.length;
    child.kill('SIGHUP');
    await line((l) => l.msg === 'products loaded', before);
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200, 'SIGHUP reloads; the server goes on');

    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok(lines.some((l) => l.msg === 'closed'));
  } finally {
    child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
});
