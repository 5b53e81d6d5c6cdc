/**
 * The public vocabulary of @c2m/rules: selections, domains, reasons, repairs, quotes and
 * specifications. A UI asks "what can I pick, why not, how do I get it" after every click; these
 * types are the answers, shared by the elements, the CLI and the backend.
 *
 * @packageDocumentation
 */

/** Where a product-file problem is: a JSON path, and the position in the text when parsed from text. */
export interface SourcePosition {
  /** 1-based line. */
  line: number;
  /** 1-based column (in UTF-16 code units, as editors count). */
  column: number;
}

/** Stable codes of product-file problems; see docs/manufacturers/product-file.md for each. */
export type IssueCode =
  | 'syntax' // the text is not valid JSON/YAML
  | 'limit' // a size, depth, count or compile budget was exceeded
  | 'type' // a value of the wrong type
  | 'required' // a required key is missing
  | 'unknown-key' // a key the format does not define
  | 'invalid-value' // a value outside what the format allows (pattern, range, enum)
  | 'duplicate-id' // two options/values/groups/constraints/lines share an id
  | 'unknown-reference' // an id that names nothing (option, value, group)
  | 'wrong-option-type' // a reference to an option of a type that cannot be used there
  | 'default-outside-domain' // a default that is not one of the option's values
  | 'min-greater-than-max'
  | 'step-mismatch' // (max − min) is not a whole number of steps, or a value is not on a step
  | 'formula' // a formula or relation that does not parse, or is not linear where it must be
  | 'table-row' // a table row of the wrong length
  | 'unsatisfiable' // no configuration satisfies every constraint
  | 'missing-translation' // warning: a text lacks a language the product uses
  | 'unused'; // warning: something that is never used

/**
 * One problem with a product file. Plain data: the CLI prints it with a code frame, the UI shows it
 * as a tree, the backend returns it in problem details.
 */
export interface ProductIssue {
  code: IssueCode;
  severity: 'error' | 'warning';
  /** JSON path from the file's root, e.g. `["constraints", 3, "then", "option"]`. */
  path: Array<string | number>;
  /** An English sentence a manufacturer understands, naming the option/constraint/value at fault. */
  message: string;
  /** The values interpolated into the message, for translated messages. */
  params?: Record<string, string | number | boolean>;
  /** Line and column, when the file was parsed from text. */
  source?: SourcePosition;
}

/** A file (e.g. a logo) a shopper attached to a `file` option. The bytes travel separately. */
export interface FileRef {
  name: string;
  /** Media type, e.g. `image/png`. */
  type: string;
  bytes: number;
  width?: number;
  height?: number;
  /** Where the backend can fetch it, or a `data:` URL for small files. */
  url?: string;
  /** Hex SHA-256 of the content. */
  sha256?: string;
}

/**
 * The value of one option: a value id (choice), a number, a boolean, a string (text) or a file.
 */
export type SelectionValue = string | number | boolean | FileRef;

/** Option id → selected value. */
export type Selections = Record<string, SelectionValue>;

/** How a value came to be in a configuration. */
export type SelectionOrigin = 'user' | 'default' | 'auto';

/** A constraint as shown to a shopper. */
export interface ConstraintRef {
  id: string;
  type: string;
  /** The constraint's message in the requested language. */
  message: string;
}

/** One selection named by a reason or a repair. */
export interface SelectionRef {
  option: string;
  value: SelectionValue;
}

/**
 * Why a value is unavailable: these constraints, together with these selections, leave no valid
 * configuration containing it. Minimal: dropping any one of them makes the value possible again
 * (when the explanation was computed exactly; `minimal` says so).
 */
export interface Reason {
  constraints: ConstraintRef[];
  selections: SelectionRef[];
  minimal: boolean;
}

/**
 * A value that changed because of a change the shopper made, without the shopper choosing it: a
 * default that gave way to a conflicting choice (with the reason) and the value that replaced it, or
 * a default that came back when the conflict went away. Defaults are preferences: they fill what the
 * shopper has not chosen and never make a value unavailable. Also reported: the shopper's earlier
 * selection of an option whose `when` reads the changed option, when it no longer fits.
 */
export interface DefaultChange {
  option: string;
  /** The value before the change; absent when the option had no value. */
  from?: SelectionValue;
  /** The value after the change; absent when the option is now left without a value. */
  to?: SelectionValue;
  /** Why `from` could not stay: the constraints and shopper's selections that rule it out. */
  reason?: Reason;
}

/** One change of a repair: `to === undefined` clears the option. */
export interface Change {
  option: string;
  from?: SelectionValue;
  to?: SelectionValue;
}

/**
 * The smallest set of changes to other selections that makes `target` selectable, plus the target
 * itself. Apply it with `session.applyRepair(repair)`.
 */
export interface Repair {
  target: SelectionRef;
  changes: Change[];
  /**
   * `false` when the time for finding the smallest repair ran out: the changes still make the
   * target selectable, but fewer might do. Absent when the repair is the smallest.
   */
  minimal?: false;
}

/** The state of one value of a choice or boolean option. */
export interface ValueState {
  /** Value id (choice) or true/false (boolean). */
  value: string | boolean;
  /** Some complete valid configuration contains this value, given the other selections. */
  available: boolean;
  selected: boolean;
}

/** What every option's domain says. */
export interface DomainBase {
  option: string;
  /**
   * Whether the option applies (its `when` condition) with the current values: the shopper's
   * selections and the defaults filling the rest. `false`: the option has no value, a UI hides it,
   * and pricing, lead time and the specification leave it out. Always `true` without `when`.
   */
  applicable: boolean;
}

/** Valid domain of a choice or boolean option. */
export interface DiscreteDomain extends DomainBase {
  type: 'choice' | 'boolean';
  values: ValueState[];
  selected?: string | boolean;
  /** Only one value remains: the option is determined by the other selections. */
  forced?: string | boolean;
}

/** Valid domain of a number option. */
export interface NumberDomain extends DomainBase {
  type: 'number';
  min: number;
  max: number;
  step: number;
  /**
   * Smallest and largest values (on the step grid) that some valid configuration contains. Empty
   * (`max < min`) when no valid configuration gives the option a value (it cannot apply).
   */
  feasible: { min: number; max: number };
  selected?: number;
}

/** Valid domain of a text or file option: whether it may be filled in and whether it may stay empty. */
export interface PresenceDomain extends DomainBase {
  type: 'text' | 'file';
  /** Some valid configuration (given the other selections) has it filled in. */
  canBeSet: boolean;
  /** Some valid configuration has it empty, and it is not `required`. */
  canBeEmpty: boolean;
  selected?: string | FileRef;
}

export type OptionDomain = DiscreteDomain | NumberDomain | PresenceDomain;

/** A line of a quote or lead time. */
export interface QuoteLine {
  id: string;
  /** `base`, an option value's delta (`option`), or a pricing/lead-time line (`line`). */
  kind: 'base' | 'option' | 'line';
  label: string;
  /** Minor units (quote) or days (lead time). */
  amount: number;
  /** The option, for `kind: "option"`. */
  option?: string;
}

/** The price of a configuration. All amounts are integer minor units. */
export interface Quote {
  currency: string;
  lines: QuoteLine[];
  total: number;
}

/** The lead time of a configuration, in days. */
export interface LeadTimeQuote {
  days: number;
  lines: QuoteLine[];
}

/** The exact number of valid configurations, or the news that the budget ran out. */
export type CountResult =
  | { exact: true; count: bigint; elapsedMs: number }
  | { exact: false; reason: 'budget'; elapsedMs: number };

/** A snapshot image of the configured product. */
export interface Snapshot {
  type: 'image/png' | 'image/jpeg' | 'image/webp';
  /** Base64 of the image bytes, or a URL (https: or data:). */
  data?: string;
  url?: string;
}

/**
 * What is sent to the manufacturer: a complete, validated configuration of one exact product file.
 */
export interface Specification {
  specVersion: 1;
  product: {
    id: string;
    version: string;
    /** `sha256:` + hex SHA-256 of the canonical JSON of the product file. */
    digest: string;
  };
  /** Every option's final value; text options may be `""`, file options `null` when empty. */
  selections: Record<string, SelectionValue | null>;
  /** How each value was set. */
  origins: Record<string, SelectionOrigin>;
  /** Values computed from the selections (the product file's `derived` formulas), by id. */
  derived: Record<string, number>;
  quote: Quote;
  leadTime: LeadTimeQuote;
  /** BCP 47 tag of the shopper's language. */
  locale: string;
  snapshot?: Snapshot;
  /** ISO 8601 time the specification was built. */
  createdAt: string;
}

/** Why a specification was refused. */
export type SpecificationIssueCode =
  | 'schema'
  | 'product-mismatch'
  | 'digest-mismatch'
  | 'unknown-option'
  | 'missing-option'
  | 'not-applicable' // a value for an option whose `when` does not hold
  | 'invalid-value'
  | 'constraint'
  | 'quote-mismatch'
  | 'lead-time-mismatch'
  | 'derived-mismatch';

/** One problem with a submitted specification, with the path of the field at fault. */
export interface SpecificationIssue {
  code: SpecificationIssueCode;
  path: Array<string | number>;
  message: string;
  /** The violated constraint, for `code: "constraint"`. */
  constraint?: string;
}
