import { C2mOrderButton } from './order-button.component.js';

export { C2mOrderButton };
customElements.get('c2m-order-button') ?? customElements.define('c2m-order-button', C2mOrderButton);

declare global {
  interface HTMLElementTagNameMap {
    'c2m-order-button': C2mOrderButton;
  }
}
