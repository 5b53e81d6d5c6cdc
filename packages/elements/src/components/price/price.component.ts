import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { C2mElement } from '../../internal/element.js';
import { tokens } from '../../theme/tokens.js';

/**
 * The live price of the configuration, with its lines (base, options, surcharges) in a disclosure.
 * Changes are announced politely to screen readers.
 *
 * @summary The live price.
 * @csspart base - The wrapper.
 * @csspart label - "Price".
 * @csspart total - The total.
 * @csspart lines - The list of lines.
 * @csspart line - One line.
 * @cssproperty --c2m-price-size - Font size of the total. Default 1.5rem.
 */
export class C2mPrice extends C2mElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      .total {
        font-size: var(--c2m-price-size, 1.5rem);
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .label {
        color: var(--_muted);
        font-size: 0.9em;
      }
      details {
        margin-top: 0.25rem;
        font-size: 0.9em;
      }
      summary {
        cursor: pointer;
        min-height: 1.5rem;
      }
      dl {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.2rem 1rem;
        margin: 0.4rem 0 0;
      }
      dd {
        margin: 0;
        text-align: end;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  /** Show the price lines (`false` hides the disclosure). */
  @property({ type: Boolean, attribute: 'hide-lines' }) hideLines = false;
  /** What the live region says; set a moment after a change so that it is announced once. */
  @state() private announcement = '';
  #lastTotal: number | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const quote = this.configuration?.state.quote;
    if (!quote) return;
    if (this.#lastTotal !== undefined && this.#lastTotal !== quote.total) {
      this.announcement = this.localize.term('priceAnnouncement', this.localize.money(quote.total, quote.currency));
    }
    this.#lastTotal = quote.total;
  }

  override render() {
    const quote = this.configuration?.state.quote;
    if (!quote) return nothing;
    const l = this.localize;
    return html`<div part="base">
      <div class="label" part="label">${l.term('price')}</div>
      <div class="total" part="total">${l.money(quote.total, quote.currency)}</div>
      ${this.hideLines
        ? nothing
        : html`<details>
            <summary>${l.term('priceDetails')}</summary>
            <dl part="lines">
              ${quote.lines.map(
                (line) => html`<dt part="line">${line.label}</dt>
                  <dd>${line.kind === 'base' ? l.money(line.amount, quote.currency) : l.moneyDelta(line.amount, quote.currency)}</dd>`,
              )}
            </dl>
          </details>`}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </div>`;
  }
}
