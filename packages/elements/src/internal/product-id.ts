/**
 * The product id of a product file's text without parsing the file, for restoring saved choices.
 * A module of its own: the configurator fetches it only when the URL or this device holds a saved
 * configuration, so a first visit does not download it.
 */
import { nextTask } from './idle.js';
import { isCompiledProduct } from '@c2m/rules/compiled';

const QUOTE = 34;
/**
 * Inside an array or object: everything up to the next bracket that is not in a string (strings
 * passed over whole). One match covers a run of keys, strings, numbers and separators at once.
 */
const RUN = /[^"[\]{}]*(?:"[^"\\]*(?:\\.[^"\\]*)*"[^"[\]{}]*)*/y;
/** A JSON string. */
const STRING = /"[^"\\]*(?:\\.[^"\\]*)*"/y;
/** A number, `true`, `false` or `null`: up to the next separator. */
const SCALAR = /[^\s,}\]]+/y;

function skipSpace(text: string, at: number): number {
  for (let c = text.charCodeAt(at); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++at));
  return at;
}

/** The index after what `re` (sticky) matches at `at`; -1 when it does not match. */
function after(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
}

/** Scanning time per task (ms): a file whose `product` comes after megabytes is passed over in several tasks. */
const SLICE_MS = 8;

/**
 * The index after the JSON value that starts at `start`, passed over without building it; -1 when
 * it does not end. Gives the page back its thread whenever it has scanned past `deadline.at`.
 */
async function valueEnd(text: string, start: number, deadline: { at: number; slice: number }): Promise<number> {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return after(STRING, text, start);
  if (first !== 123 && first !== 91) return after(SCALAR, text, start);
  let depth = 0;
  for (let at = start, steps = 0; at < text.length; steps++) {
    if ((steps & 127) === 127 && performance.now() > deadline.at) {
      await nextTask();
      deadline.at = performance.now() + deadline.slice;
    }
    const c = text.charCodeAt(at);
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      if (--depth === 0) return at + 1;
    } else return -1; // an unterminated string
    at = after(RUN, text, at + 1);
  }
  return -1;
}

/**
 * Where the value of `key` in the JSON object starting at `at` is (its start and the index after
 * it), passed over member by member without building them; `undefined` when the object has no such
 * key or is not JSON. An escaped key is read as `JSON.parse` reads it.
 */
async function member(text: string, at: number, key: string, deadline: { at: number; slice: number }): Promise<[number, number] | undefined> {
  at = skipSpace(text, at);
  if (text.charCodeAt(at) !== 123) return undefined;
  at = skipSpace(text, at + 1);
  while (text.charCodeAt(at) === QUOTE) {
    const keyEnd = after(STRING, text, at);
    if (keyEnd < 0) return undefined;
    const raw = text.slice(at + 1, keyEnd - 1);
    const name = raw.includes('\\') ? (JSON.parse(text.slice(at, keyEnd)) as string) : raw;
    at = skipSpace(text, keyEnd);
    if (text.charCodeAt(at) !== 58) return undefined;
    const start = skipSpace(text, at + 1);
    const end = await valueEnd(text, start, deadline);
    if (end < 0) return undefined;
    if (name === key) return [start, end];
    at = skipSpace(text, end);
    if (text.charCodeAt(at) !== 44) return undefined;
    at = skipSpace(text, at + 1);
  }
  return undefined;
}

/**
 * The product id of a product file's JSON text (`product.id`), without parsing the file: restoring
 * saved choices needs it before the session opens, and parsing megabytes for it would hold the main
 * thread (the worker parses the file). The top-level keys are read and the values before `product`
 * passed over (it comes first in files written by the CLI and in the examples; a file that has it
 * after megabytes is scanned a slice per task); only the `product` object is parsed. It is the id
 * `JSON.parse` would give for every file the engine accepts (the engine refuses duplicate keys);
 * `undefined` when the text is not a JSON object with a string `product.id`. A compiled product
 * (`c2m compile`; {@link isCompiledProduct}) holds the product file under its own `product`: the id
 * is then that file's `product.id`, found the same way. `sliceMs`: the scanning time per task.
 */
export async function productIdOf(text: string, sliceMs = SLICE_MS): Promise<string | undefined> {
  try {
    const deadline = { at: performance.now() + sliceMs, slice: sliceMs };
    let found = await member(text, 0, 'product', deadline);
    if (found && isCompiledProduct(text)) found = await member(text, found[0], 'product', deadline);
    if (!found) return undefined;
    const id = (JSON.parse(text.slice(...found)) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined; // not JSON: the session shows its problems
  }
}
