// A @web/test-runner plugin serving the example product files of @c2m/rules as JSON (suit.yaml is
// YAML: converted here, as a manufacturer's server would), under /__c2m/products/<name>.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const examples = fileURLToPath(new URL('../../rules/examples/', import.meta.url));
const files = { suit: 'suit.yaml', 'oak-table': 'oak-table.json', mug: 'mug.json' };

export function productFixtures() {
  return {
    name: 'c2m-product-fixtures',
    serve(context) {
      const m = /^\/__c2m\/products\/([a-z-]+)\.json$/.exec(context.path);
      if (!m || !files[m[1]]) return undefined;
      const text = readFileSync(examples + files[m[1]], 'utf8');
      const json = files[m[1]].endsWith('.yaml') ? JSON.stringify(parse(text), null, 2) : text;
      return { body: json, type: 'application/json' };
    },
  };
}
