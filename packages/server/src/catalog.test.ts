import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { stringify } from 'yaml';
import { join } from 'node:path';
import { ProductCatalog, compareVersions } from './catalog.js';
import { isCompiledProduct } from '@c2m/rules';
import { loadProduct, pageCompiler } from './rules-glue.js';
import { PRODUCTS_DIR } from './testing/harness.js';

const dirs: string[] = [];
/** A directory of its own for one test, removed after the file's tests. */
function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'c2m-catalog-'));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const dir = scratch();

test('versions sort naturally', () => {
  assert.ok(compareVersions('2', '10') < 0);
  assert.ok(compareVersions('2026.2.1', '2026.11.0') < 0);
  assert.equal(compareVersions('1.0.0', '1.0.0'), 0);
});

test('broken files are reported and skipped; the others load', async () => {
  const desk = JSON.parse(readFileSync(join(PRODUCTS_DIR, 'desk.json'), 'utf8'));
  copyFileSync(join(PRODUCTS_DIR, 'desk.json'), join(dir, 'desk.json'));
  writeFileSync(join(dir, 'broken.json'), '{ "schemaVersion": 1, ');
  writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ ...desk, product: { ...desk.product, currency: 'euro' } }));
  writeFileSync(join(dir, 'notes.txt'), 'not a product file');
  const catalog = new ProductCatalog(dir, loadProduct);
  const report = await catalog.reload();
  assert.equal(report.loaded, 1);
  assert.deepEqual(report.problems.map((p) => p.path.slice(dir.length + 1)).sort(), ['broken.json', 'invalid.json']);
  const invalid = report.problems.find((p) => p.path.endsWith('invalid.json'))!;
  assert.ok(invalid.issues.some((i) => i.path.join('.') === 'product.currency'), JSON.stringify(invalid.issues));
  assert.equal(catalog.latest('desk')?.version, '1.0.0');
  const entry = catalog.latest('desk')!;
  assert.equal(catalog.byDigest(entry.digest), entry);
  assert.equal(entry.etag, `"${entry.digest}"`);
});

test('two files of one product version with other content are refused, never one silently winning', async () => {
  const conflictDir = scratch();
  const desk = JSON.parse(readFileSync(join(PRODUCTS_DIR, 'desk.json'), 'utf8'));
  writeFileSync(join(conflictDir, 'desk.json'), JSON.stringify(desk));
  desk.pricing.base += 100;
  writeFileSync(join(conflictDir, 'desk-edited.json'), JSON.stringify(desk));
  // First load: neither is right, both are refused.
  const catalog = new ProductCatalog(conflictDir, loadProduct);
  const first = await catalog.reload();
  assert.equal(catalog.versions('desk').length, 0);
  assert.deepEqual(first.problems.map((p) => p.path.slice(conflictDir.length + 1)).sort(), ['desk-edited.json', 'desk.json']);
  const issue = first.problems.find((p) => p.path.endsWith('desk.json'))!.issues[0]!;
  assert.equal(issue.code, 'duplicate-id');
  assert.deepEqual(issue.path, ['product', 'version']);
  assert.match(issue.message, /product "desk" version "1.0.0" is also in desk-edited.json, with other content: give one of them a new product.version/);

  // A running catalog keeps the version it has and refuses the newcomer.
  rmSync(join(conflictDir, 'desk-edited.json'));
  await catalog.reload();
  const loaded = catalog.latest('desk')!;
  writeFileSync(join(conflictDir, 'desk-edited.json'), JSON.stringify(desk));
  const again = await catalog.reload();
  assert.equal(catalog.latest('desk'), loaded);
  assert.equal(catalog.versions('desk').length, 1);
  assert.deepEqual(again.problems.map((p) => p.path.slice(conflictDir.length + 1)), ['desk-edited.json']);
  assert.match(again.problems[0]!.issues[0]!.message, /also in desk.json \(loaded, kept\)/);

  // The same content twice is no conflict.
  rmSync(join(conflictDir, 'desk-edited.json'));
  copyFileSync(join(conflictDir, 'desk.json'), join(conflictDir, 'desk-copy.json'));
  assert.deepEqual((await catalog.reload()).problems, []);
});

test('a file edited in place without a new version: the new content replaces the old', async () => {
  const editDir = scratch();
  const desk = JSON.parse(readFileSync(join(PRODUCTS_DIR, 'desk.json'), 'utf8'));
  writeFileSync(join(editDir, 'desk.json'), JSON.stringify(desk));
  const catalog = new ProductCatalog(editDir, loadProduct);
  await catalog.reload();
  const before = catalog.latest('desk')!.digest;
  desk.pricing.base += 100;
  writeFileSync(join(editDir, 'desk.json'), JSON.stringify(desk));
  const report = await catalog.reload();
  assert.deepEqual(report.problems, []);
  assert.notEqual(catalog.latest('desk')!.digest, before);
  assert.equal(catalog.byDigest(before), undefined);
});

test('YAML files load like JSON ones, and a YAML error has a line', async () => {
  const yamlDir = scratch();
  const desk = JSON.parse(readFileSync(join(PRODUCTS_DIR, 'desk.json'), 'utf8'));
  desk.product.version = '1.1.0';
  writeFileSync(join(yamlDir, 'desk.yaml'), stringify(desk));
  writeFileSync(join(yamlDir, 'bad.yml'), 'schemaVersion: 1\nproduct: [unclosed\n');
  const catalog = new ProductCatalog(yamlDir, loadProduct);
  const report = await catalog.reload();
  assert.equal(catalog.latest('desk')?.version, '1.1.0');
  assert.equal(report.problems.length, 1);
  assert.ok(report.problems[0].issues[0].source?.line, JSON.stringify(report.problems[0].issues));
});

test('the compiled product for pages: written when a version is loaded, once, kept across reloads; none when it cannot be', async () => {
  const pagesDir = scratch();
  const desk = JSON.parse(readFileSync(join(PRODUCTS_DIR, 'desk.json'), 'utf8'));
  writeFileSync(join(pagesDir, 'desk.json'), JSON.stringify(desk));
  const compiledFor: string[] = [];
  const compile = pageCompiler();
  const catalog = new ProductCatalog(pagesDir, loadProduct, (entry) => {
    compiledFor.push(entry.version);
    return compile(entry);
  });
  await catalog.reload();
  assert.deepEqual(compiledFor, ['1.0.0'], 'written with the version, before a page asks');
  const entry = catalog.latest('desk')!;
  const form = catalog.pageForm(entry)!;
  assert.ok(isCompiledProduct(form.text));
  assert.equal((JSON.parse(form.text) as { digest: string }).digest, entry.digest, "the compiled product names the file's digest");
  assert.match(form.etag, /^"[\w-]+"$/);
  assert.notEqual(form.etag, entry.etag);
  assert.equal(catalog.pageForm(entry), form);
  await catalog.reload();
  assert.equal(catalog.pageForm(catalog.latest('desk')!), form, 'an unchanged file keeps its compiled product');
  assert.deepEqual(compiledFor, ['1.0.0']);

  desk.product.version = '1.1.0';
  writeFileSync(join(pagesDir, 'desk.json'), JSON.stringify(desk));
  await catalog.reload();
  assert.deepEqual(compiledFor, ['1.0.0', '1.1.0']);
  assert.notEqual(catalog.pageForm(catalog.latest('desk')!)!.etag, form.etag, 'a new version, a new compiled product');

  // A compiler that refuses, or throws: no compiled product (pages get the file), asked once.
  let calls = 0;
  const refusing = new ProductCatalog(pagesDir, loadProduct, () => {
    calls++;
    return { ok: false, issues: [] };
  });
  const throwing = new ProductCatalog(pagesDir, loadProduct, () => {
    calls++;
    throw new Error('broken compiler');
  });
  for (const c of [refusing, throwing, new ProductCatalog(pagesDir, loadProduct)]) {
    await c.reload();
    assert.equal(c.pageForm(c.latest('desk')!), undefined);
    assert.equal(c.pageForm(c.latest('desk')!), undefined);
  }
  assert.equal(calls, 2);
});
