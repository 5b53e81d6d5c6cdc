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
