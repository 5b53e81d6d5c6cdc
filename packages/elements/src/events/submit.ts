import type { Specification } from '@c2m/rules';
import { C2mEvent } from './c2m-event.js';

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

declare global {
  interface GlobalEventHandlersEventMap {
    'c2m-submit': C2mSubmitEvent;
  }
}
