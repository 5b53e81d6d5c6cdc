/**
 * The reference C2M backend: the protocol's routes on a Node HTTP server, products from a
 * directory, specifications in PostgreSQL (embedded PGlite by default).
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createApp } from './app.js';
import { ProductCatalog, type CatalogReport } from './catalog.js';
import { openDatabase } from './db/open.js';
import type { Db } from './db/types.js';
import { DEFAULT_LIMITS, type LogEntry, type ServerOptions } from './options.js';
import { checkSpecification, pageCompiler, productLoader } from './rules-glue.js';
import { SpecificationStore } from './store.js';
import { BodyReader } from './body.js';
import { AdmissionGate } from './admission.js';
import { DatabaseHealth } from './health.js';
import { FailureLimiter } from './auth.js';
import { clientAddress } from './client-address.js';
import { problem } from './problem.js';

/** A running (or ready to run) reference backend. */
export interface C2mServer {
  /**
   * Opens the database (migrating it), loads the products and starts listening. Resolves with the
   * base URL, e.g. `http://127.0.0.1:8080`. Port `0` picks a free port.
   */
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Opens the database (migrating it) and loads the products without listening: the backend then
   * answers through {@link C2mServer.handler}, mounted in a server of your own. Call it once, instead
   * of `listen`.
   */
  start(): Promise<void>;
  /**
   * The backend as a Node request listener, for mounting it in your own `node:http` server (or
   * Express, Fastify's `raw` handlers, …) after {@link C2mServer.start}: pass it the requests under
   * `basePath`, with their full URL. Before `start` resolves, and once `close` began, it answers 503.
   * Your server's own time-outs apply (`listen` sets the `limits` ones on its server).
   *
   * ```ts
   * const backend = createServer({ productsDir: 'products', basePath: '/api', manufacturerKeys: [key] });
   * await backend.start();
   * http.createServer((req, res) => (req.url?.startsWith('/api/') ? backend.handler(req, res) : site(req, res))).listen(8080);
   * ```
   */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * Graceful shutdown: stops accepting connections, lets requests in flight finish (up to
   * `limits.shutdownTimeoutMs`), answers 503 to requests arriving meanwhile, then closes the database.
   * Mounted ({@link C2mServer.start}), it does the same for the requests its handler took.
   */
  close(): Promise<void>;
  /** Base URL once listening (with `basePath`); throws before, and when mounted with `start`. */
  readonly url: string;
  /** Reads the products directory again (new versions in, removed files out). */
  reloadProducts(): Promise<CatalogReport>;
  /** The database, once started (`listen` or `start`): for operations and tests. */
  readonly database: Db;
  readonly store: SpecificationStore;
}

/** The example key of the docs, which must never guard real orders. */
const EXAMPLE_KEY = 'change-me';

/** Warns at start-up about keys that protect nothing: the docs' example, or one short enough to guess. */
function warnAboutKeys(options: ServerOptions, log: (entry: LogEntry) => void): void {
  for (const key of options.manufacturerKeys ?? []) {
    if (key === EXAMPLE_KEY) {
      log({ level: 'warn', msg: `a manufacturer key is the example "${EXAMPLE_KEY}": anyone who read the docs can list and change your orders; use a long random key (e.g. openssl rand -hex 32)` });
    } else if (key.length < 16) {
      log({ level: 'warn', msg: `a manufacturer key has only ${key.length} characters: use at least 16 random ones (e.g. openssl rand -hex 32)` });
    }
  }
  if ((options.publishableKeys ?? []).includes(EXAMPLE_KEY)) {
    log({ level: 'warn', msg: `a publishable key is the example "${EXAMPLE_KEY}": give each shop its own key` });
  }
}

/** Creates the server; nothing is opened until {@link C2mServer.listen}. */
export function createServer(options: ServerOptions): C2mServer {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.log ?? (() => {});
  // Pages that prefer it get each version compiled for them (written when the version is loaded, kept with it).
  const compileForPages = pageCompiler((entry, why) =>
    log({ level: 'warn', msg: 'product served to pages as its file: it cannot be compiled for pages', path: entry.path, reason: why }),
  );
  const catalog = new ProductCatalog(options.productsDir, productLoader(options.productLimits), compileForPages);
  let db: Db | undefined;
  let store: SpecificationStore | undefined;
  let http: Server | undefined;
  let url: string | undefined;
  let draining = false;
  let closing: Promise<void> | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const sockets = new Set<Socket>();

  async function reloadProducts(): Promise<CatalogReport> {
    const report = await catalog.reload();
    for (const p of report.problems) {
      log({ level: 'warn', msg: 'product file skipped', path: p.path, issues: p.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    }
    log({ level: 'info', msg: 'products loaded', loaded: report.loaded, compiled: report.compiled });
    return report;
  }

  /** The app's Node listener, once the database is open and the products are loaded. */
  let handle: ((req: IncomingMessage, res: ServerResponse) => unknown) | undefined;
  let starting: Promise<void> | undefined;
  let shutDown = false;

  async function open(): Promise<void> {
    warnAboutKeys(options, log);
    db = await openDatabase(options.database);
    const opened = new SpecificationStore(db);
    store = opened;
    try {
      await reloadProducts();
    } catch (err) {
      await db.close().catch(() => {});
      throw err;
    }
    const trusted = new Set(options.trustedProxies ?? []);
    const app = createApp({
      store,
      catalog,
      check: checkSpecification,
      origins: options.cors?.origins ?? [],
      manufacturerKeys: options.manufacturerKeys ?? [],
      publishableKeys: options.publishableKeys ?? [],
      ...(options.verifyToken ? { verifyToken: options.verifyToken } : {}),
      basePath: options.basePath ?? '',
      bodies: new BodyReader({
        maxBytes: limits.maxBodyBytes,
        timeoutMs: limits.bodyTimeoutMs,
        minBytesPerSecond: limits.minBodyBytesPerSecond,
        maxSlowPerAddress: limits.maxSlowBodiesPerAddress,
      }),
      gate: new AdmissionGate({
        concurrency: limits.maxConcurrentRequests,
        maxQueueMs: limits.maxQueueMs,
        maxQueued: limits.maxQueuedRequests,
      }),
      health: new DatabaseHealth(() => opened.probe(), log),
      authFailures: new FailureLimiter(limits.maxAuthFailuresPerMinute, 60_000),
      addressOf: (incoming) => clientAddress(incoming, trusted),
      maxListBytes: limits.maxListBytes,
      draining: () => draining,
      log,
    });
    handle = getRequestListener(app.fetch);
    const prune = () => void store?.pruneKeys(limits.idempotencyTtlHours).catch((e) => log({ level: 'warn', msg: 'pruning failed', error: String(e) }));
    prune();
    pruneTimer = setInterval(prune, 3_600_000);
    pruneTimer.unref();
  }

  /** Opens everything once, for `listen` or `start`, whichever comes first (the other then throws). */
  function startOnce(how: 'listen' | 'start'): Promise<void> {
    if (starting) throw new Error(`already started: call either listen() or start(), once (${how} came second)`);
    if (closing) throw new Error('the server is closed');
    starting = open();
    // A failed start can be retried.
    starting.catch(() => (starting = undefined));
    return starting;
  }

  /**
   * Every request, from `listen`'s server or a host's: counted for the graceful shutdown. While it
   * drains, the app itself answers 503 (its `draining` check); before the start and after the close
   * there is no database to answer from.
   */
  function handler(req: IncomingMessage, res: ServerResponse): void {
    if (!handle || shutDown) {
      const body = JSON.stringify(problem('unavailable', 503, shutDown ? 'the server is closed' : 'the server is starting'));
      res.writeHead(503, { 'content-type': 'application/problem+json', 'cache-control': 'no-store', 'retry-after': '1', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    inFlight++;
    res.on('close', () => {
      if (--inFlight === 0) idle?.();
    });
    void handle(req, res);
  }

  async function listen(port = 0, host = '127.0.0.1'): Promise<string> {
    if (http) throw new Error('already listening');
    await startOnce('listen');
    const server = createHttpServer(
      {
        requestTimeout: limits.requestTimeoutMs,
        headersTimeout: limits.headersTimeoutMs,
        // Node checks both timeouts on this interval (30 s by default), so a 10 s header timeout
        // could take 40 s to cut a connection.
        connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
        keepAliveTimeout: limits.keepAliveTimeoutMs,
      },
      (req, res) => {
        if (draining) res.setHeader('connection', 'close');
        handler(req, res);
      },
    );
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    http = server;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host, backlog: limits.acceptBacklog }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      // Not listening: back to the state before, so that `listen` can be tried again.
      http = undefined;
      handle = undefined;
      starting = undefined;
      if (pruneTimer) clearInterval(pruneTimer);
      await db?.close().catch(() => {});
      throw err;
    }
    const addr = server.address() as AddressInfo;
    const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    url = `http://${h}:${addr.port}${(options.basePath ?? '').replace(/\/+$/, '')}`;
    log({ level: 'info', msg: 'listening', url, pid: process.pid });
    return url;
  }

  async function shutdown(): Promise<void> {
    draining = true;
    await starting?.catch(() => {});
    if (pruneTimer) clearInterval(pruneTimer);
    const server = http;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : undefined;
    server?.closeIdleConnections();
    if (inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, limits.shutdownTimeoutMs);
        idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    if (server) {
      // Whatever is left is idle keep-alive or stuck past the deadline.
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      await closed;
    }
    shutDown = true;
    await db?.close();
    log({ level: 'info', msg: 'closed' });
  }

  return {
    listen,
    start: async () => startOnce('start'),
    handler,
    close: () => (closing ??= shutdown()),
    get url() {
      if (url === undefined) throw new Error('not listening');
      return url;
    },
    reloadProducts,
    get database() {
      if (db === undefined) throw new Error('not listening');
      return db;
    },
    get store() {
      if (store === undefined) throw new Error('not listening');
      return store;
    },
  };
}
