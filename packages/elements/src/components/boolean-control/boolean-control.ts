import { C2mBooleanControl } from './boolean-control.component.js';

export { C2mBooleanControl };
customElements.get('c2m-boolean-control') ?? customElements.define('c2m-boolean-control', C2mBooleanControl);

declare global {
  interface HTMLElementTagNameMap {
    'c2m-boolean-control': C2mBooleanControl;
  }
}
