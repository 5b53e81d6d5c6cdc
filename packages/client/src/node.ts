/**
 * `@c2m/client/node`: what only Node has. A file-backed outbox store, for CLIs, servers and kiosks
 * that must not lose a submission when the process stops.
 *
 * @packageDocumentation
 */
export { fileStore, type FileOutboxStore } from './file-store.js';
export { OutboxFileError } from './file-lock.js';
