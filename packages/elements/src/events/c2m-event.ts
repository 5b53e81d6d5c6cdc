/**
 * The base of the elements' events: always prefixed `c2m-`, bubbling and composed (they leave the
 * shadow roots), with a typed `detail`. Each event has its own module, registered in
 * `GlobalEventHandlersEventMap` so that `el.addEventListener('c2m-change', (e) => e.detail.quote)` is typed.
 */
// Cancelable when the subclass says so (c2m-submit).
export class C2mEvent<D> extends Event {
  readonly detail: D;
  constructor(type: string, detail: D, cancelable = false) {
    super(type, { bubbles: true, composed: true, cancelable });
    this.detail = detail;
  }
}
