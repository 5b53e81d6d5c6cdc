import { C2mOption } from './option.component.js';
import '../choice-control/choice-control.js';
import '../boolean-control/boolean-control.js';
import '../number-control/number-control.js';
import '../text-control/text-control.js';
import '../file-control/file-control.js';

export { C2mOption };
customElements.get('c2m-option') ?? customElements.define('c2m-option', C2mOption);

declare global {
  interface HTMLElementTagNameMap {
    'c2m-option': C2mOption;
  }
}
