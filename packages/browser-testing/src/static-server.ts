/** Serves a test page and its esbuild bundle from memory on 127.0.0.1. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';

/** More than the page: headers, other files, and what the page posts back. */
export interface ServeOptions {
  /** Headers of every response, e.g. a `Content-Security-Policy`. */
  headers?: Record<string, string>;
  /** Other files by path (`/thread.js`): a module to bundle (served as JavaScript) or a body with its media type. */
  files?: Record<string, { entry: string } | { body: string; type: string }>;
  /** Called with the path and body of every POST (e.g. CSP violation reports), answered 204. */
  onPost?: (path: string, body: string) => void;
}

async function bundle(entry: string): Promise<string> {
  const out = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  return out.outputFiles[0]!.text;
}

export async function servePage(entry: string, options: ServeOptions = {}): Promise<{ url: string; close(): Promise<void> }> {
  const files = new Map<string, { body: string; type: string }>([
    ['/', { body: '<!doctype html><meta charset="utf-8"><title>c2m client test</title><script type="module" src="/app.js"></script>', type: 'text/html' }],
    ['/app.js', { body: await bundle(entry), type: 'text/javascript' }],
  ]);
  for (const [path, file] of Object.entries(options.files ?? {})) {
    files.set(path, 'entry' in file ? { body: await bundle(file.entry), type: 'text/javascript' } : file);
  }
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const headers = options.headers ?? {};
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        options.onPost?.(path, Buffer.concat(chunks).toString('utf8'));
        res.writeHead(204, headers).end();
      });
      return;
    }
    const file = files.get(path);
    if (file) res.writeHead(200, { ...headers, 'Content-Type': file.type }).end(file.body);
    else res.writeHead(404, headers).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
