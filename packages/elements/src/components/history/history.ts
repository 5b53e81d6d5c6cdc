import { C2mHistory } from './history.component.js';

export { C2mHistory };
customElements.get('c2m-history') ?? customElements.define('c2m-history', C2mHistory);

declare global {
  interface HTMLElementTagNameMap {
    'c2m-history': C2mHistory;
  }
}
