import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { stringify } from 'yaml';
import { join } from 'node:path';
import { ProductCatalog, compareVersions } from './catalog.js';
import { loadProduct } from './rules-glue.js';
import { PRODUCTS_DIR } from './testing/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'c2m-catalog-'));
after(() => rmSync(dir, { recursive: true, force: true }));

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

test('an edited file without a new version: both digests stay orderable until the old file goes', async () => {
  const desk = JSON.parse(readFileSync(join(PRODUCTS_DIR, 'desk.json'), 'utf8'));
  desk.pricing.base += 100;
  writeFileSync(join(dir, 'desk-edited.json'), JSON.stringify(desk));
  const catalog = new ProductCatalog(dir, loadProduct);
  await catalog.reload();
  assert.equal(catalog.versions('desk').length, 2);
  assert.equal(new Set(catalog.versions('desk').map((e) => e.digest)).size, 2);
  rmSync(join(dir, 'desk.json'));
  const report = await catalog.reload();
  assert.equal(report.compiled, 0);
  assert.equal(catalog.versions('desk').length, 1);
});

test('YAML files load like JSON ones, and a YAML error has a line', async () => {
  const yamlDir = mkdtempSync(join(tmpdir(), 'c2m-catalog-yaml-'));
  try {
    const desk = JSON.parse(readFileSync(join(PRODUCTS_DIR, 'desk.json'), 'utf8'));
    desk.product.version = '1.1.0';
    writeFileSync(join(yamlDir, 'desk.yaml'), stringify(desk));
    writeFileSync(join(yamlDir, 'bad.yml'), 'schemaVersion: 1\nproduct: [unclosed\n');
    const catalog = new ProductCatalog(yamlDir, loadProduct);
    const report = await catalog.reload();
    assert.equal(catalog.latest('desk')?.version, '1.1.0');
    assert.equal(report.problems.length, 1);
    assert.ok(report.problems[0].issues[0].source?.line, JSON.stringify(report.problems[0].issues));
  } finally {
    rmSync(yamlDir, { recursive: true, force: true });
  }
});
