import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileProduct, LIMITS, loadProduct } from '@c2m/rules/engine';
import { run } from '../../test/run.js';
import { overLimit, toProductFile } from './to-product.js';
import { parseUvl } from './uvl.js';

/** A model whose one cross-tree constraint reads much longer than a product-file text may be. */
function longConstraintModel(features: number): string {
  const names = Array.from({ length: features }, (_, i) => `Feature_with_a_rather_long_name_for_testing_the_text_limit_${i}`);
  return `features\n  Root\n    optional\n${names.map((n) => `      ${n}\n`).join('')}constraints\n  ${names.join(' | ')} | !Root\n`;
}

/** A model with `n` optional features under the root. */
function wideModel(n: number): string {
  return `features\n  Root\n    optional\n${Array.from({ length: n }, (_, i) => `      F${i}\n`).join('')}`;
}

describe('toProductFile and the product-file limits', () => {
  it('shortens a constraint message over the text limit, says so, and the file loads', () => {
    const model = parseUvl(longConstraintModel(180));
    const { file, notes } = toProductFile(model);
    const ctc = file.constraints!.find((c) => c.id === 'ctc.1')!;
    const message = ctc.message as string;
    assert.equal(message.length, LIMITS.maxTextLength);
    assert.ok(message.startsWith('Rule of the feature model: Feature_with_a_rather_long_name_for_testing_the_text_limit_0 | '));
    assert.ok(message.endsWith('…'));
    const note = notes.find((n) => n.kind === 'shortened');
    assert.ok(note, 'a note says what was shortened');
    assert.match(note.message, /the message of constraint ctc\.1 has 1[0-9],[0-9]{3} characters; it is shortened to the 10,000 a product file allows/);
    assert.deepEqual(note.pos, { line: 185, column: 3 });
    const loaded = loadProduct(JSON.stringify(file));
    assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.issues.slice(0, 2)));
    // Only the message is shortened: the rule itself reads all 181 features.
    assert.equal(JSON.stringify(ctc.type === 'rule' && ctc.assert).match(/"option"/g)!.length, 181);
  });

  it('warns when a model has more features than a product file allows by default, and the file loads with the raised limits', () => {
    const { file, notes } = toProductFile(parseUvl(wideModel(LIMITS.maxOptions)));
    const note = notes.find((n) => n.kind === 'over-limit');
    assert.ok(note);
    assert.match(note.message, /the model has 5,001 features; a product file has at most 5,000 options by default: it loads only with the raised limits \(25,000; c2m --limits raised/);
    const byDefault = compileProduct(file);
    assert.equal(byDefault.ok, false);
    assert.ok(!byDefault.ok && byDefault.issues.some((i) => i.path.join('.') === 'options' && i.params?.kind === 'too-many' && i.params.maximum === LIMITS.maxOptions));
    assert.ok(compileProduct(file, { limits: 'raised' }).ok);
  });

  it('overLimit says nothing within the defaults, and "will not load" past the raised limits', () => {
    assert.equal(overLimit(LIMITS.maxFileBytes, 'maxFileBytes', 'x', 'bytes'), undefined);
    assert.match(overLimit(LIMITS.maxFileBytes + 1, 'maxFileBytes', 'the written file has 8,388,609 bytes; a product file has at most', 'bytes')!, /at most 8,388,608 bytes by default: it loads only with the raised limits \(33,554,432;/);
    assert.match(overLimit(70_000, 'maxConstraints', 'the model needs 70,000 constraints; a product file has at most', '')!, /at most 60,000 even with the raised limits, so it will not load$/);
  });

  it('c2m import tags shortened texts and files over a limit', async () => {
    const r = await run(['import', '-', '--from', 'uvl', '-o', '/dev/null'], { stdin: longConstraintModel(180) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /-:185:3: shortened: the message of constraint ctc\.1 has/);
    const wide = await run(['import', '-', '--from', 'uvl', '-o', '/dev/null'], { stdin: wideModel(LIMITS.maxOptions) });
    assert.equal(wide.code, 0, wide.stderr);
    assert.match(wide.stderr, /over a limit: the model has 5,001 features/);
  });

  it('c2m validate loads a file over the default limits with --limits raised, and refuses a wrong value', async () => {
    const { file } = toProductFile(parseUvl(wideModel(LIMITS.maxOptions)));
    const stdin = JSON.stringify(file);
    const byDefault = await run(['validate', '-'], { stdin });
    assert.equal(byDefault.code, 1);
    assert.match(byDefault.stdout, /at most 5000/);
    const raised = await run(['validate', '-', '--limits', 'raised'], { stdin });
    assert.equal(raised.code, 0, raised.stdout);
    assert.match(raised.stdout, /valid — 5001 options/);
    const wrong = await run(['validate', '-', '--limits', 'huge'], { stdin });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--limits must be default or raised, not "huge"/);
  });
});
