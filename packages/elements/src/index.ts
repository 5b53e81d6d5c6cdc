/**
 * @c2m/elements: the shop-facing custom elements. Importing this module defines every tag
 * (`<c2m-configurator>`, `<c2m-option>`, `<c2m-price>`, `<c2m-lead-time>`, `<c2m-summary>`,
 * `<c2m-order-button>`, `<c2m-history>` and the option controls; `<c2m-file-control>` and
 * `<c2m-product-issues>` are defined when a product needs them). To subclass without defining,
 * import `@c2m/elements/classes`.
 *
 * @packageDocumentation
 */
import './components/configurator/configurator.js';

// The file upload and the product-file problems are defined on demand; their classes are in `@c2m/elements/classes`.
export * from './exports.js';
