/**
 * The base of every part: the shared tokens, localization, and the configuration from context (or
 * set directly as a property when a part is used without a configurator).
 */
import { LitElement, type PropertyValues } from 'lit';
import { consume } from '@lit/context';
import { property } from 'lit/decorators.js';
import { configurationContext, ConfigurationController } from '../context.js';
import type { Configuration } from '../configuration.js';
import { LocalizeController } from '../i18n/localize.js';
import { tokens } from '../theme/tokens.js';

export class C2mElement extends LitElement {
  static override styles = [tokens];

  /** Localization: language from `lang` here or on the nearest ancestor. */
  protected readonly localize = new LocalizeController(this);
  readonly #watch = new ConfigurationController(this);

  /**
   * The configuration this part shows and changes. Provided by the enclosing `<c2m-configurator>`;
   * set it yourself to use a part elsewhere.
   */
  @consume({ context: configurationContext, subscribe: true })
  @property({ attribute: false })
  configuration: Configuration | undefined;

  /** `light` or `dark` to force a colour scheme; by default the user's preference (`prefers-color-scheme`). */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;

  /**
   * Whether every change of the configuration re-renders this element. Controls say no: their
   * `<c2m-option>` hands them their domain, so that an option whose domain did not change costs nothing.
   */
  protected watchesConfiguration(): boolean {
    return true;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('configuration')) this.#watch.attach(this.watchesConfiguration() ? this.configuration : undefined);
  }
}
