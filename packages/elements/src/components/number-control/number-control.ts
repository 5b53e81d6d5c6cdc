import { C2mNumberControl } from './number-control.component.js';

export { C2mNumberControl };
customElements.get('c2m-number-control') ?? customElements.define('c2m-number-control', C2mNumberControl);

declare global {
  interface HTMLElementTagNameMap {
    'c2m-number-control': C2mNumberControl;
  }
}
