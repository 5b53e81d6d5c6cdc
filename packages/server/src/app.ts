/**
 * The HTTP routes of the submission protocol (packages/client/openapi.yaml), as a Hono app.
 * Order of checks on a submission: credential, media type, idempotency key, size, JSON, a turn to
 * be processed (load shedding), re-validation, then one atomic write that also finds an earlier
 * answer for the key. A refused specification still looks for an earlier answer first: a retry of
 * an accepted order gets its receipt even if the product file was removed since.
 */
import type { IncomingMessage } from 'node:http';
import { Hono, type Context } from 'hono';
import { describeIssue, HEADERS, IDEMPOTENCY_KEY_PATTERN, type ProblemCode } from '@c2m/client';
import { StatusUpdate, SpecificationState } from '@c2m/client/schema';
import { findUnstorableCharacter } from '@c2m/rules/backend';
import { COMPILED_PRODUCT_MEDIA_TYPE, type Specification } from '@c2m/rules';
import type { ProductCatalog } from './catalog.js';
import { requestHash, InvalidBodyError } from './canonical.js';
import { negotiate } from './negotiate.js';
import { problem, problemResponse } from './problem.js';
import { revalidate, type SpecificationChecker } from './revalidate.js';
import { decodeCursor, type SpecificationStore } from './store.js';
import { bearer, KeySet, type FailureLimiter } from './auth.js';
import { BodyError, isJson, type BodyReader } from './body.js';
import type { AdmissionGate } from './admission.js';
import type { DatabaseHealth } from './health.js';
import { isDataRefused, isDatabaseUnavailable } from './db/unavailable.js';
import type { LogEntry } from './options.js';

export interface AppDeps {
  store: SpecificationStore;
  catalog: ProductCatalog;
  check: SpecificationChecker;
  origins: readonly string[];
  manufacturerKeys: readonly string[];
  publishableKeys: readonly string[];
  verifyToken?: (token: string | undefined) => string | null | Promise<string | null>;
  basePath: string;
  bodies: BodyReader;
  gate: AdmissionGate;
  health: DatabaseHealth;
  authFailures: FailureLimiter;
  /** The client address of a request (see client-address.ts). */
  addressOf: (incoming: IncomingMessage) => string;
  /** Largest listing page, in bytes of specifications. */
  maxListBytes: number;
  /** True once shutdown began: requests still arriving on open connections get 503. */
  draining: () => boolean;
  log: (entry: LogEntry) => void;
}

/** What `GET /products/{id}` can answer, the usual form first (see negotiate.ts). */
const PRODUCT_FORMS = ['application/json', COMPILED_PRODUCT_MEDIA_TYPE] as const;
const SPEC_ID = /^[A-Za-z0-9_-]{1,128}$/;
const PRODUCT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(code: ProblemCode, status: number, detail: string, headers?: Record<string, string>): Response {
  return problemResponse(problem(code, status, detail), headers);
}

/** What @hono/node-server passes as `c.env`: the Node request. */
type Env = { Bindings: { incoming: IncomingMessage } };

const ALLOW_HEADERS = ['Content-Type', 'Authorization', HEADERS.idempotencyKey, HEADERS.publishableKey].join(', ');
const EXPOSE_HEADERS = ['Location', HEADERS.replayed, 'Retry-After', 'ETag'].join(', ');

export function createApp(deps: AppDeps): Hono<Env> {
  const { store, catalog, check, log, bodies, gate, health, authFailures } = deps;
  const manufacturer = new KeySet(deps.manufacturerKeys);
  const publishable = new KeySet(deps.publishableKeys);
  const anyOrigin = deps.origins.includes('*');
  const origins = new Set(deps.origins);
  const base = deps.basePath.replace(/\/+$/, '');
  const app = new Hono<Env>();

  /**
   * The method of the shop operation at `path`, if there is one. Only shop operations are offered
   * to browsers of other origins: the manufacturer's (listing, status changes, snapshots) never are.
   */
  function shopMethod(path: string): 'GET' | 'POST' | undefined {
    if (!path.startsWith(base)) return undefined;
    const rest = path.slice(base.length);
    if (rest === '/specifications') return 'POST';
    if (/^\/(specifications|products)\/[^/]+$/.test(rest)) return 'GET';
    return undefined;
  }

  // CORS for the shop operations, and headers every answer carries. Before draining, so that a
  // browser sees the 503 (and its Retry-After) instead of a CORS failure.
  app.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    // A shop operation's answer depends on Origin even when the request has none: without
    // `Vary: Origin` on every answer, a shared cache could hand a same-origin answer (no CORS
    // headers) to a cross-origin page, or one origin's answer to another.
    const shop = shopMethod(c.req.path);
    const method = origin === undefined ? undefined : shop;
    const allowed = method === undefined ? undefined : anyOrigin ? '*' : origins.has(origin!) ? origin : undefined;
    if (c.req.method === 'OPTIONS') {
      const headers: Record<string, string> = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
      if (allowed !== undefined && c.req.header('access-control-request-method') === method) {
        Object.assign(headers, {
          'access-control-allow-origin': allowed,
          'access-control-allow-methods': method,
          'access-control-allow-headers': ALLOW_HEADERS,
          'access-control-max-age': '600',
        });
      }
      if (shop !== undefined && !anyOrigin) headers.vary = 'Origin';
      return new Response(null, { status: 204, headers });
    }
    const cors = allowed !== undefined && c.req.method === method;
    // Prepared before the handler: Hono writes them into the answers it builds (c.json, c.body).
    c.header('cache-control', 'no-store');
    c.header('x-content-type-options', 'nosniff');
    if (cors) {
      c.header('access-control-allow-origin', allowed);
      c.header('access-control-expose-headers', EXPOSE_HEADERS);
    }
    if (shop !== undefined && !anyOrigin) c.header('vary', 'Origin');
    if (deps.draining()) {
      c.res = fail('unavailable', 503, 'the server is shutting down', { 'retry-after': '1', connection: 'close' });
    } else {
      await next();
    }
    // Problem documents are built as plain responses: give them the CORS headers too.
    if (cors && !c.res.headers.has('access-control-allow-origin')) {
      c.res.headers.set('access-control-allow-origin', allowed);
      c.res.headers.set('access-control-expose-headers', EXPOSE_HEADERS);
      if (!anyOrigin) c.res.headers.set('vary', 'Origin');
    }
  });

  const rateLimited = (seconds: number) =>
    fail('rate-limited', 429, `too many failed authentications from your address; try again in ${seconds} s`, { 'retry-after': String(seconds) });

  /** The caller of a shop endpoint, as the idempotency scope; a 401 when a credential is required and missing or wrong. */
  async function shopScope(c: Context<Env>, address: string): Promise<string | Response> {
    if (publishable.empty && !deps.verifyToken) return 'public';
    const wait = authFailures.blockedFor(address);
    if (wait > 0) return rateLimited(wait);
    let scope = 'public';
    if (!publishable.empty) {
      const key = c.req.header(HEADERS.publishableKey);
      if (!publishable.has(key)) {
        authFailures.failed(address);
        return fail('unauthorized', 401, `a valid ${HEADERS.publishableKey} header is required`);
      }
      scope = `pk:${key}`;
    }
    if (deps.verifyToken) {
      const subject = await deps.verifyToken(bearer(c.req.header('authorization')));
      if (subject === null) {
        authFailures.failed(address);
        return fail('unauthorized', 401, 'the bearer token was not accepted', { 'www-authenticate': 'Bearer' });
      }
      scope += `|sub:${subject}`;
    }
    return scope;
  }

  function requireManufacturer(c: Context<Env>, address: string): Response | undefined {
    const wait = authFailures.blockedFor(address);
    if (wait > 0) return rateLimited(wait);
    if (manufacturer.has(bearer(c.req.header('authorization')))) return undefined;
    authFailures.failed(address);
    return fail('unauthorized', 401, 'a manufacturer key is required (Authorization: Bearer <key>)', {
      'www-authenticate': 'Bearer realm="c2m-manufacturer"',
    });
  }

  const busy = (retryAfterSeconds: number, headers: Record<string, string> = {}) =>
    fail('unavailable', 503, 'the server is busy; retry with the same Idempotency-Key', { 'retry-after': String(retryAfterSeconds), ...headers });

  /** Runs `fn` in a processing turn, or answers 503 when the wait for one would be too long. */
  async function admitted(fn: () => Promise<Response>): Promise<Response> {
    const turn = await gate.enter();
    if (!turn.ok) return busy(turn.retryAfterSeconds);
    try {
      return await fn();
    } finally {
      turn.release();
    }
  }

  const location = (id: string) => `${base}/specifications/${id}`;

  app.post(`${base}/specifications`, async (c) => {
    const address = deps.addressOf(c.env.incoming);
    const scope = await shopScope(c, address);
    if (scope instanceof Response) return scope;
    if (!isJson(c.req.header('content-type'))) return fail('unsupported-media-type', 415, 'the body must be application/json');
    const key = c.req.header(HEADERS.idempotencyKey);
    if (key === undefined) return fail('invalid-idempotency-key', 400, `the ${HEADERS.idempotencyKey} header is required`);
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      return fail('invalid-idempotency-key', 400, `${HEADERS.idempotencyKey} must be 16–128 characters from [A-Za-z0-9_-]`);
    }
    // Already too busy: turned away before its body is read (and the connection closed, as it is unread).
    const early = gate.refusal();
    if (early) return busy(early.retryAfterSeconds, { connection: 'close' });
    const body = await bodies.readJson(c.env.incoming, address);
    if (!isObject(body)) return fail('invalid-request', 400, 'the body must be a JSON object (a Specification)');
    let hash: string;
    try {
      hash = requestHash(body);
    } catch (err) {
      if (err instanceof InvalidBodyError) return fail('invalid-request', 400, `the body ${err.message}`);
      throw err;
    }

    const replay = (receipt: unknown, id: string) =>
      c.json(receipt as object, 200, { [HEADERS.replayed]: 'true', location: location(id) });
    const reused = () =>
      fail('idempotency-key-reused', 409, `this ${HEADERS.idempotencyKey} was already used for another specification; a new order needs a new key`);

    return admitted(async () => {
      const verdict = revalidate(catalog, check, body);
      if (!verdict.ok) {
        // An earlier answer wins over re-validation: a retry must get it even if the product file was removed since.
        const earlier = await store.findKey(scope, key);
        if (earlier !== undefined) return earlier.requestHash === hash ? replay(earlier.receipt, earlier.receipt.id) : reused();
        return problemResponse(problem('specification-rejected', 422, verdict.detail, verdict.errors));
      }
      const outcome = await store.submit({
        scope,
        key,
        requestHash: hash,
        specification: body as unknown as Specification,
        quote: verdict.quote,
        leadTimeDays: verdict.leadTimeDays,
      });
      health.succeeded();
      if (outcome.kind === 'key-reused') return reused();
      if (outcome.kind === 'replayed') return replay(outcome.receipt, outcome.receipt.id);
      return c.json(outcome.receipt, 201, { location: location(outcome.receipt.id) });
    });
  });

  app.get(`${base}/specifications`, async (c) => {
    const denied = requireManufacturer(c, deps.addressOf(c.env.incoming));
    if (denied) return denied;
    const q = c.req.query();
    for (const k of Object.keys(q)) {
      if (!['status', 'limit', 'cursor'].includes(k)) return fail('invalid-request', 400, `unknown query parameter "${k}"`);
    }
    const status = q.status === undefined ? undefined : SpecificationState.safeParse(q.status);
    if (status !== undefined && !status.success) {
      return fail('invalid-request', 400, `status must be one of ${SpecificationState.options.join(', ')}`);
    }
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) return fail('invalid-request', 400, 'limit must be an integer from 1 to 200');
    if (q.cursor !== undefined && (q.cursor.length > 512 || decodeCursor(q.cursor) === null)) {
      return fail('invalid-request', 400, 'cursor is not a nextCursor of this server');
    }
    return admitted(async () => {
      const page = await store.list({
        limit,
        maxBytes: deps.maxListBytes,
        snapshotUrl: (id) => `${location(id)}/snapshot`,
        ...(status?.success ? { status: status.data } : {}),
        ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      });
      return c.json(page);
    });
  });

  app.get(`${base}/specifications/:id`, async (c) => {
    const scope = await shopScope(c, deps.addressOf(c.env.incoming));
    if (scope instanceof Response) return scope;
    const id = c.req.param('id');
    if (!SPEC_ID.test(id)) return fail('not-found', 404, `no specification "${id}"`);
    return admitted(async () => {
      const status = await store.getFor(id, scope);
      return status === undefined ? fail('not-found', 404, `no specification "${id}"`) : c.json(status);
    });
  });

  app.get(`${base}/specifications/:id/snapshot`, async (c) => {
    const denied = requireManufacturer(c, deps.addressOf(c.env.incoming));
    if (denied) return denied;
    const id = c.req.param('id');
    if (!SPEC_ID.test(id)) return fail('not-found', 404, `no specification "${id}"`);
    return admitted(async () => {
      const image = await store.snapshot(id);
      if (image === undefined) return fail('not-found', 404, `specification "${id}" has no snapshot image stored with it`);
      return c.body(new Uint8Array(image.data), 200, { 'content-type': image.type });
    });
  });

  app.post(`${base}/specifications/:id/status`, async (c) => {
    const address = deps.addressOf(c.env.incoming);
    const denied = requireManufacturer(c, address);
    if (denied) return denied;
    const id = c.req.param('id');
    const body = await bodies.readJson(c.env.incoming, address);
    const update = StatusUpdate.safeParse(body);
    if (!update.success) return fail('invalid-request', 400, describeIssue(update.error.issues[0]));
    const bad = update.data.note === undefined ? undefined : findUnstorableCharacter(update.data.note);
    if (bad !== undefined) {
      return fail('invalid-request', 400, `note: character ${bad.position} is ${bad.kind === 'nul-character' ? 'U+0000 (NUL)' : `an unpaired surrogate (${bad.codePoint})`}, which cannot be stored`);
    }
    if (!SPEC_ID.test(id)) return fail('not-found', 404, `no specification "${id}"`);
    return admitted(async () => {
      const r = await store.transition(id, update.data.status, update.data.note);
      health.succeeded();
      if (r.kind === 'not-found') return fail('not-found', 404, `no specification "${id}"`);
      if (r.kind === 'invalid') {
        return fail('invalid-status-transition', 409, `a specification cannot go from "${r.from}" to "${update.data.status}"`);
      }
      log({ level: 'info', msg: 'status changed', id, status: update.data.status });
      return c.json(r.status);
    });
  });

  app.get(`${base}/products/:id`, async (c) => {
    const scope = await shopScope(c, deps.addressOf(c.env.incoming));
    if (scope instanceof Response) return scope;
    const id = c.req.param('id');
    const version = c.req.query('version');
    const entry = PRODUCT_ID.test(id) ? catalog.latest(id, version) : undefined;
    if (entry === undefined) return fail('not-found', 404, `no product "${id}"${version !== undefined ? ` version "${version}"` : ''}`);
    // The compiled product when the request prefers it (pages that read it skip the checks and the
    // compiler), else the file; each form with its own ETag. A version that cannot be compiled for
    // pages is served as its file whatever was asked.
    const compiled = negotiate(c.req.header('accept'), PRODUCT_FORMS) === COMPILED_PRODUCT_MEDIA_TYPE ? catalog.pageForm(entry) : undefined;
    const [body, etag, type] = compiled ? [compiled.text, compiled.etag, COMPILED_PRODUCT_MEDIA_TYPE] : [entry.json, entry.etag, 'application/json'];
    // Revalidated with the ETag, not "no-store": a product file is the same for every caller.
    const headers = { etag, 'cache-control': 'no-cache' };
    // The answer depends on Accept (caches keep each form apart), also when this version has one form only.
    c.header('vary', 'Accept', { append: true });
    const inm = c.req.header('if-none-match');
    // `*` matches any current representation (RFC 9110 §13.1.2); tags compare weakly.
    if (inm !== undefined && (inm.trim() === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))) {
      return c.body(null, 304, headers);
    }
    return c.body(body, 200, { ...headers, 'content-type': type });
  });

  // Never waits for a turn and reads no body: it answers while the server sheds load or slow
  // clients hold connections. 503 while the database is failing (with a probe write to notice recovery).
  app.get(`${base}/healthz`, async (c) => {
    const failure = await health.check();
    if (failure !== undefined) return c.json({ ok: false, products: catalog.size, database: failure }, 503, { 'retry-after': '5' });
    return c.json({ ok: true, products: catalog.size });
  });

  app.notFound((c) => fail('not-found', 404, `no route ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.onError((err, c) => {
    const path = new URL(c.req.url).pathname;
    if (err instanceof BodyError) {
      if (err.status === 408 || err.status === 429) log({ level: 'warn', msg: 'request body refused', status: err.status, address: deps.addressOf(c.env.incoming), reason: err.message });
      else if (err.abandoned) log({ level: 'info', msg: 'the client left before its body was complete', method: c.req.method, path });
      return fail(err.code, err.status, err.message, err.headers);
    }
    if (isDatabaseUnavailable(err)) {
      health.failed(err);
      log({ level: 'warn', msg: 'database unavailable', method: c.req.method, path, error: String(err) });
      return fail('unavailable', 503, 'the database is unavailable; retry with the same Idempotency-Key', { 'retry-after': '1' });
    }
    if (isDataRefused(err)) {
      // The same data would be refused on every retry: a 4xx, so that clients stop.
      const message = `the database cannot store this request's data: ${(err as Error).message}`;
      log({ level: 'warn', msg: 'database refused the data of a request', method: c.req.method, path, error: String(err) });
      if (c.req.method === 'POST' && path === `${base}/specifications`) {
        return problemResponse(problem('specification-rejected', 422, message, [{ path: '', code: 'schema', message }]));
      }
      return fail('invalid-request', 400, message);
    }
    log({ level: 'error', msg: 'request failed', method: c.req.method, path, error: String(err?.stack ?? err) });
    return fail('internal-error', 500, 'the server could not process the request; retry with the same Idempotency-Key');
  });
  return app;
}
