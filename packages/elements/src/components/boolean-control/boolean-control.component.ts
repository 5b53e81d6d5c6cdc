import { css, html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import type { BooleanOption } from '@c2m/rules';
import { C2mControl } from '../control/control.component.js';
import { tokens } from '../../theme/tokens.js';
import { reasonText } from '../../internal/labels.js';
import { whenIdle } from '../../internal/idle.js';

/**
 * The control of a `boolean` option: a switch (WAI-ARIA `switch`). When the other value is
 * unavailable the switch is `aria-disabled`, says why, and toggling it offers the repair.
 *
 * @summary The control of a boolean option.
 * @csspart switch - The switch button.
 * @csspart track - Its track.
 * @csspart thumb - Its thumb.
 * @csspart reason - Why the other value is unavailable.
 * @event input - The switch was toggled.
 * @event change - The switch was toggled.
 */
export class C2mBooleanControl extends C2mControl<BooleanOption> {
  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      button {
        display: inline-flex;
        align-items: center;
        gap: 0.6rem;
        min-height: var(--_target);
        padding: 0.25rem 0.5rem 0.25rem 0;
        border: 0;
        background: none;
        cursor: pointer;
      }
      button[aria-disabled='true'] {
        cursor: not-allowed;
        color: var(--_muted);
      }
      .track {
        position: relative;
        width: 2.75rem;
        height: 1.5rem;
        border-radius: 1rem;
        border: 2px solid var(--_border);
        background: var(--_surface-2);
        transition: background-color var(--_duration);
      }
      .thumb {
        position: absolute;
        top: 2px;
        left: 2px;
        width: 1rem;
        height: 1rem;
        border-radius: 50%;
        background: var(--_border);
        transition: transform var(--_duration);
      }
      button[aria-checked='true'] .track {
        background: var(--_accent);
        border-color: var(--_accent);
      }
      button[aria-checked='true'] .thumb {
        transform: translateX(1.25rem);
        background: var(--_on-accent);
      }
      .reason {
        margin: 0.25rem 0 0;
        font-size: 0.85em;
        color: var(--_muted);
      }
    `,
  ];

  @state() private reason: string | undefined;
  #reasonFor = -1;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('domain')) this.reason = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('domain') && this.configuration?.explainsEagerly) whenIdle(() => this.#explain());
  }

  get #checked(): boolean {
    return this.domain.selected === true;
  }

  /** Whether the other value can be chosen without changing anything else. */
  get #otherAvailable(): boolean {
    return this.domain.values.find((v) => v.value === !this.#checked)?.available ?? true;
  }

  async #explain(): Promise<void> {
    const c = this.configuration;
    if (!c || this.#otherAvailable) return;
    const version = c.state.version;
    if (this.reason !== undefined && this.#reasonFor === version) return;
    const reason = await c.explain(this.option.id, !this.#checked);
    if (version !== c.state.version) return;
    this.#reasonFor = version;
    this.reason = reason ? reasonText(c.session.file, reason, this.localize) : undefined;
  }

  override render() {
    const disabled = !this.#otherAvailable;
    return html`<button
        type="button"
        role="switch"
        part="switch"
        aria-label=${this.label}
        aria-checked=${this.#checked ? 'true' : 'false'}
        aria-disabled=${disabled ? 'true' : 'false'}
        aria-describedby=${disabled ? 'reason' : nothing}
        @click=${() => void this.choose(!this.#checked)}
        @pointerenter=${disabled ? () => void this.#explain() : nothing}
        @focus=${disabled ? () => void this.#explain() : nothing}
      >
        <span class="track" part="track"><span class="thumb" part="thumb"></span></span>
        <span>${this.#checked ? this.localize.term('yes') : this.localize.term('no')}</span>
      </button>
      ${disabled
        ? html`<p class="reason" id="reason" part="reason" aria-live="polite">${this.reason ?? this.localize.term('unavailable')}</p>`
        : nothing}`;
  }
}
