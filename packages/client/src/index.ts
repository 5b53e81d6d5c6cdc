/**
 * @c2m/client: the typed client of the c2m submission protocol (openapi.yaml): exactly-once
 * submission with idempotency keys, safe retries, timeouts, and a durable outbox.
 *
 * @packageDocumentation
 */
export * from './protocol.js';
export * from './errors.js';
export { createClient, parseRetryAfter, backoffDelay } from './client.js';
export type { Client, ClientOptions, RetryOptions, CallOptions, SubmitOptions, Receipt, Result } from './client.js';
export { createOutbox, Outbox, OutboxChangeEvent, OutboxErrorEvent, OutboxStillFailingEvent, OUTBOX_CHANGE, OUTBOX_STILL_FAILING } from './outbox.js';
export type { OutboxOptions, OutboxChangeDetail, OutboxStillFailingDetail } from './outbox.js';
export { memoryStore } from './store.js';
export type { OutboxStore, OutboxEntry, OutboxState, OutboxError } from './store.js';
export { indexedDbStore } from './indexeddb.js';
