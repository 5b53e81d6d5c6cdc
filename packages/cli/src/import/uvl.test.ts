import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { countBooleanProduct, countFeatureModel } from '../../test/oracle.js';
import { ImportSyntaxError } from './model.js';
import { toProductFile } from './to-product.js';
import { parseUvl } from './uvl.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8');

function syntaxError(text: string): ImportSyntaxError {
  try {
    parseUvl(text);
  } catch (error) {
    assert.ok(error instanceof ImportSyntaxError, `expected ImportSyntaxError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a syntax error');
}

describe('parseUvl', () => {
  it('reads the tree, groups, quoted names and attributes', () => {
    const m = parseUvl(fixture('sandwich.uvl'));
    assert.equal(m.root.name, 'Sandwich');
    assert.equal(m.root.abstract, true);
    assert.deepEqual(
      m.root.groups.map((g) => g.kind),
      ['mandatory', 'optional'],
    );
    const bread = m.root.groups[0].features[0];
    assert.equal(bread.groups[0].kind, 'alternative');
    assert.deepEqual(
      bread.groups[0].features.map((f) => f.name),
      ['Full Grain', 'Flatbread', 'Toast'],
    );
    assert.deepEqual(
      bread.groups[0].features[0].attributes.map((a) => [a.key, a.value]),
      [
        ['Calories', '203'],
        ['Price', '1.99'],
        ['Organic', 'true'],
      ],
    );
    const veg = m.root.groups[1].features[2];
    assert.deepEqual({ kind: veg.groups[0].kind, min: veg.groups[0].min, max: veg.groups[0].max }, { kind: 'cardinality', min: 1, max: 3 });
    assert.equal(m.constraints.length, 3);
    assert.deepEqual(m.constraints[0].pos, { line: 33, column: 5 });
  });

  it('gives ! & | => <=> their UVL precedence, left-associative', () => {
    const m = parseUvl('features\n  R\n    optional\n      A\n      B\n      C\nconstraints\n  A | B & !C => A <=> B\n  A => B => C\n');
    const e = m.constraints[0].expr;
    assert.equal(e.kind, 'iff');
    assert.ok(e.kind === 'iff' && e.left.kind === 'implies');
    assert.ok(e.kind === 'iff' && e.left.kind === 'implies' && e.left.left.kind === 'or');
    const chain = m.constraints[1].expr;
    assert.ok(chain.kind === 'implies' && chain.left.kind === 'implies' && chain.right.kind === 'var');
  });

  it('reads [n], [n..*], {abstract true}, comments, tabs and CRLF', () => {
    const m = parseUvl('features\r\n\tR {abstract true}\r\n\t\t[2..*] // at least two\r\n\t\t\tA\r\n\t\t\tB\r\n\t\t\tC\r\n\t\t[1]\r\n\t\t\tD\r\n\t\t\tE\r\n');
    assert.equal(m.root.abstract, true);
    assert.deepEqual(
      m.root.groups.map((g) => [g.min, g.max]),
      [
        [2, undefined],
        [1, 1],
      ],
    );
  });

  it('reports typed features, clones, equations, imports and unresolved references', () => {
    const model = parseUvl(fixture('typed.uvl'));
    const { file, notes, stats } = toProductFile(model);
    const text = notes.map((n) => `${n.pos?.line}:${n.message}`).join('\n');
    assert.match(text, /8:feature "Doors" is typed Integer/);
    assert.match(text, /9:feature "Plate" is typed String/);
    assert.match(text, /10:feature cardinality \[4\.\.4\] of "Wheels"/);
    assert.match(text, /13:constraint Doors > 2 is not carried over: an equation/);
    assert.match(text, /"E\.Turbo" names no feature/);
    assert.match(text, /15:constraint Doors > 3 => Sunroof is not carried over/);
    assert.match(text, /16:constraint sum\(Weight\) < 2000 is not carried over/);
    assert.match(text, /imported models \(sub\.Engine as E\) are not read/);
    assert.match(text, /attribute "default" of "Doors" is kept in the option's description/);
    assert.equal(stats.dropped, 4);
    assert.equal(stats.crossTreeConstraints, 2);
    assert.ok(file.options.every((o) => o.type === 'boolean'));
  });

  it('rejects broken files with the line and column', () => {
    assert.deepEqual(syntaxError('features\n  R\n    optional\n      A\n   B\n').pos, { line: 5, column: 4 });
    assert.match(syntaxError('features\n  R\n    sometimes\n      A\n').message, /^3:5: expected a group keyword/);
    assert.match(syntaxError('features\n  R\nconstraints\n  A => \n').message, /^4:8: expected a feature name/);
    assert.match(syntaxError('features\n  "R\n').message, /^2:3: a quoted name is not closed/);
    assert.match(syntaxError('features\n  R\n    [3..1]\n      A\n').message, /upper bound below its lower bound/);
    assert.match(syntaxError('features\n  R\nconstraints\n  (A & B\n').message, /expected "\)"/);
    assert.match(syntaxError('').message, /expected "features"/);
    assert.match(syntaxError('features\n  R\n  S\n').message, /one root feature/);
    assert.match(syntaxError('features\n  R\n /* open').message, /never closed/);
    assert.match(syntaxError('features\n  R @\n').message, /^2:5: unexpected character "@"/);
  });

  it('stops at hostile nesting instead of overflowing the stack', () => {
    const deep = `features\n  R\n    optional\n      A\nconstraints\n  ${'('.repeat(5000)}A${')'.repeat(5000)}\n`;
    assert.match(syntaxError(deep).message, /nested too deeply/);
    const chain = `features\n  R\n    optional\n      A\nconstraints\n  A${' => A'.repeat(1000)}\n`;
    assert.match(syntaxError(chain).message, /nested too deeply/);
  });

  it('converts so that the product file has exactly the feature model\'s configurations', () => {
    for (const name of ['sandwich.uvl', 'phone.uvl']) {
      const model = parseUvl(fixture(name));
      const expected = countFeatureModel(model);
      assert.ok(expected > 0);
      assert.equal(countBooleanProduct(toProductFile(model).file), expected, name);
    }
  });
});

describe('industrial size', () => {
  it('imports a generated 2,500-feature / 2,800-constraint model completely', async () => {
    const { generateUvl } = await import('../../test/generate-uvl.js');
    const text = generateUvl({ features: 2500, constraints: 2800, seed: 3 });
    const { file, stats } = toProductFile(parseUvl(text));
    assert.equal(stats.features, 2500);
    assert.equal(stats.crossTreeConstraints, 2800);
    assert.equal(stats.dropped, 0);
    assert.equal(file.options.length, 2500);
  });
});
