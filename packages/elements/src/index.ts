/**
 * @c2m/elements: the shop-facing custom elements. Importing this module defines every tag
 * (`<c2m-configurator>`, `<c2m-option>`, `<c2m-price>`, `<c2m-lead-time>`, `<c2m-summary>`,
 * `<c2m-order-button>`, `<c2m-history>`, `<c2m-product-issues>` and the option controls). To
 * subclass without defining, import `@c2m/elements/classes`.
 *
 * @packageDocumentation
 */
import './components/configurator/configurator.js';

export * from './classes.js';
