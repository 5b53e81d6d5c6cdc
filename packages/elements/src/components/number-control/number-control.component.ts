import { css, html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { cssProps } from '../../internal/css-props.js';
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
        background: var(--track);
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
  /** Values inside the feasible range that are not possible now (probed), for this state. */
  @state() private holes: number[] = [];
  #holesFor = -1;

  /** A number's holes depend on every other value: the control follows each new state itself. */
  protected override watchesConfiguration(): boolean {
    return true;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const c = this.configuration;
    // Probed up front where it costs the page nothing (the worker) or little (small products);
    // elsewhere when the shopper turns to the control.
    if (c && this.#holesFor !== c.state.version && (c.session.mode === 'worker' || c.explainsEagerly)) this.#probe();
  }

  #probe(): void {
    const c = this.configuration;
    if (!c || this.#holesFor === c.state.version) return;
    const version = (this.#holesFor = c.state.version);
    void c.holes(this.option.id).then((holes) => {
      if (c.state.version === version) this.holes = holes ?? [];
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Holes belong to one state: shown until the new state's are known, they could be wrong.
    if (this.#holesFor !== this.configuration?.state.version && this.holes.length) this.holes = [];
  }

  /** The holes as ranges of consecutive grid values: `[[80, 85]]`. */
  #holeRanges(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    const step = this.option.step;
    for (const v of this.holes) {
      const last = out[out.length - 1];
      if (last && Math.abs(v - last[1] - step) < step / 1e6) last[1] = v;
      else out.push([v, v]);
    }
    return out;
  }

  /** The track: possible values highlighted, holes (half a step either side of each) not. */
  #track(): string {
    const { feasible } = this.domain;
    const half = this.option.step / 2;
    const off = 'var(--_border-soft)';
    const on = 'var(--c2m-slider-feasible, var(--_accent))';
    if (feasible.max < feasible.min) return `linear-gradient(${off}, ${off})`;
    const stops = [`${off} 0 ${this.#percent(feasible.min)}`];
    let from = feasible.min;
    for (const [a, b] of this.#holeRanges()) {
      stops.push(`${on} ${this.#percent(from)} ${this.#percent(a - half)}`, `${off} ${this.#percent(a - half)} ${this.#percent(b + half)}`);
      from = b + half;
    }
    stops.push(`${on} ${this.#percent(from)} ${this.#percent(feasible.max)}`, `${off} ${this.#percent(feasible.max)} 100%`);
    return `linear-gradient(to right, ${stops.join(', ')})`;
  }

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

  /** "Possible now: 70 to 100 mm, except 80 to 85 mm". */
  #possible(): string {
    const { unit } = this.option;
    const { feasible } = this.domain;
    const l = this.localize;
    const n = (v: number) => formatNumber(v, unit, l);
    if (feasible.max < feasible.min) return l.term('possibleNone');
    const ranges = this.#holeRanges().map(([a, b]) => (a === b ? n(a) : l.term('range', n(a), n(b))));
    return ranges.length ? l.term('possibleExcept', n(feasible.min), n(feasible.max), l.list(ranges)) : l.term('possibleRange', n(feasible.min), n(feasible.max));
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
          ${cssProps({ '--track': this.#track() })}
          @focus=${this.#probe}
          @pointerenter=${this.#probe}
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
            @focus=${this.#probe}
            @input=${this.#onInput}
            @change=${this.#onChange}
          />
          ${unit ? html`<span part="unit">${unit}</span>` : nothing}
        </span>
      </div>
      <p class="feasible" id="feasible" part="feasible">
        ${this.#possible()}
      </p>`;
  }
}
