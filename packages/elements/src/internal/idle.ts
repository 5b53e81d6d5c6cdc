/**
 * Work that can wait for an idle moment (the reasons of unavailable values): one job per idle
 * callback, so that it never holds up a frame or the next click.
 */
const queue: Array<() => unknown> = [];
let scheduled = false;

const requestIdle: (cb: () => void) => void =
  typeof requestIdleCallback === 'function' ? (cb) => requestIdleCallback(cb, { timeout: 500 }) : (cb) => setTimeout(cb, 16);

function drain(): void {
  scheduled = false;
  const job = queue.shift();
  if (!job) return;
  void Promise.resolve(job()).finally(schedule);
}

function schedule(): void {
  if (scheduled || queue.length === 0) return;
  scheduled = true;
  requestIdle(drain);
}

/** Runs `job` when the page is idle, after the jobs queued before it. */
export function whenIdle(job: () => unknown): void {
  queue.push(job);
  schedule();
}

/**
 * Resolves at the next idle moment (at the latest after half a second), apart from the queue of
 * {@link whenIdle}: for a download that should not compete with what the page shows first.
 */
export function idle(): Promise<void> {
  return new Promise((resolve) => requestIdle(resolve));
}

/**
 * Resolves in a task of its own (a message, not a timer): work after it does not lengthen the task
 * that came before, e.g. the first render after a worker's large answer was read.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}
