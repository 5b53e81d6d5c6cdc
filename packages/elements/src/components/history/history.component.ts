import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { C2mElement } from '../../internal/element.js';
import { tokens } from '../../theme/tokens.js';
import { shareUrl, userSelections } from '../../internal/persist.js';

/**
 * Undo, redo, start over, and a link to share the configuration. (Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z
 * work anywhere in `<c2m-configurator>`.)
 *
 * @summary Undo, redo, start over, share.
 * @csspart base - The toolbar.
 * @csspart undo - The undo button.
 * @csspart redo - The redo button.
 * @csspart reset - The start-over button.
 * @csspart share - The share button.
 * @csspart link - The shared link (also copied to the clipboard when the page may).
 */
export class C2mHistory extends C2mElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      input {
        font: inherit;
        width: 100%;
        margin-top: 0.4rem;
        padding: 0.3rem;
      }
    `,
  ];

  /** Hide the share button. */
  @property({ type: Boolean, attribute: 'no-share' }) noShare = false;
  @state() private shared: { url: string; copied: boolean } | undefined;

  async #share(): Promise<void> {
    const c = this.configuration;
    if (!c) return;
    const url = shareUrl(c.session.file, userSelections(c.state, c.session.file));
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // No clipboard permission (an iframe, an old browser): show the link to copy by hand.
    }
    this.shared = { url, copied };
  }

  override render() {
    const c = this.configuration;
    if (!c) return nothing;
    const l = this.localize;
    const s = c.state;
    const button = (part: string, label: string, enabled: boolean, run: () => unknown) =>
      html`<button type="button" class="button" part=${part} aria-disabled=${enabled ? 'false' : 'true'} @click=${() => enabled && run()}>
        ${label}
      </button>`;
    return html`<div class="bar" part="base" role="toolbar" aria-label=${l.term('undo') + ' / ' + l.term('redo')}>
        ${button('undo', l.term('undo'), s.canUndo, () => c.undo())} ${button('redo', l.term('redo'), s.canRedo, () => c.redo())}
        ${button('reset', l.term('reset'), true, () => c.reset())}
        ${this.noShare ? nothing : button('share', l.term('share'), true, () => this.#share())}
      </div>
      <div role="status">
        ${this.shared?.copied ? l.term('linkCopied') : nothing}
        ${this.shared
          ? html`<label>${l.term('linkReady')} <input part="link" readonly .value=${this.shared.url} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} /></label>`
          : nothing}
      </div>`;
  }
}
