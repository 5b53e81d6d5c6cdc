/**
 * Generates a description of zod schemas that `parseStructure` (`@c2m/rules/structure`) interprets
 * without zod: the product file's (`src/schema/structure.generated.ts`, the shop path's structural
 * checks, written by `write-structure.ts`) and the submission protocol's (@c2m/client's
 * `src/protocol.generated.ts`, the answers the client checks). Tooling of the workspace, outside
 * the published build (`@c2m/rules/structure-generate` resolves in the workspace only); each
 * package's staleness test compares its committed file with this module's output.
 *
 * Reads zod's schema definitions (`_zod.def`); a kind of schema, check or refinement it does not
 * know stops it with an error, so that a description never silently says less than its schema.
 */
import { writeFileSync } from 'node:fs';
import type * as z from 'zod/mini';

/** What to describe, and how the generated module is written. */
export interface StructureModuleOptions {
  /**
   * The schemas, by the name of the constant that says where each one's root is. With one schema,
   * its root is node 0 and no constant is written.
   */
  schemas: Readonly<Record<string, z.ZodMiniType>>;
  /** The name of the exported node table, e.g. `PRODUCT_FILE_STRUCTURE`. */
  table: string;
  /** A sentence (TSDoc) saying what the table describes. */
  summary: string;
  /** Where the generated module imports the `StructureNode` type from. */
  structureModule: string;
  /** The refinements the schemas may use (`z.refine` with these very functions), and their module. */
  refinements?: { module: string; functions: Readonly<Record<string, unknown>> };
  /** What writes the module, and what fails when it is stale: the generated file's first lines. */
  regenerate: { script: string; command: string; test: string };
}

/** The parts of zod's definitions read here. */
interface Def {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  [key: string]: unknown;
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  fn?: unknown;
}
type Schema = { _zod: { def: Def; innerType?: Schema; optin?: string } };

function checkText(c: CheckDef, where: string, refinementNames: ReadonlyMap<unknown, string>): string | undefined {
  switch (c.check) {
    case 'describe':
      return undefined;
    case 'min_length':
      return `['min', ${c.minimum}]`;
    case 'max_length':
      return `['max', ${c.maximum}]`;
    case 'string_format':
      if (!c.pattern || (c.format !== 'regex' && !PATTERN_FORMATS.has(c.format!))) break;
      return c.format === 'regex' ? `['re', ${c.pattern.toString()}]` : `['re', ${c.pattern.toString()}, ${JSON.stringify(c.format)}]`;
    case 'greater_than':
      return `['${c.inclusive ? 'ge' : 'gt'}', ${c.value}]`;
    case 'less_than':
      return `['${c.inclusive ? 'le' : 'lt'}', ${c.value}]`;
    case 'number_format':
      if (c.format !== 'safeint') break;
      return `['int']`;
    case 'custom': {
      const name = refinementNames.get(c.fn);
      if (!name) throw new Error(`${where}: a refinement that is not one of the named refinements`);
      return `['fn', ${name}]`;
    }
  }
  throw new Error(`${where}: check ${c.check}${c.format ? ` (${c.format})` : ''} is not supported`);
}

/** The module's text: the node table, identical nodes written once, and where each schema's root is. */
export function structureModuleText(options: StructureModuleOptions): string {
  const refinementNames = new Map<unknown, string>(Object.entries(options.refinements?.functions ?? {}).map(([name, fn]) => [fn, name]));
  // Nodes by schema identity (recursion through z.lazy), then merged while equal.
  const ids = new Map<Schema, number>();
  const raw: Array<(ref: (n: number) => number) => string> = [];
  const visit = (schema: Schema, where: string): number => {
    let s = schema;
    while (s._zod.def.type === 'lazy') {
      if ((s._zod.def.checks ?? []).some((c) => c._zod.def.check !== 'describe')) throw new Error(`${where}: checks on z.lazy are not supported`);
      s = s._zod.innerType!;
    }
    const known = ids.get(s);
    if (known !== undefined) return known;
    const id = raw.length;
    ids.set(s, id);
    raw.push(() => '');
    const def = s._zod.def;
    const checks = (def.checks ?? []).map((c) => checkText(c._zod.def, where, refinementNames)).filter((c) => c !== undefined);
    // A string format (z.iso.datetime()) is a string schema whose definition is its own first check.
    if (def.type === 'string' && def.format !== undefined) {
      if (!(def.pattern instanceof RegExp) || !PATTERN_FORMATS.has(def.format as string)) throw new Error(`${where}: string format ${String(def.format)} is not supported`);
      checks.unshift(`['re', ${def.pattern.toString()}, ${JSON.stringify(def.format)}]`);
    }
    const noChecks = () => {
      if (checks.length > 0) throw new Error(`${where}: checks on ${def.type} are not supported`);
    };
    const child = (x: unknown, w: string) => visit(x as Schema, w);
    const list = `[${checks.join(', ')}]`;
    switch (def.type) {
      case 'string':
        raw[id] = () => `['s', ${list}]`;
        break;
      case 'number':
        raw[id] = () => `['n', ${list}]`;
        break;
      case 'boolean':
        noChecks();
        raw[id] = () => `['b']`;
        break;
      case 'literal':
      case 'enum': {
        noChecks();
        const values = def.type === 'literal' ? (def.values as unknown[]) : Object.values(def.entries as Record<string, unknown>);
        raw[id] = () => `['l', ${JSON.stringify(values)}]`;
        break;
      }
      case 'array': {
        const e = child(def.element, `${where}[]`);
        raw[id] = (ref) => `['a', ${ref(e)}, ${list}]`;
        break;
      }
      case 'tuple': {
        noChecks();
        if (def.rest) throw new Error(`${where}: tuples with a rest are not supported`);
        const items = (def.items as Schema[]).map((item, i) => {
          if (item._zod.optin !== undefined) throw new Error(`${where}: optional tuple items are not supported`);
          return child(item, `${where}[${i}]`);
        });
        raw[id] = (ref) => `['t', [${items.map(ref).join(', ')}]]`;
        break;
      }
      case 'object': {
        noChecks();
        // No catchall: other keys are dropped (z.object); never: refused (z.strictObject); unknown: kept (z.looseObject).
        const catchall = (def.catchall as Schema | undefined)?._zod.def.type;
        const mode = catchall === undefined ? `, 'strip'` : catchall === 'unknown' ? `, 'keep'` : catchall === 'never' ? '' : undefined;
        if (mode === undefined) throw new Error(`${where}: objects with a catchall of ${catchall} are not supported`);
        const shape = def.shape as Record<string, Schema>;
        const keys = Object.keys(shape).map((k) => [k, child(shape[k], `${where}.${k}`)] as const);
        raw[id] = (ref) => `['o', { ${keys.map(([k, c]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${ref(c)}`).join(', ')} }${mode}]`;
        break;
      }
      case 'record': {
        noChecks();
        const key = def.keyType as Schema;
        if (key._zod.def.type !== 'string' || def.mode === 'loose') throw new Error(`${where}: only strict records with string keys are supported`);
        const k = child(key, `${where}{key}`);
        const v = child(def.valueType, `${where}{}`);
        raw[id] = (ref) => `['r', ${ref(k)}, ${ref(v)}]`;
        break;
      }
      case 'union': {
        noChecks();
        if (def.inclusive === false && def.unionFallback) throw new Error(`${where}: unionFallback is not supported`);
        const options = (def.options as Schema[]).map((o, i) => child(o, `${where}|${i}`));
        if (typeof def.discriminator === 'string') {
          const key = def.discriminator;
          const pairs = (def.options as Schema[]).map((o, i) => {
            const values = ((o._zod.def.shape as Record<string, Schema>)[key]!._zod.def.values ?? []) as unknown[];
            if (values.length !== 1 || typeof values[0] !== 'string') throw new Error(`${where}: discriminators must be one string each`);
            return [values[0], options[i]!] as const;
          });
          raw[id] = (ref) => `['d', ${JSON.stringify(key)}, [${pairs.map(([v, o]) => `[${JSON.stringify(v)}, ${ref(o)}]`).join(', ')}]]`;
        } else {
          if ((def.options as Schema[]).some((o) => o._zod.optin !== undefined)) throw new Error(`${where}: optional union options are not supported`);
          raw[id] = (ref) => `['u', [${options.map(ref).join(', ')}]]`;
        }
        break;
      }
      case 'optional': {
        noChecks();
        const inner = def.innerType as Schema;
        if (inner._zod.optin === 'defaulted') throw new Error(`${where}: optional defaults are not supported`);
        const i = child(inner, where);
        raw[id] = (ref) => `['?', ${ref(i)}]`;
        break;
      }
      case 'nullable': {
        noChecks();
        const i = child(def.innerType, where);
        raw[id] = (ref) => `['N', ${ref(i)}]`;
        break;
      }
      case 'default': {
        noChecks();
        const i = child(def.innerType, where);
        const value = JSON.stringify(def.defaultValue);
        raw[id] = (ref) => `['=', ${ref(i)}, ${value}]`;
        break;
      }
      default:
        throw new Error(`${where}: zod type ${def.type} is not supported`);
    }
    return id;
  };
  const roots = Object.entries(options.schemas).map(([name, schema]) => [name, visit(schema as unknown as Schema, name)] as const);

  // Merge equal nodes until nothing changes (children compared by their merged ids).
  let repr = raw.map((_, i) => i);
  for (;;) {
    const byText = new Map<string, number>();
    const next = raw.map((write, i) => {
      const text = write((n) => repr[n]!);
      const first = byText.get(text);
      if (first === undefined) byText.set(text, repr[i] === i ? i : repr[i]!);
      return first ?? i;
    });
    // Representatives must be fixed points.
    const merged = next.map((r) => next[r]!);
    if (merged.every((r, i) => r === repr[i])) break;
    repr = merged;
  }
  const kept = [...new Set(repr)].sort((a, b) => a - b);
  const index = new Map(kept.map((old, i) => [old, i]));
  const ref = (n: number) => index.get(repr[n]!)!;
  const lines = kept.map((old, i) => `  /* ${i} */ ${raw[old]!(ref)},`);
  const used = [...refinementNames.values()].filter((name) => lines.some((l) => l.includes(`'fn', ${name}]`)));
  const { script, command, test } = options.regenerate;
  const single = roots.length === 1;
  if (single && ref(roots[0]![1]) !== 0) throw new Error('the root of a single schema must be node 0');
  return [
    `// Generated from zod schemas by ${script}: do not edit.`,
    `// \`${command}\` writes it again; ${test} fails when it is stale.`,
    `import type { StructureNode } from '${options.structureModule}';`,
    ...(used.length > 0 ? [`import { ${used.sort().join(', ')} } from '${options.refinements!.module}';`] : []),
    '',
    `/** ${options.summary}${single ? ' The root is node 0.' : ''} Read by \`parseStructure\`. */`,
    `export const ${options.table}: readonly StructureNode[] = [`,
    ...lines,
    '];',
    ...roots.filter(() => !single).flatMap(([name, id]) => ['', `/** The root node of \`${name}\` in {@link ${options.table}}. */`, `export const ${name} = ${ref(id)};`]),
    '',
  ].join('\n');
}

/** zod's string formats that are a pattern and nothing else (others, like \`url\`, also run code). */
const PATTERN_FORMATS = new Set(['datetime', 'date', 'time', 'uuid', 'guid', 'cuid', 'cuid2', 'ulid', 'nanoid', 'e164', 'ipv4', 'cidrv4', 'email', 'emoji']);

/** Writes the module to `target` (a file URL or path) and says so. */
export function writeStructureModule(target: URL | string, options: StructureModuleOptions): void {
  writeFileSync(target, structureModuleText(options));
  console.log(`wrote ${target instanceof URL ? target.pathname : target}`);
}
