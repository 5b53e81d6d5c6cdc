/**
 * The events of the elements: small classes with a typed `detail`, always prefixed `c2m-`, bubbling
 * and composed (they leave the shadow roots), registered in `GlobalEventHandlersEventMap` so that
 * `el.addEventListener('c2m-change', (e) => e.detail.quote)` is typed.
 */
import type { LeadTimeQuote, ProductIssue, Quote, Selections, SessionState, Specification } from '@c2m/rules';
import type { Receipt } from '@c2m/client';

/** Base of every c2m event: bubbles, composed; cancelable when the subclass says so. */
export class C2mEvent<D> extends Event {
  readonly detail: D;
  constructor(type: string, detail: D, cancelable = false) {
    super(type, { bubbles: true, composed: true, cancelable });
    this.detail = detail;
  }
}

/** Detail of {@link C2mReadyEvent}. */
export interface ReadyDetail {
  product: { id: string; version: string; digest: string };
  /** Where the engine runs. */
  mode: 'page' | 'worker';
  state: SessionState;
}
/** `c2m-ready`: the product is loaded and its options can be used. */
export class C2mReadyEvent extends C2mEvent<ReadyDetail> {
  static readonly type = 'c2m-ready';
  constructor(detail: ReadyDetail) {
    super(C2mReadyEvent.type, detail);
  }
}

/** Detail of {@link C2mChangeEvent}. */
export interface ChangeDetail {
  selections: Selections;
  /** Every needed option has a value and the configuration is valid: it can be ordered. */
  complete: boolean;
  quote: Quote;
  leadTime: LeadTimeQuote;
  state: SessionState;
}
/** `c2m-change`: the configuration changed (a choice, a default giving way, undo/redo, a repair). */
export class C2mChangeEvent extends C2mEvent<ChangeDetail> {
  static readonly type = 'c2m-change';
  constructor(detail: ChangeDetail) {
    super(C2mChangeEvent.type, detail);
  }
}

/** Detail of {@link C2mSubmitEvent}. */
export interface SubmitDetail {
  specification: Specification;
}
/**
 * `c2m-submit`: the shopper ordered. Cancelable: call `preventDefault()` to take
 * `detail.specification` into the shop's own cart instead of sending it to the endpoint.
 */
export class C2mSubmitEvent extends C2mEvent<SubmitDetail> {
  static readonly type = 'c2m-submit';
  constructor(detail: SubmitDetail) {
    super(C2mSubmitEvent.type, detail, true);
  }
}

/** Detail of {@link C2mSubmittedEvent}. */
export interface SubmittedDetail {
  /** The manufacturer's receipt: `receipt.id` is the order number. */
  receipt: Receipt;
  specification: Specification;
}
/** `c2m-submitted`: the manufacturer's backend received the order. */
export class C2mSubmittedEvent extends C2mEvent<SubmittedDetail> {
  static readonly type = 'c2m-submitted';
  constructor(detail: SubmittedDetail) {
    super(C2mSubmittedEvent.type, detail);
  }
}

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
    'c2m-ready': C2mReadyEvent;
    'c2m-change': C2mChangeEvent;
    'c2m-submit': C2mSubmitEvent;
    'c2m-submitted': C2mSubmittedEvent;
    'c2m-error': C2mErrorEvent;
  }
}
