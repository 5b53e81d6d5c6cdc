/**
 * The manufacturer's product files, loaded from a directory (JSON or YAML), compiled once per file
 * version and kept by digest: an order placed against an older version still validates as long as
 * that version's file stays in the directory. Each version's compiled product for pages (what a
 * page that asks for it receives instead of the file) is written when it is loaded and kept with it.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { CompiledProduct, ProductIssue } from '@c2m/rules';

/** Turns the text of one product file into a compiled product, or the reasons it cannot. */
export type ProductLoader = (
  text: string,
  filename: string,
) => { ok: true; product: CompiledProduct } | { ok: false; issues: ProductIssue[] };

/**
 * Writes the compiled product a page receives for one loaded version (`compileForPage` of
 * `@c2m/rules/engine`), or says why it cannot: pages are then served the product file.
 */
export type PageCompiler = (entry: CatalogEntry) => { ok: true; text: string } | { ok: false; issues: ProductIssue[] };

/** A version's compiled product for pages, as served. */
export interface PageForm {
  /** The compiled product's JSON text. */
  readonly text: string;
  /** Strong ETag of this form: a hash of its text (it changes with the compiler, the file's digest does not). */
  readonly etag: string;
}

/** One loaded version of a product. */
export interface CatalogEntry {
  readonly product: CompiledProduct;
  readonly id: string;
  readonly version: string;
  readonly digest: string;
  /** The file served by `GET /products/{id}`: the validated product file as JSON. */
  readonly json: string;
  /** Strong ETag: the digest, quoted. */
  readonly etag: string;
  readonly path: string;
  readonly mtimeMs: number;
}

/** A file that could not be loaded, with why. */
export interface CatalogProblem {
  path: string;
  issues: ProductIssue[];
}

/** What a (re)load did. */
export interface CatalogReport {
  loaded: number;
  compiled: number;
  problems: CatalogProblem[];
}

const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);

/** Orders versions naturally: `2` < `10`, `2026.2.1` < `2026.11.0`. */
export function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export class ProductCatalog {
  readonly #dir: string;
  readonly #load: ProductLoader;
  /** File text hash → compiled entry: an unchanged file is never compiled twice. */
  #byTextHash = new Map<string, CatalogEntry>();
  #byDigest = new Map<string, CatalogEntry>();
  #byId = new Map<string, CatalogEntry[]>();
  readonly #compileForPages: PageCompiler | undefined;
  /** Each version's compiled product for pages, once written; `null` when it could not be compiled. */
  readonly #pageForms = new WeakMap<CatalogEntry, PageForm | null>();

  /** `compileForPages`: how to write the compiled product pages receive; without it, pages get the file. */
  constructor(dir: string, load: ProductLoader, compileForPages?: PageCompiler) {
    this.#dir = dir;
    this.#load = load;
    this.#compileForPages = compileForPages;
  }

  /**
   * Reads the directory again: new and changed files are compiled, removed files are forgotten
   * (orders against them are then refused as unknown). Files that fail to load, and files that
   * give a loaded product version other content, are reported and skipped; the rest of the catalog
   * keeps working.
   */
  async reload(): Promise<CatalogReport> {
    let all: string[];
    try {
      all = await readdir(this.#dir);
    } catch (err) {
      throw new Error(`the products directory "${this.#dir}" cannot be read: ${(err as Error).message}`, { cause: err });
    }
    const names = all.filter((n) => EXTENSIONS.has(extname(n).toLowerCase())).sort();
    const byTextHash = new Map<string, CatalogEntry>();
    const problems: CatalogProblem[] = [];
    let compiled = 0;
    for (const name of names) {
      const path = join(this.#dir, name);
      let text: string;
      let mtimeMs: number;
      try {
        [text, mtimeMs] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => s.mtimeMs)]);
      } catch (err) {
        problems.push({ path, issues: [{ code: 'syntax', severity: 'error', path: [], message: `cannot read: ${(err as Error).message}` }] });
        continue;
      }
      const hash = createHash('sha256').update(text).digest('hex');
      const known = this.#byTextHash.get(hash) ?? byTextHash.get(hash);
      if (known !== undefined) {
        byTextHash.set(hash, known);
        continue;
      }
      let result: ReturnType<ProductLoader>;
      try {
        result = this.#load(text, name);
      } catch (err) {
        result = { ok: false, issues: [{ code: 'syntax', severity: 'error', path: [], message: (err as Error).message }] };
      }
      if (!result.ok) {
        problems.push({ path, issues: result.issues.filter((i) => i.severity === 'error') });
        continue;
      }
      compiled++;
      const p = result.product;
      byTextHash.set(hash, {
        product: p,
        id: p.file.product.id,
        version: p.file.product.version,
        digest: p.digest,
        json: JSON.stringify(p.file),
        etag: `"${p.digest}"`,
        path,
        mtimeMs,
      });
    }
    problems.push(...this.#refuseConflicts(byTextHash));
    const byDigest = new Map<string, CatalogEntry>();
    const byId = new Map<string, CatalogEntry[]>();
    for (const e of byTextHash.values()) {
      byDigest.set(e.digest, e);
      const list = byId.get(e.id) ?? [];
      list.push(e);
      byId.set(e.id, list);
    }
    // Newest first: highest version, then most recently written file.
    for (const list of byId.values()) list.sort((a, b) => compareVersions(b.version, a.version) || b.mtimeMs - a.mtimeMs);
    this.#byTextHash = byTextHash;
    this.#byDigest = byDigest;
    this.#byId = byId;
    // Each new version's compiled product for pages too, now rather than on a page's first request:
    // writing a large one holds the thread for seconds, which a reload may take and a request should not.
    for (const e of byDigest.values()) this.pageForm(e);
    return { loaded: byDigest.size, compiled, problems };
  }

  /**
   * Files with the same product id and version but other content: an order names its product by
   * id and version, so one of them would silently win. Removes them from `entries` and says why.
   * A version already loaded stays (a running shop keeps working); the newcomers are refused. On
   * the first load there is none, and all of them are refused.
   */
  #refuseConflicts(entries: Map<string, CatalogEntry>): CatalogProblem[] {
    const groups = new Map<string, Array<[string, CatalogEntry]>>();
    for (const item of entries) {
      const k = JSON.stringify([item[1].id, item[1].version]);
      groups.set(k, [...(groups.get(k) ?? []), item]);
    }
    const problems: CatalogProblem[] = [];
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      const loaded = group.filter(([, e]) => this.#byDigest.get(e.digest) === e);
      const kept = loaded.length === 1 ? loaded[0]![1] : undefined;
      for (const [hash, e] of group) {
        if (e === kept) continue;
        entries.delete(hash);
        const others = group.filter(([, o]) => o !== e).map(([, o]) => basename(o.path) + (o === kept ? ' (loaded, kept)' : ''));
        problems.push({
          path: e.path,
          issues: [
            {
              code: 'duplicate-id',
              severity: 'error',
              path: ['product', 'version'],
              message: `product "${e.id}" version "${e.version}" is also in ${others.join(', ')}, with other content: give one of them a new product.version (orders name a product by id and version)`,
            },
          ],
        });
      }
    }
    return problems;
  }

  /**
   * The compiled product pages receive for a loaded version: written when the version is loaded
   * (once per version: an unchanged file keeps its entry across reloads) and kept; `undefined` when
   * there is no compiler or it refused the file (pages then get the product file, which they check
   * themselves).
   */
  pageForm(entry: CatalogEntry): PageForm | undefined {
    let form = this.#pageForms.get(entry);
    if (form === undefined) {
      let result: ReturnType<PageCompiler> | undefined;
      try {
        result = this.#compileForPages?.(entry);
      } catch {
        result = undefined; // a compiler that throws is one that refused: the file is served
      }
      form = result?.ok ? { text: result.text, etag: `"${createHash('sha256').update(result.text).digest('base64url')}"` } : null;
      this.#pageForms.set(entry, form);
    }
    return form ?? undefined;
  }

  byDigest(digest: string): CatalogEntry | undefined {
    return this.#byDigest.get(digest);
  }

  /** Every loaded version of a product, newest first. */
  versions(id: string): readonly CatalogEntry[] {
    return this.#byId.get(id) ?? [];
  }

  /** The current version of a product (or the newest file of `version`). */
  latest(id: string, version?: string): CatalogEntry | undefined {
    const list = this.versions(id);
    return version === undefined ? list[0] : list.find((e) => e.version === version);
  }

  get size(): number {
    return this.#byDigest.size;
  }
}
