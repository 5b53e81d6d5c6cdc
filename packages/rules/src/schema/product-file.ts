/**
 * The product file, version 1: what a manufacturer publishes about one made-to-order product.
 *
 * This module is the single definition of the format. The TypeScript types, the runtime validation
 * and the published JSON Schema (`product-file.schema.json`) are all derived from it, so they cannot
 * drift apart. Structural checks live here; checks that need the whole file (references, unique
 * ids, defaults inside their domain) live in `../validate/semantic.ts`.
 *
 * @packageDocumentation
 */
import { z } from 'zod';
import { LIMITS, RAISED_LIMITS } from '../limits.js';

/** An identifier: a letter or digit first, then letters, digits, `_`, `-` or `.`; at most 64 characters. */
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, {
    message: 'must start with a letter or digit and contain only letters, digits, "_", "-" or "." (at most 64)',
  })
  .describe('An identifier: letters, digits, "_", "-", "." (starting with a letter or digit), at most 64 characters.');

/** A BCP 47 language tag such as `en`, `zh-CN`, `de-CH`. */
export const LocaleTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'must be a BCP 47 language tag such as "en" or "zh-CN"' });

/**
 * Text shown to shoppers: either one string (used for every language) or a map from language tag to
 * string. Lookup order is documented in `localize.ts`: exact tag, then the same language, then the
 * product's `defaultLocale`, then `en`, then the first entry.
 */
export const LocalizedText = z
  .union([
    z.string().max(LIMITS.maxTextLength),
    z.record(LocaleTag, z.string().max(LIMITS.maxTextLength)),
  ])
  .describe('A string, or an object from language tag (e.g. "en", "zh-CN") to string.');

/** An amount of money in integer minor units of the product's currency (cents, fen). Never a float. */
export const Money = z
  .number()
  .int({ message: 'must be an integer amount in minor units (e.g. cents, fen), not a decimal' })
  .min(-LIMITS.maxMoney)
  .max(LIMITS.maxMoney)
  .describe('An amount in integer minor units of the currency (e.g. 1999 = 19.99).');

/** A whole number of days (lead time). */
export const Days = z.number().int({ message: 'must be a whole number of days' }).min(-3650).max(3650);

/** A finite decimal number, with at most 6 decimals so that number options can be computed exactly. */
export const Decimal = z
  .number()
  .refine((n) => Number.isFinite(n), { message: 'must be a finite number' })
  .refine((n) => Math.abs(n) <= 1e12, { message: 'must be between -1e12 and 1e12' })
  .refine((n) => Number.isInteger(Math.round(n * 1e6)) && Math.abs(Math.round(n * 1e6) - n * 1e6) < 1e-3, {
    message: 'must have at most 6 decimals',
  });

/** A formula over number and boolean options, e.g. `ceil(width * depth / 10000) * 35`. Parsed, never evaluated as code. */
export const Formula = z
  .string()
  .min(1)
  .max(LIMITS.maxFormulaLength)
  .describe('An arithmetic formula over number and boolean option ids: + - * / ( ), min, max, round, floor, ceil, abs.');

// ---------------------------------------------------------------------------------------------
// Conditions: the propositional language shared by constraints, pricing and lead time.
// ---------------------------------------------------------------------------------------------

/** A value of a choice option (its id) or of a boolean option (true/false). */
export const ValueRef = z.union([Id, z.boolean()]);

/** `{ option, is }`: the option's value is this value, or one of these values. */
export interface IsCondition {
  option: string;
  is: string | boolean | Array<string | boolean>;
}
/** `{ option, isNot }`: the option's value is none of these values. */
export interface IsNotCondition {
  option: string;
  isNot: string | boolean | Array<string | boolean>;
}
/** `{ option, set }`: a text or file option has (true) or has no (false) content. */
export interface SetCondition {
  option: string;
  set: boolean;
}
/** `{ option, min?, max? }`: a number option's value lies within [min, max] (both inclusive). */
export interface RangeCondition {
  option: string;
  min?: number;
  max?: number;
}
/** Every sub-condition holds. */
export interface AllCondition {
  all: Condition[];
}
/** At least one sub-condition holds. */
export interface AnyCondition {
  any: Condition[];
}
/** The sub-condition does not hold. */
export interface NotCondition {
  not: Condition;
}
/** `[a, b]`: if a holds then b holds. */
export interface ImpliesCondition {
  implies: [Condition, Condition];
}
/** `[a, b]`: a holds exactly when b holds. */
export interface IffCondition {
  iff: [Condition, Condition];
}
/** A proposition about a configuration. */
export type Condition =
  | IsCondition
  | IsNotCondition
  | SetCondition
  | RangeCondition
  | AllCondition
  | AnyCondition
  | NotCondition
  | ImpliesCondition
  | IffCondition
  | boolean;

const valueOrValues = z.union([ValueRef, z.array(ValueRef).min(1).max(LIMITS.maxValuesPerOption)]);

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.boolean().describe('true (always) or false (never)'),
    z.strictObject({ option: Id, is: valueOrValues }).describe('The option has this value (or one of these values).'),
    z.strictObject({ option: Id, isNot: valueOrValues }).describe('The option has none of these values.'),
    z.strictObject({ option: Id, set: z.boolean() }).describe('A text or file option is filled in (true) or empty (false).'),
    z
      .strictObject({ option: Id, min: Decimal.optional(), max: Decimal.optional() })
      .describe('A number option lies within [min, max], both inclusive.'),
    z.strictObject({ all: z.array(Condition).min(1).max(LIMITS.maxConditionArity) }),
    z.strictObject({ any: z.array(Condition).min(1).max(LIMITS.maxConditionArity) }),
    z.strictObject({ not: Condition }),
    z.strictObject({ implies: z.tuple([Condition, Condition]) }),
    z.strictObject({ iff: z.tuple([Condition, Condition]) }),
  ]),
);

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

const optionCommon = {
  id: Id,
  label: LocalizedText,
  description: LocalizedText.optional(),
  /** The group (step) this option is shown in; see `groups`. */
  group: Id.optional(),
};

/** One value of a choice option. */
export const ChoiceValue = z.strictObject({
  id: Id,
  label: LocalizedText,
  description: LocalizedText.optional(),
  /** A CSS colour shown as a swatch, e.g. `#3b2f2f`. */
  swatch: z
    .string()
    .regex(/^#[0-9a-fA-F]{3,8}$/, { message: 'must be a hex colour such as "#3b2f2f"' })
    .optional(),
  /** An image URL (relative to the product file or absolute). */
  image: z.string().max(2048).optional(),
  /** Added to the price when this value is chosen (minor units, may be negative). */
  price: Money.optional(),
  /** Added to the lead time when this value is chosen (days, may be negative). */
  leadTime: Days.optional(),
});
export type ChoiceValue = z.infer<typeof ChoiceValue>;

export const ChoiceOption = z.strictObject({
  ...optionCommon,
  type: z.literal('choice'),
  values: z.array(ChoiceValue).min(1).max(LIMITS.maxValuesPerOption),
  /** The value pre-selected when it is available. */
  default: Id.optional(),
});
export type ChoiceOption = z.infer<typeof ChoiceOption>;

export const NumberOption = z.strictObject({
  ...optionCommon,
  type: z.literal('number'),
  min: Decimal,
  max: Decimal,
  /** Allowed values are min, min + step, min + 2·step, … up to max. */
  step: Decimal.refine((n) => n > 0, { message: 'must be greater than 0' }).default(1),
  /** A unit shown after the number, e.g. `mm`, `cm`. */
  unit: z.string().max(16).optional(),
  default: Decimal.optional(),
  /** Price per step above `min` is better written as a formula in `pricing.lines`. */
});
export type NumberOption = z.infer<typeof NumberOption>;

/** Named character classes a text option may allow. */
export const CharacterClass = z.enum(['latin', 'digits', 'space', 'punctuation', 'cjk', 'latin-extended']);
export type CharacterClass = z.infer<typeof CharacterClass>;

export const TextOption = z.strictObject({
  ...optionCommon,
  type: z.literal('text'),
  /** Maximum length in characters (Unicode code points). */
  maxLength: z.number().int().min(1).max(LIMITS.maxTextLength),
  minLength: z.number().int().min(0).max(LIMITS.maxTextLength).optional(),
  /** Character classes allowed; every character of the text must belong to one of them or to `extraCharacters`. */
  characters: z.array(CharacterClass).min(1).max(8).optional(),
  /** Further characters allowed one by one, e.g. `"&.-"`. */
  extraCharacters: z.string().max(256).optional(),
  /** A complete configuration needs this text filled in. */
  required: z.boolean().optional(),
  default: z.string().max(LIMITS.maxTextLength).optional(),
  /** Price added when the text is filled in. */
  price: Money.optional(),
  leadTime: Days.optional(),
});
export type TextOption = z.infer<typeof TextOption>;

export const BooleanOption = z.strictObject({
  ...optionCommon,
  type: z.literal('boolean'),
  default: z.boolean().optional(),
  /** Price added when the option is on. */
  price: Money.optional(),
  leadTime: Days.optional(),
});
export type BooleanOption = z.infer<typeof BooleanOption>;

export const FileOption = z.strictObject({
  ...optionCommon,
  type: z.literal('file'),
  /** Accepted media types, e.g. `image/png`, `image/svg+xml`. */
  accept: z
    .array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, { message: 'must be a media type such as "image/png"' }))
    .min(1)
    .max(16),
  maxBytes: z.number().int().min(1).max(100 * 1024 * 1024),
  maxWidth: z.number().int().min(1).max(65536).optional(),
  maxHeight: z.number().int().min(1).max(65536).optional(),
  required: z.boolean().optional(),
  price: Money.optional(),
  leadTime: Days.optional(),
});
export type FileOption = z.infer<typeof FileOption>;

export const Option = z.discriminatedUnion('type', [ChoiceOption, NumberOption, TextOption, BooleanOption, FileOption]);
export type Option = z.infer<typeof Option>;
export type OptionType = Option['type'];

export const Group = z.strictObject({
  id: Id,
  label: LocalizedText,
  description: LocalizedText.optional(),
});
export type Group = z.infer<typeof Group>;

// ---------------------------------------------------------------------------------------------
// Constraints (capability rules)
// ---------------------------------------------------------------------------------------------

const constraintCommon = {
  id: Id,
  /** Shown to shoppers when this rule rules a value out: say what the factory cannot do. */
  message: LocalizedText,
};

/** If `if` holds, `then` must hold. */
export const RequiresConstraint = z.strictObject({
  ...constraintCommon,
  type: z.literal('requires'),
  if: Condition,
  then: Condition,
});
/** If `if` holds, `then` must not hold. */
export const ExcludesConstraint = z.strictObject({
  ...constraintCommon,
  type: z.literal('excludes'),
  if: Condition,
  then: Condition,
});
/** A proposition that must always hold (for imported feature models and anything else). */
export const RuleConstraint = z.strictObject({
  ...constraintCommon,
  type: z.literal('rule'),
  assert: Condition,
});

/** A table cell: a value id, true/false for boolean options, or `"*"` for any value. */
export const TableCell = z.union([Id, z.boolean(), z.literal('*')]);
/** Allowed (only these rows) or forbidden (never these rows) combinations of choice/boolean options. */
export const TableConstraint = z.strictObject({
  ...constraintCommon,
  type: z.literal('table'),
  mode: z.enum(['allowed', 'forbidden']),
  options: z.array(Id).min(1).max(LIMITS.maxTableArity),
  rows: z.array(z.array(TableCell).max(LIMITS.maxTableArity)).max(LIMITS.maxTableRows),
});
/** If `if` holds, a choice option is restricted to `values`, or a number option to [min, max]. */
export const DomainConstraint = z.strictObject({
  ...constraintCommon,
  type: z.literal('domain'),
  if: Condition.optional(),
  option: Id,
  values: z.array(ValueRef).min(1).max(LIMITS.maxValuesPerOption).optional(),
  min: Decimal.optional(),
  max: Decimal.optional(),
});
/** A linear relation between number options, e.g. `width >= 2 * depth + 100`, optionally only when `if` holds. */
export const LinearConstraint = z.strictObject({
  ...constraintCommon,
  type: z.literal('linear'),
  if: Condition.optional(),
  relation: z.string().min(3).max(LIMITS.maxFormulaLength),
});
/** Between `min` and `max` of the listed conditions hold (e.g. at most 2 of the premium extras). */
export const CardinalityConstraint = z.strictObject({
  ...constraintCommon,
  type: z.literal('cardinality'),
  if: Condition.optional(),
  of: z.array(Condition).min(1).max(LIMITS.maxConditionArity),
  min: z.number().int().min(0).optional(),
  max: z.number().int().min(0).optional(),
});

export const Constraint = z.discriminatedUnion('type', [
  RequiresConstraint,
  ExcludesConstraint,
  RuleConstraint,
  TableConstraint,
  DomainConstraint,
  LinearConstraint,
  CardinalityConstraint,
]);
export type Constraint = z.infer<typeof Constraint>;
export type ConstraintType = Constraint['type'];

// ---------------------------------------------------------------------------------------------
// Pricing and lead time
// ---------------------------------------------------------------------------------------------

/**
 * A line of the quote or of the lead time. Exactly one of `amount` and `formula`.
 * Formula results are rounded half away from zero to an integer.
 */
export const AdjustmentLine = z.strictObject({
  id: Id,
  label: LocalizedText,
  /** Only applies when this condition holds. */
  if: Condition.optional(),
  amount: z.number().int().optional(),
  formula: Formula.optional(),
});
export type AdjustmentLine = z.infer<typeof AdjustmentLine>;

export const Pricing = z.strictObject({
  /** The price of the product before any option, in minor units. */
  base: Money,
  baseLabel: LocalizedText.optional(),
  /** Further lines: conditional surcharges/discounts and formulas (area × price per m²). */
  lines: z.array(AdjustmentLine).max(LIMITS.maxPricingLines).default([]),
});
export type Pricing = z.infer<typeof Pricing>;

export const LeadTime = z.strictObject({
  /** Days to make the product before any option. */
  base: Days,
  baseLabel: LocalizedText.optional(),
  lines: z.array(AdjustmentLine).max(LIMITS.maxPricingLines).default([]),
});
export type LeadTime = z.infer<typeof LeadTime>;

/** A value computed from the selections and sent to the factory, e.g. the table-top area. */
export const DerivedValue = z.strictObject({
  id: Id,
  label: LocalizedText,
  formula: Formula,
  unit: z.string().max(16).optional(),
});
export type DerivedValue = z.infer<typeof DerivedValue>;

// ---------------------------------------------------------------------------------------------
// Scene bindings (given meaning by @c2m/viewer; validated for shape and references here)
// ---------------------------------------------------------------------------------------------

const Vec3 = z.tuple([z.number(), z.number(), z.number()]);
export const SceneAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('variant'), name: z.string().min(1).max(256) }),
  z.strictObject({
    type: z.literal('material'),
    material: z.string().min(1).max(256),
    color: z.string().regex(/^#[0-9a-fA-F]{3,8}$/).optional(),
    texture: z.string().max(2048).optional(),
    roughness: z.number().min(0).max(1).optional(),
    metalness: z.number().min(0).max(1).optional(),
  }),
  z.strictObject({ type: z.literal('visibility'), nodes: z.array(z.string().min(1).max(256)).min(1).max(256), visible: z.boolean() }),
  z.strictObject({ type: z.literal('morph'), mesh: z.string().min(1).max(256), target: z.string().min(1).max(256), weight: z.number().min(0).max(1).optional() }),
  z.strictObject({
    type: z.literal('scale'),
    node: z.string().min(1).max(256),
    axis: z.enum(['x', 'y', 'z', 'xyz']),
    /** The node's scale on the axis is value / reference (a number option's value). */
    reference: z.number().positive(),
  }),
  z.strictObject({ type: z.literal('text'), node: z.string().min(1).max(256), font: z.string().max(2048).optional(), color: z.string().max(32).optional() }),
  z.strictObject({ type: z.literal('decal'), node: z.string().min(1).max(256), position: Vec3.optional(), size: Vec3.optional() }),
]);
export type SceneAction = z.infer<typeof SceneAction>;

export const SceneBinding = z.strictObject({
  option: Id,
  /** For choice/boolean options: the value this binding applies to; omitted for number/text/file options. */
  value: ValueRef.optional(),
  actions: z.array(SceneAction).min(1).max(64),
});
export type SceneBinding = z.infer<typeof SceneBinding>;

export const CameraFocus = z.strictObject({
  option: Id,
  target: Vec3,
  position: Vec3.optional(),
});

export const Scene = z.strictObject({
  bindings: z.array(SceneBinding).max(LIMITS.maxBindings).default([]),
  cameras: z.array(CameraFocus).max(LIMITS.maxOptions).default([]),
});
export type Scene = z.infer<typeof Scene>;

// ---------------------------------------------------------------------------------------------
// The whole file
// ---------------------------------------------------------------------------------------------

export const ProductInfo = z.strictObject({
  id: Id,
  /** The manufacturer's version of this product file, e.g. `2026.11.1` or `3`. */
  version: z.string().min(1).max(64),
  name: LocalizedText,
  description: LocalizedText.optional(),
  /** ISO 4217 currency code, e.g. `CNY`, `EUR`. */
  currency: z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as "CNY"' }),
  /** Language used when a text has no entry for the shopper's language. */
  defaultLocale: LocaleTag.default('en'),
  /** A glTF/GLB model of the product. */
  model: z.string().max(2048).optional(),
  image: z.string().max(2048).optional(),
});
export type ProductInfo = z.infer<typeof ProductInfo>;

export const ProductFile = z
  .strictObject({
    $schema: z.string().max(2048).optional(),
    schemaVersion: z.literal(1),
    product: ProductInfo,
    groups: z.array(Group).max(RAISED_LIMITS.maxOptions).default([]),
    options: z.array(Option).min(1).max(RAISED_LIMITS.maxOptions),
    constraints: z.array(Constraint).max(RAISED_LIMITS.maxConstraints).default([]),
    pricing: Pricing.optional(),
    leadTime: LeadTime.optional(),
    derived: z.array(DerivedValue).max(LIMITS.maxPricingLines).default([]),
    scene: Scene.optional(),
  })
  .describe('A c2m product file: one made-to-order product, its options and the manufacturer\u2019s capability rules.');

/** A product file as written by a manufacturer (before defaults are filled in). */
export type ProductFileInput = z.input<typeof ProductFile>;
/** A structurally valid product file with defaults filled in. */
export type ProductFile = z.output<typeof ProductFile>;
