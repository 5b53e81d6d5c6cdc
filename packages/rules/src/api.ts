/**
 * Interfaces of the compiled product and the configuration session: the API the elements, the CLI
 * and the backend program against.
 *
 * @packageDocumentation
 */
import type { Condition, Option, ProductFile, Constraint } from './schema/product-file.js';
import type {
  CountResult,
  DefaultChange,
  LeadTimeQuote,
  OptionDomain,
  ProductIssue,
  Quote,
  Reason,
  Repair,
  SelectionOrigin,
  Selections,
  SelectionValue,
  Snapshot,
  Specification,
} from './types.js';

/** A product file compiled for the engine. Immutable; share it between sessions. */
export interface CompiledProduct {
  /** The validated product file, defaults filled in. */
  readonly file: ProductFile;
  /** `sha256:` + hex SHA-256 of the canonical JSON of the file; names this exact version. */
  readonly digest: string;
  readonly options: readonly Option[];
  option(id: string): Option | undefined;
  constraint(id: string): Constraint | undefined;
  /**
   * The constraints a complete assignment violates, in file order; `[]` when it is valid.
   * Every option that applies must have a value (text `""`, file `null` when empty); an option whose
   * `when` does not hold has none, and a value given for it is ignored.
   */
  violations(values: Readonly<Record<string, SelectionValue | null>>): Constraint[];
  /**
   * Whether some configuration satisfying every constraint (except those in `ignore`) satisfies
   * `condition`. `undefined` when the work budget ran out. Manufacturers' tools use it for "this rule
   * never applies" and "this value is dead".
   */
  canHold(condition: Condition, options?: { ignore?: readonly string[]; maxConflicts?: number }): boolean | undefined;
  /**
   * Whether the other constraints imply this one (no configuration satisfying them violates it).
   * `undefined` when the budget ran out, and for cardinality constraints unless the product was
   * compiled by `@c2m/rules/check` (a tool's question, kept out of the shop path's bundle; one whose
   * violation has more than 512 ways to happen stays `undefined` there too).
   */
  isImplied(constraintId: string, options?: { maxConflicts?: number }): boolean | undefined;
  /** Checks one value against its option's own limits (domain, step, length, characters, file type). */
  checkValue(option: string, value: unknown): { ok: true } | { ok: false; message: string };
}

/** The outcome of compiling a product file. */
export type CompileResult =
  | { ok: true; product: CompiledProduct; issues: ProductIssue[] }
  | { ok: false; issues: ProductIssue[] };

/** The outcome of a change to a session. */
export type ChangeResult =
  | {
      ok: true;
      /**
       * Values the shopper did not choose in this change that changed because of it, for options that
       * apply before and after: defaults that gave way (with the reason) or came back, and selections
       * of options depending on the changed one (by `when`) that gave way. Absent when none did.
       */
      defaults?: DefaultChange[];
    }
  | {
      ok: false;
      /** `unavailable`: valid on its own but excluded by the rules and the other selections. */
      error: 'unknown-option' | 'invalid-value' | 'unavailable';
      message: string;
      /** For `unavailable`: why. */
      reason?: Reason;
      /** For `unavailable`: the smallest change that makes it possible, if any. */
      repair?: Repair | null;
    };

/** Options of {@link createSession}. */
export interface SessionOptions {
  /** Language for messages and labels (BCP 47). Default: the product's `defaultLocale`. */
  locale?: string;
  /**
   * Selections to start from (e.g. restored from a link): they become the shopper's own selections,
   * in the order given; one that is invalid or cannot join those before it is dropped.
   */
  selections?: Selections;
  /**
   * Fill the options the shopper has not chosen with their defaults. Defaults are preferences: they
   * never make a value unavailable and give way by themselves to a choice they conflict with.
   * Default `true`.
   */
  applyDefaults?: boolean;
}

/**
 * A configuration in progress. Every method is synchronous. A choice with its domains takes
 * milliseconds on products of a few hundred options and tens of milliseconds on feature models of
 * thousands (see the engine's performance table); `explain` and `repair` are bounded in time (at most
 * a few hundred milliseconds, then marked not minimal) and `count` takes a time budget. Run a session
 * in a worker when a page must never wait.
 */
export interface Session {
  readonly product: CompiledProduct;
  /**
   * Current values (option id → value): the shopper's selections, then defaults (and values
   * `autocomplete` chose) filling the rest. Options whose `when` does not hold have none.
   */
  readonly selections: Readonly<Selections>;
  /** How each current value was set: `user` (the shopper), `default`, or `auto` (chosen by the engine). */
  readonly origins: Readonly<Record<string, SelectionOrigin>>;
  locale: string;

  /**
   * The valid domain of one option, given the shopper's other selections (never the defaults; nor
   * selections of options whose `when` reads this option, which give way when it changes).
   */
  domain(option: string): OptionDomain;
  /** Valid domains of all options, in file order. */
  domains(): OptionDomain[];
  /** Whether selecting `value` for `option` keeps a valid completion (exact). */
  isAvailable(option: string, value: SelectionValue): boolean;

  /**
   * Select one value. Refused (and nothing changes) when the value is invalid or unavailable.
   * Defaults that conflict with it give way, and so do selections of options whose `when` reads this
   * option that no longer fit; the result lists them in `defaults`.
   */
  select(option: string, value: SelectionValue): ChangeResult;
  /** Remove a selection. */
  clear(option: string): void;
  /** Replace several selections at once (one undo step); `undefined` clears. */
  setMany(values: Record<string, SelectionValue | undefined>): ChangeResult;
  /** Back to the start (defaults applied again). One undo step. */
  reset(): void;
  undo(): boolean;
  redo(): boolean;
  readonly canUndo: boolean;
  readonly canRedo: boolean;

  /** Why `value` is unavailable for `option`; `null` when it is available. Cached per state. */
  explain(option: string, value: SelectionValue): Reason | null;
  /**
   * The fewest other selections to clear so that `value` becomes selectable (ties: keep the
   * selections of options that come first in the file). `null` if no valid configuration contains it.
   */
  repair(option: string, value: SelectionValue): Repair | null;
  /** Apply a repair in one undo step. */
  applyRepair(repair: Repair): ChangeResult;

  /**
   * Fill every option without a value that applies (defaults first, then a valid value) with values
   * of origin `auto`: preferences, which give way like defaults.
   */
  autocomplete(): void;
  /** Every option that a configuration needs has a value and the configuration is valid. */
  isComplete(): boolean;

  /** Price of the current selections (partial configurations price what is chosen so far). */
  quote(): Quote;
  leadTime(): LeadTimeQuote;
  /** Number of valid complete configurations containing the shopper's selections (defaults aside). */
  count(options?: { budgetMs?: number }): CountResult;

  /** The specification of the complete configuration; throws `IncompleteConfigurationError` otherwise. */
  toSpecification(options?: { snapshot?: Snapshot; now?: Date }): Specification;

  /** Called after every change; returns the unsubscribe function. */
  subscribe(listener: (session: Session) => void): () => void;
}

/**
 * Everything a UI renders after a change, computed in one go: in the page, or in a worker and sent
 * back as plain data. Replaced, never mutated, after every change.
 */
export interface SessionState {
  /** Increases with every change, so that a UI can tell a newer state from an older one. */
  readonly version: number;
  readonly locale: string;
  /** Current values: the shopper's selections and the defaults that fill the rest. */
  readonly selections: Readonly<Selections>;
  /** How each current value was set. */
  readonly origins: Readonly<Record<string, SelectionOrigin>>;
  /** Valid domains of all options, in file order. */
  readonly domains: readonly OptionDomain[];
  readonly quote: Quote;
  readonly leadTime: LeadTimeQuote;
  /** Every option that needs a value has one and the configuration is valid: it can be ordered. */
  readonly complete: boolean;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

/** A product file as a shop has it: its JSON text (issues then carry line and column) or the parsed object. */
export type ProductInput = { text: string } | { file: unknown };

/**
 * The outcome of opening a session on a product file (`createPageSession`, `createWorkerSession`):
 * the session, or the file's problems — every one, worded and positioned, from a worker (which runs
 * the complete checks itself); brief (code, path, params) from `createPageSession`, whose caller
 * words them with `productProblems` of `@c2m/rules/check`.
 */
export type OpenSessionResult = { ok: true; session: AsyncSession; issues: ProductIssue[] } | { ok: false; issues: ProductIssue[] };

/**
 * A configuration session with an asynchronous API, the same wherever it runs: in the page
 * (`createPageSession`, or `createLocalSession` over a session of `@c2m/rules/engine`) or in a module Web Worker (`createWorkerSession` from `@c2m/rules/worker`),
 * so that a large product never blocks the page. Changes are applied in the order they are made;
 * `state` and the listeners always see the state after the latest applied change.
 */
export interface AsyncSession {
  /** The product file being configured (validated, defaults filled in). */
  readonly file: ProductFile;
  /** The product file's digest (`sha256:` + hex). */
  readonly digest: string;
  /** Where the engine runs. */
  readonly mode: 'page' | 'worker';
  /** The latest state. */
  readonly state: SessionState;

  select(option: string, value: SelectionValue): Promise<ChangeResult>;
  clear(option: string): Promise<ChangeResult>;
  setMany(values: Record<string, SelectionValue | undefined>): Promise<ChangeResult>;
  reset(): Promise<void>;
  undo(): Promise<boolean>;
  redo(): Promise<boolean>;
  setLocale(locale: string): Promise<void>;

  isAvailable(option: string, value: SelectionValue): Promise<boolean>;
  explain(option: string, value: SelectionValue): Promise<Reason | null>;
  repair(option: string, value: SelectionValue): Promise<Repair | null>;
  applyRepair(repair: Repair): Promise<ChangeResult>;
  autocomplete(): Promise<void>;
  count(options?: { budgetMs?: number }): Promise<CountResult>;
  /** Rejects with `IncompleteConfigurationError` (or its message, from a worker) when not complete. */
  toSpecification(options?: { snapshot?: Snapshot; now?: Date }): Promise<Specification>;

  /** Called with every new state; returns the unsubscribe function. */
  subscribe(listener: (state: SessionState) => void): () => void;
  /** Ends the session; a worker is terminated, and pending calls reject. */
  dispose(): void;
}
