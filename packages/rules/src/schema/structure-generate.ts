/**
 * Generates `structure.generated.ts`, the shop path's description of the product file's structure,
 * from the zod schema (`product-file.ts`): `pnpm --filter @c2m/rules schema` writes it, and
 * `structure.test.ts` fails when the committed file is stale. Reads zod's schema definitions
 * (`_zod.def`); a kind of schema, check or refinement it does not know stops it, so that the
 * description never silently says less than the schema.
 */
import type * as z from 'zod/mini';
import { ProductFile } from './product-file.js';
import * as refinements from './refinements.js';

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

const refinementNames = new Map<unknown, string>(Object.entries(refinements).map(([name, fn]) => [fn, name]));

function checkText(c: CheckDef, where: string): string | undefined {
  switch (c.check) {
    case 'describe':
      return undefined;
    case 'min_length':
      return `['min', ${c.minimum}]`;
    case 'max_length':
      return `['max', ${c.maximum}]`;
    case 'string_format':
      if (c.format !== 'regex' || !c.pattern) break;
      return `['re', ${c.pattern.toString()}]`;
    case 'greater_than':
      return `['${c.inclusive ? 'ge' : 'gt'}', ${c.value}]`;
    case 'less_than':
      return `['${c.inclusive ? 'le' : 'lt'}', ${c.value}]`;
    case 'number_format':
      if (c.format !== 'safeint') break;
      return `['int']`;
    case 'custom': {
      const name = refinementNames.get(c.fn);
      if (!name) throw new Error(`${where}: a refinement that is not in refinements.ts`);
      return `['fn', ${name}]`;
    }
  }
  throw new Error(`${where}: check ${c.check}${c.format ? ` (${c.format})` : ''} is not supported`);
}

/** The module's text: the node table, root first, identical nodes written once. */
export function structureModuleText(root: z.ZodMiniType = ProductFile): string {
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
    const checks = (def.checks ?? []).map((c) => checkText(c._zod.def, where)).filter((c) => c !== undefined);
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
        const catchall = def.catchall as Schema | undefined;
        if (catchall?._zod.def.type !== 'never') throw new Error(`${where}: only strict objects are supported`);
        const shape = def.shape as Record<string, Schema>;
        const keys = Object.keys(shape).map((k) => [k, child(shape[k], `${where}.${k}`)] as const);
        raw[id] = (ref) => `['o', { ${keys.map(([k, c]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${ref(c)}`).join(', ')} }]`;
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
  visit(root as unknown as Schema, '$');

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
  return [
    '// Generated from the zod schema by packages/rules/scripts/write-structure.ts: do not edit.',
    '// `pnpm --filter @c2m/rules schema` writes it again; structure.test.ts fails when it is stale.',
    `import type { StructureNode } from '../validate/structure.js';`,
    `import { ${used.sort().join(', ')} } from './refinements.js';`,
    '',
    '/** The product file\'s structure (the root is node 0), read by `parseStructure` of `../validate/structure.ts`. */',
    'export const PRODUCT_FILE_STRUCTURE: readonly StructureNode[] = [',
    ...lines,
    '];',
    '',
  ].join('\n');
}
