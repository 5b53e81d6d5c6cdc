import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { compileProduct, createSession } from '@c2m/rules/engine';
import { parse } from 'yaml';
import { countFeatureModel } from '../../test/oracle.js';
import { fixtures, json, run } from '../../test/run.js';
import { readFeatureModel } from './import.js';

const dir = mkdtempSync(join(tmpdir(), 'c2m-import-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('c2m import', () => {
  for (const name of ['sandwich.uvl', 'phone.uvl', 'car.xml']) {
    it(`${name}: the engine counts exactly the configurations enumerated from the feature model`, async () => {
      const r = await run(['import', name]);
      assert.equal(r.code, 0, r.stderr);
      const compiled = compileProduct(JSON.parse(r.stdout));
      assert.ok(compiled.ok, JSON.stringify(compiled.issues));
      const count = createSession(compiled.product, { applyDefaults: false }).count({ budgetMs: Infinity });
      assert.ok(count.exact);
      const model = readFeatureModel(readFileSync(join(fixtures, name), 'utf8'), name);
      assert.equal(count.count, BigInt(countFeatureModel(model)));
    });
  }

  it('keeps names as labels, flags abstract features and reports what it cannot carry over', async () => {
    const r = await run(['import', 'sandwich.uvl', '--json']);
    const out = json<{ file: { options: Array<{ id: string; label: string; description?: string }> }; notes: Array<{ severity: string; message: string; pos?: { line: number } }> }>(r);
    const grain = out.file.options.find((o) => o.label === 'Full Grain')!;
    assert.equal(grain.id, 'Full_Grain');
    assert.match(grain.description!, /Attributes: Calories = 203, Price = 1\.99, Organic = true/);
    assert.match(out.file.options[0].description!, /^Abstract feature/);
    assert.ok(out.notes.some((n) => n.severity === 'warning' && /attribute "Calories"/.test(n.message) && n.pos?.line === 8));
  });

  it('prints warnings with file:line:column to stderr, hides info notes unless --verbose', async () => {
    const r = await run(['import', 'typed.uvl', '-o', join(dir, 'typed.json')]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /typed\.uvl:8:\d+: not carried over: feature "Doors" is typed Integer/);
    assert.match(r.stderr, /typed\.uvl:15:\d+: not carried over: constraint Doors > 3 => Sunroof/);
    assert.match(r.stderr, /4 constraints not carried over/);
    assert.doesNotMatch(r.stderr, /namespace Typed/);
    const verbose = await run(['import', 'typed.uvl', '-o', join(dir, 'typed.json'), '--verbose']);
    assert.match(verbose.stderr, /namespace Typed is not carried over/);
    const written = JSON.parse(readFileSync(join(dir, 'typed.json'), 'utf8'));
    assert.equal(written.product.id, 'Car');
  });

  it('writes YAML by extension and takes --id and --currency', async () => {
    const out = join(dir, 'car.yaml');
    const r = await run(['import', 'car.xml', '-o', out, '--id', 'car-line', '--currency', 'EUR']);
    assert.equal(r.code, 0, r.stderr);
    const file = parse(readFileSync(out, 'utf8'));
    assert.equal(file.product.id, 'car-line');
    assert.equal(file.product.currency, 'EUR');
    assert.ok(compileProduct(file).ok);
  });

  it('reports a syntax error with line, column and a code frame, exit 1', async () => {
    const r = await run(['import', '-', '--from', 'uvl'], { stdin: 'features\n  Root\n    sometimes\n      A\n' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /-:3:5: error: expected a group keyword/);
    assert.match(r.stderr, /> 3 \|     sometimes\n.*\^/);
    const xml = await run(['import', '-', '--json'], { stdin: '<featureModel><struct>' });
    assert.equal(xml.code, 1);
    assert.equal(json<{ ok: boolean }>(xml).ok, false);
  });

  it('rejects a wrong --from or --currency with exit 2', async () => {
    assert.equal((await run(['import', 'car.xml', '--from', 'dimacs'])).code, 2);
    assert.equal((await run(['import', 'car.xml', '--currency', 'euro'])).code, 2);
  });
});
