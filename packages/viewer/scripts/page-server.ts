/**
 * The viewer as a page gets it, for the scripts that drive headless Chromium (the benchmark, the
 * example images): the package bundled and minified by esbuild, served with the repository's
 * example files by a small HTTP server on 127.0.0.1 (gzip for scripts, as a CDN serves them).
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository's root. */
export const repoRoot = resolve(here, '../../..');
/** The example product files, their models and images. */
export const examplesDir = join(repoRoot, 'packages', 'rules', 'examples');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.html': 'text/html', '.json': 'application/json', '.yaml': 'text/yaml',
  '.glb': 'model/gltf-binary', '.webp': 'image/webp', '.png': 'image/png', '.jpg': 'image/jpeg', '.ktx2': 'image/ktx2', '.wasm': 'application/wasm',
};

/** `@c2m/viewer` bundled, minified and split (decoders stay separate chunks), under `/c2m/`. */
export async function bundleViewer(): Promise<Map<string, Uint8Array>> {
  const out = await build({
    entryPoints: { index: join(here, '..', 'src', 'index.ts') },
    bundle: true, splitting: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022',
    outdir: '/c2m', write: false, logLevel: 'silent', legalComments: 'none',
  });
  return new Map(out.outputFiles.map((f) => [`/c2m/${f.path.split('/').pop()}`, f.contents]));
}

/**
 * Serves `files` (path → bytes; `/` is an empty page) and, under each prefix of `dirs`, the files of
 * that directory. Resolves with the server and its origin.
 */
export function serve(files: Map<string, Uint8Array>, dirs: Record<string, string> = {}): Promise<{ server: Server; origin: string }> {
  if (!files.has('/')) files.set('/', new TextEncoder().encode('<!doctype html><html lang="en"><body style="margin:0"></body></html>'));
  const gz = new Map<string, Uint8Array>();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let body = files.get(path);
    let type = path === '/' ? 'text/html' : (TYPES[extname(path)] ?? 'application/octet-stream');
    if (!body) {
      for (const [prefix, dir] of Object.entries(dirs)) {
        if (!path.startsWith(prefix)) continue;
        const file = join(dir, normalize(path.slice(prefix.length)));
        if (file.startsWith(dir) && existsSync(file) && statSync(file).isFile()) body = readFileSync(file);
      }
    }
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-store' };
    if (type === 'text/javascript' && /gzip/.test(String(req.headers['accept-encoding']))) {
      let zipped = gz.get(path);
      if (!zipped) gz.set(path, (zipped = gzipSync(body, { level: 9 })));
      body = zipped;
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(body.byteLength);
    res.writeHead(200, headers).end(body);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** Debian's Chromium with the flags of the page tests (software WebGL). */
export async function chromiumLaunchOptions(): Promise<{ executablePath: string; headless: true; args: string[] }> {
  const { CHROMIUM_FLAGS, chromiumPath } = (await import('../../../scripts/wtr-config.mjs' as string)) as { CHROMIUM_FLAGS: string[]; chromiumPath(): string };
  return { executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS };
}
