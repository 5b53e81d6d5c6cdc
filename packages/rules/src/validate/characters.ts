/**
 * The character classes a text option may allow (`characters`), as code-point tests. Shared by the
 * default-value check here; the engine's value check should use the same definitions.
 */
import type { CharacterClass } from '../schema/product-file.js';

const TESTS: Record<CharacterClass, RegExp> = {
  latin: /^[A-Za-z]$/u,
  digits: /^[0-9]$/u,
  space: /^ $/u,
  punctuation: /^[!-/:-@[-`{-~]$/u,
  cjk: /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]$/u,
  'latin-extended': /^\p{Script=Latin}$/u,
};

/** The classes there are (a compiled product's reader checks a text option's `characters` against them). */
export const CHARACTER_CLASSES: readonly string[] = Object.keys(TESTS);

/** The first character of `text` that neither a class nor `extra` allows, or undefined. */
export function firstDisallowedCharacter(
  text: string,
  classes: readonly CharacterClass[],
  extra = '',
): string | undefined {
  const extras = new Set(Array.from(extra));
  for (const ch of text) {
    if (extras.has(ch)) continue;
    if (!classes.some((c) => TESTS[c].test(ch))) return ch;
  }
  return undefined;
}
