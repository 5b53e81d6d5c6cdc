// A @web/test-runner plugin serving the example product files of @c2m/rules as JSON (suit.yaml is
// YAML: converted here, as a manufacturer's server would), under /__c2m/products/<name>.json, and
// compiled for pages (`compileForPage` of @c2m/rules/engine, as `c2m compile` and the reference
// server write them) under /__c2m/compiled/<name>.json; and a middleware serving them streamed,
// without a Content-Length (as a server that compresses on the fly does), under
// /__c2m/streamed/<name>.json?pad=<n> (`pad` spaces after the JSON make it large; the compiled
// product under /__c2m/streamed/compiled/<name>.json).
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { tsImport } from 'tsx/esm/api';

const examples = fileURLToPath(new URL('../../rules/examples/', import.meta.url));
const files = { suit: 'suit.yaml', 'oak-table': 'oak-table.json', mug: 'mug.json' };

/** The example product `name` as JSON text; `undefined` when there is none. */
function productJson(name) {
  if (!files[name]) return undefined;
  const text = readFileSync(examples + files[name], 'utf8');
  return files[name].endsWith('.yaml') ? JSON.stringify(parse(text), null, 2) : text;
}

/** The example product `name` compiled for pages, by the engine's own TypeScript (once per name); `undefined` when there is none. */
const compiled = new Map();
async function compiledJson(name) {
  const json = productJson(name);
  if (json === undefined) return undefined;
  if (!compiled.has(name)) {
    const { compileForPage } = await tsImport('@c2m/rules/engine', import.meta.url);
    const result = compileForPage({ text: json });
    if (!result.ok) throw new Error(`the example ${name} does not compile for pages: ${result.issues.map((i) => i.message).join('; ')}`);
    compiled.set(name, result.text);
  }
  return compiled.get(name);
}

export function productFixtures() {
  return {
    name: 'c2m-product-fixtures',
    async serve(context) {
      const m = /^\/__c2m\/(products|compiled)\/([a-z-]+)\.json$/.exec(context.path);
      if (!m) return undefined;
      if (m[1] === 'compiled') {
        const text = await compiledJson(m[2]);
        return text === undefined ? undefined : { body: text, type: 'application/vnd.c2m.compiled+json' };
      }
      const json = productJson(m[2]);
      return json === undefined ? undefined : { body: json, type: 'application/json' };
    },
  };
}

/** Koa middleware: the streamed products (chunked transfer, no Content-Length). */
export function streamedProducts() {
  return async (context, next) => {
    const m = /^\/__c2m\/streamed\/(compiled\/)?([a-z-]+)\.json$/.exec(context.path);
    const json = m && (m[1] ? await compiledJson(m[2]) : productJson(m[2]));
    if (json === undefined || json === null) return next();
    const text = json + ' '.repeat(Number(context.query.pad ?? 0));
    context.type = 'application/json';
    // In pieces of 16 KB, as a network delivers them.
    const pieces = [];
    for (let i = 0; i < text.length; i += 16_384) pieces.push(text.slice(i, i + 16_384));
    context.body = Readable.from(pieces);
  };
}
