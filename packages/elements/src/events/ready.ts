import type { SessionState } from '@c2m/rules';
import { C2mEvent } from './c2m-event.js';

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

declare global {
  interface GlobalEventHandlersEventMap {
    'c2m-ready': C2mReadyEvent;
  }
}
