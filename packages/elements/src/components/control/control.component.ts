import type {
  BooleanOption,
  ChoiceOption,
  DiscreteDomain,
  FileOption,
  LocalizedText,
  NumberDomain,
  NumberOption,
  Option,
  PresenceDomain,
  SelectionValue,
  TextOption,
} from '@c2m/rules';
import { property } from 'lit/decorators.js';
import { C2mElement } from '../../internal/element.js';

/**
 * The base of every option control, built-in or custom: it gets the option, its current domain
 * and the configuration from its `<c2m-option>`, and chooses values through {@link C2mControl.choose},
 * which handles unavailable values (the repair offer) and fires the native `input` and `change`
 * events like a form control. Extend it and register the subclass with `registerControl`.
 *
 * @summary Base class of option controls (not a tag of its own).
 * @event input - The value changed (also while dragging a slider or typing).
 * @event change - The value was committed to the configuration.
 */
export class C2mControl<O extends Option = Option> extends C2mElement {
  static override shadowRootOptions: ShadowRootInit = { ...C2mElement.shadowRootOptions, delegatesFocus: true };

  /** The option, as in the product file. */
  @property({ attribute: false }) option!: O;
  /** The option's valid domain now. */
  @property({ attribute: false }) domain!: DomainOf<O['type']>;

  /** Why the engine refused the last value entered, if it did. */
  @property({ attribute: false }) invalid: string | undefined;

  protected override watchesConfiguration(): boolean {
    return false;
  }

  /** The accessible name of the control: the option's label in the shopper's language. */
  protected get label(): string {
    return this.t(this.option.label);
  }

  /** The product's default language, for product-file texts. */
  protected get defaultLocale(): string {
    return this.configuration?.session.file.product.defaultLocale ?? 'en';
  }

  /** Text of the product file in the shopper's language. */
  protected t(text: LocalizedText | undefined): string {
    return this.localize.text(text, this.defaultLocale);
  }

  /** Fires the native `input` event on the element (composed, like a built-in control's). */
  protected fireInput(): void {
    this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }

  /**
   * Chooses `value` (or clears the option with `undefined`). Resolves with whether the value was
   * taken; an unavailable value is offered with its repair instead.
   */
  async choose(value: SelectionValue | undefined): Promise<boolean> {
    const c = this.configuration;
    if (!c) return false;
    const result = value === undefined ? await c.clear(this.option.id) : await c.select(this.option.id, value);
    if (result.ok) {
      this.fireInput();
      this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    }
    return result.ok;
  }
}

/** The domain type of an option type. */
export type DomainOf<T extends Option['type']> = T extends 'choice' | 'boolean' ? DiscreteDomain : T extends 'number' ? NumberDomain : PresenceDomain;

export type { ChoiceOption, NumberOption, TextOption, BooleanOption, FileOption };
