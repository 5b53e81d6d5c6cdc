import type { LeadTimeQuote, Quote, Selections, SessionState } from '@c2m/rules';
import { C2mEvent } from './c2m-event.js';

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

declare global {
  interface GlobalEventHandlersEventMap {
    'c2m-change': C2mChangeEvent;
  }
}
