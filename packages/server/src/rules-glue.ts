/**
 * Where the server meets @c2m/rules: product files are parsed, checked and compiled by the same
 * code the shop page and the CLI run, and specifications are validated by `validateSpecification`.
 */
import { formatPath, type LimitsProfile } from '@c2m/rules';
import { compileProduct } from '@c2m/rules/check';
import { compileForPage } from '@c2m/rules/engine';
import { validateSpecification } from '@c2m/rules/backend';
import { parseProduct } from '@c2m/rules/yaml';
import type { CatalogEntry, PageCompiler, ProductLoader } from './catalog.js';
import type { SpecificationChecker } from './revalidate.js';

/** A loader that parses (JSON or YAML, by file name), checks and compiles one product file within `limits`. Never throws. */
export function productLoader(limits: LimitsProfile = 'default'): ProductLoader {
  return (text, filename) => {
    const parsed = parseProduct(text, { format: /\.ya?ml$/i.test(filename) ? 'yaml' : 'json', limits });
    if (!parsed.ok) return { ok: false, issues: parsed.issues };
    const compiled = compileProduct(parsed.file, { limits });
    return compiled.ok ? { ok: true, product: compiled.product } : { ok: false, issues: compiled.issues };
  };
}

/** Parses, checks and compiles one product file within the default limits. Never throws. */
export const loadProduct: ProductLoader = productLoader();

/** Validation by @c2m/rules; a valid specification's quote and lead time are then the server's own. */
export const checkSpecification: SpecificationChecker = (product, body) => {
  const r = validateSpecification(product, body);
  if (!r.ok) return { ok: false, issues: r.issues };
  return { ok: true, quote: r.specification.quote, leadTimeDays: r.specification.leadTime.days };
};

/**
 * Writes the compiled product pages receive for a loaded version (`compileForPage`: checked within
 * the default limits, as a page checks, so a product loaded with raised limits that a page would
 * refuse is served as its file). `onRefused` hears why a version was not compiled.
 */
export function pageCompiler(onRefused: (entry: CatalogEntry, why: string) => void = () => {}): PageCompiler {
  return (entry) => {
    let result: ReturnType<typeof compileForPage>;
    try {
      result = compileForPage(entry.product.file);
    } catch (err) {
      onRefused(entry, `the compiler failed: ${(err as Error)?.message ?? err}`);
      return { ok: false, issues: [] };
    }
    if (!result.ok) onRefused(entry, result.issues.filter((i) => i.severity === 'error').map((i) => `${formatPath(i.path)}: ${i.message}`).join('; '));
    return result;
  };
}
