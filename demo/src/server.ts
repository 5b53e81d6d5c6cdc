/**
 * The demo on one port: the storefront (plain HTML pages with the script tag), the manufacturer's
 * order desk, the script-tag build, the example product files with their 3D models, and the
 * reference backend (`@c2m/server` on its embedded PGlite database) under `/api`.
 *
 *   /                      the storefront, English      /zh-CN/…   the same in Simplified Chinese
 *   /products/{slug}       a product page (suit, table, mug)
 *   /desk/                 the order desk (manufacturer key in the URL fragment: #key=…)
 *   /cdn/c2m/…             packages/embed/dist: c2m.js and its lazily loaded chunks
 *   /catalog/{id}.json     a product, as the backend serves it (the compiled product to pages
 *                          that prefer it, else the file); {id}.compiled.json always compiled;
 *                          models/… beside them
 *   /api/…                 the reference backend (the submission protocol and the listing API),
 *                          mounted in this server through its request listener (`handler`)
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILED_PRODUCT_MEDIA_TYPE } from '@c2m/rules';
import { compileProduct, createSession } from '@c2m/rules/engine';
import { examplePaths, readExample, type ExampleName } from '@c2m/rules/examples';
import { createServer, type C2mServer, type DatabaseConfig, type LogEntry } from '@c2m/server';
import { buildDesk, embedDist } from './build.js';
import { homePage, LANGUAGES, notFoundPage, productPage, type Language, type PageUrls, type ShopProduct } from './pages.js';
import { serveFile } from './static.js';

const here = dirname(fileURLToPath(import.meta.url));
/** demo/public: the storefront's and the desk's CSS, icons and the desk's HTML. */
export const PUBLIC_DIR = join(here, '..', 'public');

/** The products on sale, by page name. */
export const SHOP_PRODUCTS: ReadonlyArray<{ slug: string; example: ExampleName }> = [
  { slug: 'suit', example: 'suit' },
  { slug: 'table', example: 'oak-table' },
  { slug: 'mug', example: 'mug' },
];

/**
 * The Content-Security-Policy of every page: no inline script or style, no eval, scripts and workers
 * from this origin only. Images and fetches may also be `blob:`/`data:` (glTF textures, snapshots).
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self' data: blob:",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface DemoOptions {
  /** Port to listen on; `0` picks a free one. Default 8080. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Where orders are stored. Default: PGlite in `.data/demo` of the current folder. */
  database?: DatabaseConfig;
  /** The manufacturer's key for the order desk and the listing API. Default: a new random key. */
  manufacturerKey?: string;
  /** The storefront's publishable key. Default `pk_demo_storefront`. */
  publishableKey?: string;
  /** The script-tag build to serve. Default: `packages/embed/dist`. */
  embedDir?: string;
  /** The backend's log lines. Default: none. */
  log?: (entry: LogEntry) => void;
}

/** A running demo. */
export interface Demo {
  /** `http://127.0.0.1:8080` */
  readonly url: string;
  /** The storefront's home page, per language. */
  readonly storefront: Readonly<Record<Language, string>>;
  /** The order desk, with the manufacturer key in its fragment. */
  readonly desk: string;
  readonly manufacturerKey: string;
  readonly publishableKey: string;
  /** The reference backend (its database and store, for tests and operations). */
  readonly backend: C2mServer;
  /** The products on sale. */
  readonly products: readonly ShopProduct[];
  close(): Promise<void>;
}

/** Reads the example products and works out what the home page shows. */
function shopProducts(): ShopProduct[] {
  return SHOP_PRODUCTS.map(({ slug, example }) => {
    const compiled = compileProduct(readExample(example));
    if (!compiled.ok) throw new Error(`the example product "${example}" does not compile: ${compiled.issues.map((i) => i.message).join('; ')}`);
    const session = createSession(compiled.product);
    return { slug, file: compiled.product.file, fromPrice: session.quote().total };
  });
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}

const HTML_HEADERS = { 'content-security-policy': CSP, 'cache-control': 'no-cache', 'referrer-policy': 'same-origin' };

/** Starts the backend, then the demo's own server in front of it. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const manufacturerKey = options.manufacturerKey ?? `mk_demo_${randomBytes(18).toString('base64url')}`;
  const publishableKey = options.publishableKey ?? 'pk_demo_storefront';
  const products = shopProducts();
  const bySlug = new Map(products.map((p) => [p.slug, p]));
  const examplesDir = dirname(examplePaths.mug);
  const embedDir = options.embedDir ?? embedDist;
  const desk = await buildDesk();

  const database = options.database ?? { dataDir: join(process.cwd(), '.data', 'demo') };
  // PGlite creates its own folder, not the ones above it (`.data/` on a fresh clone).
  if ('dataDir' in database && !database.dataDir.startsWith('memory://')) mkdirSync(dirname(database.dataDir), { recursive: true });
  const backend = createServer({
    productsDir: examplesDir,
    database,
    manufacturerKeys: [manufacturerKey],
    publishableKeys: [publishableKey],
    basePath: '/api',
    limits: { maxBodyBytes: 4 * 1024 * 1024 },
    ...(options.log ? { log: options.log } : {}),
  });
  // Mounted: the backend answers `/api/…` on this server's port (no port of its own, no proxy).
  await backend.start();
  /** This server's own origin, once it listens (product files are read from its `/api`). */
  let origin = '';

  const urls: PageUrls = {
    script: '/cdn/c2m/c2m.js',
    endpoint: '/api',
    productFile: (id) => `/catalog/${id}.json`,
    publishableKey,
  };

  /**
   * A product as the backend serves it, at a URL of its own: the file's relative URLs (`models/…`)
   * resolve beside it, under `/catalog/`. `{id}.json` answers as `GET /api/products/{id}` does, by
   * the request's `Accept`: the compiled product to the configurators (they prefer it: no checks,
   * parser or compiler to download), the product file (validated, defaults filled in, the same
   * digest) to everyone else. `{id}.compiled.json` is always the compiled product, as a static host
   * would serve the output of `c2m compile`.
   */
  async function productFile(req: IncomingMessage, res: ServerResponse, id: string, compiled: boolean): Promise<void> {
    const accept = compiled ? COMPILED_PRODUCT_MEDIA_TYPE : req.headers.accept;
    const answer = await fetch(`${origin}/api/products/${encodeURIComponent(id)}`, {
      headers: {
        'x-c2m-publishable-key': publishableKey,
        ...(accept !== undefined ? { accept } : {}),
        ...(req.headers['if-none-match'] !== undefined ? { 'if-none-match': req.headers['if-none-match'] } : {}),
      },
    });
    const etag = answer.headers.get('etag');
    const headers = { 'cache-control': 'no-cache', ...(etag ? { etag } : {}), ...(compiled ? {} : { vary: 'Accept' }) };
    if (answer.status === 304) {
      res.writeHead(304, headers).end();
      return;
    }
    const body = await answer.text();
    send(res, answer.status, answer.headers.get('content-type') ?? 'application/json', req.method === 'HEAD' ? '' : body, headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://demo');
    const path = url.pathname;
    if (path === '/api' || path.startsWith('/api/')) return backend.handler(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'method not allowed', { allow: 'GET, HEAD' });
      return;
    }
    if (path.startsWith('/cdn/c2m/')) {
      const served = await serveFile(req, res, embedDir, path.slice('/cdn/c2m/'.length), (file) =>
        /[-.][A-Za-z0-9_-]{8,}\.js$/.test(file) && !file.endsWith('/c2m.js') ? 'immutable' : 'revalidate',
      );
      if (!served) send(res, 404, 'text/plain; charset=utf-8', `no file ${path} (is packages/embed built? pnpm start builds it)`);
      return;
    }
    const file = /^\/catalog\/([A-Za-z0-9][A-Za-z0-9_.-]{0,63}?)(\.compiled)?\.json$/.exec(path);
    if (file) return productFile(req, res, file[1]!, file[2] !== undefined);
    if (path.startsWith('/catalog/models/')) {
      if (!(await serveFile(req, res, join(examplesDir, 'models'), path.slice('/catalog/models/'.length)))) send(res, 404, 'text/plain; charset=utf-8', 'no such model');
      return;
    }
    if (path === '/desk') {
      res.writeHead(301, { location: '/desk/' }).end();
      return;
    }
    if (path === '/desk/desk.js') {
      send(res, 200, 'text/javascript; charset=utf-8', desk, { 'cache-control': 'no-cache' });
      return;
    }
    if (path === '/desk/') {
      if (!(await serveFile(req, res, PUBLIC_DIR, 'desk.html', 'revalidate', HTML_HEADERS))) send(res, 404, 'text/plain', 'the desk page is missing');
      return;
    }
    if (path.startsWith('/assets/')) {
      if (!(await serveFile(req, res, PUBLIC_DIR, path.slice('/assets/'.length)))) send(res, 404, 'text/plain; charset=utf-8', 'no such file');
      return;
    }
    // The storefront: English at the root, Chinese under /zh-CN.
    const zh = path === '/zh-CN' || path.startsWith('/zh-CN/');
    const lang: Language = zh ? 'zh-CN' : 'en';
    const rest = zh ? path.slice('/zh-CN'.length) || '/' : path;
    const html = (status: number, body: string) => send(res, status, 'text/html; charset=utf-8', req.method === 'HEAD' ? '' : body, HTML_HEADERS);
    if (rest === '/' || rest === '/index.html') return html(200, homePage(lang, products, urls));
    const product = /^\/products\/([a-z0-9-]+)$/.exec(rest);
    const shopProduct = product ? bySlug.get(product[1]!) : undefined;
    if (shopProduct) return html(200, productPage(lang, shopProduct, urls));
    return html(404, notFoundPage(lang, urls));
  }

  const sockets = new Set<Socket>();
  const http = createHttpServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.log?.({ level: 'error', msg: 'demo request failed', path: req.url, error: String((err as Error)?.stack ?? err) });
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'the demo server failed; see its log');
      else res.destroy();
    });
  });
  http.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await backend.close();
    throw err;
  }
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  // `0.0.0.0`/`::` are where it listens, not an address to fetch from: loopback reaches it then.
  const unspecified = address.address === '0.0.0.0' || address.address === '::';
  origin = unspecified ? `http://${address.family === 'IPv6' ? '[::1]' : '127.0.0.1'}:${address.port}` : url;

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeIdleConnections();
    for (const s of sockets) s.destroy();
    await closed;
    await backend.close();
  }

  return {
    url,
    storefront: Object.fromEntries(LANGUAGES.map((l) => [l, `${url}${l === 'en' ? '/' : `/${l}/`}`])) as Record<Language, string>,
    desk: `${url}/desk/#key=${encodeURIComponent(manufacturerKey)}`,
    manufacturerKey,
    publishableKey,
    backend,
    products,
    close: () => (closing ??= close()),
  };
}
