/** The viewer's events: bubbling, composed, prefixed, each with a typed `detail`. */

export interface ViewerProgressDetail {
  /** Bytes of the model received so far. */
  loaded: number;
  /** Bytes in all, when the server said. */
  total?: number;
}

export interface ViewerErrorDetail {
  /** What went wrong, in a sentence a shopper can read. */
  message: string;
  cause?: unknown;
}

/** Bytes of the model arrive. */
export class ViewerProgressEvent extends CustomEvent<ViewerProgressDetail> {
  constructor(detail: ViewerProgressDetail) {
    super('c2m-viewer-progress', { bubbles: true, composed: true, detail });
  }
}

/** The first frame of the model is shown. */
export class ViewerLoadEvent extends CustomEvent<{ url: string }> {
  constructor(url: string) {
    super('c2m-viewer-load', { bubbles: true, composed: true, detail: { url } });
  }
}

/**
 * The studio environment lights the model, and a frame with it is shown. The first frame of a page's
 * first model is lit by plain lights so that it comes quickly; the environment follows in idle time.
 */
export class ViewerEnvironmentEvent extends Event {
  constructor() {
    super('c2m-viewer-environment', { bubbles: true, composed: true });
  }
}

/** The model could not be shown (missing or broken file, no WebGL, lost context). */
export class ViewerErrorEvent extends CustomEvent<ViewerErrorDetail> {
  constructor(detail: ViewerErrorDetail) {
    super('c2m-viewer-error', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'c2m-viewer-progress': ViewerProgressEvent;
    'c2m-viewer-load': ViewerLoadEvent;
    'c2m-viewer-environment': ViewerEnvironmentEvent;
    'c2m-viewer-error': ViewerErrorEvent;
  }
}
