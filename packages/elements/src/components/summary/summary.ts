import { C2mSummary } from './summary.component.js';

export { C2mSummary };
customElements.get('c2m-summary') ?? customElements.define('c2m-summary', C2mSummary);

declare global {
  interface HTMLElementTagNameMap {
    'c2m-summary': C2mSummary;
  }
}
