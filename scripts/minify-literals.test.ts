import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { minifyLiterals } from './minify-literals.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const lines = (text: string) => text.split('\n').length;

/** The cooked text of every tagged template's literal parts in `code`, by tag, in order. */
function cooked(code: string): Array<{ tag: string; parts: string[] }> {
  const out: Array<{ tag: string; parts: string[] }> = [];
  const visit = (node: ts.Node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag)) {
      const t = node.template;
      const parts = ts.isNoSubstitutionTemplateLiteral(t) ? [t.text] : [t.head.text, ...t.templateSpans.map((s) => s.literal.text)];
      out.push({ tag: node.tag.text, parts });
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
  return out;
}

test('CSS: minified, custom properties and part names kept as written, the lines of the file kept', () => {
  const code = [
    "import { css } from 'lit';",
    'export const styles = css`',
    '  :host {',
    '    --_accent: var(--c2m-color-accent, light-dark(#ffffff, #0b1430));',
    '    display: block;',
    '  }',
    '  ::part(option-label) ,  .row > .cell {',
    '    margin: 0px 0px 0px;',
    '  }',
    '`;',
    'export const after = 1;',
  ].join('\n');
  const out = minifyLiterals(code, 'styles.ts')!;
  assert.equal(cooked(out)[0]!.parts[0]!.trim(), ':host{--_accent:var(--c2m-color-accent,light-dark(#fff,#0b1430));display:block}::part(option-label),.row>.cell{margin:0}');
  assert.equal(lines(out), lines(code));
  assert.match(out.split('\n').at(-1)!, /^export const after = 1;$/);
});

test('CSS: backslashes, backticks and `${` in the styles survive as the same text', () => {
  const code = "const s = css`a::before { content: '\\\\2014 \\`x\\` $\\{y}'; }`;";
  const [before] = cooked(code);
  const [after] = cooked(minifyLiterals(code, 'x.ts')!);
  assert.equal(before!.parts[0], "a::before { content: '\\2014 `x` ${y}'; }");
  // (The space after a CSS escape ends it: the same text.)
  assert.equal(after!.parts[0], "a:before{content:\"—`x` ${y}\"}");
});

test('CSS with substitutions is left as written; CSS that cannot be parsed is an error', () => {
  const code = 'const s = css`a { color: ${red}; }`;';
  assert.equal(minifyLiterals(code, 'x.ts'), undefined);
  assert.throws(() => minifyLiterals('const s = css`a { color: red;`; const t = css`}}} {{{ @media (`;', 'x.ts'));
});

test('HTML: the indentation goes, line breaks, bindings and spaces within a line stay', () => {
  const code = [
    'const t = html`<div part="base">',
    '      <button',
    '        type="button"',
    '        class="button  primary"',
    '        @click=${() => go()}',
    '      >',
    '        ${label} of  ${total}',
    '      </button>',
    '    </div>`;',
  ].join('\n');
  const out = minifyLiterals(code, 'x.ts')!;
  assert.deepEqual(cooked(out)[0]!.parts, ['<div part="base">\n<button\ntype="button"\nclass="button  primary"\n@click=', '\n>\n', ' of  ', '\n</button>\n</div>']);
  assert.equal(lines(out), lines(code));
  assert.match(out, /@click=\$\{\(\) => go\(\)\}/);
});

test('HTML whose whitespace shows (<pre>, <textarea>) is left as written, as is code without templates', () => {
  const code = 'const t = html`<pre>\n  a\n    b\n</pre>`;';
  assert.equal(minifyLiterals(code, 'x.ts'), undefined);
  assert.equal(minifyLiterals('const t = html`\n  <textarea>\n   x</textarea>`;', 'x.ts'), undefined);
  assert.equal(minifyLiterals('const a = `\n   not tagged\n`;', 'x.ts'), undefined);
});

test('every source of the elements minifies, keeping its lines (what their build and the script tag ship)', () => {
  const dir = join(root, 'packages/elements/src');
  const files = (d: string): string[] =>
    readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? files(join(d, n)) : n.endsWith('.ts') && !n.endsWith('.test.ts') ? [join(d, n)] : []));
  let changed = 0;
  for (const file of files(dir)) {
    const code = readFileSync(file, 'utf8');
    const out = minifyLiterals(code, file);
    if (out === undefined) continue;
    changed++;
    assert.equal(lines(out), lines(code), file);
    assert.ok(out.length < code.length, file);
  }
  assert.ok(changed >= 15, `${changed} files with templates`);
});
