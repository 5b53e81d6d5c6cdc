import type { Specification } from '@c2m/rules';
import type { Receipt } from '@c2m/client';
import { C2mEvent } from './c2m-event.js';

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

declare global {
  interface GlobalEventHandlersEventMap {
    'c2m-submitted': C2mSubmittedEvent;
  }
}
