import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FileOption, FileRef } from '@c2m/rules';
import { C2mControl } from '../control/control.component.js';
import { tokens } from '../../theme/tokens.js';

/** Uploads a file somewhere the manufacturer can fetch it; resolves with its URL. */
export type FileUploader = (file: File, option: string) => Promise<string>;

/** Width and height of an image file, or `undefined` when it is not a decodable image. */
export async function imageSize(file: File): Promise<{ width: number; height: number } | undefined> {
  if (file.type === 'image/svg+xml') {
    const url = URL.createObjectURL(file);
    try {
      const img = new Image();
      img.src = url;
      await img.decode();
      return { width: img.naturalWidth, height: img.naturalHeight };
    } catch {
      return undefined;
    } finally {
      URL.revokeObjectURL(url);
    }
  }
  try {
    const bitmap = await createImageBitmap(file);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  } catch {
    return undefined;
  }
}

async function sha256(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The control of a `file` option (e.g. a logo): checks the type, the size and the pixels before
 * anything is sent, shows a preview, and records a `FileRef` (name, type, bytes, pixels, SHA-256,
 * and the URL from the configurator's `uploadFile` hook when one is set).
 *
 * @summary The control of a file option.
 * @csspart input - The file input.
 * @csspart preview - The preview image.
 * @csspart remove - The remove button.
 * @csspart limits - What files are accepted.
 * @event input - A file was chosen or removed.
 * @event change - A file was chosen or removed.
 */
export class C2mFileControl extends C2mControl<FileOption> {
  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      input[type='file'] {
        font: inherit;
        min-height: var(--_target);
      }
      img {
        width: 4rem;
        height: 4rem;
        object-fit: contain;
        border: 1px solid var(--_border-soft);
        border-radius: var(--_radius);
        background: var(--_surface-2);
      }
      .limits {
        margin: 0.25rem 0 0;
        font-size: 0.85em;
        color: var(--_muted);
      }
    `,
  ];

  /** Uploads the chosen file; without it the `FileRef` carries no URL (the bytes travel separately). */
  @property({ attribute: false }) uploader: FileUploader | undefined;
  @state() private error: string | undefined;
  @state() private preview: string | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.preview) URL.revokeObjectURL(this.preview);
  }

  /** Checks a file against the option's limits; the message says what is wrong, or `undefined`. */
  async check(file: File): Promise<{ message?: string; size?: { width: number; height: number } }> {
    const o = this.option;
    const l = this.localize;
    if (!o.accept.includes(file.type)) return { message: l.term('fileWrongType', l.list(o.accept, 'disjunction')) };
    if (file.size > o.maxBytes) return { message: l.term('fileTooLarge', l.bytes(o.maxBytes)) };
    if (!file.type.startsWith('image/')) return {};
    const size = await imageSize(file);
    if (!size) return { message: l.term('fileUnreadable') };
    if ((o.maxWidth && size.width > o.maxWidth) || (o.maxHeight && size.height > o.maxHeight)) {
      return { message: l.term('fileTooManyPixels', o.maxWidth ?? size.width, o.maxHeight ?? size.height) };
    }
    return { size };
  }

  async #onChange(e: Event): Promise<void> {
    e.stopPropagation();
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const { message, size } = await this.check(file);
    if (message) {
      this.error = message;
      input.value = '';
      return;
    }
    this.error = undefined;
    const ref: FileRef = { name: file.name, type: file.type, bytes: file.size, sha256: await sha256(file), ...size };
    const uploader = this.uploader ?? this.configuration?.uploader;
    if (uploader) {
      try {
        ref.url = await uploader(file, this.option.id);
      } catch (err) {
        this.error = this.localize.term('fileUploadFailed', err instanceof Error ? err.message : String(err));
        input.value = '';
        return;
      }
    }
    if (await this.choose(ref)) {
      if (this.preview) URL.revokeObjectURL(this.preview);
      this.preview = file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined;
    }
  }

  async #remove(): Promise<void> {
    if (await this.choose(undefined)) {
      if (this.preview) URL.revokeObjectURL(this.preview);
      this.preview = undefined;
      this.renderRoot.querySelector('input')?.focus();
    }
  }

  override render() {
    const o = this.option;
    const l = this.localize;
    const selected = this.domain.selected as FileRef | undefined;
    const limits = [l.term('fileLimits', l.list(o.accept), l.bytes(o.maxBytes))];
    if (o.maxWidth || o.maxHeight) limits.push(l.term('fileMaxPixels', o.maxWidth ?? 0, o.maxHeight ?? 0));
    return html`<div class="row">
        <input
          type="file"
          part="input"
          accept=${o.accept.join(',')}
          aria-label=${this.label}
          aria-describedby="limits${this.error ? ' error' : ''}"
          aria-invalid=${this.error ? 'true' : 'false'}
          @change=${this.#onChange}
          @input=${(e: Event) => e.stopPropagation()}
        />
        ${selected && this.preview ? html`<img part="preview" src=${this.preview} alt=${selected.name} />` : nothing}
        ${selected
          ? html`<span>${selected.name}</span>
              <button type="button" class="button" part="remove" @click=${this.#remove}>${l.term('fileRemove')}</button>`
          : nothing}
      </div>
      <p class="limits" id="limits" part="limits">${limits.join('; ')}</p>
      ${this.error ? html`<p class="message error" id="error" role="alert">${this.error}</p>` : nothing}`;
  }
}
