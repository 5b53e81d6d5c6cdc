import { C2mLeadTime } from './lead-time.component.js';

export { C2mLeadTime };
customElements.get('c2m-lead-time') ?? customElements.define('c2m-lead-time', C2mLeadTime);

declare global {
  interface HTMLElementTagNameMap {
    'c2m-lead-time': C2mLeadTime;
  }
}
