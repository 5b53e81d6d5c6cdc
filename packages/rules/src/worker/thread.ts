/**
 * The worker side of a worker session (`@c2m/rules/worker/thread`, started as a module worker by
 * `createWorkerSession`): it parses, checks and compiles the product file itself (or reads a
 * compiled product) and runs the session, answering each request in the order it came, with the new
 * state after every change.
 *
 * @packageDocumentation
 */
import './jitless.js';
import type { AsyncSession, SessionState } from '../api.js';
import { openSession } from '../engine/open.js';
import { isCompiledInput } from '../compiled-product.js';
import { IncompleteConfigurationError } from '../errors.js';
import type { ErrorData, Opened, Request, Response } from './protocol.js';

/** The worker's global scope, as far as this module uses it. */
interface Scope {
  postMessage(message: Response): void;
  addEventListener(type: 'message', listener: (event: { data: Request }) => void): void;
}

const scope = globalThis as unknown as Scope;
let session: AsyncSession | null = null;
let sent = -1;

function errorData(e: unknown): ErrorData {
  if (e instanceof IncompleteConfigurationError) return { name: e.name, message: e.message, missing: [...e.missing], violated: [...e.violated] };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

/** The state, when it changed since the last answer. */
function changedState(): SessionState | undefined {
  if (!session || session.state.version === sent) return undefined;
  sent = session.state.version;
  return session.state;
}

async function answer(request: Request): Promise<Response> {
  if (request.op === 'open') {
    if (session) throw new Error('c2m: this worker already runs a session');
    // Counting is the worker's own chunk, fetched on the first `count`.
    // A compiled product is read by its runtime (a chunk of the worker's, fetched only then).
    const open = isCompiledInput(request.input) ? (await import('../engine/open-compiled.js')).openCompiledSession : openSession;
    const opened = await open(request.input, request.options, () => import('../count.js'));
    if (!opened.ok) {
      // Refused files are checked again by the complete checks here, off the page's thread: every
      // problem, worded in the session's language (the page needs no checks of its own to show
      // them), with positions (a chunk of the worker's, fetched only then).
      const { productProblems } = await import('../check.js');
      const issues = productProblems(request.input, { locale: request.options.locale ?? 'en' });
      return { id: request.id, ok: true, value: { ok: false, issues } satisfies Opened };
    }
    session = opened.session;
    const file = { ...session.file, constraints: [] };
    const value: Opened = { ok: true, file, constraints: JSON.stringify(session.file.constraints), digest: session.digest, issues: opened.issues };
    return { id: request.id, ok: true, value, state: changedState() ?? session.state };
  }
  if (!session) throw new Error('c2m: the session is not open');
  const method = session[request.op] as (...args: unknown[]) => Promise<unknown>;
  const value = await method.apply(session, request.args);
  const state = changedState();
  return state ? { id: request.id, ok: true, value, state } : { id: request.id, ok: true, value };
}

// One request at a time, in order: each answer carries the state after exactly that request.
let queue: Promise<void> = Promise.resolve();
scope.addEventListener('message', (event) => {
  const request = event.data;
  queue = queue.then(async () => {
    let response: Response;
    try {
      response = await answer(request);
    } catch (e) {
      response = { id: request.id, ok: false, error: errorData(e) };
    }
    scope.postMessage(response);
  });
});
