/**
 * @c2m/elements: the shop-facing custom elements. Importing this module defines every tag
 * (`<c2m-configurator>`, `<c2m-option>`, `<c2m-price>`, `<c2m-lead-time>`, `<c2m-order-button>`
 * and the option controls; `<c2m-file-control>` and `<c2m-product-issues>` are defined when a
 * product needs them, `<c2m-summary>` and `<c2m-history>` once a configurator has shown its
 * product). To subclass without defining, import `@c2m/elements/classes`.
 *
 * @packageDocumentation
 */
import './components/configurator/configurator.js';

// The file upload, the product-file problems, the summary and the toolbar are defined on demand; their classes are in `@c2m/elements/classes`.
export * from './exports.js';
