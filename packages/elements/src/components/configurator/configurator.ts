import { C2mConfigurator } from './configurator.component.js';
import '../option/option.js';
import '../price/price.js';
import '../lead-time/lead-time.js';
import '../order-button/order-button.js';

export { C2mConfigurator };
customElements.get('c2m-configurator') ?? customElements.define('c2m-configurator', C2mConfigurator);

declare global {
  interface HTMLElementTagNameMap {
    'c2m-configurator': C2mConfigurator;
  }
}
