import { css, html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { C2mElement } from '../../internal/element.js';
import { tokens } from '../../theme/tokens.js';
import { findOption, valueLabel } from '../../internal/labels.js';

/** Above this many options that apply, the summary is folded (a `<details>`) until opened. */
export const SUMMARY_FOLD = 60;

/**
 * What the shopper has configured: every option that applies, with its value (folded for products
 * with more than {@link SUMMARY_FOLD} of them).
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
      h3,
      summary {
        margin: 0 0 0.5rem;
        font-size: 1em;
        font-weight: 600;
      }
      summary {
        cursor: pointer;
        min-height: var(--_target);
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

  #shown: { state: unknown; strings: unknown; lang: string } | undefined;

  /** Renders again only for a new state or language: a product may have thousands of options to list. */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    const now = { state: this.configuration?.state, strings: this.localize.strings, lang: this.localize.lang };
    const last = this.#shown;
    this.#shown = now;
    return changed.size > 0 || !last || last.state !== now.state || last.strings !== now.strings || last.lang !== now.lang;
  }

  /** Whether the folded list of a large product is open. */
  @state() private open = false;

  override render() {
    const c = this.configuration;
    if (!c) return nothing;
    const file = c.session.file;
    const l = this.localize;
    const state = c.state;
    const shown = state.domains.filter((d) => d.applicable);
    const list = () => html`<dl part="list">
      ${shown.map((d) => {
        const option = findOption(file, d.option)!;
        return html`<dt part="item">${l.text(option.label, file.product.defaultLocale)}</dt>
          <dd>${valueLabel(file, d.option, state.selections[d.option], l)}</dd>`;
      })}
    </dl>`;
    if (shown.length <= SUMMARY_FOLD) return html`<div part="base"><h3 part="heading">${l.term('summary')}</h3>${list()}</div>`;
    // Thousands of lines would be read by nobody and cost every change: folded, rendered when opened.
    return html`<details part="base" @toggle=${(e: Event) => (this.open = (e.target as HTMLDetailsElement).open)}>
      <summary part="heading">${l.term('summaryCount', l.number(shown.length))}</summary>
      ${this.open ? list() : nothing}
    </details>`;
  }
}
