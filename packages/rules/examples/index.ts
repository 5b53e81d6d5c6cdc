/**
 * The example product files shipped with @c2m/rules: realistic products used by the tests, the CLI
 * and the demo. Node only (they are files on disk).
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/** Names of the example products. */
export type ExampleName = 'suit' | 'oak-table' | 'mug';

/**
 * Absolute paths of the example product files:
 * - `suit`: made-to-measure suit, YAML, 31 options (cloth, details, body measurements with proportion rules);
 * - `oak-table`: solid-wood dining table, JSON, dimensions in mm with linear relations and tables;
 * - `mug`: a five-option mug for quick tests and demos.
 */
export const examplePaths: Readonly<Record<ExampleName, string>> = {
  suit: fileURLToPath(new URL('./suit.yaml', import.meta.url)),
  'oak-table': fileURLToPath(new URL('./oak-table.json', import.meta.url)),
  mug: fileURLToPath(new URL('./mug.json', import.meta.url)),
};

/** Every example name, in a stable order. */
export const exampleNames: readonly ExampleName[] = ['suit', 'oak-table', 'mug'];

/**
 * The parsed (not yet validated) document of an example. YAML is read with the `yaml` package
 * directly; pass the result to `ProductFile.parse` or the compiler.
 */
export function readExample(name: ExampleName): unknown {
  const path = examplePaths[name];
  const text = readFileSync(path, 'utf8');
  return path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
}
