/** Serves a test page and its esbuild bundle from memory on 127.0.0.1. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';

export async function servePage(entry: string): Promise<{ url: string; close(): Promise<void> }> {
  const out = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  const js = out.outputFiles[0]!.text;
  const html = '<!doctype html><meta charset="utf-8"><title>c2m client test</title><script type="module" src="/app.js"></script>';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/app.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(js);
    else if (path === '/') res.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
