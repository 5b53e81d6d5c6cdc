/**
 * The reference server against the protocol's own text: every answer it gives to the requests below
 * (successes, replays, each kind of refusal) is checked against packages/client/openapi.yaml — the
 * declared status for the operation, the declared media type, and the response schema (JSON Schema
 * 2020-12, as OpenAPI 3.1 uses it). A served product file is also checked against the product-file
 * JSON Schema of @c2m/rules.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { testDatabase } from './testing/databases.js';
import { MANUFACTURER_KEY, deskSpecification, holdDatabase, serverPerSuite } from './testing/harness.js';

const require = createRequire(import.meta.url);
const OPENAPI_ID = 'https://c2m.dev/openapi.json';
const openapi = parse(readFileSync(require.resolve('@c2m/client/openapi.yaml'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject | { $ref: string }> }>>;
  components: { responses: Record<string, ResponseObject> };
};
interface ResponseObject {
  content?: Record<string, { schema?: unknown }>;
}

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(openapi, OPENAPI_ID);
ajv.addSchema(JSON.parse(readFileSync(require.resolve('@c2m/rules/product-file.schema.json'), 'utf8')), 'product-file');

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** The OpenAPI path template that `pathname` matches, e.g. `/specifications/{id}/status`. */
function templateOf(pathname: string): string {
  const found = Object.keys(openapi.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname));
  assert.ok(found, `${pathname} is a path of the protocol`);
  return found;
}

/** Checks one answer against the operation's declared responses; returns the parsed body. */
async function conforms(method: string, pathname: string, res: Response): Promise<unknown> {
  const template = templateOf(pathname);
  const operation = openapi.paths[template]![method.toLowerCase()];
  assert.ok(operation, `${method} ${template} is an operation of the protocol`);
  const status = String(res.status);
  const key = status in operation.responses ? status : `${status[0]}XX`;
  let declared = operation.responses[key];
  assert.ok(declared, `${method} ${template}: ${status} is a declared answer (declared: ${Object.keys(operation.responses).join(', ')})`);
  let schemaPath = pointer('paths', template, method.toLowerCase(), 'responses', key);
  if ('$ref' in declared) {
    const name = declared.$ref.split('/').pop()!;
    declared = openapi.components.responses[name]!;
    schemaPath = pointer('components', 'responses', name);
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (declared.content !== undefined && declared.content[type] !== undefined && declared.content[type]!.schema === undefined) {
    // A declared media type without a schema (images): the bytes are the answer.
    return Buffer.from(await res.arrayBuffer());
  }
  const text = await res.text();
  if (declared.content === undefined) {
    assert.equal(text, '', `${method} ${template} ${status} has no body`);
    return undefined;
  }
  assert.ok(type in declared.content, `${method} ${template} ${status}: content type ${type} is declared (${Object.keys(declared.content).join(', ')})`);
  const body: unknown = JSON.parse(text);
  const validate = ajv.getSchema(`${OPENAPI_ID}#/${schemaPath}/${pointer('content', type, 'schema')}`);
  assert.ok(validate, 'the response schema resolves');
  assert.ok(validate(body), `${method} ${template} ${status}: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`);
  return body;
}

const database = testDatabase('pglite')!;

describe('the server answers as openapi.yaml says', () => {
  const suite = serverPerSuite(database);

  const call = async (method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${suite.server.url}${path}`, {
      method,
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
    });
    return { status: res.status, body: await conforms(method, new URL(res.url).pathname, res) };
  };
  const key = (n: number) => `conformance-${String(n).padStart(8, '0')}`;
  const manufacturer = { authorization: `Bearer ${MANUFACTURER_KEY}` };

  test('submissions: created, replayed, and every refusal', async () => {
    const spec = deskSpecification(1);
    const created = await call('POST', '/specifications', { body: spec, headers: { 'idempotency-key': key(1) } });
    assert.equal(created.status, 201);
    assert.equal((await call('POST', '/specifications', { body: spec, headers: { 'idempotency-key': key(1) } })).status, 200);
    assert.equal((await call('POST', '/specifications', { body: deskSpecification(2), headers: { 'idempotency-key': key(1) } })).status, 409);
    const tampered = { ...deskSpecification(3), quote: { ...spec.quote, total: spec.quote.total + 1 } };
    assert.equal((await call('POST', '/specifications', { body: tampered, headers: { 'idempotency-key': key(3) } })).status, 422);
    assert.equal((await call('POST', '/specifications', { body: spec })).status, 400);
    assert.equal((await call('POST', '/specifications', { body: '{"broken"', headers: { 'idempotency-key': key(4) } })).status, 400);
    const big = { ...spec, snapshot: { type: 'image/png', data: 'A'.repeat(2 * 1024 * 1024) } };
    assert.equal((await call('POST', '/specifications', { body: big, headers: { 'idempotency-key': key(5) } })).status, 413);
    const text = await fetch(`${suite.server.url}/specifications`, { method: 'POST', headers: { 'content-type': 'text/plain', 'idempotency-key': key(6) }, body: '{}' });
    await conforms('POST', '/specifications', text);
    assert.equal(text.status, 415);
  });

  test('status, listing, transitions and products', async () => {
    const created = (await call('POST', '/specifications', { body: deskSpecification(10), headers: { 'idempotency-key': key(10) } })).body as { id: string };
    assert.equal((await call('GET', `/specifications/${created.id}`)).status, 200);
    assert.equal((await call('GET', '/specifications/spc_doesnotexist')).status, 404);
    assert.equal((await call('GET', '/specifications?status=received&limit=1', { headers: manufacturer })).status, 200);
    assert.equal((await call('GET', '/specifications')).status, 401);
    assert.equal((await call('GET', '/specifications?status=lost', { headers: manufacturer })).status, 400);
    const path = `/specifications/${created.id}/status`;
    assert.equal((await call('POST', path, { body: { status: 'accepted', note: 'cloth ordered' }, headers: manufacturer })).status, 200);
    assert.equal((await call('POST', path, { body: { status: 'shipped' }, headers: manufacturer })).status, 409);
    assert.equal((await call('POST', path, { body: { status: 'teleported' }, headers: manufacturer })).status, 400);
    assert.equal((await call('POST', path, { body: { status: 'rejected' } })).status, 401);
    assert.equal((await call('POST', '/specifications/spc_doesnotexist/status', { body: { status: 'accepted' }, headers: manufacturer })).status, 404);

    const image = Buffer.from('not really a png, but bytes');
    const snapped = { ...deskSpecification(11), snapshot: { type: 'image/png', data: image.toString('base64') } };
    const withSnapshot = (await call('POST', '/specifications', { body: snapped, headers: { 'idempotency-key': key(11) } })).body as { id: string };
    const listed = (await call('GET', '/specifications?limit=1', { headers: manufacturer })).body as { items: Array<{ specification: { snapshot: unknown } }> };
    assert.deepEqual(listed.items[0]!.specification.snapshot, { type: 'image/png', url: `/specifications/${withSnapshot.id}/snapshot` });
    const snapshot = await call('GET', `/specifications/${withSnapshot.id}/snapshot`, { headers: manufacturer });
    assert.equal(snapshot.status, 200);
    assert.deepEqual(snapshot.body, image);
    assert.equal((await call('GET', `/specifications/${created.id}/snapshot`, { headers: manufacturer })).status, 404);
    assert.equal((await call('GET', `/specifications/${created.id}/snapshot`)).status, 401);

    const product = await call('GET', '/products/desk');
    assert.equal(product.status, 200);
    const validFile = ajv.getSchema('product-file')!;
    assert.ok(validFile(product.body), ajv.errorsText(validFile.errors));
    // The compiled product, to a request that prefers it: its declared media type and schema, and
    // the product file inside it valid too.
    const accept = 'application/vnd.c2m.compiled+json, application/json;q=0.9';
    const compiled = await call('GET', '/products/desk', { headers: { accept } });
    assert.equal(compiled.status, 200);
    const inner = compiled.body as { c2m: string; product: unknown };
    assert.equal(inner.c2m, 'compiled-product');
    assert.ok(validFile(inner.product), ajv.errorsText(validFile.errors));
    const again = await fetch(`${suite.server.url}/products/desk`, { headers: { accept } });
    await again.text();
    const etag = again.headers.get('etag')!;
    assert.equal((await call('GET', '/products/desk', { headers: { accept, 'if-none-match': etag } })).status, 304);
    assert.equal((await call('GET', '/products/nothing')).status, 404);
  });
});

describe('refusals of a server under pressure are as openapi.yaml says', () => {
  const suite = serverPerSuite(database, {
    limits: { bodyTimeoutMs: 50, minBodyBytesPerSecond: 1_000_000, maxAuthFailuresPerMinute: 1, maxConcurrentRequests: 1, maxQueueMs: 1 },
  });

  test('408 for a slow body, 429 after failed authentication, 503 while busy', async () => {
    const { port } = new URL(suite.server.url);
    // A body that never arrives, on a raw connection: the answer is whatever the server wrote.
    const raw = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (c: string) => (text += c));
      socket.on('close', () => resolve(text));
      socket.write('POST /specifications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: conformance-slow-0001\r\nContent-Length: 900\r\n\r\n{');
    });
    const [head, body] = raw.split('\r\n\r\n') as [string, string];
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)![1]);
    const headers = new Headers(head.split('\r\n').slice(1).map((l) => l.split(/:\s*/, 2) as [string, string]));
    assert.equal(status, 408);
    await conforms('POST', '/specifications', new Response(body, { status, headers }));

    const wrong = { headers: { authorization: 'Bearer wrong' } };
    const first = await fetch(`${suite.server.url}/specifications`, wrong);
    await conforms('GET', '/specifications', first);
    const limited = await fetch(`${suite.server.url}/specifications`, wrong);
    assert.equal(limited.status, 429);
    await conforms('GET', '/specifications', limited);

    // The only turn is held by a request waiting for the locked database: the next one is shed.
    const held = await holdDatabase(suite.server);
    const submit = (n: number) =>
      fetch(`${suite.server.url}/specifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `conformance-busy-${n}-0000` },
        body: JSON.stringify(deskSpecification(200 + n)),
      });
    const both = [submit(1), submit(2)];
    const shed = await Promise.race(both);
    assert.equal(shed.status, 503);
    await conforms('POST', '/specifications', shed);
    await held.release();
    for (const r of await Promise.all(both)) if (r !== shed) await conforms('POST', '/specifications', r);
  });
});
