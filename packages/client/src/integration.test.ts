// The real engine's specifications through the client and the outbox: compile an example product
// of @c2m/rules, complete a session, submit its specification while the server is down, deliver it
// once the server is back.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileProduct, createSession } from '@c2m/rules/engine';
import { createClient } from './client.js';
import { createOutbox } from './outbox.js';
import { memoryStore } from './store.js';
import { startTestServer, freePort, type TestServer } from './testing/server.js';

const example = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../rules/examples/${name}.json`, import.meta.url), 'utf8'));

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

for (const name of ['mug', 'oak-table']) {
  test(`${name}: a specification built by the engine is delivered once, after the server comes back`, async () => {
    const compiled = compileProduct(example(name));
    assert.ok(compiled.ok, JSON.stringify(!compiled.ok && compiled.issues.slice(0, 3)));
    const session = createSession(compiled.product);
    session.autocomplete();
    assert.ok(session.isComplete());
    const spec = session.toSpecification({ now: new Date('2026-11-25T10:00:00Z') });

    const port = await freePort();
    const client = createClient({ endpoint: `http://127.0.0.1:${port}`, random: () => 0, retry: { limit: 1 } });
    const outbox = createOutbox({ client, store: memoryStore(), auto: false, locks: false });
    const id = await outbox.enqueue(spec);
    await outbox.flush();
    assert.equal((await outbox.get(id))!.state, 'pending');

    const server = await startTestServer(port);
    servers.push(server);
    await outbox.flush();
    const entry = (await outbox.get(id))!;
    assert.equal(entry.state, 'delivered');
    assert.equal(entry.receipt?.quote.total, spec.quote.total);
    assert.equal(server.orders.size, 1);
    assert.deepEqual(JSON.parse(server.requests[0]!.body), JSON.parse(JSON.stringify(spec)));
    await outbox.close();
  });
}
