/**
 * The embed's tests' build: `vite build` of this package into a scratch folder, as a CDN would serve
 * it, and what it is made of (Vite's manifest of the page's chunks, the worker's own files).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A chunk of the page's module graph, as `.vite/manifest.json` records it. */
export interface Chunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface Build {
  /** The output folder. */
  dir: string;
  /** The page's chunks by source module (the worker's files are not in it: they are a build of their own). */
  manifest: Record<string, Chunk>;
  /** Every file of the build, relative to `dir`, with `/`. */
  files(): string[];
  remove(): void;
}

const pkg = fileURLToPath(new URL('..', import.meta.url));

function filesOf(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(root, path) : [relative(root, path).replaceAll('\\', '/')];
  });
}

/** Builds `dist/` into a new scratch folder; throws with Vite's output when the build fails. */
export function buildEmbed(): Build {
  const dir = mkdtempSync(join(tmpdir(), 'c2m-embed-'));
  const r = spawnSync('pnpm', ['exec', 'vite', 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'error'], { cwd: pkg, encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`vite build failed:\n${r.stdout}${r.stderr}`);
  }
  return {
    dir,
    manifest: JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8')) as Record<string, Chunk>,
    files: () => filesOf(dir),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
