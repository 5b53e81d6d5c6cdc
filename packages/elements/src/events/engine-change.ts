import type { EngineMove } from '../internal/adaptive-session.js';
import { C2mEvent } from './c2m-event.js';

/** Detail of {@link C2mEngineChangeEvent}: where the engine runs now, and what made it move. */
export type EngineChangeDetail = EngineMove;

/**
 * `c2m-engine-change`: with `engine="auto"`, the product opened in the page and its engine moved to
 * the Web Worker, because one of its calls held the main thread longer than `engine-budget`. The
 * configuration is the same (choices, undo history, language); only `detail.mode` changed.
 */
export class C2mEngineChangeEvent extends C2mEvent<EngineChangeDetail> {
  static readonly type = 'c2m-engine-change';
  constructor(detail: EngineChangeDetail) {
    super(C2mEngineChangeEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'c2m-engine-change': C2mEngineChangeEvent;
  }
}
