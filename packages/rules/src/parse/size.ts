/**
 * The size limit of product-file text, checked before any parsing. A module of its own, without the
 * worded issues of the complete parser, so that the shop path (`lean.ts`) needs nothing more.
 */
import { LIMITS, type Limits } from '../limits.js';

/** UTF-8 length of `text` in bytes, without encoding it. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** The size of `text` in UTF-8 bytes when it is larger than {@link LIMITS.maxFileBytes}, else undefined. */
export function oversizeBytes(text: string, limits: Limits = LIMITS): number | undefined {
  // Every UTF-16 unit is at least one UTF-8 byte and at most three, so most texts need no counting.
  if (text.length * 3 <= limits.maxFileBytes) return undefined;
  const bytes = utf8ByteLength(text);
  return bytes > limits.maxFileBytes ? bytes : undefined;
}
