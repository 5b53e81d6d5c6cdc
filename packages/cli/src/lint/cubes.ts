/**
 * Conditions as a small disjunction of "cubes" (sets of option = value), so that the public Session API
 * can answer "can this condition hold in some valid configuration?": select a cube's values one by one;
 * the engine is backtrack-free, so all selections succeed exactly when a valid configuration contains
 * them all. Conditions that do not fit in a few cubes are reported as not checked, never guessed.
 */
import type { CompiledProduct, Condition, Constraint, Option, SelectionValue } from '@c2m/rules';

export interface Literal {
  option: string;
  value: SelectionValue;
}
export type Cube = Literal[];

/** Beyond this many cubes a condition is not checked. */
export const MAX_CUBES = 256;
const MAX_NUMBER_VALUES = 64;

class TooLarge extends Error {}

function numberGrid(o: Extract<Option, { type: 'number' }>): number[] {
  const scale = 1e6;
  const min = Math.round(o.min * scale);
  const step = Math.round(o.step * scale);
  const n = Math.floor((Math.round(o.max * scale) - min) / step) + 1;
  if (n > 100_000) throw new TooLarge();
  return Array.from({ length: n }, (_, k) => (min + k * step) / scale);
}

function valuesOf(o: Option, wanted: (v: SelectionValue) => boolean): SelectionValue[] {
  let all: SelectionValue[];
  if (o.type === 'choice') all = o.values.map((v) => v.id);
  else if (o.type === 'boolean') all = [true, false];
  else if (o.type === 'number') all = numberGrid(o);
  else throw new TooLarge(); // text/file contents are not enumerable
  const picked = all.filter(wanted);
  if (o.type === 'number' && picked.length > MAX_NUMBER_VALUES) throw new TooLarge();
  return picked;
}

function product(a: Cube[], b: Cube[]): Cube[] {
  const out: Cube[] = [];
  for (const x of a) {
    for (const y of b) {
      const merged = [...x];
      let ok = true;
      for (const lit of y) {
        const same = merged.find((m) => m.option === lit.option);
        if (!same) merged.push(lit);
        else if (same.value !== lit.value) {
          ok = false;
          break;
        }
      }
      if (ok) out.push(merged);
      if (out.length > MAX_CUBES) throw new TooLarge();
    }
  }
  return out;
}

function union(parts: Cube[][]): Cube[] {
  const out = parts.flat();
  if (out.length > MAX_CUBES) throw new TooLarge();
  return out;
}

function dnf(c: Condition, negated: boolean, optionOf: (id: string) => Option | undefined): Cube[] {
  if (typeof c === 'boolean') return c !== negated ? [[]] : [];
  if ('all' in c || 'any' in c) {
    const parts = ('all' in c ? c.all : c.any).map((x) => dnf(x, negated, optionOf));
    const conjunctive = 'all' in c !== negated;
    return conjunctive ? parts.reduce(product, [[]]) : union(parts);
  }
  if ('not' in c) return dnf(c.not, !negated, optionOf);
  if ('implies' in c) {
    const [a, b] = c.implies;
    return negated ? product(dnf(a, false, optionOf), dnf(b, true, optionOf)) : union([dnf(a, true, optionOf), dnf(b, false, optionOf)]);
  }
  if ('iff' in c) {
    const [a, b] = c.iff;
    const both = (x: boolean, y: boolean) => product(dnf(a, x, optionOf), dnf(b, y, optionOf));
    return negated ? union([both(false, true), both(true, false)]) : union([both(false, false), both(true, true)]);
  }
  const option = optionOf(c.option);
  if (!option) throw new TooLarge();
  let test: (v: SelectionValue) => boolean;
  if ('is' in c || 'isNot' in c) {
    const listed = 'is' in c ? c.is : c.isNot;
    const set = new Set<SelectionValue>(Array.isArray(listed) ? listed : [listed]);
    const positive = 'is' in c;
    test = (v) => set.has(v) === positive;
  } else if ('set' in c) throw new TooLarge();
  else {
    const lo = c.min ?? -Infinity;
    const hi = c.max ?? Infinity;
    test = (v) => typeof v === 'number' && v >= lo - 1e-9 && v <= hi + 1e-9;
  }
  return valuesOf(option, (v) => test(v) !== negated).map((value) => [{ option: c.option, value }]);
}

/** The cubes of `condition` (or of its negation), or `undefined` when it does not fit. */
export function toCubes(productOrOptions: CompiledProduct, condition: Condition, negated = false): Cube[] | undefined {
  try {
    return dnf(condition, negated, (id) => productOrOptions.option(id));
  } catch (error) {
    if (error instanceof TooLarge) return undefined;
    throw error;
  }
}

/** The cubes of the configurations that violate `constraint`, or `undefined` when it does not fit. */
export function violationCubes(p: CompiledProduct, k: Constraint): Cube[] | undefined {
  const guard = 'if' in k && k.if !== undefined ? k.if : true;
  try {
    const optionOf = (id: string) => p.option(id);
    switch (k.type) {
      case 'requires':
        return product(dnf(guard, false, optionOf), dnf(k.then, true, optionOf));
      case 'excludes':
        return product(dnf(guard, false, optionOf), dnf(k.then, false, optionOf));
      case 'rule':
        return dnf(k.assert, true, optionOf);
      case 'domain': {
        const option = p.option(k.option);
        if (!option) return undefined;
        const allowed = new Set<SelectionValue>(k.values ?? []);
        const outside = valuesOf(option, (v) =>
          k.values !== undefined ? !allowed.has(v) : typeof v === 'number' && (v < (k.min ?? -Infinity) - 1e-9 || v > (k.max ?? Infinity) + 1e-9),
        );
        return product(dnf(guard, false, optionOf), outside.map((value) => [{ option: k.option, value }]));
      }
      case 'table': {
        if (k.mode === 'forbidden') {
          return k.rows.map((row) => row.flatMap((cell, i): Cube => (cell === '*' ? [] : [{ option: k.options[i], value: cell }])));
        }
        // Allowed table: every combination not covered by a row.
        let combos: Cube[] = [[]];
        for (const id of k.options) {
          const option = p.option(id);
          if (!option) return undefined;
          combos = product(combos, valuesOf(option, () => true).map((value) => [{ option: id, value }]));
        }
        return combos.filter((cube) => !k.rows.some((row) => row.every((cell, i) => cell === '*' || cell === cube[i].value)));
      }
      default:
        return undefined; // linear relations and cardinalities are not expanded
    }
  } catch (error) {
    if (error instanceof TooLarge) return undefined;
    throw error;
  }
}
