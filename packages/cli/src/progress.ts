/**
 * A progress line on standard error for work that may take more than a second. It appears only on a
 * terminal, only once the work has run for `delayMs`, and is redrawn at most ten times a second, so
 * quick runs and CI logs stay clean.
 */
import type { Io } from './io.js';

export interface Progress {
  /** Reports `done` of `total` steps (total may be unknown). */
  update(done: number, total?: number, detail?: string): void;
  /** Removes the line. */
  stop(): void;
}

export function createProgress(io: Io, label: string, options: { delayMs?: number; enabled?: boolean } = {}): Progress {
  const enabled = (options.enabled ?? true) && io.interactive;
  const start = Date.now();
  const delay = options.delayMs ?? 1000;
  let lastDraw = 0;
  let drawn = false;
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  return {
    update(done, total, detail) {
      if (!enabled) return;
      const now = Date.now();
      if (now - start < delay || now - lastDraw < 100) return;
      lastDraw = now;
      drawn = true;
      const seconds = ((now - start) / 1000).toFixed(1);
      const amount = total ? `${done}/${total} (${Math.floor((done / total) * 100)}%)` : `${done}`;
      io.err(`\r\u001b[2K${frames[frame++ % frames.length]} ${label} ${amount} ${seconds}s${detail ? ` ${detail}` : ''}`);
    },
    stop() {
      if (drawn) io.err('\r\u001b[2K');
      drawn = false;
    },
  };
}

/**
 * Announces a single blocking step (the engine's work is synchronous, so nothing can be redrawn while
 * it runs): on a terminal, prints the label before the step and clears it after.
 */
export function blockingStep<T>(io: Io, label: string, step: () => T, enabled = true): T {
  const show = enabled && io.interactive;
  if (show) io.err(`\r\u001b[2K… ${label}`);
  try {
    return step();
  } finally {
    if (show) io.err('\r\u001b[2K');
  }
}
