/** What `c2m lint` reports: one finding per problem, with the JSON path of the thing at fault. */
import type { SourcePosition } from '@c2m/rules';

/** The lint rules, each documented in docs/manufacturers/cli.md. */
export type LintRule =
  | 'dead-value' // a value no valid configuration contains
  | 'forced-option' // an option left with a single possible value
  | 'narrowed-range' // a number option whose reachable range is smaller than declared
  | 'never-applies' // a constraint whose `if`, or an option whose `when`, holds in no valid configuration
  | 'always-applies' // an option whose `when` holds in every valid configuration
  | 'redundant-constraint' // a constraint implied by the others
  | 'binding-names-nothing' // a scene binding or camera naming no option/value, or nothing in the 3D model
  | 'missing-translation' // a text without a language the product uses
  | 'negative-price' // a valid configuration whose price is below zero
  | 'negative-lead-time'; // a valid configuration whose lead time is below zero

export interface LintFinding {
  rule: LintRule;
  severity: 'error' | 'warning' | 'info';
  path: Array<string | number>;
  message: string;
  source?: SourcePosition;
}

/** Checks that could not be completed (time budget, unsupported shapes), reported so silence is not mistaken for a pass. */
export interface LintSkipped {
  check: string;
  reason: string;
}
