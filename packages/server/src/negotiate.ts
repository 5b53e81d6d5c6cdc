/**
 * Proactive content negotiation on the `Accept` header (RFC 9110 §12.5.1), for the few media types
 * an answer can take: each offered type gets the quality of the most specific media range that
 * matches it (`type/subtype` over `type/*` over `*\/*`; parameters other than `q` are not compared),
 * and the best one wins.
 */

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

/** `q` as RFC 9110 writes it: 0 to 1 with at most three decimals. Anything else makes the range unusable. */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The media ranges of an `Accept` value. A range that cannot be read (no slash, a bad quality) is
 * left out rather than failing the request: a client that wrote it gets what the others get.
 */
function mediaRanges(accept: string): MediaRange[] {
  const out: MediaRange[] = [];
  // Commas inside quoted parameter values do not separate ranges.
  for (const part of accept.match(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g) ?? []) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim());
    const slash = range.indexOf('/');
    const type = range.slice(0, slash).toLowerCase();
    const subtype = range.slice(slash + 1).toLowerCase();
    if (slash < 0 || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*')) continue;
    let q = 1;
    let usable = true;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'q') continue;
      const value = param.slice(eq + 1).trim();
      if (QVALUE.test(value)) q = Number(value);
      else usable = false;
    }
    if (usable) out.push({ type, subtype, q });
  }
  return out;
}

/** How specifically `range` names `type/subtype`: 3 exactly, 2 by its type, 1 as `*\/*`, 0 not at all. */
function specificity(range: MediaRange, type: string, subtype: string): number {
  if (range.type === '*') return 1;
  if (range.type !== type) return 0;
  if (range.subtype === '*') return 2;
  return range.subtype === subtype ? 3 : 0;
}

/**
 * The quality an `Accept` value gives a media type: that of the most specific range naming it (the
 * highest, when several are as specific); 0 when none does.
 */
export function quality(accept: string, mediaType: string): number {
  const [type = '', subtype = ''] = mediaType.toLowerCase().split('/');
  let best = 0;
  let q = 0;
  for (const range of mediaRanges(accept)) {
    const s = specificity(range, type, subtype);
    if (s > best || (s === best && s > 0 && range.q > q)) [best, q] = [s, range.q];
  }
  return q;
}

/**
 * Which of `offered` a request prefers: the one of highest quality, the first of them on a tie.
 * Without an `Accept` header, or when it accepts none of them, the first: an answer in the server's
 * usual form serves a client better than `406` (RFC 9110 allows either), and a client that never
 * asked for another form gets what it always got.
 */
export function negotiate<T extends string>(accept: string | undefined, offered: readonly [T, ...T[]]): T {
  if (accept === undefined || accept.trim() === '') return offered[0];
  let chosen = offered[0];
  let best = 0;
  for (const type of offered) {
    const q = quality(accept, type);
    if (q > best) [chosen, best] = [type, q];
  }
  return chosen;
}
