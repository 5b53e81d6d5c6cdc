/**
 * The messages between a worker session (`./index.ts`, in the page) and its worker (`./thread.ts`):
 * plain data that survives `postMessage` (structured clone), nothing else.
 */
import type { ProductInput, SessionOptions, SessionState } from '../api.js';
import type { ProductFile } from '../schema/product-file.js';
import type { ProductIssue } from '../types.js';

/** The session methods a worker runs, by name; their arguments travel as an array. */
export type Method =
  | 'select'
  | 'clear'
  | 'setMany'
  | 'reset'
  | 'undo'
  | 'redo'
  | 'setLocale'
  | 'isAvailable'
  | 'explain'
  | 'repair'
  | 'applyRepair'
  | 'autocomplete'
  | 'count'
  | 'toSpecification';

/** Page → worker. */
export type Request =
  | { id: number; op: 'open'; input: ProductInput; options: SessionOptions }
  | { id: number; op: Method; args: unknown[] };

/**
 * What `open` answers. The file's `constraints` travel as JSON text (`file.constraints` is then
 * empty): a page reads the text in no time and parses it only if something reads them, where a
 * structured clone of thousands of expression trees would hold the main thread for tens of ms.
 */
export type Opened = { ok: true; file: ProductFile; constraints: string; digest: string; issues: ProductIssue[] } | { ok: false; issues: ProductIssue[] };

/** An error thrown in the worker, as data; `missing`/`violated` for an `IncompleteConfigurationError`. */
export interface ErrorData {
  name: string;
  message: string;
  missing?: string[];
  violated?: string[];
}

/** Worker → page: the answer to request `id`, with the session's state when it changed. */
export type Response = { id: number; ok: true; value: unknown; state?: SessionState } | { id: number; ok: false; error: ErrorData };
