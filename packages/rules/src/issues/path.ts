/**
 * Paths into a product file: how a manufacturer reads them, and the value at one. A module of its
 * own, without the message catalogs, so that the shop path's brief issues need nothing more.
 */

/** `options[3].values[0]`, `product.name["zh-CN"]`: a path as a manufacturer would write it. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === '' ? '(root)' : out;
}

/** The own property `key` of an object (or index of an array), or undefined. */
export function child(value: unknown, key: string | number): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return typeof key === 'number' ? value[key] : undefined;
  return Object.hasOwn(value, key) ? (value as Record<string | number, unknown>)[key] : undefined;
}

/** The value at `path` in `data`, or undefined. Own properties only: `__proto__` is just a key. */
export function valueAt(data: unknown, path: ReadonlyArray<string | number>): unknown {
  let v = data;
  for (const key of path) {
    v = child(v, key);
    if (v === undefined) return undefined;
  }
  return v;
}
