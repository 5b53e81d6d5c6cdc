/**
 * Turning zod's issues into product-file issues a manufacturer can act on: one issue per unknown key
 * (with a suggestion), `required` for missing keys, one precise message for a failed union instead of
 * a dump of every branch, and conditions checked by their own rules (see `conditions.ts`).
 */
import type * as z from 'zod/mini';
import { ProductFile } from '../schema/product-file.js';
import type { IssueFactory } from '../issues/issue.js';
import { expectedParams, receivedParams, show, valueAt } from '../issues/issue.js';
import type { ProductIssue } from '../types.js';
import { suggest } from './suggest.js';

type ZodIssue = z.core.$ZodIssue;
type Path = Array<string | number>;

/** The parts of zod's schema definitions that the key lookup reads. */
interface SchemaDef {
  type: string;
  shape?: Record<string, { _zod: { def: SchemaDef } }>;
  innerType?: { _zod: { def: SchemaDef } };
  element?: { _zod: { def: SchemaDef } };
  items?: Array<{ _zod: { def: SchemaDef } }>;
  valueType?: { _zod: { def: SchemaDef } };
  options?: Array<{ _zod: { def: SchemaDef } }>;
  discriminator?: string;
  getter?: () => { _zod: { def: SchemaDef } };
  in?: { _zod: { def: SchemaDef } };
  values?: unknown[];
}

const rootDef = (ProductFile as unknown as { _zod: { def: SchemaDef } })._zod.def;

function unwrap(def: SchemaDef): SchemaDef {
  let d = def;
  for (let i = 0; i < 16; i++) {
    if (d.innerType) d = d.innerType._zod.def;
    else if (d.type === 'lazy' && d.getter) d = d.getter()._zod.def;
    else if (d.type === 'pipe' && d.in) d = d.in._zod.def;
    else break;
  }
  return d;
}

function literalOf(def: SchemaDef | undefined): unknown {
  if (!def) return undefined;
  const d = unwrap(def);
  return d.type === 'literal' && d.values ? d.values[0] : undefined;
}

/** The schema of the object at `path`, following `data` to choose the branch of a discriminated union. */
function schemaAt(data: unknown, path: Path): SchemaDef | undefined {
  let def: SchemaDef | undefined = unwrap(rootDef);
  for (let i = 0; i <= path.length && def; i++) {
    if (def.type === 'union' && def.options) {
      const here = valueAt(data, path.slice(0, i));
      const disc: string | undefined = def.discriminator;
      const tag: unknown = disc && here && typeof here === 'object' ? (here as Record<string, unknown>)[disc] : undefined;
      const branch: SchemaDef | undefined = def.options
        .map((o) => unwrap(o._zod.def))
        .find((o): boolean => (disc ? literalOf(o.shape?.[disc]?._zod.def) === tag : false));
      if (!branch) return undefined;
      def = branch;
    }
    if (i === path.length) break;
    const key = path[i]!;
    let next: SchemaDef | undefined;
    if (def.type === 'object' && typeof key === 'string' && def.shape && Object.hasOwn(def.shape, key)) {
      next = def.shape[key]!._zod.def;
    } else if (def.type === 'array' && def.element) next = def.element._zod.def;
    else if (def.type === 'tuple' && def.items && typeof key === 'number') next = def.items[key]?._zod.def;
    else if (def.type === 'record' && def.valueType) next = def.valueType._zod.def;
    def = next ? unwrap(next) : undefined;
  }
  return def;
}

/** The keys the format defines for the object at `path` (empty when unknown). */
export function knownKeysAt(data: unknown, path: Path): string[] {
  const def = schemaAt(data, path);
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}


/** Known regexes of the format → the message kind that explains them. */
function patternKind(pattern: string | undefined): string | undefined {
  if (!pattern) return undefined;
  if (pattern.includes('A-Za-z0-9_.-')) return 'id';
  if (pattern.includes('[a-z]{2,3}')) return 'locale';
  if (pattern.includes('[A-Z]{3}')) return 'currency';
  if (pattern.includes('0-9a-fA-F')) return 'colour';
  if (pattern.includes('[a-z]+\\/')) return 'media-type';
  return undefined;
}

const CUSTOM_KINDS: Array<[string, string]> = [
  ['at most 6 decimals', 'decimals'],
  ['finite number', 'finite'],
  ['between -1e12 and 1e12', 'number-range'],
  ['greater than 0', 'positive'],
];

/** Which discriminated union a `type` key belongs to, from where it is. */
function discriminatorKind(path: Path): string {
  const parent = path[path.length - 3];
  if (parent === 'options') return 'option-type';
  if (parent === 'constraints') return 'constraint-type';
  return 'action-type';
}

function isTypeMismatchOnly(branch: readonly ZodIssue[]): boolean {
  return branch.length > 0 && branch.every((i) => i.code === 'invalid_type' && i.path.length === 0);
}

/** Maps zod issues (paths relative to `base`) onto `out`. `data` is the whole input. */
export function mapZodIssues(
  issues: readonly ZodIssue[],
  base: Path,
  data: unknown,
  mk: IssueFactory,
  out: ProductIssue[],
): void {
  for (const zi of issues) mapOne(zi, base, data, mk, out);
}

function mapOne(zi: ZodIssue, base: Path, data: unknown, mk: IssueFactory, out: ProductIssue[]): void {
  const path: Path = [...base, ...zi.path.map((p) => (typeof p === 'number' ? p : String(p)))];
  const value = valueAt(data, path);
  switch (zi.code) {
    case 'invalid_type': {
      if (value === undefined && path.length > 0) {
        out.push(mk('required', path, { key: String(path[path.length - 1]) }));
      } else if (zi.expected === 'int' && typeof value === 'number') {
        out.push(mk('invalid-value', path, { kind: zi.message.includes('minor units') ? 'money' : 'integer', value }));
      } else {
        // `version: 3` in YAML (or JSON) is a number: say how to write the text that was meant.
        const quote = zi.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean');
        out.push(mk('type', path, { ...expectedParams([zi.expected]), ...receivedParams(value), ...(quote ? { kind: 'quote', key: String(path[path.length - 1]) } : {}) }));
      }
      return;
    }
    case 'too_small': {
      const minimum = Number(zi.minimum);
      if (zi.origin === 'string') {
        out.push(mk('invalid-value', path, { kind: minimum <= 1 ? 'too-short' : 'too-short-string', minimum }));
      } else if (zi.origin === 'array') {
        out.push(mk('invalid-value', path, { kind: 'too-few', minimum }));
      } else {
        out.push(mk('invalid-value', path, { kind: zi.inclusive === false ? 'too-small-exclusive' : 'too-small', minimum, value: show(value) }));
      }
      return;
    }
    case 'too_big': {
      const maximum = Number(zi.maximum);
      if (zi.origin === 'string') out.push(mk('invalid-value', path, { kind: 'too-long-string', maximum }));
      else if (zi.origin === 'array') {
        out.push(mk('invalid-value', path, { kind: 'too-many', maximum, count: Array.isArray(value) ? value.length : 0 }));
      } else {
        out.push(mk('invalid-value', path, { kind: zi.inclusive === false ? 'too-big-exclusive' : 'too-big', maximum, value: show(value) }));
      }
      return;
    }
    case 'invalid_format': {
      const kind = zi.format === 'regex' ? patternKind(zi.pattern) : undefined;
      out.push(mk('invalid-value', path, { kind: kind ?? 'pattern', value: show(value), detail: zi.message }));
      return;
    }
    case 'invalid_value': {
      const allowed = zi.values.map((v) => JSON.stringify(v)).join(' or ');
      out.push(mk('invalid-value', path, { kind: 'literal', value: JSON.stringify(value) ?? 'nothing', allowed }));
      return;
    }
    case 'unrecognized_keys': {
      const known = knownKeysAt(data, path);
      for (const key of zi.keys) {
        const suggestion = suggest(key, known);
        out.push(
          mk('unknown-key', [...path, key], suggestion ? { kind: 'suggest', key, suggestion } : { key }),
        );
      }
      return;
    }
    case 'invalid_union': {
      if (zi.discriminator !== undefined) {
        const allowed = ('options' in zi ? (zi.options ?? []) : []).map(String).join(', ');
        const kind = discriminatorKind(path);
        if (value === undefined) out.push(mk('required', path, { kind, key: zi.discriminator, allowed }));
        else out.push(mk('invalid-value', path, { kind, value: show(value), allowed }));
        return;
      }
      if (zi.errors.length === 0) {
        out.push(mk('invalid-value', path, { detail: zi.message }));
        return;
      }
      const branches = zi.errors.filter((b) => !isTypeMismatchOnly(b));
      if (branches.length === 0) {
        if (value === undefined) {
          out.push(mk('required', path, { key: String(path[path.length - 1] ?? '') }));
          return;
        }
        const expected = zi.errors.flatMap((b) => b.flatMap((i) => (i.code === 'invalid_type' ? [i.expected === 'record' ? 'object' : i.expected] : [])));
        out.push(mk('type', path, { ...expectedParams(expected), ...receivedParams(value) }));
        return;
      }
      // The branch whose type matched tells what is wrong inside the value.
      const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
      mapZodIssues(best, path, data, mk, out);
      return;
    }
    case 'invalid_key': {
      const key = String(path[path.length - 1] ?? '');
      const inner = zi.issues[0];
      const kind = inner?.code === 'invalid_format' ? patternKind(inner.pattern) : undefined;
      if (kind === 'locale') out.push(mk('invalid-value', path, { kind: 'locale', value: key }));
      else out.push(mk('invalid-value', path, { kind: 'key', key, detail: inner?.message ?? zi.message }));
      return;
    }
    case 'invalid_element': {
      mapZodIssues(zi.issues, path, data, mk, out);
      return;
    }
    case 'custom': {
      const kind = CUSTOM_KINDS.find(([text]) => zi.message.includes(text))?.[1];
      out.push(mk('invalid-value', path, kind ? { kind, value: show(value) } : { detail: zi.message }));
      return;
    }
    default:
      out.push(mk('invalid-value', path, { detail: zi.message }));
  }
}
