import { checkedText, checksum, type CompiledProductJson } from '../engine/compiled-format.js';

/**
 * A compiled product's text with its check written again after a change to its parsed form: damage
 * the check cannot find (a compiler's bug, or a hostile publisher), so that only a reader's own
 * checks, and the backend's, stand.
 */
export function resignCompiled(compiled: object): string {
  const c = compiled as CompiledProductJson;
  return JSON.stringify({ ...c, check: checksum(checkedText(c)) });
}
