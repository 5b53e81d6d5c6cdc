/**
 * Request bodies, read straight from Node's request (cheaper than the web stream Hono would wrap
 * around it), bounded in size and in time, and counted per client address while they arrive.
 *
 * A body that is already complete when the handler asks for it is read at once. A body still
 * arriving gets a deadline (`timeoutMs`, extended by one second per `minBytesPerSecond` bytes
 * received, as Apache's mod_reqtimeout does) and counts against its client address while it
 * arrives. An address may have `maxSlowPerAddress` such bodies; beyond that, a body must arrive
 * within a second (a normal client's does, right after its headers) or it is refused with 429 and
 * its connection closed. Bodies being received never hold a processing turn (see
 * admission.ts): a few hundred connections dribbling bytes cannot starve the clients that send
 * theirs at once, nor `/healthz`.
 */
import type { IncomingMessage } from 'node:http';
import type { ProblemCode } from '@c2m/client';

/** A request whose body cannot be used; answered with `status` and these headers. */
export class BodyError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    /** The client went away before sending all of it (nobody reads the answer). */
    readonly abandoned = false,
  ) {
    super(message);
  }
}

export interface BodyLimits {
  /** Largest body, in bytes. */
  maxBytes: number;
  /** Time a slow body gets before the minimum rate applies, in ms. */
  timeoutMs: number;
  /** Each this many bytes received extend the deadline by a second; 0 makes `timeoutMs` a total deadline. */
  minBytesPerSecond: number;
  /** Slow bodies one client address may send at once. */
  maxSlowPerAddress: number;
}

/** `application/json` or any `+json` type, with or without parameters. */
export function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

const CLOSE = { connection: 'close' };

/** How long a body over its address's quota of slow bodies may take. */
const OVER_QUOTA_MS = 1_000;

export class BodyReader {
  readonly #limits: BodyLimits;
  readonly #now: () => number;
  /** Client address → slow bodies arriving from it now. */
  readonly #arriving = new Map<string, number>();

  constructor(limits: BodyLimits, now: () => number = () => performance.now()) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Slow bodies arriving from `address` now. */
  arriving(address: string): number {
    return this.#arriving.get(address) ?? 0;
  }

  /** Reads a JSON body: 415 when it is not JSON, 413 too large, 408 too slow, 429 too many slow ones, 400 not parseable. */
  async readJson(incoming: IncomingMessage, address: string): Promise<unknown> {
    if (!isJson(incoming.headers['content-type'])) {
      throw new BodyError('unsupported-media-type', 415, 'the body must be application/json');
    }
    const text = await this.read(incoming, address);
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new BodyError('invalid-request', 400, `the body is not valid JSON: ${(err as Error).message}`);
    }
  }

  /** Reads the body as text, refusing it as soon as it passes the size limit (chunked bodies included). */
  read(incoming: IncomingMessage, address: string): Promise<string> {
    const { maxBytes, maxSlowPerAddress } = this.#limits;
    const declared = incoming.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBytes) {
      return Promise.reject(new BodyError('payload-too-large', 413, `the body is ${declared} bytes; the limit is ${maxBytes}`));
    }
    if (incoming.complete) return collect(incoming, maxBytes);
    const count = this.arriving(address);
    this.#arriving.set(address, count + 1);
    // Over the address's quota, a body must arrive at once (a normal client's does, a few
    // milliseconds after its headers); otherwise it is refused and its connection closed.
    const watch =
      count >= maxSlowPerAddress
        ? (_: () => number, fail: (e: BodyError) => void) => this.#watchOverQuota(count, fail)
        : (received: () => number, fail: (e: BodyError) => void) => this.#watch(received, fail);
    return collect(incoming, maxBytes, watch).finally(() => {
      const left = this.arriving(address) - 1;
      if (left > 0) this.#arriving.set(address, left);
      else this.#arriving.delete(address);
    });
  }

  #watchOverQuota(count: number, fail: (e: BodyError) => void): () => void {
    const grace = Math.min(OVER_QUOTA_MS, this.#limits.timeoutMs);
    return later(grace, () => {
      const message = `${count} request bodies from your address are still arriving, and this one did not arrive within ${grace} ms; send it when they are done`;
      fail(new BodyError('rate-limited', 429, message, { 'retry-after': '1', ...CLOSE }));
    });
  }

  /** Watches a slow body: `fail` once it falls behind its deadline. Returns the function that stops the watch. */
  #watch(received: () => number, fail: (e: BodyError) => void): () => void {
    const { timeoutMs, minBytesPerSecond } = this.#limits;
    const start = this.#now();
    let stop: () => void;
    const check = () => {
      const bytes = received();
      const allowed = timeoutMs + (minBytesPerSecond > 0 ? (bytes / minBytesPerSecond) * 1000 : 0);
      const elapsed = this.#now() - start;
      if (elapsed < allowed) {
        stop = later(allowed - elapsed, check);
        return;
      }
      const rate = minBytesPerSecond > 0 ? `, then at least ${minBytesPerSecond} bytes per second` : '';
      const message = `the body arrived too slowly: ${bytes} bytes in ${(elapsed / 1000).toFixed(1)} s (the limit is ${timeoutMs / 1000} s${rate})`;
      fail(new BodyError('request-timeout', 408, message, CLOSE));
    };
    stop = later(timeoutMs, check);
    return () => stop();
  }
}

/**
 * Runs `fn` after `ms`, and after the input that arrived meanwhile has been read (a timer runs
 * before the poll phase: on a busy server, bytes already received would otherwise count as late).
 * Returns the function that cancels it.
 */
function later(ms: number, fn: () => void): () => void {
  let immediate: NodeJS.Immediate | undefined;
  const timer = setTimeout(() => (immediate = setImmediate(fn)), ms);
  return () => {
    clearTimeout(timer);
    if (immediate !== undefined) clearImmediate(immediate);
  };
}

/** Collects the body; `watch`, for a slow one, may end it early with an error. */
function collect(
  incoming: IncomingMessage,
  max: number,
  watch?: (received: () => number, fail: (e: BodyError) => void) => () => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let unwatch = () => {};
    const finish = (error: BodyError | undefined) => {
      unwatch();
      incoming.off('data', onData).off('end', onEnd).off('error', ended).off('close', ended);
      if (error === undefined) {
        resolve(Buffer.concat(chunks, size).toString('utf8'));
        return;
      }
      // Stop reading; the answer closes the connection or @hono/node-server drains what is left.
      incoming.pause();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > max) finish(new BodyError('payload-too-large', 413, `the body is over the limit of ${max} bytes`));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(undefined);
    // A client that goes away mid-body is not a server error: a 400 nobody reads, and no error log.
    const ended = () => finish(new BodyError('invalid-request', 400, 'the connection closed before the body was complete', {}, true));
    incoming.on('data', onData).on('end', onEnd).on('error', ended).on('close', ended);
    if (watch) unwatch = watch(() => size, finish);
  });
}
