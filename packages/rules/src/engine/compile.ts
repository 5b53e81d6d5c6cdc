/**
 * `compileProduct`: a checked product file → the engine's compiled product (finite model + SAT
 * encoding), or every problem as a ProductIssue.
 */
import type { CompileResult, CompiledProduct } from '../api.js';
import type { Constraint, Option, ProductFile } from '../schema/product-file.js';
import type { ProductIssue, SelectionValue } from '../types.js';
import { checkProductFile } from '../validate/check.js';
import { firstDisallowedCharacter } from '../validate/characters.js';
import { productDigest } from '../digest.js';
import { buildModel, checkRule, indexOfValue, isFileRef, ModelError, type Model } from './model.js';
import { encode, type Encoding } from './encode.js';

/** Options of {@link compileProduct}. */
export interface CompileOptions {
  /** Work allowed for the satisfiability check, in solver conflicts. Default 200,000. */
  maxConflicts?: number;
}

/** The compiled product. Internals (`model`, encodings) are for the engine's own modules. */
export class Product implements CompiledProduct {
  readonly options: readonly Option[];
  readonly digest: string;
  private readonly optionById: Map<string, Option>;
  private readonly constraintById: Map<string, Constraint>;
  private explainer: Encoding | null = null;

  constructor(
    readonly file: ProductFile,
    /** @internal */ readonly model: Model,
    /** @internal */ readonly main: Encoding,
  ) {
    this.options = file.options;
    this.digest = productDigest(file);
    this.optionById = new Map(file.options.map((o) => [o.id, o]));
    this.constraintById = new Map(file.constraints.map((c) => [c.id, c]));
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

  /** @internal Value indices of a complete assignment; throws RangeError for a missing or invalid value. */
  indices(values: Readonly<Record<string, SelectionValue | null>>): Int32Array {
    const w = new Int32Array(this.model.vars.length);
    for (const v of this.model.vars) {
      const value = values[v.option.id];
      if (value === undefined && v.kind !== 'presence') throw new RangeError(`option '${v.option.id}' has no value`);
      const k = indexOfValue(v, value);
      if (typeof k === 'string') throw new RangeError(k);
      w[v.index] = k;
    }
    return w;
  }

  violations(values: Readonly<Record<string, SelectionValue | null>>): Constraint[] {
    return this.violationsOf(this.indices(values));
  }

  /** @internal */
  violationsOf(w: ArrayLike<number>): Constraint[] {
    const broken = new Set<number>();
    for (const r of this.model.rules) if (!checkRule(r, w)) broken.add(r.index);
    return [...broken].sort((a, b) => a - b).map((i) => this.file.constraints[i]);
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
 * Checks and compiles a product file (an object parsed from JSON/YAML, or a {@link ProductFile}).
 * Never throws: every problem is returned as a {@link ProductIssue}.
 */
export function compileProduct(input: unknown, options: CompileOptions = {}): CompileResult {
  const checked = checkProductFile(input);
  if (!checked.ok) return checked;
  return compileCheckedFile(checked.file, checked.issues, options);
}

/**
 * Compiles a file that `checkProductFile` (or `parseProduct`) has already accepted; `warnings` are
 * carried into the result.
 */
export function compileCheckedFile(file: ProductFile, warnings: ProductIssue[], options: CompileOptions = {}): CompileResult {
  const issues: ProductIssue[] = [...warnings];
  let model: Model;
  let main: Encoding;
  try {
    model = buildModel(file);
    main = encode(model, { selectors: false, constraintCount: file.constraints.length });
  } catch (e) {
    if (e instanceof ModelError) {
      return { ok: false, issues: [...issues, { code: e.code, severity: 'error', path: e.path, message: e.message }] };
    }
    throw e;
  }
  const product = new Product(file, model, main);
  const answer = main.solver.solve([], options.maxConflicts ?? 200_000);
  if (answer === 'unsat') {
    const ex = product.explaining();
    const assumptions = Array.from(ex.selectors!, (v) => 2 * v);
    ex.solver.solve(assumptions);
    const ids = ex.solver.conflict.map((l) => file.constraints[ex.selectors!.indexOf(l >> 1)]?.id).filter(Boolean);
    return {
      ok: false,
      issues: [
        ...issues,
        {
          code: 'unsatisfiable',
          severity: 'error',
          path: ['constraints'],
          message:
            ids.length > 0
              ? `no configuration satisfies every constraint: ${ids.map((id) => `'${id}'`).join(', ')} contradict each other`
              : 'no configuration satisfies every constraint',
          params: { constraints: ids.join(',') },
        },
      ],
    };
  }
  if (answer === 'unknown') {
    issues.push({
      code: 'limit',
      severity: 'warning',
      path: ['constraints'],
      message: 'the constraints are too hard to check for satisfiability within the compile budget',
    });
  }
  return { ok: true, product, issues };
}
