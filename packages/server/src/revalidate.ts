/**
 * The server never trusts a submitted specification: it finds the exact product file the
 * specification names (id, version, digest) and validates it again with @c2m/rules, recomputing
 * price, lead time and derived values. Every problem becomes one field error of a 422 answer.
 */
import { toJsonPointer, type FieldError } from '@c2m/client';
import type { CompiledProduct, Quote, SpecificationIssue } from '@c2m/rules';
import type { CatalogEntry, ProductCatalog } from './catalog.js';

/** What @c2m/rules says about a specification of one compiled product. */
export type SpecificationCheck =
  | { ok: true; quote: Quote; leadTimeDays: number }
  | { ok: false; issues: SpecificationIssue[] };

/** Validates a specification against a compiled product (`validateSpecification` of @c2m/rules). */
export type SpecificationChecker = (product: CompiledProduct, body: Record<string, unknown>) => SpecificationCheck;

export type Revalidation =
  | { ok: true; entry: CatalogEntry; quote: Quote; leadTimeDays: number }
  | { ok: false; errors: FieldError[]; detail: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(path: string, code: string, message: string): Revalidation {
  return { ok: false, errors: [{ path, code, message }], detail: message };
}

/** Finds the product file a specification was built against, or says precisely why there is none. */
export function identify(catalog: ProductCatalog, body: Record<string, unknown>): CatalogEntry | Revalidation {
  const p = body.product;
  if (!isObject(p)) return fail('/product', 'schema', 'product must be an object with id, version and digest');
  for (const k of ['id', 'version', 'digest'] as const) {
    if (typeof p[k] !== 'string') return fail(`/product/${k}`, 'schema', `product.${k} must be a string`);
  }
  const id = p.id as string;
  const version = p.version as string;
  const digest = p.digest as string;
  const entry = catalog.byDigest(digest);
  if (entry !== undefined) {
    if (entry.id !== id) return fail('/product/id', 'product-mismatch', `digest ${digest} is product "${entry.id}", not "${id}"`);
    if (entry.version !== version) {
      return fail('/product/version', 'product-mismatch', `digest ${digest} is version "${entry.version}" of "${id}", not "${version}"`);
    }
    return entry;
  }
  const versions = catalog.versions(id);
  if (versions.length === 0) return fail('/product/id', 'product-mismatch', `unknown product "${id}"`);
  if (!versions.some((e) => e.version === version)) {
    return fail('/product/version', 'product-mismatch', `unknown version "${version}" of product "${id}" (known: ${versions.map((e) => e.version).join(', ')})`);
  }
  return fail(
    '/product/digest',
    'digest-mismatch',
    `unknown or stale digest for "${id}" version "${version}": the product file changed; configure the product again`,
  );
}

export function revalidate(catalog: ProductCatalog, check: SpecificationChecker, body: Record<string, unknown>): Revalidation {
  const found = identify(catalog, body);
  if ('ok' in found) return found;
  const result = check(found.product, body);
  if (result.ok) return { ok: true, entry: found, quote: result.quote, leadTimeDays: result.leadTimeDays };
  const errors: FieldError[] = result.issues.map((i) => ({
    path: toJsonPointer(i.path),
    code: i.code,
    ...(i.constraint !== undefined ? { constraint: i.constraint } : {}),
    message: i.message,
  }));
  const n = errors.length;
  return {
    ok: false,
    errors,
    detail: `The specification has ${n} problem${n === 1 ? '' : 's'} for product ${found.id} ${found.version}.`,
  };
}
