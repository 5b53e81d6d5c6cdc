import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { TextOption } from '@c2m/rules';
import { C2mControl } from '../control/control.component.js';
import { tokens } from '../../theme/tokens.js';

/** Length as the product file counts it: Unicode code points, not UTF-16 units. */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * The control of a `text` option (an engraving, a monogram): a field with a live character count
 * and the allowed characters. IME composition (Chinese, Japanese, Korean input) is respected: the
 * count follows the composed text and Enter that confirms a candidate does not commit the field.
 * The engine checks the text when it is committed (Enter or leaving the field).
 *
 * @summary The control of a text option.
 * @csspart input - The text field.
 * @csspart count - The character count.
 * @csspart hint - The allowed characters.
 * @event input - The text changes.
 * @event change - The text was committed.
 */
export class C2mTextControl extends C2mControl<TextOption> {
  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      input {
        font: inherit;
        color: inherit;
        width: 100%;
        max-width: 30rem;
        min-height: var(--_target);
        padding: 0.35rem 0.6rem;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
      }
      input[aria-invalid='true'] {
        border-color: var(--_danger);
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        margin-top: 0.25rem;
        font-size: 0.85em;
        color: var(--_muted);
      }
      .over {
        color: var(--_danger);
        font-weight: 600;
      }
    `,
  ];

  /** The text being typed; `undefined` when the field shows the committed value. */
  @state() private draft: string | undefined;
  #composing = false;

  get #text(): string {
    return this.draft ?? (this.domain.selected as string | undefined) ?? '';
  }

  async #commit(): Promise<void> {
    if (this.draft === undefined) return;
    const text = this.draft;
    const current = (this.domain.selected as string | undefined) ?? '';
    if (text === current) {
      this.draft = undefined;
      return;
    }
    const ok = await this.choose(text === '' ? undefined : text);
    // A refused text stays in the field, with the engine's message under it, to be corrected.
    if (ok) this.draft = undefined;
  }

  #allowed(): string | undefined {
    const classes = this.option.characters;
    if (!classes) return undefined;
    const names = this.localize.strings.characterClasses;
    const parts = classes.map((c) => names[c]);
    if (this.option.extraCharacters) parts.push(this.option.extraCharacters);
    return this.localize.term('allowedCharacters', this.localize.list(parts));
  }

  override render() {
    const text = this.#text;
    const used = codePoints(text);
    const over = used > this.option.maxLength;
    const allowed = this.#allowed();
    const invalid = over || this.invalid !== undefined;
    return html`<input
        type="text"
        part="input"
        .value=${live(text)}
        aria-label=${this.label}
        aria-describedby="count${allowed ? ' hint' : ''}"
        aria-invalid=${invalid ? 'true' : 'false'}
        ?aria-required=${this.option.required}
        autocomplete="off"
        spellcheck="false"
        @compositionstart=${() => (this.#composing = true)}
        @compositionend=${(e: CompositionEvent) => {
          this.#composing = false;
          this.draft = (e.target as HTMLInputElement).value;
        }}
        @input=${(e: InputEvent) => {
          e.stopPropagation();
          this.draft = (e.target as HTMLInputElement).value;
          if (!this.#composing) this.fireInput();
        }}
        @keydown=${(e: KeyboardEvent) => {
          // keyCode 229: the key went to an IME (some browsers report isComposing late).
          if (e.key === 'Enter' && !e.isComposing && e.keyCode !== 229 && !this.#composing) void this.#commit();
        }}
        @change=${(e: Event) => {
          e.stopPropagation();
          void this.#commit();
        }}
      />
      <div class="meta">
        <span id="count" part="count" class=${over ? 'over' : ''}>${this.localize.term('characters', used, this.option.maxLength)}</span>
        ${allowed ? html`<span id="hint" part="hint">${allowed}</span>` : nothing}
      </div>`;
  }
}
