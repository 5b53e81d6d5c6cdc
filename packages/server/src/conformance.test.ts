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
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { testDatabase } from './testing/databases.js';
import { MANUFACTURER_KEY, deskSpecification, serverPerSuite } from './testing/harness.js';

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
  const text = await res.text();
  if (declared.content === undefined) {
    assert.equal(text, '', `${method} ${template} ${status} has no body`);
    return undefined;
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
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

    const product = await call('GET', '/products/desk');
    assert.equal(product.status, 200);
    const validFile = ajv.getSchema('product-file')!;
    assert.ok(validFile(product.body), ajv.errorsText(validFile.errors));
    assert.equal((await call('GET', '/products/nothing')).status, 404);
  });
});
