import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdmissionGate, type Admission } from './admission.js';

/** A gate on a clock the test moves. */
function gate(concurrency: number, maxQueueMs: number, maxQueued = 100) {
  let now = 0;
  const g = new AdmissionGate({ concurrency, maxQueueMs, maxQueued, now: () => now });
  return { g, advance: (ms: number) => (now += ms) };
}

function turn(a: Admission): () => void {
  assert.ok(a.ok, 'a turn');
  return a.release;
}

test('turns are given at once up to the concurrency, then in arrival order as they are released', async () => {
  const { g } = gate(2, 1_000);
  const first = turn(await g.enter());
  const second = turn(await g.enter());
  const order: string[] = [];
  const third = Promise.resolve(g.enter()).then((a) => (order.push('third'), a));
  const fourth = Promise.resolve(g.enter()).then((a) => (order.push('fourth'), a));
  assert.equal(g.queued, 2);
  first();
  const releaseThird = turn(await third);
  second();
  turn(await fourth)();
  releaseThird();
  assert.deepEqual(order, ['third', 'fourth']);
  assert.equal(g.active, 0);
  assert.equal(g.queued, 0);
});

test('a request that would wait longer than the bound is refused at once, with a Retry-After from the expected wait', async () => {
  const { g, advance } = gate(1, 500);
  assert.equal(g.refusal(), undefined, 'a free gate refuses nobody');
  // One request took 400 ms: the next one waits about 400 ms per request ahead of it.
  const a = turn(await g.enter());
  advance(400);
  a();
  const b = turn(await g.enter());
  const queued = Promise.resolve(g.enter());
  assert.equal(g.queued, 1);
  assert.equal(g.expectedWaitMs(), 800);
  // Asked before the body is read: the same answer, and nothing queued.
  assert.deepEqual(g.refusal(), { ok: false, retryAfterSeconds: 1 });
  const refused = await g.enter();
  assert.deepEqual(refused, { ok: false, retryAfterSeconds: 1 });
  assert.equal(g.queued, 1, 'the refused request did not join the queue');
  b();
  turn(await queued)();
});

test('a request that waited as long as the bound is refused then, and the queue goes on', async () => {
  const g = new AdmissionGate({ concurrency: 1, maxQueueMs: 20, maxQueued: 100 });
  const held = turn(await g.enter());
  // Real timers: nothing releases the turn, so the waiter can only end by being refused.
  const waiting = await g.enter();
  assert.equal(waiting.ok, false);
  assert.equal(g.queued, 0);
  held();
  turn(await g.enter())();
});

test('the queue has a hard length, whatever the estimate', async () => {
  const { g } = gate(1, 60_000, 2);
  const held = turn(await g.enter());
  const waiters = [g.enter(), g.enter()];
  assert.equal(g.queued, 2);
  assert.equal((await g.enter()).ok, false);
  held();
  for (const w of waiters) turn(await w)();
});

test('releasing twice gives back one turn', async () => {
  const { g } = gate(1, 1_000);
  const release = turn(await g.enter());
  release();
  release();
  assert.equal(g.active, 0);
});
