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

/** Up to `maxLength` mutations of `doc`, with values and member names chosen to be awkward. */
export function jsonMutations(doc: unknown, maxLength = 4): fc.Arbitrary<JsonMutation[]> {
  const paths = pathsOf(doc).filter((p) => p.length > 0);
  const mutation: fc.Arbitrary<JsonMutation> = fc.record({
    path: fc.constantFrom(...paths),
    kind: fc.constantFrom('replace' as const, 'delete' as const, 'add' as const),
    value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(-0, 1e308, -1, '', '\u0000', '__proto__', 'constructor', [], {})),
    key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString')),
  });
  return fc.array(mutation, { minLength: 1, maxLength });
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
