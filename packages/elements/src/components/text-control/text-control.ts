import { C2mTextControl } from './text-control.component.js';

export { C2mTextControl };
customElements.get('c2m-text-control') ?? customElements.define('c2m-text-control', C2mTextControl);

declare global {
  interface HTMLElementTagNameMap {
    'c2m-text-control': C2mTextControl;
  }
}
