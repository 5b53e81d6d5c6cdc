import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { countBooleanProduct, countFeatureModel } from '../../test/oracle.js';
import { parseFeatureIde } from './featureide.js';
import { ImportSyntaxError } from './model.js';
import { toProductFile } from './to-product.js';

const carXml = readFileSync(new URL('../../test/fixtures/car.xml', import.meta.url), 'utf8');

function syntaxError(text: string): ImportSyntaxError {
  try {
    parseFeatureIde(text);
  } catch (error) {
    assert.ok(error instanceof ImportSyntaxError, `expected ImportSyntaxError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a syntax error');
}

describe('parseFeatureIde', () => {
  it('reads and/alt/or, mandatory, abstract, hidden, descriptions and entities', () => {
    const m = parseFeatureIde(carXml);
    assert.equal(m.root.name, 'Car');
    assert.equal(m.root.abstract, true);
    assert.equal(m.root.description, 'A car product line');
    assert.deepEqual(
      m.root.groups.map((g) => [g.kind, g.features.map((f) => f.name)]),
      [
        ['mandatory', ['Body', 'Engine']],
        ['optional', ['Comfort', 'Towbar', 'Gearbox']],
      ],
    );
    const engine = m.root.groups[0].features[1];
    assert.equal(engine.groups[0].kind, 'alternative');
    const comfort = m.root.groups[1].features[0];
    assert.deepEqual(
      comfort.groups[0].features.map((f) => f.name),
      ['Heating', 'Navigation', 'Audio & Sound'],
    );
    assert.equal(m.constraints.length, 4);
    assert.deepEqual(
      m.constraints.map((c) => c.expr.kind),
      ['implies', 'or', 'iff', 'atmost1'],
    );
    assert.equal(m.constraints[0].pos.line, 26);
  });

  it('converts so that the product file has exactly the feature model\'s configurations', () => {
    const model = parseFeatureIde(carXml);
    const { file, notes } = toProductFile(model);
    const expected = countFeatureModel(model);
    assert.ok(expected > 0);
    assert.equal(countBooleanProduct(file), expected);
    assert.ok(notes.some((n) => /attribute "hidden" of "Towbar"/.test(n.message)));
    const atMostOne = file.constraints?.find((c) => c.id === 'ctc.4');
    assert.equal(atMostOne?.type, 'cardinality');
  });

  it('rejects malformed XML and models with the line and column', () => {
    assert.deepEqual(syntaxError('<featureModel>\n  <struct>\n    <and name="R">\n  </struct>\n</featureModel>').pos, { line: 4, column: 3 });
    assert.match(syntaxError('<featureModel><struct><feature/></struct></featureModel>').message, /<feature> has no name/);
    assert.match(syntaxError('<featureModel></featureModel>').message, /no <struct>/);
    assert.match(syntaxError('<model/>').message, /expected a FeatureIDE <featureModel>/);
    assert.match(syntaxError('<featureModel a="1" a="2"/>').message, /appears twice/);
    assert.match(syntaxError('<featureModel><struct><feature name="A &bogus;"/></struct></featureModel>').message, /unknown entity/);
    assert.match(
      syntaxError('<featureModel><struct><feature name="A"/></struct><constraints><rule><imp><var>A</var></imp></rule></constraints></featureModel>').message,
      /<imp> takes two operands, found 1/,
    );
    assert.match(syntaxError('').message, /empty/);
    assert.match(syntaxError(`${'<a>'.repeat(1000)}`).message, /nested deeper/);
  });
});
