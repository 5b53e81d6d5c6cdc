/**
 * The page of the worker session's browser test (bundled by esbuild and served with a strict
 * Content-Security-Policy): it exposes `createWorkerSession` to the test, nothing else. The engine
 * is not in this bundle; it runs in `/thread.js`.
 */
import { createWorkerSession } from '../worker/index.js';

declare global {
  var c2m: { createWorkerSession: typeof createWorkerSession };
}

globalThis.c2m = { createWorkerSession };

// The test's `page.evaluate` bodies are compiled by tsx (esbuild with keepNames), which wraps named
// functions in `__name(fn, "name")`: give them that helper here.
(globalThis as { __name?: <T>(fn: T) => T }).__name ??= (fn) => fn;
