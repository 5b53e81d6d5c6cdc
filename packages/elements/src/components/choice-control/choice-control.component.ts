import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { ChoiceOption, ChoiceValue } from '@c2m/rules';
import { C2mControl } from '../control/control.component.js';
import { tokens } from '../../theme/tokens.js';
import { reasonText } from '../../internal/labels.js';
import { whenIdle } from '../../internal/idle.js';
import { styles } from './choice-control.styles.js';

/** Above this many values without pictures, a choice is a drop-down list. */
export const SELECT_THRESHOLD = 8;

/**
 * The control of a `choice` option: swatches (colour or image) or a list, both with radio-group
 * semantics and arrow keys (WAI-ARIA APG radio group), or a drop-down for long lists. Unavailable
 * values stay visible and focusable, marked `aria-disabled`, with the engine's reason as their
 * description (shown on hover and focus); choosing one offers the repair.
 *
 * @summary The control of a choice option.
 * @csspart values - The radio group.
 * @csspart value - One value.
 * @csspart selected - The selected value (with `value`).
 * @csspart unavailable - An unavailable value (with `value`).
 * @csspart swatch - A value's colour swatch.
 * @csspart image - A value's image.
 * @csspart select - The drop-down, for long lists.
 * @cssproperty --c2m-swatch-size - Size of swatches and value images. Default 2.75rem.
 * @event input - A value was chosen.
 * @event change - A value was chosen.
 */
export class C2mChoiceControl extends C2mControl<ChoiceOption> {
  static override styles = [tokens, styles];

  /** Value id → why it is unavailable, for the current state. */
  @state() private reasons = new Map<string, string>();
  /** The value that has the roving tab stop. */
  @state() private active: string | undefined;
  @state() private tapped: string | undefined;
  /** Values whose image failed to load: their colour swatch (if any) is shown instead. */
  @state() private brokenImages = new Set<string>();
  #explainedFor = -1;

  get layout(): 'swatches' | 'list' | 'select' {
    const values = this.option.values;
    if (values.some((v) => v.swatch || v.image)) return 'swatches';
    return values.length > SELECT_THRESHOLD ? 'select' : 'list';
  }

  #stale = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const version = this.configuration?.state.version ?? -1;
    // Reasons belong to one state: a new domain drops them (in this update, not another one).
    if (changed.has('domain') && version !== this.#explainedFor) {
      this.#explainedFor = version;
      this.#stale = true;
      if (this.reasons.size) this.reasons = new Map();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#stale && this.configuration?.explainsEagerly) {
      for (const v of this.domain.values) if (!v.available) whenIdle(() => this.#explain(String(v.value)));
    }
    this.#stale = false;
  }

  /**
   * Fetches why a value is unavailable, for its description (up front for small products, on
   * hover and focus otherwise). The configuration caches reasons per state.
   */
  async #explain(id: string): Promise<void> {
    const c = this.configuration;
    if (!c || this.#stateOf(id)?.available !== false) return;
    const version = c.state.version;
    // A reason belongs to the state it was computed for, even when the value stayed unavailable.
    if (this.#explainedFor !== version) {
      this.#explainedFor = version;
      this.reasons = new Map();
    }
    if (this.reasons.has(id)) return;
    const reason = await c.explain(this.option.id, id);
    if (version !== c.state.version || !reason) return;
    this.reasons = new Map(this.reasons).set(id, reasonText(c.session.file, reason, this.localize));
  }

  #stateOf(id: string) {
    return this.domain.values.find((v) => v.value === id);
  }

  #tabStop(): string | undefined {
    const values = this.option.values;
    if (this.active && values.some((v) => v.id === this.active)) return this.active;
    return (this.domain.selected as string | undefined) ?? values[0]?.id;
  }

  #onKeydown(e: KeyboardEvent): void {
    const values = this.option.values;
    const i = values.findIndex((v) => v.id === this.#tabStop());
    let next = i;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        next = (i + 1) % values.length;
        break;
      case 'ArrowUp':
      case 'ArrowLeft':
        next = (i - 1 + values.length) % values.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = values.length - 1;
        break;
      case ' ':
      case 'Enter':
        e.preventDefault();
        void this.#pick(values[i]!.id);
        return;
      default:
        return;
    }
    e.preventDefault();
    const id = values[next]!.id;
    this.active = id;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-value="${CSS.escape(id)}"]`)?.focus());
    // Arrow keys check the value they move to (APG), unless it is unavailable: that needs Space/Enter.
    if (this.#stateOf(id)?.available) void this.#pick(id);
  }

  async #pick(id: string): Promise<void> {
    this.active = id;
    if (this.domain.selected === id) return;
    await this.choose(id);
  }

  #onClick(id: string, e: MouseEvent): void {
    // A tap (no hover on touch screens) also reveals the reason of an unavailable value.
    this.tapped = (e as PointerEvent).pointerType === 'touch' ? id : undefined;
    void this.#pick(id);
  }

  #renderValue(v: ChoiceValue, index: number, tabStop: string | undefined) {
    const s = this.#stateOf(v.id);
    const available = s?.available ?? true;
    const selected = this.domain.selected === v.id;
    const reason = this.reasons.get(v.id);
    const currency = this.configuration?.session.file.product.currency ?? 'XXX';
    const layout = this.layout;
    const part = `value${selected ? ' selected' : ''}${available ? '' : ' unavailable'}`;
    return html`<div
      role="radio"
      class="value${this.tapped === v.id ? ' tapped' : ''}"
      part=${part}
      data-value=${v.id}
      tabindex=${tabStop === v.id ? 0 : -1}
      aria-checked=${selected ? 'true' : 'false'}
      aria-disabled=${available ? 'false' : 'true'}
      aria-describedby=${available ? nothing : `reason-${index}`}
      @click=${(e: MouseEvent) => this.#onClick(v.id, e)}
      @pointerenter=${available ? nothing : () => void this.#explain(v.id)}
      @focus=${available ? nothing : () => void this.#explain(v.id)}
    >
      ${layout === 'list' ? html`<span class="mark" aria-hidden="true"></span>` : nothing}
      ${v.image && !this.brokenImages.has(v.id)
        ? html`<img
            part="image"
            src=${this.configuration?.resolve(v.image) ?? v.image}
            alt=""
            loading="lazy"
            @error=${() => (this.brokenImages = new Set(this.brokenImages).add(v.id))}
          />`
        : v.swatch
          ? html`<span part="swatch" class="swatch" style=${styleMap({ background: v.swatch })}></span>`
          : nothing}
      <span class="text">
        <span class="label">${this.t(v.label)}</span>
        ${v.price ? html`<span class="delta">${this.localize.moneyDelta(v.price, currency)}</span>` : nothing}
        ${available ? nothing : html`<span class="state">${this.localize.term('unavailable')}</span>`}
      </span>
      ${available
        ? nothing
        : html`<span class="reason" id=${`reason-${index}`} aria-live="polite">${reason ?? this.localize.term('unavailable')}</span>`}
    </div>`;
  }

  #renderSelect() {
    const selected = (this.domain.selected as string | undefined) ?? '';
    return html`<select
      part="select"
      aria-label=${this.label}
      .value=${live(selected)}
      @change=${async (e: Event) => {
        const select = e.target as HTMLSelectElement;
        e.stopPropagation();
        if (!(await this.choose(select.value))) select.value = (this.domain.selected as string | undefined) ?? '';
      }}
    >
      ${selected === '' ? html`<option value="" disabled>${this.localize.term('choose')}</option>` : nothing}
      ${this.option.values.map((v) => {
        const available = this.#stateOf(v.id)?.available ?? true;
        const label = this.t(v.label);
        return html`<option value=${v.id} ?selected=${v.id === selected}>
          ${available ? label : `${label} (${this.localize.term('unavailable')})`}
        </option>`;
      })}
    </select>`;
  }

  override render() {
    if (this.layout === 'select') return this.#renderSelect();
    const tabStop = this.#tabStop();
    return html`<div
      role="radiogroup"
      part="values"
      class="values ${this.layout}"
      aria-label=${this.label}
      @keydown=${this.#onKeydown}
    >
      ${this.option.values.map((v, i) => this.#renderValue(v, i, tabStop))}
    </div>`;
  }
}
