/**
 * Whether an error means "the database cannot be reached right now" (refused or dropped
 * connection, server shutting down or starting up) rather than a bug: such requests get 503 with
 * Retry-After, which clients retry with the same Idempotency-Key, instead of 500.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** SQLSTATE classes 08 (connection exception) and 57P0x (operator intervention: shutdown, crash, starting). */
const SQLSTATE = /^(08\d{3}|57P0[1-4])$/;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
    // node-postgres says so in words when a connection ends under a query or a pool checkout times out.
    if (/^Connection terminated|^timeout exceeded when trying to connect|^Client has encountered a connection error/.test(e.message)) return true;
  }
  return false;
}
