/**
 * The configuration outside the page: a shareable link (`?c2m=…` in the URL) and a copy in
 * `localStorage` to restore after a reload. Only the shopper's own choices are kept (defaults come
 * back by themselves); uploaded files are not.
 */
import type { ProductFile, SelectionValue, Selections, SessionState } from '@c2m/rules';

/** The URL parameter of a shared configuration. */
export const URL_PARAM = 'c2m';

interface Saved {
  p: string;
  v: string;
  s: Selections;
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** The shopper's own choices, without files. */
export function userSelections(state: SessionState, file: ProductFile): Selections {
  const out: Selections = {};
  const fileOptions = new Set(file.options.filter((o) => o.type === 'file').map((o) => o.id));
  for (const [id, value] of Object.entries(state.selections)) {
    if (state.origins[id] === 'user' && !fileOptions.has(id)) out[id] = value;
  }
  return out;
}

export function encode(file: ProductFile, selections: Selections): string {
  return toBase64Url(JSON.stringify({ p: file.product.id, v: file.product.version, s: selections } satisfies Saved));
}

function isValue(v: unknown): v is SelectionValue {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * Reads an encoded configuration; `undefined` when it is not one, or is for another product. A
 * version mismatch keeps the choices: the session drops the ones that no longer exist.
 */
export function decode(text: string, productId: string): Selections | undefined {
  try {
    const saved = JSON.parse(fromBase64Url(text)) as Partial<Saved>;
    if (saved.p !== productId || typeof saved.s !== 'object' || saved.s === null) return undefined;
    const out: Selections = {};
    for (const [k, v] of Object.entries(saved.s)) if (isValue(v)) out[k] = v;
    return out;
  } catch {
    return undefined;
  }
}

const STORAGE_PREFIX = 'c2m:configuration:';
const storageKey = (productId: string) => `${STORAGE_PREFIX}${productId}`;

/** Whether the URL or this device holds a configuration at all (before reading a product file for its id). */
export function anythingSaved(useStorage: boolean): boolean {
  if (new URL(location.href).searchParams.has(URL_PARAM)) return true;
  if (!useStorage) return false;
  try {
    for (let i = 0; i < localStorage.length; i++) if (localStorage.key(i)?.startsWith(STORAGE_PREFIX)) return true;
  } catch {
    /* storage disabled */
  }
  return false;
}

/** Where to start: the link's configuration, else the one saved on this device. */
export function restore(productId: string, useStorage: boolean): Selections | undefined {
  const fromUrl = new URL(location.href).searchParams.get(URL_PARAM);
  const decoded = fromUrl ? decode(fromUrl, productId) : undefined;
  if (decoded) return decoded;
  if (!useStorage) return undefined;
  try {
    const saved = localStorage.getItem(storageKey(productId));
    return saved ? decode(saved, productId) : undefined;
  } catch {
    return undefined; // storage disabled (privacy mode, sandboxed frame)
  }
}

export function save(file: ProductFile, selections: Selections): void {
  try {
    localStorage.setItem(storageKey(file.product.id), encode(file, selections));
  } catch {
    // Quota or disabled storage: restoring is a convenience, never an error for the shopper.
  }
}

export function forget(productId: string): void {
  try {
    localStorage.removeItem(storageKey(productId));
  } catch {
    /* as above */
  }
}

/** The page's URL with this configuration in it. */
export function shareUrl(file: ProductFile, selections: Selections): string {
  const url = new URL(location.href);
  url.searchParams.set(URL_PARAM, encode(file, selections));
  return url.href;
}
