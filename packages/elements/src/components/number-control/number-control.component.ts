import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { NumberOption } from '@c2m/rules';
import { C2mControl } from '../control/control.component.js';
import { tokens } from '../../theme/tokens.js';
import { formatNumber } from '../../internal/labels.js';

/**
 * The control of a `number` option: a slider and a number field with the unit, on the option's step.
 * The slider's track highlights the range the engine says is feasible now; a value outside it, or
 * in a hole inside it, is refused by the engine and offered with its repair.
 *
 * @summary The control of a number option.
 * @csspart slider - The range input.
 * @csspart input - The number field.
 * @csspart unit - The unit after the field.
 * @csspart feasible - The text saying which values are possible now.
 * @cssproperty --c2m-slider-feasible - Colour of the feasible part of the track.
 * @event input - The value moves (dragging, typing).
 * @event change - The value was committed.
 */
export class C2mNumberControl extends C2mControl<NumberOption> {
  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      input[type='range'] {
        flex: 1 1 12rem;
        min-height: var(--_target);
        margin: 0;
        accent-color: var(--_accent);
        background: transparent;
      }
      input[type='range']::-webkit-slider-runnable-track {
        height: 0.5rem;
        border-radius: 0.25rem;
        background: linear-gradient(
          to right,
          var(--_border-soft) var(--lo),
          var(--c2m-slider-feasible, var(--_accent)) var(--lo) var(--hi),
          var(--_border-soft) var(--hi)
        );
      }
      input[type='range']::-webkit-slider-thumb {
        margin-top: -0.5rem;
      }
      .field {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
      }
      input[type='number'] {
        font: inherit;
        color: inherit;
        width: 7.5rem;
        min-height: var(--_target);
        padding: 0.25rem 0.5rem;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
      }
      .feasible {
        margin: 0.25rem 0 0;
        font-size: 0.85em;
        color: var(--_muted);
      }
    `,
  ];

  /** The value while the shopper drags or types, before it is committed. */
  @state() private draft: number | undefined;

  get #value(): number {
    return this.draft ?? this.domain.selected ?? this.option.default ?? this.domain.feasible.min;
  }

  #percent(v: number): string {
    const { min, max } = this.option;
    return `${max === min ? 0 : ((v - min) / (max - min)) * 100}%`;
  }

  async #commit(raw: string): Promise<void> {
    const value = Number(raw);
    this.draft = undefined;
    if (raw.trim() === '' || !Number.isFinite(value)) {
      await this.choose(undefined);
      return;
    }
    await this.choose(value);
  }

  /** The inner inputs' `change` stays inside: the element fires its own once the engine took the value. */
  #onChange(e: Event): void {
    e.stopPropagation();
    void this.#commit((e.target as HTMLInputElement).value);
  }

  #onInput(e: Event): void {
    e.stopPropagation();
    const v = Number((e.target as HTMLInputElement).value);
    if (Number.isFinite(v)) this.draft = v;
    this.fireInput();
  }

  override render() {
    const { min, max, step, unit } = this.option;
    const { feasible } = this.domain;
    const value = this.#value;
    const text = formatNumber(value, unit, this.localize);
    return html`<div class="row">
        <input
          type="range"
          part="slider"
          min=${min}
          max=${max}
          step=${step}
          .value=${live(String(value))}
          aria-label=${this.label}
          aria-valuetext=${text}
          aria-describedby="feasible"
          style=${styleMap({ '--lo': this.#percent(feasible.min), '--hi': this.#percent(feasible.max) })}
          @input=${this.#onInput}
          @change=${this.#onChange}
        />
        <span class="field">
          <input
            type="number"
            part="input"
            inputmode="decimal"
            min=${min}
            max=${max}
            step=${step}
            .value=${live(String(value))}
            aria-label=${this.label}
            aria-describedby="feasible"
            @input=${this.#onInput}
            @change=${this.#onChange}
          />
          ${unit ? html`<span part="unit">${unit}</span>` : nothing}
        </span>
      </div>
      <p class="feasible" id="feasible" part="feasible">
        ${this.localize.term(
          'possibleRange',
          formatNumber(feasible.min, unit, this.localize),
          formatNumber(feasible.max, unit, this.localize),
        )}
      </p>`;
  }
}
