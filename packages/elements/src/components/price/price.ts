import { C2mPrice } from './price.component.js';

export { C2mPrice };
customElements.get('c2m-price') ?? customElements.define('c2m-price', C2mPrice);

declare global {
  interface HTMLElementTagNameMap {
    'c2m-price': C2mPrice;
  }
}
