import { css, html, nothing } from 'lit';
import { C2mElement } from '../../internal/element.js';
import { tokens } from '../../theme/tokens.js';
import { optionLabel } from '../../internal/labels.js';

/** How many of the options still to choose the order button names. */
const MISSING_SHOWN = 5;

/** The option a JSON Pointer of a refused specification points at (`/selections/cuffs` → `cuffs`). */
export function pointerOption(pointer: string): string | undefined {
  const m = /^\/selections\/([^/]+)/.exec(pointer);
  return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

/**
 * The order button and the order's progress: sending, received (with the order number), kept on
 * this device while offline (sent when back), refused (the manufacturer's reasons per option), with
 * a retry. While the configuration is incomplete the button stays focusable, `aria-disabled`, and
 * says what is still to choose.
 *
 * @summary The order button and the order's progress.
 * @csspart base - The wrapper.
 * @csspart button - The order button.
 * @csspart status - The order's progress.
 * @csspart errors - The manufacturer's reasons for refusing.
 * @csspart retry - The retry button.
 * @event c2m-submit - The shopper ordered (from the configuration; cancelable).
 * @event c2m-submitted - The backend received the order.
 */
export class C2mOrderButton extends C2mElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      .button.primary {
        width: 100%;
        font-size: 1.05em;
      }
      .status {
        margin: 0.5rem 0 0;
      }
      .status.delivered {
        color: var(--_success);
        font-weight: 600;
      }
      .status.refused,
      .status.error {
        color: var(--_danger);
      }
      ul {
        margin: 0.25rem 0 0;
        padding-inline-start: 1.25rem;
      }
      .hint {
        margin: 0.4rem 0 0;
        font-size: 0.85em;
        color: var(--_muted);
      }
    `,
  ];

  /** The first few options still to choose, then how many more (a feature model may miss hundreds). */
  #names(missing: string[]): string[] {
    const c = this.configuration!;
    const shown = missing.slice(0, MISSING_SHOWN).map((id) => optionLabel(c.session.file, id, this.localize));
    if (missing.length > MISSING_SHOWN) shown.push(this.localize.term('andMore', missing.length - MISSING_SHOWN));
    return shown;
  }

  #submit(): void {
    const c = this.configuration;
    if (!c || !c.state.complete) return;
    void c.submit({ noEndpoint: this.localize.term('orderNoEndpoint') });
  }

  #renderStatus() {
    const c = this.configuration!;
    const l = this.localize;
    const order = c.order;
    const file = c.session.file;
    switch (order.state) {
      case 'idle':
        return nothing;
      case 'preparing':
        return html`<p class="status">${l.term('orderPreparing')}</p>`;
      case 'sending':
        return html`<p class="status">${l.term('orderSending')}</p>`;
      case 'kept':
        return html`<p class="status">${l.term('orderKept')}</p>
          <button type="button" class="button" part="retry" @click=${() => void c.retry()}>${l.term('orderRetry')}</button>`;
      case 'delivered':
        return html`<p class="status delivered">${l.term('orderDelivered', order.receipt.id)}</p>`;
      case 'handed-over':
        return html`<p class="status delivered">${l.term('orderHandedOver')}</p>`;
      case 'refused': {
        const errors = order.problem?.errors ?? [];
        return html`<p class="status refused">${l.term('orderRefused')}</p>
          <ul part="errors">
            ${errors.length
              ? errors.map((e) => {
                  const option = pointerOption(e.path);
                  return html`<li>${option ? html`<strong>${optionLabel(file, option, l)}</strong>: ` : nothing}${e.message}</li>`;
                })
              : html`<li>${order.message}</li>`}
          </ul>
          <button type="button" class="button" part="retry" @click=${() => void c.retry()}>${l.term('orderRetry')}</button>`;
      }
      case 'error':
        return html`<p class="status error">${l.term('orderFailed', order.message)}</p>`;
    }
  }

  override render() {
    const c = this.configuration;
    if (!c) return nothing;
    const l = this.localize;
    const missing = c.missing;
    const busy = c.order.state === 'preparing' || c.order.state === 'sending';
    const done = c.order.state === 'delivered' || c.order.state === 'handed-over';
    const disabled = !c.state.complete || busy || c.pending > 0;
    const hint = !c.state.complete
      ? missing.length
        ? l.term('orderIncomplete', l.list(this.#names(missing)))
        : l.term('orderInvalid')
      : '';
    return html`<div part="base">
      ${done
        ? html`<button type="button" class="button" part="button" @click=${() => c.newOrder()}>${l.term('orderAgain')}</button>`
        : html`<button
            type="button"
            class="button primary"
            part="button"
            aria-disabled=${disabled ? 'true' : 'false'}
            aria-describedby=${hint ? 'hint' : nothing}
            @click=${() => this.#submit()}
          >
            ${l.term('order')}
          </button>`}
      ${hint ? html`<p class="hint" id="hint">${hint}</p>` : nothing}
      <div role="status" part="status">${this.#renderStatus()}</div>
    </div>`;
  }
}
