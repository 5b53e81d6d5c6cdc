/**
 * Opening a session for a product file, in the page or in the engine's module worker, behind one
 * function: the elements only ever see an {@link AsyncSession}, wherever the engine runs.
 */
import {
  compileProduct,
  createLocalSession,
  createSession,
  loadProduct,
  type AsyncSession,
  type ProductIssue,
  type Selections,
  type SessionOptions,
} from '@c2m/rules';

/** Where the engine runs: `auto` picks the worker for large products. */
export type EngineMode = 'auto' | 'page' | 'worker';

/** What a product file was given as. */
export type ProductInput = { text: string } | { file: unknown };

/** The outcome of opening a session. */
export type OpenResult = { ok: true; session: AsyncSession; issues: ProductIssue[] } | { ok: false; issues: ProductIssue[] };

/** The contract of `createWorkerSession` from `@c2m/rules/worker` (see CONTRACTS.md §1). */
export type CreateWorkerSession = (
  input: ProductInput,
  options?: SessionOptions & { worker?: () => Worker; signal?: AbortSignal },
) => Promise<OpenResult>;

/**
 * Products above these sizes run in the worker under `engine="auto"`: compiling them and
 * propagating one choice can take longer than a frame on a phone.
 */
export const WORKER_THRESHOLD = { bytes: 256 * 1024, options: 300 } as const;

/**
 * The worker session factory, imported only when a product needs it. `undefined` while the engine
 * has no worker entry: large products then run in the page.
 */
export async function workerSessionFactory(): Promise<CreateWorkerSession | undefined> {
  return undefined;
}

/**
 * The full product-file checks (`@c2m/rules/check`), fetched only when a file fails: every problem
 * worded in the shopper's language, with its line and column. The main entry refuses the same files
 * with brief issues, so that a page that loads a good file never downloads the messages.
 */
export async function fullIssues(input: ProductInput, locale: string): Promise<ProductIssue[]> {
  const check = await import('@c2m/rules/check');
  const result = 'text' in input ? check.loadProduct(input.text) : check.compileProduct(input.file);
  return result.issues.map((issue) => ({ ...issue, message: check.issueMessage(issue, locale) }));
}

/** Whether a product is large enough for the worker under `engine="auto"`. */
export function prefersWorker(input: ProductInput): boolean {
  if ('text' in input) return input.text.length > WORKER_THRESHOLD.bytes;
  const options = (input.file as { options?: unknown } | null)?.options;
  return Array.isArray(options) && options.length > WORKER_THRESHOLD.options;
}

function openInPage(input: ProductInput, options: SessionOptions): Promise<OpenResult> {
  const compiled = 'text' in input ? loadProduct(input.text) : compileProduct(input.file);
  if (!compiled.ok) return fullIssues(input, options.locale ?? 'en').then((issues) => ({ ok: false, issues }));
  const session = createLocalSession(createSession(compiled.product, options));
  return Promise.resolve({ ok: true, session, issues: compiled.issues });
}

/** Options of {@link openSession}. */
export interface OpenOptions {
  mode?: EngineMode;
  locale?: string;
  selections?: Selections;
  signal?: AbortSignal;
}

/** Parses, checks and compiles a product file and starts a session on it, where `mode` says. */
export async function openSession(input: ProductInput, options: OpenOptions = {}): Promise<OpenResult> {
  const { mode = 'auto', signal, ...session } = options;
  const wantWorker = mode === 'worker' || (mode === 'auto' && prefersWorker(input));
  if (wantWorker) {
    const create = await workerSessionFactory();
    if (create) return create(input, { ...session, ...(signal ? { signal } : {}) });
  }
  signal?.throwIfAborted();
  return openInPage(input, session);
}
