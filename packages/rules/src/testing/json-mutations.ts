/**
 * Random mutations of a JSON value, for fuzzing whatever receives one (the specification
 * validator here, the reference server over HTTP): replace a value anywhere, delete a member or an
 * item, add an unexpected member. Dev-only (`@c2m/rules/testing`, not published).
 */
import fc from 'fast-check';

type Path = Array<string | number>;

/** One change to a JSON value. */
export interface JsonMutation {
  path: Path;
  kind: 'replace' | 'delete' | 'add';
  value: unknown;
  /** The member name for `add`. */
  key: string;
}

/** Every place in a JSON value, as a path (the root, `[]`, first). */
export function pathsOf(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  return out;
}

/** Options of {@link jsonMutations}. */
export interface JsonMutationOptions {
  /**
   * Also write plausible values: the file's own strings, numbers and booleans (numbers with
   * their neighbours), often those near the place changed — the other members of its object, the
   * same member of the other items of its array. An id where another belongs, a min just above its
   * max, a value copied from a sibling: mistakes that get past a schema and reach the checks behind
   * it, where random values rarely do.
   */
  plausible?: boolean;
}

/** Up to `maxLength` mutations of `doc`, with values and member names chosen to be awkward. */
export function jsonMutations(doc: unknown, maxLength = 4, options: JsonMutationOptions = {}): fc.Arbitrary<JsonMutation[]> {
  const paths = pathsOf(doc).filter((p) => p.length > 0);
  const awkward = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(-0, 1e308, -1, '', '\u0000', '__proto__', 'constructor', [], {}));
  const key = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString'));
  const everywhere = scalarsOf(doc);
  const mutation: fc.Arbitrary<JsonMutation> =
    options.plausible && everywhere.length > 0
      ? fc.constantFrom(...paths).chain((path) => {
          const near = nearby(doc, path);
          const plausible = near.length > 0 ? fc.oneof(fc.constantFrom(...everywhere), { arbitrary: fc.constantFrom(...near), weight: 2 }) : fc.constantFrom(...everywhere);
          return fc.record({
            path: fc.constant(path),
            // Plausible mistakes are mostly a value in the wrong place: replace more often than delete or add.
            kind: fc.constantFrom('replace' as const, 'replace' as const, 'delete' as const, 'add' as const),
            value: fc.oneof(awkward, { arbitrary: plausible, weight: 2 }),
            key,
          });
        })
      : fc.record({
          path: fc.constantFrom(...paths),
          kind: fc.constantFrom('replace' as const, 'delete' as const, 'add' as const),
          value: awkward,
          key,
        });
  return fc.array(mutation, { minLength: 1, maxLength });
}

function at(doc: unknown, path: Path): unknown {
  let v = doc;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/** Scalars near `path`: in the object holding it, and under the same member of its array's other items. */
function nearby(doc: unknown, path: Path): Array<string | number | boolean> {
  const parent = at(doc, path.slice(0, -1));
  const out = new Set(Array.isArray(parent) ? [] : scalarsOf(parent));
  const items = at(doc, path.slice(0, -2));
  const last = path[path.length - 1]!;
  if (Array.isArray(items) && path.length >= 2) for (const item of items) for (const v of scalarsOf(at(item, [last]))) out.add(v);
  return [...out];
}

/**
 * The strings, numbers and booleans of a JSON value, each once, and every number's neighbours
 * (±1, its negation): values that look right to a schema but may be wrong where they are put.
 */
export function scalarsOf(value: unknown): Array<string | number | boolean> {
  const out = new Set<string | number | boolean>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string' || typeof v === 'boolean') out.add(v);
    else if (typeof v === 'number') for (const n of [v, v + 1, v - 1, -v]) out.add(n);
    else if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') stack.push(...Object.values(v));
  }
  return [...out];
}

/** A mutated deep copy of `doc` (a JSON round trip, as a receiver would see it). */
export function mutated<T>(doc: T, mutations: readonly JsonMutation[]): T {
  const copy = JSON.parse(JSON.stringify(doc)) as T;
  for (const m of mutations) {
    let parent: unknown = copy;
    for (const k of m.path.slice(0, -1)) parent = parent === null || typeof parent !== 'object' ? undefined : (parent as Record<string | number, unknown>)[k];
    if (parent === null || typeof parent !== 'object') continue;
    const last = m.path[m.path.length - 1]!;
    if (m.kind === 'replace') (parent as Record<string | number, unknown>)[last] = m.value;
    else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete (parent as Record<string | number, unknown>)[last];
    } else if (!Array.isArray(parent)) {
      // defineProperty: an own member even when it is called __proto__.
      Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
    }
  }
  return JSON.parse(JSON.stringify(copy)) as T;
}
