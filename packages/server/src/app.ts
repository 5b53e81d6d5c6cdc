/**
 * The HTTP routes of the submission protocol (packages/client/openapi.yaml), as a Hono app.
 * Order of checks on a submission: credential, media type, idempotency key, size, JSON,
 * re-validation, then one atomic write that also finds an earlier answer for the key. A refused
 * specification still looks for an earlier answer first: a retry of an accepted order gets its
 * receipt even if the product file was removed since.
 */
import type { IncomingMessage } from 'node:http';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { describeIssue, HEADERS, IDEMPOTENCY_KEY_PATTERN, StatusUpdate, SpecificationState, type ProblemCode } from '@c2m/client';
import type { ProductCatalog } from './catalog.js';
import { requestHash, TooDeepError } from './canonical.js';
import { problem, problemResponse } from './problem.js';
import { revalidate, type SpecificationChecker } from './revalidate.js';
import { decodeCursor, type SpecificationStore } from './store.js';
import { bearer, KeySet } from './auth.js';
import { isDatabaseUnavailable } from './db/unavailable.js';
import type { LogEntry } from './options.js';
import type { Specification } from '@c2m/rules';

export interface AppDeps {
  store: SpecificationStore;
  catalog: ProductCatalog;
  check: SpecificationChecker;
  origins: readonly string[];
  manufacturerKeys: readonly string[];
  publishableKeys: readonly string[];
  verifyToken?: (token: string | undefined) => string | null | Promise<string | null>;
  maxBodyBytes: number;
  basePath: string;
  /** True once shutdown began: requests still arriving on open connections get 503. */
  draining: () => boolean;
  log: (entry: LogEntry) => void;
}

class BodyError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const SPEC_ID = /^[A-Za-z0-9_-]{1,128}$/;
const PRODUCT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(code: ProblemCode, status: number, detail: string, headers?: Record<string, string>): Response {
  return problemResponse(problem(code, status, detail), headers);
}

/** `application/json` or any `+json` type, with or without parameters. */
function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/** What @hono/node-server passes as `c.env`: the Node request. */
type Env = { Bindings: { incoming: IncomingMessage } };

/** Reads the Node request body directly: cheaper than the web stream Hono would wrap around it. */
function readIncoming(incoming: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > max) {
        cleanup();
        // Stop reading; @hono/node-server drains or closes what is left once the 413 is sent.
        incoming.pause();
        reject(new BodyError('payload-too-large', 413, `the body is over the limit of ${max} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size).toString('utf8'));
    };
    // A client that goes away mid-body is not a server error: a 400 nobody reads, and no error log.
    const ended = () => {
      cleanup();
      reject(new BodyError('invalid-request', 400, 'the connection closed before the body was complete'));
    };
    const onError = ended;
    const onClose = ended;
    function cleanup() {
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    }
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** Reads the body as text, refusing it as soon as it passes `max` bytes (chunked bodies included). */
async function readBody(c: Context<Env>, max: number): Promise<string> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > max) {
    throw new BodyError('payload-too-large', 413, `the body is ${declared} bytes; the limit is ${max}`);
  }
  return readIncoming(c.env.incoming, max);
}

async function readJson(c: Context<Env>, max: number): Promise<unknown> {
  if (!isJson(c.req.header('content-type'))) {
    throw new BodyError('unsupported-media-type', 415, 'the body must be application/json');
  }
  const text = await readBody(c, max);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BodyError('invalid-request', 400, `the body is not valid JSON: ${(err as Error).message}`);
  }
}

export function createApp(deps: AppDeps): Hono<Env> {
  const { store, catalog, check, log } = deps;
  const manufacturer = new KeySet(deps.manufacturerKeys);
  const publishable = new KeySet(deps.publishableKeys);
  const anyOrigin = deps.origins.includes('*');
  const origins = new Set(deps.origins);
  const base = deps.basePath.replace(/\/+$/, '');
  const app = new Hono<Env>();

  app.use(
    '*',
    cors({
      origin: (origin) => (anyOrigin ? '*' : origins.has(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Authorization', HEADERS.idempotencyKey, HEADERS.publishableKey],
      exposeHeaders: ['Location', HEADERS.replayed, 'Retry-After', 'ETag'],
      maxAge: 600,
    }),
  );
  // After CORS, so that a browser sees the 503 (and retries) instead of a CORS failure.
  app.use('*', async (c, next) => {
    if (deps.draining()) return fail('unavailable', 503, 'the server is shutting down', { 'retry-after': '1', connection: 'close' });
    await next();
  });

  /** The caller of a shop endpoint, as the idempotency scope; a 401 when a credential is required and missing or wrong. */
  async function shopScope(c: Context<Env>): Promise<string | Response> {
    let scope = 'public';
    if (!publishable.empty) {
      const key = c.req.header(HEADERS.publishableKey);
      if (!publishable.has(key)) return fail('unauthorized', 401, `a valid ${HEADERS.publishableKey} header is required`);
      scope = `pk:${key}`;
    }
    if (deps.verifyToken) {
      const subject = await deps.verifyToken(bearer(c.req.header('authorization')));
      if (subject === null) return fail('unauthorized', 401, 'the bearer token was not accepted', { 'www-authenticate': 'Bearer' });
      scope += `|sub:${subject}`;
    }
    return scope;
  }

  function requireManufacturer(c: Context<Env>): Response | undefined {
    if (manufacturer.has(bearer(c.req.header('authorization')))) return undefined;
    return fail('unauthorized', 401, 'a manufacturer key is required (Authorization: Bearer <key>)', {
      'www-authenticate': 'Bearer realm="c2m-manufacturer"',
    });
  }

  const location = (id: string) => `${base}/specifications/${id}`;

  app.post(`${base}/specifications`, async (c) => {
    const scope = await shopScope(c);
    if (scope instanceof Response) return scope;
    if (!isJson(c.req.header('content-type'))) return fail('unsupported-media-type', 415, 'the body must be application/json');
    const key = c.req.header(HEADERS.idempotencyKey);
    if (key === undefined) return fail('invalid-idempotency-key', 400, `the ${HEADERS.idempotencyKey} header is required`);
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      return fail('invalid-idempotency-key', 400, `${HEADERS.idempotencyKey} must be 16–128 characters from [A-Za-z0-9_-]`);
    }
    const body = await readJson(c, deps.maxBodyBytes);
    if (!isObject(body)) return fail('invalid-request', 400, 'the body must be a JSON object (a Specification)');
    let hash: string;
    try {
      hash = requestHash(body);
    } catch (err) {
      if (err instanceof TooDeepError) return fail('invalid-request', 400, `the body is ${err.message}`);
      throw err;
    }

    const replay = (receipt: unknown, id: string) =>
      c.json(receipt as object, 200, { [HEADERS.replayed]: 'true', location: location(id) });
    const reused = () =>
      fail('idempotency-key-reused', 409, `this ${HEADERS.idempotencyKey} was already used for another specification; a new order needs a new key`);

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
    if (outcome.kind === 'key-reused') return reused();
    if (outcome.kind === 'replayed') return replay(outcome.receipt, outcome.receipt.id);
    return c.json(outcome.receipt, 201, { location: location(outcome.receipt.id) });
  });

  app.get(`${base}/specifications`, async (c) => {
    const denied = requireManufacturer(c);
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
    const page = await store.list({
      limit,
      ...(status?.success ? { status: status.data } : {}),
      ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
    });
    return c.json(page);
  });

  app.get(`${base}/specifications/:id`, async (c) => {
    const scope = await shopScope(c);
    if (scope instanceof Response) return scope;
    const id = c.req.param('id');
    const status = SPEC_ID.test(id) ? await store.get(id) : undefined;
    if (status === undefined) return fail('not-found', 404, `no specification "${id}"`);
    return c.json(status);
  });

  app.post(`${base}/specifications/:id/status`, async (c) => {
    const denied = requireManufacturer(c);
    if (denied) return denied;
    const id = c.req.param('id');
    const body = await readJson(c, deps.maxBodyBytes);
    const update = StatusUpdate.safeParse(body);
    if (!update.success) return fail('invalid-request', 400, describeIssue(update.error.issues[0]));
    if (!SPEC_ID.test(id)) return fail('not-found', 404, `no specification "${id}"`);
    const r = await store.transition(id, update.data.status, update.data.note);
    if (r.kind === 'not-found') return fail('not-found', 404, `no specification "${id}"`);
    if (r.kind === 'invalid') {
      return fail('invalid-status-transition', 409, `a specification cannot go from "${r.from}" to "${update.data.status}"`);
    }
    log({ level: 'info', msg: 'status changed', id, status: update.data.status });
    return c.json(r.status);
  });

  app.get(`${base}/products/:id`, async (c) => {
    const scope = await shopScope(c);
    if (scope instanceof Response) return scope;
    const id = c.req.param('id');
    const version = c.req.query('version');
    const entry = PRODUCT_ID.test(id) ? catalog.latest(id, version) : undefined;
    if (entry === undefined) return fail('not-found', 404, `no product "${id}"${version !== undefined ? ` version "${version}"` : ''}`);
    const headers = { etag: entry.etag, 'cache-control': 'no-cache' };
    const inm = c.req.header('if-none-match');
    if (inm !== undefined && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === entry.etag)) {
      return c.body(null, 304, headers);
    }
    return c.body(entry.json, 200, { ...headers, 'content-type': 'application/json' });
  });

  app.get(`${base}/healthz`, (c) => c.json({ ok: true, products: catalog.size }));

  app.notFound((c) => fail('not-found', 404, `no route ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.onError((err, c) => {
    if (err instanceof BodyError) return fail(err.code, err.status, err.message);
    if (isDatabaseUnavailable(err)) {
      log({ level: 'warn', msg: 'database unavailable', method: c.req.method, path: new URL(c.req.url).pathname, error: String(err) });
      return fail('unavailable', 503, 'the database is unavailable; retry with the same Idempotency-Key', { 'retry-after': '1' });
    }
    log({ level: 'error', msg: 'request failed', method: c.req.method, path: new URL(c.req.url).pathname, error: String(err?.stack ?? err) });
    return fail('internal-error', 500, 'the server could not process the request; retry with the same Idempotency-Key');
  });
  return app;
}
