import { C2mChoiceControl } from './choice-control.component.js';

export { C2mChoiceControl };
customElements.get('c2m-choice-control') ?? customElements.define('c2m-choice-control', C2mChoiceControl);

declare global {
  interface HTMLElementTagNameMap {
    'c2m-choice-control': C2mChoiceControl;
  }
}
