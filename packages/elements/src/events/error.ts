import type { ProductIssue } from '@c2m/rules';
import { C2mEvent } from './c2m-event.js';

/** What went wrong, for {@link C2mErrorEvent}. */
export type ErrorCode =
  /** The product file could not be fetched. */
  | 'load'
  /** The product file has errors (`issues`). */
  | 'product'
  /** The order was refused or could not be stored. */
  | 'order'
  /** The engine failed (e.g. its worker could not start). */
  | 'session';

/** Detail of {@link C2mErrorEvent}. */
export interface ErrorDetail {
  code: ErrorCode;
  message: string;
  issues?: ProductIssue[];
  cause?: unknown;
}
/** `c2m-error`: something failed; the element shows it too. */
export class C2mErrorEvent extends C2mEvent<ErrorDetail> {
  static readonly type = 'c2m-error';
  constructor(detail: ErrorDetail) {
    super(C2mErrorEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'c2m-error': C2mErrorEvent;
  }
}
