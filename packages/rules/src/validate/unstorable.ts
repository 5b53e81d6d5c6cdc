/**
 * The one check of storable text a session makes of a shopper's text (engine/product.ts), a module
 * of its own so that a page's runtime carries it without the walks over whole files and
 * specifications (text-safety.ts, whose header says why such text is refused).
 */

/** Where a string stops being storable text. */
export interface UnstorableCharacter {
  kind: 'nul-character' | 'lone-surrogate';
  /** 1-based position, counted in characters (code points), as a person counts them. */
  position: number;
  /** The offending code unit as `U+XXXX`. */
  codePoint: string;
}

// Code units, not code points (no `u` flag): finds both halves of a pair too, so it is only a fast filter.
const SUSPECT = /[\u0000\ud800-\udfff]/;

/** The first NUL or unpaired surrogate in `text`, or undefined when it is storable text. */
export function findUnstorableCharacter(text: string): UnstorableCharacter | undefined {
  if (!SUSPECT.test(text)) return undefined;
  let position = 0;
  for (let i = 0; i < text.length; i++) {
    position++;
    const unit = text.charCodeAt(i);
    if (unit === 0) return { kind: 'nul-character', position, codePoint: 'U+0000' };
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    return { kind: 'lone-surrogate', position, codePoint: `U+${unit.toString(16).toUpperCase()}` };
  }
  return undefined;
}
