import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { Option, OptionDomain } from '@c2m/rules';
import { C2mElement } from '../../internal/element.js';
import { tokens } from '../../theme/tokens.js';
import { customControl, onControlsChanged } from '../../internal/registry.js';
import { findOption, optionLabel, reasonText, valueLabel } from '../../internal/labels.js';
import { CONTROL_PARTS, exportParts } from '../../internal/parts.js';
import { langGeneration } from '../../i18n/localize.js';
import { styles } from './option.styles.js';

const CONTROL_EXPORTS = exportParts(CONTROL_PARTS);

/** Whether two domains of one option say the same (cheaper than serializing them). */
export function sameDomain(a: OptionDomain | undefined, b: OptionDomain | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.type !== b.type || a.applicable !== b.applicable || a.selected !== b.selected) return false;
  switch (a.type) {
    case 'choice':
    case 'boolean': {
      const bv = (b as typeof a).values;
      return a.forced === (b as typeof a).forced && a.values.length === bv.length && a.values.every((v, i) => v.value === bv[i]!.value && v.available === bv[i]!.available && v.selected === bv[i]!.selected);
    }
    case 'number': {
      const n = b as typeof a;
      return a.feasible.min === n.feasible.min && a.feasible.max === n.feasible.max && a.min === n.min && a.max === n.max;
    }
    default: {
      const p = b as typeof a;
      return a.canBeSet === p.canBeSet && a.canBeEmpty === p.canBeEmpty;
    }
  }
}

const builtIn: Record<Option['type'], string> = {
  choice: 'c2m-choice-control',
  boolean: 'c2m-boolean-control',
  number: 'c2m-number-control',
  text: 'c2m-text-control',
  file: 'c2m-file-control',
};

/**
 * One option of the product: its label, description and control, the engine's message when an
 * entered value is refused, the repair offered for an unavailable value, and a note when a default
 * gave way. Shows nothing while the option does not apply (`when`). The control is the built-in one
 * for the option's type, or the custom element registered with `registerControl`.
 *
 * @summary One option with its control.
 * @slot description - Replaces the product file's description of the option.
 * @csspart base - The wrapper.
 * @csspart label - The option's name (with the current value).
 * @csspart description - Its description.
 * @csspart control - The control element.
 * @csspart error - Why an entered value was refused.
 * @csspart offer - The repair offered for an unavailable value.
 * @csspart apply - The button applying the repair.
 * @csspart cancel - The button keeping the current choices.
 * @csspart note - What changed by itself with the last choice.
 * @csspart values - (and every other part of the built-in controls) exported from the control.
 * @cssproperty --c2m-option-gap - Space above and below the option. Default 1.25rem.
 */
export class C2mOption extends C2mElement {
  static override styles = [tokens, styles];

  /** The option's id in the product file. */
  @property({ reflect: true }) option = '';

  #offerShown = false;
  #stopControls: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stopControls = onControlsChanged(() => {
      this.#rendered = undefined;
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopControls?.();
  }

  get #domain(): OptionDomain | undefined {
    return this.configuration?.domain(this.option);
  }

  /** What the last render used: an option renders again only when one of these changed. */
  #rendered: { state: unknown; domain: OptionDomain | undefined; offer: unknown; notes: unknown; invalid: unknown; lang: number } | undefined;

  /**
   * Large products have thousands of options: one whose domain did not change is not rendered again
   * (its control then explains an unavailable value when pointed at). Small products render every
   * option after every change, so that every reason shown is the current state's.
   */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    const c = this.configuration;
    const now = {
      state: c?.state,
      domain: this.#domain,
      offer: c?.offer?.option === this.option ? c.offer : undefined,
      notes: c?.notes,
      invalid: c?.invalid.get(this.option),
      lang: langGeneration(),
    };
    const last = this.#rendered;
    this.#rendered = now;
    if (changed.size > 0 || !last || !c || c.explainsEagerly) return true;
    if (now.offer !== last.offer || now.invalid !== last.invalid || now.lang !== last.lang) return true;
    if (now.notes !== last.notes && (c.notes.some((n) => n.option === this.option) || (last.notes as typeof c.notes).some((n) => n.option === this.option))) return true;
    if (now.state === last.state) return false;
    return !sameDomain(now.domain, last.domain);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // A new offer takes the focus, so that a keyboard user hears it and can apply it at once.
    const offered = this.configuration?.offer?.option === this.option;
    if (offered && !this.#offerShown) this.renderRoot.querySelector<HTMLElement>('[part~="apply"], [part~="cancel"]')?.focus();
    this.#offerShown = offered;
  }

  /** Puts the focus on the control. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLElement>('[part~="control"]')?.focus(options);
  }

  #renderOffer() {
    const c = this.configuration!;
    const offer = c.offer;
    if (!offer || offer.option !== this.option) return nothing;
    const file = c.session.file;
    const l = this.localize;
    const value = valueLabel(file, offer.option, offer.value, l);
    const reason = offer.reason ? reasonText(file, offer.reason, l) : '';
    const cancel = () => {
      c.dismissOffer();
      this.focus();
    };
    if (!offer.repair) {
      return html`<div class="offer" part="offer" role="group" aria-labelledby="offer-text">
        <p id="offer-text">${l.term('repairImpossible', value)} ${reason ? html`<span class="reason">${reason}</span>` : nothing}</p>
        <div class="actions"><button type="button" class="button" part="cancel" @click=${cancel}>${l.term('repairCancel')}</button></div>
      </div>`;
    }
    const changes = offer.repair.changes.map((ch) =>
      ch.to === undefined
        ? l.term('repairClear', optionLabel(file, ch.option, l))
        : l.term('repairChange', optionLabel(file, ch.option, l), valueLabel(file, ch.option, ch.to, l)),
    );
    const text = changes.length ? l.term('repairOffer', value, l.list(changes)) : l.term('repairOfferNoChanges', value);
    return html`<div
      class="offer"
      part="offer"
      role="group"
      aria-labelledby="offer-text"
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') cancel();
      }}
    >
      <p id="offer-text">${text} ${reason ? html`<span class="reason">${reason}</span>` : nothing}</p>
      <div class="actions">
        <button
          type="button"
          class="button primary"
          part="apply"
          @click=${async () => {
            await c.applyOffer();
            this.focus();
          }}
        >
          ${l.term('repairApply')}
        </button>
        <button type="button" class="button" part="cancel" @click=${cancel}>${l.term('repairCancel')}</button>
      </div>
    </div>`;
  }

  #renderNotes() {
    const c = this.configuration!;
    const notes = c.notes.filter((n) => n.option === this.option);
    if (!notes.length) return nothing;
    const file = c.session.file;
    const l = this.localize;
    return notes.map((n) => {
      const label = optionLabel(file, n.option, l);
      const text = n.to === undefined ? l.term('defaultCleared', label) : l.term('defaultChanged', label, valueLabel(file, n.option, n.to, l));
      return html`<p class="note" part="note">${text} ${n.reason ? reasonText(file, n.reason, l) : ''}</p>`;
    });
  }

  override render() {
    const c = this.configuration;
    const domain = this.#domain;
    if (!c || !domain || !domain.applicable) return nothing;
    const file = c.session.file;
    const option = findOption(file, this.option);
    if (!option) return nothing;
    const l = this.localize;
    const tag = customControl(option.id, option.type) ?? builtIn[option.type];
    const invalid = c.invalid.get(this.option);
    const description = l.text(option.description, file.product.defaultLocale);
    const current = option.type === 'choice' || option.type === 'boolean' ? valueLabel(file, option.id, domain.selected, l) : '';
    return html`<div part="base" class="base">
      <div class="label" part="label" id="label">
        <span>${l.text(option.label, file.product.defaultLocale)}</span>
        ${current ? html`<span class="current">${current}</span>` : nothing}
      </div>
      <slot name="description">${description ? html`<p class="description" part="description">${description}</p>` : nothing}</slot>
      ${staticHtml`<${unsafeStatic(tag)}
        part="control"
        exportparts=${CONTROL_EXPORTS}
        .option=${option}
        .domain=${domain}
        .configuration=${c}
        .invalid=${invalid}
      ></${unsafeStatic(tag)}>`}
      ${invalid ? html`<p class="message error" part="error" role="alert">${invalid}</p>` : nothing}
      ${this.#renderOffer()} ${this.#renderNotes()}
    </div>`;
  }
}
