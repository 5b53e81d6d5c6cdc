// The backend mounted in a host's own server (`start()` + `handler`), as a shop or the demo does:
// the host serves its pages and passes the API's requests, with their full URL, to the backend.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type C2mServer } from './server.js';
import { testDatabases } from './testing/databases.js';
import { MANUFACTURER_KEY, PRODUCTS_DIR, deskSpecification, post } from './testing/harness.js';

const auth = { authorization: `Bearer ${MANUFACTURER_KEY}` };

/** The host: its own page at `/`, the backend under `/api`. */
async function host(backend: C2mServer): Promise<{ url: string; server: Server }> {
  const site = (_req: IncomingMessage, res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>shop</title>');
  const server = createHttpServer((req, res) => (req.url === '/api' || req.url?.startsWith('/api/') ? backend.handler(req, res) : site(req, res)));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const closeHost = (server: Server) =>
  new Promise<void>((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });

for (const database of testDatabases()) {
  describe(`the backend mounted in a host server (${database.name})`, () => {
    let backend: C2mServer;
    let site: { url: string; server: Server };
    before(async () => {
      backend = createServer({ productsDir: PRODUCTS_DIR, database: await database.create(), manufacturerKeys: [MANUFACTURER_KEY], basePath: '/api' });
      site = await host(backend);
    });
    after(async () => {
      await closeHost(site.server);
      await backend.close();
      await database.cleanup();
    });

    test('before start() the API answers 503 with a problem, and the host its own pages', async () => {
      const r = await fetch(`${site.url}/api/products/desk`);
      assert.equal(r.status, 503);
      assert.equal(r.headers.get('content-type'), 'application/problem+json');
      assert.equal(r.headers.get('retry-after'), '1');
      assert.equal(((await r.json()) as { type: string }).type, 'urn:c2m:problem:unavailable');
      assert.equal((await fetch(`${site.url}/`)).status, 200);
    });

    test('after start(): orders, the listing and status changes through the host, on its one port', async () => {
      await backend.start();
      assert.throws(() => backend.url, /not listening/, 'mounted, the backend has no URL of its own');
      assert.equal((await fetch(`${site.url}/api/products/desk`)).status, 200);
      const created = await post(`${site.url}/api/specifications`, deskSpecification(1), { 'idempotency-key': 'mount-key-000000000001' });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      assert.equal(created.headers.get('location'), `/api/specifications/${created.json.id}`);
      assert.equal(await backend.store.count(), 1);
      const list = await fetch(`${site.url}/api/specifications`, { headers: auth });
      assert.equal(list.status, 200);
      assert.deepEqual(((await list.json()) as { items: Array<{ id: string }> }).items.map((i) => i.id), [created.json.id]);
      const status = await fetch(`${site.url}/api/specifications/${created.json.id}/status`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'accepted' }),
      });
      assert.equal(status.status, 200, await status.clone().text());
      // The host's other pages are still its own; a path outside basePath is not the backend's.
      assert.equal((await fetch(`${site.url}/`)).status, 200);
    });

    test('start() and listen() open the backend once: a second start is refused', async () => {
      await assert.rejects(backend.start(), /already started/);
      await assert.rejects(backend.listen(0), /already started/);
    });

    test('close() waits for a request in flight, then the API answers 503 and the host goes on', async () => {
      // A submission whose body has not arrived yet: in flight while close() begins.
      const { port } = new URL(site.url);
      const body = JSON.stringify(deskSpecification(2));
      const half = Buffer.byteLength(body) >> 1;
      const answer = new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, method: 'POST', path: '/api/specifications', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': 'mount-key-000000000002', expect: '100-continue' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.flushHeaders();
        // The backend has taken the request once it asks for the body.
        req.once('continue', () => {
          req.write(body.slice(0, half));
          const closing = backend.close();
          req.end(body.slice(half));
          void closing;
        });
      });
      assert.equal(await answer, 201, 'the order in flight is stored (201: after its write)');
      await backend.close();
      const r = await fetch(`${site.url}/api/products/desk`);
      assert.equal(r.status, 503);
      assert.match(((await r.json()) as { detail: string }).detail, /closed/);
      assert.equal((await fetch(`${site.url}/`)).status, 200);
    });
  });
}
