/**
 * The compiled product: a checked product file with the engine's finite model and SAT encoding. It
 * is made by compiling a file (load.ts) or read from a compiled product made ahead of time
 * (read-compiled.ts, on a page that has no checks, parser or model builder). It answers
 * manufacturers' questions (`canHold`, `isImplied`) only when given them: `compileProduct`
 * (compile.ts) and `@c2m/rules/check` do; a page (engine/open.ts) does not import them.
 */
import type { CompiledProduct } from '../api.js';
import type { Condition, Constraint, Option, ProductFile } from '../schema/product-file.js';
import type { ProductIssue, SelectionValue } from '../types.js';
import { firstDisallowedCharacter } from '../validate/characters.js';
import { findUnstorableCharacter, type UnstorableCharacter } from '../validate/unstorable.js';
import type { LimitsProfile } from '../limits.js';
import { checkRule, evalFormula, indexOfValue, isFileRef, type Formula, type Model, type Rule } from './model.js';
import { encode, type Encoding } from './encode.js';

/** Options of {@link compileProduct}. */
export interface CompileOptions {
  /** Work allowed for the satisfiability check, in solver conflicts. Default 200,000. */
  maxConflicts?: number;
  /**
   * Which limits the file must keep: `'default'` (what a shop page accepts) or `'raised'`
   * (`RAISED_LIMITS`: very large models, for manufacturers' tools and backends).
   */
  limits?: LimitsProfile;
}

/** The compiled product. Internals (`model`, encodings) are for the engine's own modules. */
export class Product implements CompiledProduct {
  readonly options: readonly Option[];
  private digestText: string | null = null;
  private digestOf: ((file: ProductFile) => string) | null = null;
  private readonly optionById: Map<string, Option>;
  private readonly constraintById: Map<string, Constraint>;
  private explainer: Encoding | null = null;
  private preferrer: Encoding | null = null;

  constructor(
    readonly file: ProductFile,
    /** @internal */ readonly model: Model,
    /** @internal */ readonly main: Encoding,
    /** @internal What tools and `@c2m/rules/check` add: answers the shop path does without. */
    readonly parts: ProductParts,
    /**
     * The digest, or how to compute it on first use (`productDigest`): a compiled product carries
     * it, so that a page needs no SHA-256; hashing a large file's canonical JSON takes a good part of
     * its load, and a session needs it only for a specification.
     */
    digest: string | ((file: ProductFile) => string),
  ) {
    if (typeof digest === 'string') this.digestText = digest;
    else this.digestOf = digest;
    this.options = file.options;
    this.optionById = new Map(file.options.map((o) => [o.id, o]));
    this.constraintById = new Map(file.constraints.map((c) => [c.id, c]));
  }

  /** The file's digest (see the constructor). */
  get digest(): string {
    this.digestText ??= this.digestOf!(this.file);
    return this.digestText;
  }

  /**
   * @internal A second encoding like `main`, built on first use, for the questions of placing
   * defaults: asked on `main`, their many similar solves would steer its heuristics and crowd its
   * pool of witnesses away from what the domains need.
   */
  preferring(): Encoding {
    this.preferrer ??= encode(this.model, { selectors: false, constraintCount: this.file.constraints.length });
    return this.preferrer;
  }

  /** @internal The encoding with one selector per constraint, built on first use. */
  explaining(): Encoding {
    this.explainer ??= encode(this.model, { selectors: true, constraintCount: this.file.constraints.length });
    return this.explainer;
  }

  option(id: string): Option | undefined {
    return this.optionById.get(id);
  }

  constraint(id: string): Constraint | undefined {
    return this.constraintById.get(id);
  }

  /**
   * @internal Value indices of a complete assignment; throws RangeError for a missing or invalid
   * value. Options that do not apply get their "no value" index, whatever `values` says of them.
   */
  indices(values: Readonly<Record<string, SelectionValue | null>>): Int32Array {
    const { vars, when, order } = this.model;
    const w = new Int32Array(vars.length);
    for (const v of order) {
      const x = vars[v];
      const w0 = when[v];
      if (w0 !== null && !evalFormula(w0, w)) {
        w[v] = x.na;
        continue;
      }
      const value = values[x.option.id];
      if (value === undefined && x.kind !== 'presence') throw new RangeError(`option '${x.option.id}' has no value`);
      const k = indexOfValue(x, value);
      if (typeof k === 'string') throw new RangeError(k);
      w[v] = k;
    }
    return w;
  }

  violations(values: Readonly<Record<string, SelectionValue | null>>): Constraint[] {
    return this.violationsOf(this.indices(values));
  }

  /** @internal */
  violationsOf(w: ArrayLike<number>): Constraint[] {
    const broken = new Set<number>();
    for (const r of this.model.rules) if (r.index >= 0 && !checkRule(r, w)) broken.add(r.index);
    return [...broken].sort((a, b) => a - b).map((i) => this.file.constraints[i]);
  }

  canHold(condition: Condition, options: { ignore?: readonly string[]; maxConflicts?: number } = {}): boolean | undefined {
    return this.askable().canHold(this, condition, options);
  }

  isImplied(constraintId: string, options: { maxConflicts?: number } = {}): boolean | undefined {
    return this.askable().isImplied(this, constraintId, options);
  }

  /** The answers of manufacturers' questions, which a product compiled on a shop page has not. */
  private askable(): ProductQuestions {
    if (!this.parts.questions) throw new Error('c2m: canHold and isImplied need a product from compileProduct or loadProduct of @c2m/rules/engine');
    return this.parts.questions;
  }

  checkValue(optionId: string, value: unknown): { ok: true } | { ok: false; message: string } {
    const option = this.optionById.get(optionId);
    if (!option) return { ok: false, message: `there is no option '${optionId}'` };
    const fail = (message: string) => ({ ok: false as const, message });
    switch (option.type) {
      case 'choice':
      case 'boolean':
      case 'number': {
        const v = this.model.varById.get(optionId)!;
        const k = indexOfValue(v, value as SelectionValue);
        return typeof k === 'string' ? fail(k) : { ok: true };
      }
      case 'text': {
        if (typeof value !== 'string') return fail(`option '${option.id}' needs a text`);
        // Refused here as the backend refuses it: an order the shopper could never send is not a choice.
        const unstorable = findUnstorableCharacter(value);
        if (unstorable) return fail(`option '${option.id}' cannot hold ${unstorableWords(unstorable)}`);
        const length = [...value].length;
        if (length > option.maxLength) return fail(`option '${option.id}' allows at most ${option.maxLength} characters (got ${length})`);
        if (length > 0 && option.minLength !== undefined && length < option.minLength) {
          return fail(`option '${option.id}' needs at least ${option.minLength} characters (got ${length})`);
        }
        if (option.characters) {
          const bad = firstDisallowedCharacter(value, option.characters, option.extraCharacters ?? '');
          if (bad !== undefined) return fail(`option '${option.id}' does not allow the character '${bad}'`);
        }
        return { ok: true };
      }
      case 'file': {
        if (value === null || value === undefined) return { ok: true };
        if (!isFileRef(value)) return fail(`option '${option.id}' needs a file`);
        const badName = typeof value.name === 'string' ? findUnstorableCharacter(value.name) : undefined;
        if (badName) return fail(`option '${option.id}': the file's name cannot hold ${unstorableWords(badName)}`);
        if (typeof value.type !== 'string' || !option.accept.includes(value.type)) {
          return fail(`option '${option.id}' accepts ${option.accept.join(', ')} (got ${String(value.type)})`);
        }
        if (typeof value.bytes !== 'number' || !(value.bytes >= 0) || value.bytes > option.maxBytes) {
          return fail(`option '${option.id}' accepts files up to ${option.maxBytes} bytes (got ${String(value.bytes)})`);
        }
        if (option.maxWidth !== undefined && (value.width ?? 0) > option.maxWidth) {
          return fail(`option '${option.id}' accepts images up to ${option.maxWidth} pixels wide`);
        }
        if (option.maxHeight !== undefined && (value.height ?? 0) > option.maxHeight) {
          return fail(`option '${option.id}' accepts images up to ${option.maxHeight} pixels high`);
        }
        return { ok: true };
      }
    }
  }
}

/**
 * Manufacturers' questions of a compiled product (`canHold`, `isImplied`: questions.ts), answered by
 * the products of `@c2m/rules/engine` and `@c2m/rules/check`; kept out of the shop path's bundle (a
 * page never sees its compiled product).
 */
export interface ProductQuestions {
  canHold(product: Product, condition: Condition, options: { ignore?: readonly string[]; maxConflicts?: number }): boolean | undefined;
  isImplied(product: Product, constraintId: string, options: { maxConflicts?: number }): boolean | undefined;
}

/** What a compiled product answers besides the shop path's questions. */
export interface ProductParts {
  questions?: ProductQuestions;
  complete?: CompleteAnswers;
}

/**
 * What the complete entry (`@c2m/rules/check`, for tools and for files that failed) adds to a compiled
 * product, kept out of the shop path's bundle: which constraints of an impossible product contradict
 * each other, and whether a cardinality constraint is implied by the others (`isImplied`).
 */
export interface CompleteAnswers {
  unsatisfiable(file: ProductFile, explaining: Encoding): ProductIssue;
  /** A formula true exactly when the cardinality rule is violated, or `undefined` when too large to spell out. */
  cardinalityViolation(r: Extract<Rule, { kind: 'card' }>): { f: Formula } | undefined;
}

/** "the NUL character (U+0000, character 2)": what a shopper's text cannot carry, and where. */
function unstorableWords(c: UnstorableCharacter): string {
  const what = c.kind === 'nul-character' ? 'the NUL character' : 'an unpaired surrogate';
  return `${what} (${c.codePoint}, character ${c.position})`;
}
