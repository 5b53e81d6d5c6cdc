/**
 * What a page session needs only after its first domains are shown, a chunk of its own that
 * engine/open.ts fetches once the session is open: reasons and repairs on the SAT path, and the
 * specification a finished configuration sends. Until it is in, the session's asynchronous calls
 * that may need it wait for it (local-session.ts).
 */
import { buildSpecification } from '../specification.js';
import { explain, repair } from './explain.js';
import type { LaterParts } from './session.js';

export const laterParts: LaterParts = { explain, repair, buildSpecification };
