import { C2mFileControl } from './file-control.component.js';

export { C2mFileControl };
customElements.get('c2m-file-control') ?? customElements.define('c2m-file-control', C2mFileControl);

declare global {
  interface HTMLElementTagNameMap {
    'c2m-file-control': C2mFileControl;
  }
}
