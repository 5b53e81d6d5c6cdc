import { css, html, nothing } from 'lit';
import { C2mElement } from '../../internal/element.js';
import { tokens } from '../../theme/tokens.js';
import { findOption, valueLabel } from '../../internal/labels.js';

/**
 * What the shopper has configured: every option that applies, with its value.
 *
 * @summary The configuration at a glance.
 * @csspart base - The wrapper.
 * @csspart heading - "Summary".
 * @csspart list - The list.
 * @csspart item - One option and its value.
 */
export class C2mSummary extends C2mElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      h3 {
        margin: 0 0 0.5rem;
        font-size: 1em;
      }
      dl {
        display: grid;
        grid-template-columns: minmax(6rem, auto) 1fr;
        gap: 0.25rem 1rem;
        margin: 0;
        font-size: 0.9em;
      }
      dt {
        color: var(--_muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
  ];

  override render() {
    const c = this.configuration;
    if (!c) return nothing;
    const file = c.session.file;
    const l = this.localize;
    const state = c.state;
    return html`<div part="base">
      <h3 part="heading">${l.term('summary')}</h3>
      <dl part="list">
        ${state.domains
          .filter((d) => d.applicable)
          .map((d) => {
            const option = findOption(file, d.option)!;
            return html`<dt part="item">${l.text(option.label, file.product.defaultLocale)}</dt>
              <dd>${valueLabel(file, d.option, state.selections[d.option], l)}</dd>`;
          })}
      </dl>
    </div>`;
  }
}
