/** Every event of the elements, one module each. */
export * from './c2m-event.js';
export * from './ready.js';
export * from './change.js';
export * from './submit.js';
export * from './submitted.js';
export * from './error.js';
export * from './engine-change.js';
