// Minifies the CSS and HTML of Lit's tagged template literals (`css`…``, `html`…``), which a JS
// minifier leaves as written: indentation, line breaks, comments. Used wherever the elements are
// built as they ship: the package's build (`dist/`, see `--dist` below), the script tag's Vite build
// (`literalsPlugin`), and `pnpm size` (so that it measures what ships).
//
// - CSS: Lightning CSS, minify only (no targets: nothing is lowered or prefixed). Custom properties
//   and `::part()` names are kept as written (they are public API); a literal with `${}` substitutions
//   is left as it is (the elements' styles have none).
// - HTML: each run of whitespace that holds a line break becomes those line breaks alone (the
//   indentation goes): the same text for the browser, which collapses whitespace the same way. Runs
//   without a line break are kept (`a  b` in an attribute value stays). A template with `<pre>` or
//   `<textarea>` (whitespace that shows) is left as it is.
// - Every literal keeps its number of lines, so that the line of every piece of code after it, and
//   so the source maps made before this step, stay true.
//
//   node scripts/minify-literals.mjs --dist packages/elements/dist    minifies the built .js files in place
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { transform as transformCss } from 'lightningcss';

/** The workspace's TypeScript sources, whose literals every build minifies (one pattern for all of them). */
export const SOURCES = /[\\/]packages[\\/][^\\/]+[\\/]src[\\/].*\.ts$/;

const CSS_TAGS = new Set(['css']);
const HTML_TAGS = new Set(['html', 'svg', 'staticHtml']);

/** The number of line breaks in a text. */
const lines = (text) => text.split('\n').length - 1;

/** Cooked CSS text minified, written back as a template literal's raw text, with `breaks` line breaks after it. */
function minifyCss(cooked, fileName, breaks) {
  const { code } = transformCss({ filename: fileName, code: Buffer.from(cooked), minify: true, errorRecovery: false });
  const escaped = code.toString().replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('${', '\\${');
  return escaped + '\n'.repeat(breaks);
}

/** Raw HTML text with the indentation of its lines removed (the line breaks stay). */
const minifyHtml = (raw) => raw.replace(/\s*\n\s*/g, (run) => '\n'.repeat(lines(run)));

/** The raw text of each literal part of a template, with its position in the file (between the delimiters). */
function parts(template) {
  if (ts.isNoSubstitutionTemplateLiteral(template)) return [{ start: template.getStart() + 1, end: template.end - 1, cooked: template.text }];
  return [
    { start: template.head.getStart() + 1, end: template.head.end - 2, cooked: template.head.text },
    ...template.templateSpans.map(({ literal }) => ({
      start: literal.getStart() + 1,
      end: literal.end - (ts.isTemplateTail(literal) ? 1 : 2),
      cooked: literal.text,
    })),
  ];
}

/**
 * `code` (TypeScript or JavaScript) with the CSS and HTML of its `css` and `html` tagged templates
 * minified; `undefined` when there is nothing to change. Throws on CSS Lightning CSS cannot parse.
 */
export function minifyLiterals(code, fileName) {
  if (!/\b(css|html|svg|staticHtml)\s*`/.test(code)) return undefined;
  const kind = /\.[cm]?tsx?$/.test(fileName) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, kind);
  /** Replacements, in file order: [start, end, text]. */
  const edits = [];
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag)) {
      const tag = node.tag.text;
      const all = parts(node.template);
      if (CSS_TAGS.has(tag) && all.length === 1) {
        const [{ start, end, cooked }] = all;
        edits.push([start, end, minifyCss(cooked, fileName, lines(code.slice(start, end)))]);
      } else if (HTML_TAGS.has(tag) && !all.some((p) => /<(pre|textarea)\b/i.test(p.cooked ?? ''))) {
        for (const { start, end } of all) edits.push([start, end, minifyHtml(code.slice(start, end))]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = '';
  let at = 0;
  for (const [start, end, text] of edits.sort((a, b) => a[0] - b[0])) {
    out += code.slice(at, start) + text;
    at = end;
  }
  out += code.slice(at);
  return out === code ? undefined : out;
}

/** A Vite (Rolldown) plugin minifying the literals of the workspace's TypeScript sources before they are compiled. */
export function literalsPlugin() {
  return {
    name: 'c2m-minify-literals',
    enforce: 'pre',
    apply: 'build',
    transform: {
      filter: { id: SOURCES },
      handler(code, id) {
        const out = minifyLiterals(code, id);
        // Lines are kept, so the maps of later steps stay true line by line.
        return out === undefined ? null : { code: out, map: null };
      },
    },
  };
}

/** The same for esbuild (`pnpm size`): the workspace's TypeScript sources, as they ship. */
export function literalsEsbuildPlugin() {
  return {
    name: 'c2m-minify-literals',
    setup(build) {
      build.onLoad({ filter: SOURCES }, (args) => {
        const code = readFileSync(args.path, 'utf8');
        const out = minifyLiterals(code, args.path);
        return out === undefined ? undefined : { contents: out, loader: 'ts' };
      });
    },
  };
}

/** Every `.js` file under a folder. */
function jsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : name.endsWith('.js') ? [path] : [];
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--dist');
  const dir = at >= 0 ? process.argv[at + 1] : undefined;
  if (!dir) {
    console.error('usage: node scripts/minify-literals.mjs --dist <folder of built .js files>');
    process.exit(2);
  }
  for (const file of jsFiles(dir)) {
    const out = minifyLiterals(readFileSync(file, 'utf8'), file);
    if (out !== undefined) writeFileSync(file, out);
  }
}
