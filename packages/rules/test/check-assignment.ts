/**
 * Reference check of a complete assignment against a product file's finite constraints, written
 * directly from the format's definition (conditions through `evaluateCondition`, tables row by row).
 * Test support: it validates generated models without the engine.
 */
import type { Constraint, Option, ProductFile } from '../src/schema/product-file.js';
import { evaluateCondition, type Assignment } from '../src/engine/evaluate.js';

function rowMatches(row: ReadonlyArray<string | boolean>, options: readonly string[], values: Assignment): boolean {
  return row.every((cell, k) => cell === '*' || cell === values[options[k]!]);
}

/**
 * Whether `values` (every option assigned) satisfies `constraint`. Supports requires, excludes, rule and
 * table constraints, the kinds the generators write; other kinds throw.
 */
export function satisfies(constraint: Constraint, values: Assignment, optionOf: (id: string) => Option | undefined): boolean {
  switch (constraint.type) {
    case 'requires':
      return evaluateCondition(constraint.if, values, optionOf) !== true || evaluateCondition(constraint.then, values, optionOf) === true;
    case 'excludes':
      return evaluateCondition(constraint.if, values, optionOf) !== true || evaluateCondition(constraint.then, values, optionOf) === false;
    case 'rule':
      return evaluateCondition(constraint.assert, values, optionOf) === true;
    case 'table': {
      const any = constraint.rows.some((row) => rowMatches(row, constraint.options, values));
      return constraint.mode === 'allowed' ? any : !any;
    }
    default:
      throw new Error(`check-assignment: constraint type ${constraint.type} is not supported`);
  }
}

/** Ids of the constraints of `file` that `values` violates, in file order. */
export function violations(file: ProductFile, values: Assignment): string[] {
  const byId = new Map(file.options.map((o) => [o.id, o]));
  const optionOf = (id: string): Option | undefined => byId.get(id);
  return file.constraints.filter((c) => !satisfies(c, values, optionOf)).map((c) => c.id);
}
