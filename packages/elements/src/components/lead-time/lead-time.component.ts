import { css, html, nothing } from 'lit';
import { C2mElement } from '../../internal/element.js';
import { tokens } from '../../theme/tokens.js';

const DAY = 86_400_000;

/**
 * The live lead time: days to make the configuration, and the date it is ready around.
 *
 * @summary The live lead time.
 * @csspart base - The wrapper.
 * @csspart label - "Lead time".
 * @csspart days - The number of days.
 * @csspart date - The date it is ready around.
 */
export class C2mLeadTime extends C2mElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      .label,
      .date {
        color: var(--_muted);
        font-size: 0.9em;
      }
      .days {
        font-weight: 600;
      }
    `,
  ];

  /** The day the count starts from (default: today). */
  now: () => Date = () => new Date();

  override render() {
    const lead = this.configuration?.state.leadTime;
    if (!lead) return nothing;
    const l = this.localize;
    const ready = new Date(this.now().getTime() + lead.days * DAY);
    return html`<div part="base">
      <div class="label" part="label">${l.term('leadTime')}</div>
      <div><span class="days" part="days">${l.term('leadTimeDays', lead.days)}</span>
      <span class="date" part="date">${l.term('readyBy', l.date(ready))}</span></div>
    </div>`;
  }
}
