/**
 * The element classes, their events and helpers, without defining any tag: import from
 * `@c2m/elements/classes` to subclass an element and register it under your own name.
 *
 * @packageDocumentation
 */
export * from './exports.js';
export { C2mFileControl, imageSize } from './components/file-control/file-control.component.js';
export { C2mProductIssues, issuePath } from './components/product-issues/product-issues.component.js';
export { C2mSummary } from './components/summary/summary.component.js';
export { C2mHistory } from './components/history/history.component.js';
