import { css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { ProductIssue } from '@c2m/rules';
import { formatPath } from '@c2m/rules';
import { LitElement } from 'lit';
import { LocalizeController } from '../../i18n/localize.js';
import { tokens } from '../../theme/tokens.js';

/**
 * What is wrong with a product file that could not be loaded: every problem with its line and
 * column and its JSON path, so that a manufacturer (or a shop's developer) can fix it.
 *
 * @summary The problems of a product file.
 * @csspart base - The wrapper (an alert).
 * @csspart heading - The sentence above the list.
 * @csspart list - The list of problems.
 * @csspart issue - One problem.
 * @csspart position - Its line and column.
 */
export class C2mProductIssues extends LitElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      .base {
        padding: var(--_space);
        border: 2px solid var(--_danger);
        border-radius: var(--_radius);
        background: var(--_surface);
      }
      p {
        margin: 0 0 0.5rem;
        font-weight: 600;
      }
      ol {
        margin: 0;
        padding-inline-start: 1.5rem;
      }
      li {
        margin-block: 0.3rem;
      }
      .where {
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        font-size: 0.85em;
        color: var(--_muted);
      }
      .warning {
        color: var(--_muted);
      }
    `,
  ];

  protected readonly localize = new LocalizeController(this);

  /** The problems, as `@c2m/rules` reports them. */
  @property({ attribute: false }) issues: ProductIssue[] = [];
  /** A sentence instead of the default heading (e.g. why the file could not be fetched). */
  @property() heading = '';

  override render() {
    const l = this.localize;
    const errors = this.issues.filter((i) => i.severity === 'error');
    return html`<div class="base" part="base" role="alert">
      <p part="heading">${this.heading || l.term('productInvalid', errors.length)}</p>
      ${errors.length
        ? html`<ol part="list">
            ${errors.map(
              (i) => html`<li part="issue">
                ${i.message}
                <div class="where">
                  ${i.source ? html`<span part="position">${l.term('issueAt', i.source.line, i.source.column)}</span> · ` : nothing}
                  <code>${formatPath(i.path)}</code>
                </div>
              </li>`,
            )}
          </ol>`
        : nothing}
    </div>`;
  }
}
