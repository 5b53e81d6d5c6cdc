/**
 * What the demo needs built: the script-tag build (`packages/embed/dist`, by Vite, only when a source
 * it is made from changed since it was built) and the order desk's script (esbuild, in memory, at
 * every start: it takes a fraction of a second).
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
export const embedPackage = join(repoRoot, 'packages', 'embed');
export const embedDist = join(embedPackage, 'dist');

/** The packages `c2m.js` is built from. */
const EMBED_INPUTS = ['rules', 'client', 'elements', 'viewer', 'embed'].map((p) => join(repoRoot, 'packages', p));

/** The newest modification time under `path` (sources and manifests; not dist or node_modules). */
async function newest(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = 0;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    if (entry.isDirectory() && (entry.name === 'test-output' || entry.name === 'bench')) continue;
    latest = Math.max(latest, await newest(join(path, entry.name)));
  }
  return latest;
}

/** Whether `packages/embed/dist/c2m.js` is missing or older than something it is built from. */
export async function embedIsStale(): Promise<boolean> {
  const built = await stat(join(embedDist, 'c2m.js')).catch(() => undefined);
  if (!built) return true;
  let inputs = (await stat(join(repoRoot, 'pnpm-lock.yaml')).catch(() => undefined))?.mtimeMs ?? 0;
  for (const dir of EMBED_INPUTS) inputs = Math.max(inputs, await newest(dir));
  return inputs > built.mtimeMs;
}

/** Runs the embed's build (`vite build`) with its output on this process's terminal. */
export function buildEmbed(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('pnpm', ['--dir', embedPackage, 'run', '--silent', 'build'], { stdio: 'inherit' });
    child.on('error', (err) => reject(new Error(`could not run pnpm to build packages/embed: ${err.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building packages/embed failed (exit code ${code})`))));
  });
}

/** Builds the embed when it is stale; says whether it did. */
export async function ensureEmbed(options: { force?: boolean } = {}): Promise<boolean> {
  if (!options.force && !(await embedIsStale())) return false;
  await buildEmbed();
  return true;
}

/** The order desk's script, bundled (with @c2m/client's schemas) for the browser. */
export async function buildDesk(): Promise<string> {
  const out = await build({
    entryPoints: [join(here, '..', 'desk', 'desk.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  return out.outputFiles[0]!.text;
}
