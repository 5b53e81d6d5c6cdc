// A @web/test-runner plugin serving the example product files of @c2m/rules as JSON (suit.yaml is
// YAML: converted here, as a manufacturer's server would), under /__c2m/products/<name>.json; and a
// middleware serving them streamed, without a Content-Length (as a server that compresses on the
// fly does), under /__c2m/streamed/<name>.json?pad=<n> (`pad` spaces after the JSON make it large).
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const examples = fileURLToPath(new URL('../../rules/examples/', import.meta.url));
const files = { suit: 'suit.yaml', 'oak-table': 'oak-table.json', mug: 'mug.json' };

/** The example product `name` as JSON text; `undefined` when there is none. */
function productJson(name) {
  if (!files[name]) return undefined;
  const text = readFileSync(examples + files[name], 'utf8');
  return files[name].endsWith('.yaml') ? JSON.stringify(parse(text), null, 2) : text;
}

export function productFixtures() {
  return {
    name: 'c2m-product-fixtures',
    serve(context) {
      const m = /^\/__c2m\/products\/([a-z-]+)\.json$/.exec(context.path);
      const json = m && productJson(m[1]);
      return json === undefined || json === null ? undefined : { body: json, type: 'application/json' };
    },
  };
}

/** Koa middleware: the streamed products (chunked transfer, no Content-Length). */
export function streamedProducts() {
  return async (context, next) => {
    const m = /^\/__c2m\/streamed\/([a-z-]+)\.json$/.exec(context.path);
    const json = m && productJson(m[1]);
    if (json === undefined || json === null) return next();
    const text = json + ' '.repeat(Number(context.query.pad ?? 0));
    context.type = 'application/json';
    // In pieces of 16 KB, as a network delivers them.
    const pieces = [];
    for (let i = 0; i < text.length; i += 16_384) pieces.push(text.slice(i, i + 16_384));
    context.body = Readable.from(pieces);
  };
}
