/**
 * What a database error means for the request that met it:
 * - "unavailable" (refused or dropped connection, server shutting down or starting up, disk full,
 *   I/O error): nothing was written; the request gets 503 with Retry-After and clients retry it
 *   with the same Idempotency-Key;
 * - "data refused" (the database cannot store this request's data: an invalid character, a value
 *   too large): the same request would fail the same way on every retry, so it is a 4xx, never a
 *   retryable 5xx;
 * - anything else is a bug: 500.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENOSPC', 'EIO']);

/**
 * SQLSTATE classes 08 (connection exception), 53 (insufficient resources: disk full, out of memory,
 * too many connections), 58 (system error: I/O) and 57P0x (operator intervention: shutdown, crash,
 * starting up).
 */
const UNAVAILABLE = /^(08|53|58)[0-9A-Z]{3}$|^57P0[1-4]$/;

/** SQLSTATE classes 22 (data exception: invalid text, bad escapes) and 54 (program limit exceeded: too large). */
const DATA_REFUSED = /^(22|54)[0-9A-Z]{3}$/;

/** The error's code and message, and those of its causes (drivers wrap errors). */
function* chain(error: unknown): Generator<{ code: unknown; message: string }> {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    yield { code: (e as { code?: unknown }).code, message: e.message };
  }
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const { code, message } of chain(error)) {
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE.test(code))) return true;
    // node-postgres says so in words when a connection ends under a query or a pool checkout times out.
    if (/^Connection terminated|^timeout exceeded when trying to connect|^Client has encountered a connection error/.test(message)) return true;
  }
  return false;
}

/** The database cannot write: its disk is full or failing (a reason worth its own log line). */
export function isStorageFailure(error: unknown): boolean {
  for (const { code, message } of chain(error)) {
    if (code === '53100' || code === '58030' || code === 'ENOSPC' || code === 'EIO') return true;
    if (/No space left on device/i.test(message)) return true;
  }
  return false;
}

/** The database refused the data of this one request (SQLSTATE class 22 or 54). */
export function isDataRefused(error: unknown): boolean {
  for (const { code } of chain(error)) {
    if (typeof code === 'string' && DATA_REFUSED.test(code)) return true;
  }
  return false;
}
