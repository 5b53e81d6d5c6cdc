/**
 * RFC 9457 problem details as the protocol (packages/client/openapi.yaml) defines them: `type` is
 * `urn:c2m:problem:<code>`, and a rejected specification lists every field at fault in `errors`.
 */
import { PROBLEM_TYPE_PREFIX, type FieldError, type Problem, type ProblemCode } from '@c2m/client';

const TITLES: Record<ProblemCode, string> = {
  'invalid-request': 'Invalid request',
  'invalid-idempotency-key': 'Invalid Idempotency-Key',
  unauthorized: 'Unauthorized',
  'not-found': 'Not found',
  'idempotency-key-reused': 'Idempotency key reused',
  'request-in-progress': 'Request in progress',
  'request-timeout': 'Request timeout',
  'payload-too-large': 'Payload too large',
  'unsupported-media-type': 'Unsupported media type',
  'specification-rejected': 'Specification rejected',
  'invalid-status-transition': 'Invalid status transition',
  'rate-limited': 'Too many requests',
  'internal-error': 'Internal error',
  unavailable: 'Service unavailable',
};

/** Builds a problem document for one of the server's codes. */
export function problem(code: ProblemCode, status: number, detail?: string, errors?: FieldError[]): Problem {
  const p: Problem = { type: PROBLEM_TYPE_PREFIX + code, title: TITLES[code], status };
  if (detail !== undefined) p.detail = detail;
  if (errors !== undefined) p.errors = errors;
  return p;
}

/**
 * The `application/problem+json` response of `p`. Never cached, never sniffed: answers of the API
 * are about one request (the CORS layer adds its headers to these too).
 */
export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}
