import { C2mProductIssues } from './product-issues.component.js';

export { C2mProductIssues };
customElements.get('c2m-product-issues') ?? customElements.define('c2m-product-issues', C2mProductIssues);

declare global {
  interface HTMLElementTagNameMap {
    'c2m-product-issues': C2mProductIssues;
  }
}
