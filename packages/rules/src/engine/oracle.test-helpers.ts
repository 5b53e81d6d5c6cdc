/**
 * Test helpers: random small product files and a brute-force oracle that reads the product file
 * directly (reference semantics of evaluate.ts and the expression evaluator), independent of the
 * engine's model and encoding.
 *
 * Options with `when`: in a configuration, `undefined` is "does not apply"; a configuration is well
 * formed when exactly the options whose `when` holds have a value.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Condition, Constraint, Option, ProductFile } from '../schema/product-file.js';
import type { SelectionValue } from '../types.js';
import type { Session } from '../api.js';
import { evaluateCondition } from './evaluate.js';
import { evaluate, parseExpression } from '../expr/parse.js';
import * as Q from '../expr/rational.js';

/** A configuration: `null` is an empty file, `""` an empty text, `undefined` an option that does not apply. */
export type Values = Record<string, SelectionValue | null | undefined>;

/** Which options apply in a complete configuration. */
export function appliesIn(values: Values): (id: string) => boolean {
  return (id) => !(Object.hasOwn(values, id) && values[id] === undefined);
}

/** Every value of an option (text: "" and "x"; file: null and one file). */
export function valuesOf(o: Option): Array<SelectionValue | null> {
  switch (o.type) {
    case 'choice':
      return o.values.map((v) => v.id);
    case 'boolean':
      return [false, true];
    case 'number': {
      const out: number[] = [];
      for (let x = o.min; x <= o.max + 1e-9; x = Math.round((x + o.step) * 1e6) / 1e6) out.push(x);
      return out;
    }
    case 'text':
      return ['', 'x'];
    case 'file':
      return [null, { name: 'logo.png', type: 'image/png', bytes: 10 }];
  }
}

/** The values an option takes in configurations: its values, and "does not apply" when it has `when`. */
export function configValuesOf(o: Option): Array<SelectionValue | null | undefined> {
  return o.when === undefined ? valuesOf(o) : [...valuesOf(o), undefined];
}

/** Options (ids) whose `when` reads `id`, directly or through other `when`s. */
export function dependentsOf(file: ProductFile, id: string): Set<string> {
  const reads = (c: Condition): string[] => {
    if (typeof c === 'boolean') return [];
    if ('all' in c) return c.all.flatMap(reads);
    if ('any' in c) return c.any.flatMap(reads);
    if ('not' in c) return reads(c.not);
    if ('implies' in c) return c.implies.flatMap(reads);
    if ('iff' in c) return c.iff.flatMap(reads);
    return [c.option];
  };
  const out = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of file.options) {
      if (o.when === undefined || out.has(o.id)) continue;
      if (reads(o.when).some((x) => x === id || out.has(x))) {
        out.add(o.id);
        grew = true;
      }
    }
  }
  return out;
}

function relationHolds(relation: string, values: Values): boolean {
  const m = /^(.*?)(<=|>=|==|<|>)(.*)$/.exec(relation)!;
  const lookup = (id: string) => (typeof values[id] === 'number' ? Q.fromDecimal(values[id] as number) : undefined);
  const l = parseExpression(m[1]);
  const r = parseExpression(m[3]);
  if (!l.ok || !r.ok) throw new Error('bad relation in test');
  const a = evaluate(l.expr, lookup);
  const b = evaluate(r.expr, lookup);
  if (!a.ok || !b.ok) throw new Error('relation did not evaluate');
  const c = Q.compare(a.value, b.value);
  switch (m[2]) {
    case '<=':
      return c <= 0;
    case '>=':
      return c >= 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    default:
      return c === 0;
  }
}

/** The reference meaning of one constraint on a complete configuration. */
export function holds(c: Constraint, values: Values, file: ProductFile): boolean {
  const optionOf = (id: string) => file.options.find((o) => o.id === id);
  const applies = appliesIn(values);
  const ev = (x: Condition | undefined) => (x === undefined ? true : evaluateCondition(x, values, optionOf, applies) === true);
  switch (c.type) {
    case 'requires':
      return !ev(c.if) || ev(c.then);
    case 'excludes':
      return !(ev(c.if) && ev(c.then));
    case 'rule':
      return ev(c.assert);
    case 'domain': {
      // Only checked when the option applies.
      if (!ev(c.if) || !applies(c.option)) return true;
      const v = values[c.option];
      if (typeof v === 'number') return (c.min === undefined || v >= c.min - 1e-9) && (c.max === undefined || v <= c.max + 1e-9);
      return (c.values ?? []).some((x) => x === v);
    }
    case 'table': {
      if (!c.options.every(applies)) return true;
      const match = c.rows.some((row) => row.every((cell, j) => cell === '*' || cell === values[c.options[j]]));
      return match === (c.mode === 'allowed');
    }
    case 'linear':
      return !ev(c.if) || !(c.relation.match(/o\d+/g) ?? []).every(applies) || relationHolds(c.relation, values);
    case 'cardinality': {
      if (!ev(c.if)) return true;
      const n = c.of.filter((x) => ev(x)).length;
      return n >= (c.min ?? 0) && n <= (c.max ?? c.of.length);
    }
  }
}

/** Whether exactly the options whose `when` holds have a value. */
export function wellFormed(file: ProductFile, values: Values): boolean {
  const optionOf = (id: string) => file.options.find((o) => o.id === id);
  const applies = appliesIn(values);
  return file.options.every((o) => o.when === undefined || applies(o.id) === (evaluateCondition(o.when, values, optionOf, applies) === true));
}

/** Every well-formed complete configuration (including invalid ones). */
export function* allConfigurations(file: ProductFile): Generator<Values> {
  const opts = file.options;
  const lists = opts.map(configValuesOf);
  const idx = new Array(opts.length).fill(0);
  for (;;) {
    const values: Values = {};
    opts.forEach((o, i) => (values[o.id] = lists[i][idx[i]]));
    if (wellFormed(file, values)) yield values;
    let i = 0;
    while (i < opts.length && ++idx[i] === lists[i].length) idx[i++] = 0;
    if (i === opts.length) return;
  }
}

export function validConfigurations(file: ProductFile, constraints = file.constraints): Values[] {
  const out: Values[] = [];
  for (const v of allConfigurations(file)) if (constraints.every((c) => holds(c, v, file))) out.push(v);
  return out;
}

/** Equal values; an empty text equals an empty file; "does not apply" (`undefined`) equals only itself. */
export const sameValue = (a: SelectionValue | null | undefined, b: SelectionValue | null | undefined): boolean =>
  a === b || (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) || ((a === '' || a === null) && (b === '' || b === null));

/** `config` has every selection, except those of `except` (an option, or options). */
export function consistent(config: Values, selections: Values, except?: string | ReadonlySet<string>): boolean {
  const skip = (id: string) => (typeof except === 'string' ? id === except : except?.has(id) ?? false);
  return Object.entries(selections).every(([id, v]) => skip(id) || sameValue(config[id], v));
}

/** The selections an option's domain is computed against leave out the option and its dependents. */
export function viewOf(file: ProductFile, option: string): Set<string> {
  return new Set([option, ...dependentsOf(file, option)]);
}

/**
 * Every domain of the session equals enumeration: the domain of an option is computed against every
 * *other* selection in `chosen`, those of options depending on it (by `when`) aside — they give way
 * when it changes.
 */
export function assertDomainsExact(session: Session, file: ProductFile, valid: readonly Values[], chosen: Values, where = ''): void {
  const extending = valid.filter((c) => consistent(c, chosen));
  for (const d of session.domains()) {
    const o = file.options.find((x) => x.id === d.option)!;
    const others = valid.filter((c) => consistent(c, chosen, viewOf(file, o.id)));
    assert.equal(d.applicable, extending.every((c) => c[o.id] !== undefined), `${o.id} applicable${where}`);
    if (d.type === 'choice' || d.type === 'boolean') {
      for (const vs of d.values) {
        const expected = others.some((c) => c[o.id] === vs.value);
        assert.equal(vs.available, expected, `${o.id}=${String(vs.value)} available${where}`);
      }
    } else if (d.type === 'number') {
      const xs = others.map((c) => c[o.id]).filter((x): x is number => typeof x === 'number');
      if (xs.length > 0) {
        assert.equal(d.feasible.min, Math.min(...xs), `${o.id} feasible min${where}`);
        assert.equal(d.feasible.max, Math.max(...xs), `${o.id} feasible max${where}`);
      } else assert.ok(d.feasible.min > d.feasible.max, `${o.id} can have no value: an empty range${where}`);
      for (const x of valuesOf(o)) assert.equal(session.isAvailable(o.id, x as number), xs.includes(x as number), `${o.id}=${String(x)} isAvailable${where}`);
    } else if (d.type === 'text' || d.type === 'file') {
      assert.equal(d.canBeSet, others.some((c) => c[o.id] !== '' && c[o.id] !== null && c[o.id] !== undefined), `${o.id} canBeSet${where}`);
      assert.equal(d.canBeEmpty, others.some((c) => c[o.id] === '' || c[o.id] === null), `${o.id} canBeEmpty${where}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Random small products
// ---------------------------------------------------------------------------------------------

const optionArb = (i: number): fc.Arbitrary<Option> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }).map((n): Option => ({ id: `o${i}`, type: 'choice', label: `O${i}`, values: Array.from({ length: n }, (_, k) => ({ id: `v${k}`, label: `V${k}` })) })) },
    { weight: 3, arbitrary: fc.constant<Option>({ id: `o${i}`, type: 'boolean', label: `O${i}` }) },
    {
      weight: 2,
      arbitrary: fc
        .record({ min: fc.integer({ min: -2, max: 3 }), n: fc.integer({ min: 1, max: 5 }), step: fc.constantFrom(1, 0.5, 2) })
        .map(({ min, n, step }): Option => ({ id: `o${i}`, type: 'number', label: `O${i}`, min, max: min + (n - 1) * step, step })),
    },
    { weight: 1, arbitrary: fc.constant<Option>({ id: `o${i}`, type: 'text', label: `O${i}`, maxLength: 3 }) },
  );

function atomArb(options: Option[]): fc.Arbitrary<Condition> {
  return fc.integer({ min: 0, max: options.length - 1 }).chain((i): fc.Arbitrary<Condition> => {
    const o = options[i];
    switch (o.type) {
      case 'choice':
        return fc
          .record({ vals: fc.subarray(o.values.map((v) => v.id), { minLength: 1 }), negate: fc.boolean() })
          .map(({ vals, negate }) => (negate ? { option: o.id, isNot: vals } : { option: o.id, is: vals.length === 1 ? vals[0] : vals }));
      case 'boolean':
        return fc.boolean().map((b) => ({ option: o.id, is: b }));
      case 'number':
        return fc
          .record({ a: fc.integer({ min: -3, max: 10 }), b: fc.integer({ min: -3, max: 10 }), which: fc.integer({ min: 0, max: 2 }) })
          .map(({ a, b, which }) => {
            const [lo, hi] = a <= b ? [a, b] : [b, a];
            return which === 0 ? { option: o.id, min: lo } : which === 1 ? { option: o.id, max: hi } : { option: o.id, min: lo, max: hi };
          });
      default:
        return fc.boolean().map((b) => ({ option: o.id, set: b }));
    }
  });
}

function conditionArb(options: Option[]): fc.Arbitrary<Condition> {
  const atom = atomArb(options);
  return fc.oneof(
    { weight: 5, arbitrary: atom },
    { weight: 1, arbitrary: fc.array(atom, { minLength: 1, maxLength: 3 }).map((xs) => ({ all: xs })) },
    { weight: 1, arbitrary: fc.array(atom, { minLength: 1, maxLength: 3 }).map((xs) => ({ any: xs })) },
    { weight: 1, arbitrary: atom.map((x) => ({ not: x })) },
    { weight: 1, arbitrary: fc.tuple(atom, atom).map((t) => ({ iff: t })) },
    { weight: 1, arbitrary: fc.tuple(atom, atom).map((t) => ({ implies: t })) },
  );
}

function constraintArb(options: Option[], i: number): fc.Arbitrary<Constraint> {
  const id = `c${i}`;
  const message = { en: `rule ${i}`, 'zh-CN': `规则 ${i}` };
  const cond = conditionArb(options);
  const discrete = options.filter((o) => o.type === 'choice' || o.type === 'boolean');
  const numbers = options.filter((o) => o.type === 'number');
  const arbs: Array<fc.Arbitrary<Constraint>> = [
    fc.tuple(cond, cond).map(([a, b]) => ({ id, message, type: 'requires', if: a, then: b })),
    fc.tuple(cond, cond).map(([a, b]) => ({ id, message, type: 'excludes', if: a, then: b })),
    cond.map((a) => ({ id, message, type: 'rule', assert: a })),
    fc.record({ of: fc.array(cond, { minLength: 1, maxLength: 4 }), min: fc.integer({ min: 0, max: 2 }), max: fc.integer({ min: 1, max: 3 }) }).map(
      (r) => {
        const max = Math.min(r.max, r.of.length);
        return { id, message, type: 'cardinality', of: r.of, min: Math.min(r.min, max), max };
      },
    ),
  ];
  if (discrete.length >= 2) {
    const cells = (o: Option): Array<string | boolean> => (o.type === 'choice' ? o.values.map((v) => v.id) : [true, false]);
    arbs.push(
      fc
        .record({ cols: fc.uniqueArray(fc.constantFrom(...discrete), { minLength: 2, maxLength: 3, selector: (o) => o.id }), allowed: fc.boolean(), seed: fc.integer() })
        .chain(({ cols, allowed }) =>
          fc
            .array(fc.tuple(...cols.map((o) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...cells(o)) }, { weight: 1, arbitrary: fc.constant('*' as const) }))), { minLength: 1, maxLength: 6 })
            .map((rows): Constraint => ({ id, message, type: 'table', mode: allowed ? 'allowed' : 'forbidden', options: cols.map((o) => o.id), rows })),
        ),
    );
  }
  if (numbers.length >= 1) {
    arbs.push(
      fc
        .record({
          a: fc.constantFrom(...numbers),
          b: fc.constantFrom(...numbers),
          k: fc.constantFrom(1, 2, -1, 0.5),
          c: fc.integer({ min: -3, max: 4 }),
          op: fc.constantFrom('<=', '>=', '<', '>', '=='),
          guard: fc.option(cond, { nil: undefined }),
        })
        .map((r): Constraint => ({
          id,
          message,
          type: 'linear',
          relation: `${r.a.id} ${r.op} ${r.k} * ${r.b.id} + ${r.c}`,
          ...(r.guard !== undefined ? { if: r.guard } : {}),
        })),
    );
    arbs.push(
      fc.record({ o: fc.constantFrom(...numbers), g: cond, min: fc.integer({ min: -2, max: 6 }) }).map((r): Constraint => ({ id, message, type: 'domain', if: r.g, option: r.o.id, min: r.min })),
    );
  }
  return fc.oneof(...arbs);
}

/**
 * About a third of the options get a `when` over options ranked before them in a random order (so
 * `when`s may read options later in the file, never in a cycle).
 */
function withWhens(options: Option[]): fc.Arbitrary<Option[]> {
  const n = options.length;
  return fc
    .tuple(
      fc.shuffledSubarray(options.map((_, i) => i), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
    )
    .chain(([rank, coin]) =>
      fc.tuple(
        ...options.map((o, i) => {
          const before = rank.slice(0, rank.indexOf(i)).map((j) => options[j]);
          if (coin[i] !== 0 || before.length === 0) return fc.constant(o);
          return conditionArb(before).map((when): Option => ({ ...o, when }));
        }),
      ),
    );
}

/** Random small product files (≤ 5 options with few values; a few hundred configurations at most). */
export const smallProduct: fc.Arbitrary<ProductFile> = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.tuple(...Array.from({ length: n }, (_, i) => optionArb(i))).chain(withWhens).chain((options) =>
    fc.integer({ min: 0, max: 5 }).chain((m) =>
      (m === 0 ? fc.constant([] as Constraint[]) : fc.tuple(...Array.from({ length: m }, (_, i) => constraintArb(options, i)))).map(
        (constraints): ProductFile => ({
          schemaVersion: 1,
          product: { id: 'p', version: '1', name: 'P', currency: 'CNY', defaultLocale: 'en' },
          groups: [],
          options,
          constraints,
          derived: [],
        }),
      ),
    ),
  ),
);

/** A default for some options (about half): one of the option's values. */
export function withDefaults(file: ProductFile): fc.Arbitrary<ProductFile> {
  return fc
    .tuple(...file.options.map((o) => fc.option(fc.constantFrom(...valuesOf(o).filter((v) => v !== null && typeof v !== 'object')), { nil: undefined })))
    .map((defaults) => ({
      ...file,
      options: file.options.map((o, i): Option => (defaults[i] === undefined || o.type === 'file' ? o : ({ ...o, default: defaults[i] } as Option))),
    }));
}
