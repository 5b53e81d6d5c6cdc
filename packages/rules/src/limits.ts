/**
 * Bounds on what a product file may contain. They keep a hostile or broken file from hanging a
 * browser or exhausting memory: every limit is checked before the work it protects, and breaking one
 * is a precise error (`code: "limit"`), never a hang.
 */
export const LIMITS = {
  /** Bytes of product-file text accepted by the parser. */
  maxFileBytes: 8 * 1024 * 1024,
  /** Nesting depth of objects/arrays in the text. */
  maxDepth: 64,
  maxOptions: 5000,
  maxValuesPerOption: 1000,
  /** Values of a number option: (max − min) / step + 1. */
  maxNumberValues: 20_001,
  maxConstraints: 20_000,
  maxTableArity: 16,
  maxTableRows: 100_000,
  /** Sub-conditions of one all/any/cardinality. */
  maxConditionArity: 5000,
  maxTextLength: 10_000,
  maxFormulaLength: 2000,
  /** Nodes of one parsed formula or relation. */
  maxFormulaNodes: 500,
  maxPricingLines: 2000,
  maxBindings: 20_000,
  maxMoney: 1e13,
  /** Propositional nodes of one compiled product, after expansion; bounds compile time and memory. */
  maxCompiledNodes: 2_000_000,
} as const;

/** Which set of limits applies: {@link LIMITS} (the default) or {@link RAISED_LIMITS}. */
export type LimitsProfile = 'default' | 'raised';

/** The limits of a profile (`undefined`: the defaults). */
export function limitsOf(profile: LimitsProfile | undefined): Limits {
  return profile === 'raised' ? RAISED_LIMITS : LIMITS;
}

/** A set of limits (the shape of {@link LIMITS}). */
export type Limits = { readonly [K in keyof typeof LIMITS]: number };

/**
 * Raised limits, for manufacturers' tools and backends that must load very large models (Linux's
 * feature model has 6,467 features, an automotive product line 18,616): `c2m --limits raised`,
 * `loadProduct(text, { limits: 'raised' })`. A shop page keeps the defaults.
 */
export const RAISED_LIMITS = {
  ...LIMITS,
  maxFileBytes: 32 * 1024 * 1024,
  maxOptions: 25_000,
  maxConstraints: 60_000,
  maxCompiledNodes: 8_000_000,
} as const;
