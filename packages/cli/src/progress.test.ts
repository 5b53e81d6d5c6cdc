import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryIo } from './io.js';
import { blockingStep, createProgress } from './progress.js';

describe('progress', () => {
  it('draws on a terminal once the delay has passed, and clears the line', () => {
    const io = memoryIo({ interactive: true });
    const p = createProgress(io, 'linting', { delayMs: 0 });
    p.update(5, 10, 'constraint c1');
    p.stop();
    assert.match(io.stderr, /linting 5\/10 \(50%\) \d+\.\ds constraint c1/);
    assert.match(io.stderr, /\r\u001b\[2K$/);
    assert.equal(io.stdout, '');
  });

  it('stays silent when standard error is not a terminal, or before the delay', () => {
    const piped = memoryIo({ interactive: false });
    createProgress(piped, 'x', { delayMs: 0 }).update(1, 2);
    assert.equal(piped.stderr, '');
    const quick = memoryIo({ interactive: true });
    const p = createProgress(quick, 'x', { delayMs: 60_000 });
    p.update(1, 2);
    p.stop();
    assert.equal(quick.stderr, '');
  });

  it('announces a blocking step only on a terminal', () => {
    const tty = memoryIo({ interactive: true });
    assert.equal(blockingStep(tty, 'counting', () => 42), 42);
    assert.match(tty.stderr, /… counting/);
    const piped = memoryIo();
    blockingStep(piped, 'counting', () => 1);
    assert.equal(piped.stderr, '');
  });
});
