/**
 * The product file, version 1: what a manufacturer publishes about one made-to-order product.
 *
 * This module is the single definition of the format. The TypeScript types, the runtime validation
 * and the published JSON Schema (`product-file.schema.json`) are all derived from it, so they cannot
 * drift apart. Structural checks live here; checks that need the whole file (references, unique
 * ids, defaults inside their domain) live in `../validate/semantic.ts`.
 *
 * Written with `zod/mini`, zod 4's functional API over the same core: what bundles it gets only the
 * parts of zod the format uses (`import { z } from 'zod'` brings ≈ 90 KB, every locale included),
 * and there is no code generation with `new Function` (the classic API compiles object parsers at
 * run time), so the schema works under a strict Content-Security-Policy. Backend, CLI and the
 * complete checks (`@c2m/rules/check`) use this schema; a shop page does not download zod at all:
 * its structural checks read `structure.generated.ts`, generated from this schema
 * (`pnpm --filter @c2m/rules schema`; a test fails when it is stale), which gives zod's verdict and
 * parsed value without zod (≈ 9 KB less). A new field is one line in its object, e.g.
 * `when: z.optional(Condition),`; a refinement is a function of `refinements.ts`.
 *
 * @packageDocumentation
 */
import * as z from 'zod/mini';
import { LIMITS, RAISED_LIMITS } from '../limits.js';
import { finite, positive, sixDecimals, withinRange } from './refinements.js';

// Shorthands for what the format says again and again; each is exactly the zod checks it names.
/** A string of at most `max` characters. */
const text = (max: number) => z.string().check(z.maxLength(max));
/** A string of 1 to `max` characters. */
const name = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
/** A whole number (JSON Schema `integer`); `message` is said when the number has decimals. */
const int = (message?: string) => z.number().check(z.int(message === undefined ? undefined : { message }));
/** A number from `min` to `max`, both inclusive. */
const between = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));
/** A whole number from `min` to `max`, both inclusive. */
const intBetween = (min: number, max: number) => int().check(z.gte(min), z.lte(max));
/** An array of at most `max` items. */
const list = <T extends z.core.SomeType>(item: T, max: number) => z.array(item).check(z.maxLength(max));
/** An array of 1 to `max` items. */
const nonEmptyList = <T extends z.core.SomeType>(item: T, max: number) => z.array(item).check(z.minLength(1), z.maxLength(max));

/** An identifier: a letter or digit first, then letters, digits, `_`, `-` or `.`; at most 64 characters. */
export const Id = z
  .string()
  .check(
    z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, {
      message: 'must start with a letter or digit and contain only letters, digits, "_", "-" or "." (at most 64)',
    }),
    z.describe('An identifier: letters, digits, "_", "-", "." (starting with a letter or digit), at most 64 characters.'),
  );

/** A BCP 47 language tag such as `en`, `zh-CN`, `de-CH`. */
export const LocaleTag = z
  .string()
  .check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'must be a BCP 47 language tag such as "en" or "zh-CN"' }));

/**
 * Text shown to shoppers: either one string (used for every language) or a map from language tag to
 * string. Lookup order is documented in `localize.ts`: exact tag, then the same language, then the
 * product's `defaultLocale`, then `en`, then the first entry.
 */
export const LocalizedText = z
  .union([text(LIMITS.maxTextLength), z.record(LocaleTag, text(LIMITS.maxTextLength))])
  .check(z.describe('A string, or an object from language tag (e.g. "en", "zh-CN") to string.'));

/** An amount of money in integer minor units of the product's currency (cents, fen). Never a float. */
export const Money = int('must be an integer amount in minor units (e.g. cents, fen), not a decimal').check(
  z.gte(-LIMITS.maxMoney),
  z.lte(LIMITS.maxMoney),
  z.describe('An amount in integer minor units of the currency (e.g. 1999 = 19.99).'),
);

/** A whole number of days (lead time). */
export const Days = int('must be a whole number of days').check(z.gte(-3650), z.lte(3650));

/** A finite decimal number, with at most 6 decimals so that number options can be computed exactly. */
export const Decimal = z.number().check(
  z.refine(finite, { message: 'must be a finite number' }),
  z.refine(withinRange, { message: 'must be between -1e12 and 1e12' }),
  z.refine(sixDecimals, { message: 'must have at most 6 decimals' }),
);

/** A formula over number and boolean options, e.g. `ceil(width * depth / 10000) * 35`. Parsed, never evaluated as code. */
export const Formula = name(LIMITS.maxFormulaLength).check(
  z.describe('An arithmetic formula over number and boolean option ids: + - * / ( ), min, max, round, floor, ceil, abs.'),
);

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

/** A value, or a non-empty list of values. */
export const ValueOrValues = z.union([ValueRef, nonEmptyList(ValueRef, LIMITS.maxValuesPerOption)]);

export const Condition: z.ZodMiniType<Condition> = z.lazy(() =>
  z.union([
    z.boolean().check(z.describe('true (always) or false (never)')),
    z.strictObject({ option: Id, is: ValueOrValues }).check(z.describe('The option has this value (or one of these values).')),
    z.strictObject({ option: Id, isNot: ValueOrValues }).check(z.describe('The option has none of these values.')),
    z
      .strictObject({ option: Id, set: z.boolean() })
      .check(z.describe('A text or file option is filled in (true) or empty (false).')),
    z
      .strictObject({ option: Id, min: z.optional(Decimal), max: z.optional(Decimal) })
      .check(z.describe('A number option lies within [min, max], both inclusive.')),
    z.strictObject({ all: nonEmptyList(Condition, LIMITS.maxConditionArity) }),
    z.strictObject({ any: nonEmptyList(Condition, LIMITS.maxConditionArity) }),
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
  description: z.optional(LocalizedText),
  /** The group (step) this option is shown in; see `groups`. */
  group: z.optional(Id),
  /** The option applies only when this condition holds; otherwise it has no value and is hidden. */
  when: z.optional(Condition).check(z.describe('The option applies only when this condition holds; otherwise it has no value, is hidden, and is left out of price, lead time and specification.')),
};

/** A CSS colour in hex, e.g. `#3b2f2f`. */
const HexColour = z.string().check(z.regex(/^#[0-9a-fA-F]{3,8}$/, { message: 'must be a hex colour such as "#3b2f2f"' }));

/** One value of a choice option. */
export const ChoiceValue = z.strictObject({
  id: Id,
  label: LocalizedText,
  description: z.optional(LocalizedText),
  /** A CSS colour shown as a swatch, e.g. `#3b2f2f`. */
  swatch: z.optional(HexColour),
  /** An image URL (relative to the product file or absolute). */
  image: z.optional(text(2048)),
  /** Added to the price when this value is chosen (minor units, may be negative). */
  price: z.optional(Money),
  /** Added to the lead time when this value is chosen (days, may be negative). */
  leadTime: z.optional(Days),
});
export type ChoiceValue = z.infer<typeof ChoiceValue>;

export const ChoiceOption = z.strictObject({
  ...optionCommon,
  type: z.literal('choice'),
  values: nonEmptyList(ChoiceValue, LIMITS.maxValuesPerOption),
  /** The value pre-selected when it is available. */
  default: z.optional(Id),
});
export type ChoiceOption = z.infer<typeof ChoiceOption>;

export const NumberOption = z.strictObject({
  ...optionCommon,
  type: z.literal('number'),
  min: Decimal,
  max: Decimal,
  /** Allowed values are min, min + step, min + 2·step, … up to max. */
  step: z._default(Decimal.check(z.refine(positive, { message: 'must be greater than 0' })), 1),
  /** A unit shown after the number, e.g. `mm`, `cm`. */
  unit: z.optional(text(16)),
  default: z.optional(Decimal),
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
  maxLength: intBetween(1, LIMITS.maxTextLength),
  minLength: z.optional(intBetween(0, LIMITS.maxTextLength)),
  /** Character classes allowed; every character of the text must belong to one of them or to `extraCharacters`. */
  characters: z.optional(nonEmptyList(CharacterClass, 8)),
  /** Further characters allowed one by one, e.g. `"&.-"`. */
  extraCharacters: z.optional(text(256)),
  /** A complete configuration needs this text filled in. */
  required: z.optional(z.boolean()),
  default: z.optional(text(LIMITS.maxTextLength)),
  /** Price added when the text is filled in. */
  price: z.optional(Money),
  leadTime: z.optional(Days),
});
export type TextOption = z.infer<typeof TextOption>;

export const BooleanOption = z.strictObject({
  ...optionCommon,
  type: z.literal('boolean'),
  default: z.optional(z.boolean()),
  /** Price added when the option is on. */
  price: z.optional(Money),
  leadTime: z.optional(Days),
});
export type BooleanOption = z.infer<typeof BooleanOption>;

export const FileOption = z.strictObject({
  ...optionCommon,
  type: z.literal('file'),
  /** Accepted media types, e.g. `image/png`, `image/svg+xml`. */
  accept: nonEmptyList(
    z.string().check(z.regex(/^[a-z]+\/[a-z0-9.+-]+$/, { message: 'must be a media type such as "image/png"' })),
    16,
  ),
  maxBytes: intBetween(1, 100 * 1024 * 1024),
  maxWidth: z.optional(intBetween(1, 65536)),
  maxHeight: z.optional(intBetween(1, 65536)),
  required: z.optional(z.boolean()),
  price: z.optional(Money),
  leadTime: z.optional(Days),
});
export type FileOption = z.infer<typeof FileOption>;

export const Option = z.discriminatedUnion('type', [ChoiceOption, NumberOption, TextOption, BooleanOption, FileOption]);
export type Option = z.infer<typeof Option>;
export type OptionType = Option['type'];

export const Group = z.strictObject({
  id: Id,
  label: LocalizedText,
  description: z.optional(LocalizedText),
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
  options: nonEmptyList(Id, LIMITS.maxTableArity),
  rows: list(list(TableCell, LIMITS.maxTableArity), LIMITS.maxTableRows),
});
/** If `if` holds, a choice option is restricted to `values`, or a number option to [min, max]. */
export const DomainConstraint = z.strictObject({
  ...constraintCommon,
  type: z.literal('domain'),
  if: z.optional(Condition),
  option: Id,
  values: z.optional(nonEmptyList(ValueRef, LIMITS.maxValuesPerOption)),
  min: z.optional(Decimal),
  max: z.optional(Decimal),
});
/** A linear relation between number options, e.g. `width >= 2 * depth + 100`, optionally only when `if` holds. */
export const LinearConstraint = z.strictObject({
  ...constraintCommon,
  type: z.literal('linear'),
  if: z.optional(Condition),
  relation: z.string().check(z.minLength(3), z.maxLength(LIMITS.maxFormulaLength)),
});
/** Between `min` and `max` of the listed conditions hold (e.g. at most 2 of the premium extras). */
export const CardinalityConstraint = z.strictObject({
  ...constraintCommon,
  type: z.literal('cardinality'),
  if: z.optional(Condition),
  of: nonEmptyList(Condition, LIMITS.maxConditionArity),
  min: z.optional(int().check(z.gte(0))),
  max: z.optional(int().check(z.gte(0))),
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
  if: z.optional(Condition),
  amount: z.optional(int()),
  formula: z.optional(Formula),
});
export type AdjustmentLine = z.infer<typeof AdjustmentLine>;

export const Pricing = z.strictObject({
  /** The price of the product before any option, in minor units. */
  base: Money,
  baseLabel: z.optional(LocalizedText),
  /** Further lines: conditional surcharges/discounts and formulas (area × price per m²). */
  lines: z._default(list(AdjustmentLine, LIMITS.maxPricingLines), []),
});
export type Pricing = z.infer<typeof Pricing>;

export const LeadTime = z.strictObject({
  /** Days to make the product before any option. */
  base: Days,
  baseLabel: z.optional(LocalizedText),
  lines: z._default(list(AdjustmentLine, LIMITS.maxPricingLines), []),
});
export type LeadTime = z.infer<typeof LeadTime>;

/** A value computed from the selections and sent to the factory, e.g. the table-top area. */
export const DerivedValue = z.strictObject({
  id: Id,
  label: LocalizedText,
  formula: Formula,
  unit: z.optional(text(16)),
});
export type DerivedValue = z.infer<typeof DerivedValue>;

// ---------------------------------------------------------------------------------------------
// Scene bindings (given meaning by @c2m/viewer; validated for shape and references here)
// ---------------------------------------------------------------------------------------------

const Vec3 = z.tuple([z.number(), z.number(), z.number()]);
/** A name in the glTF model (node, mesh, material, variant). */
const SceneName = name(256);
export const SceneAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('variant'), name: SceneName }),
  z.strictObject({
    type: z.literal('material'),
    material: SceneName,
    color: z.optional(z.string().check(z.regex(/^#[0-9a-fA-F]{3,8}$/))),
    texture: z.optional(text(2048)),
    roughness: z.optional(between(0, 1)),
    metalness: z.optional(between(0, 1)),
  }),
  z.strictObject({ type: z.literal('visibility'), nodes: nonEmptyList(SceneName, 256), visible: z.boolean() }),
  z.strictObject({ type: z.literal('morph'), mesh: SceneName, target: SceneName, weight: z.optional(between(0, 1)) }),
  z.strictObject({
    type: z.literal('scale'),
    node: SceneName,
    axis: z.enum(['x', 'y', 'z', 'xyz']),
    /** The node's scale on the axis is value / reference (a number option's value). */
    reference: z.number().check(z.positive()),
  }),
  z.strictObject({
    type: z.literal('translate'),
    node: SceneName,
    axis: z.enum(['x', 'y', 'z']),
    /** The node moves by factor × (value − reference) along the axis, in model units (metres). */
    factor: between(-1e6, 1e6),
    /** The option's value at which the node stands where the model puts it. */
    reference: z.number(),
  }),
  z.strictObject({ type: z.literal('text'), node: SceneName, font: z.optional(text(2048)), color: z.optional(text(32)) }),
  z.strictObject({ type: z.literal('decal'), node: SceneName, position: z.optional(Vec3), size: z.optional(Vec3) }),
]);
export type SceneAction = z.infer<typeof SceneAction>;

export const SceneBinding = z.strictObject({
  option: Id,
  /** For choice/boolean options: the value this binding applies to; omitted for number/text/file options. */
  value: z.optional(ValueRef),
  actions: nonEmptyList(SceneAction, 64),
});
export type SceneBinding = z.infer<typeof SceneBinding>;

export const CameraFocus = z.strictObject({
  option: Id,
  target: Vec3,
  position: z.optional(Vec3),
});

export const Scene = z.strictObject({
  bindings: z._default(list(SceneBinding, LIMITS.maxBindings), []),
  cameras: z._default(list(CameraFocus, LIMITS.maxOptions), []),
});
export type Scene = z.infer<typeof Scene>;

// ---------------------------------------------------------------------------------------------
// The whole file
// ---------------------------------------------------------------------------------------------

export const ProductInfo = z.strictObject({
  id: Id,
  /** The manufacturer's version of this product file, e.g. `2026.11.1` or `3`. */
  version: name(64),
  name: LocalizedText,
  description: z.optional(LocalizedText),
  /** ISO 4217 currency code, e.g. `CNY`, `EUR`. */
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as "CNY"' })),
  /** Language used when a text has no entry for the shopper's language. */
  defaultLocale: z._default(LocaleTag, 'en'),
  /** A glTF/GLB model of the product. */
  model: z.optional(text(2048)),
  image: z.optional(text(2048)),
});
export type ProductInfo = z.infer<typeof ProductInfo>;

export const ProductFile = z
  .strictObject({
    $schema: z.optional(text(2048)),
    schemaVersion: z.literal(1),
    product: ProductInfo,
    // The raised limits are the format's; the checks hold a file to the default ones unless asked.
    groups: z._default(list(Group, RAISED_LIMITS.maxOptions), []),
    options: nonEmptyList(Option, RAISED_LIMITS.maxOptions),
    constraints: z._default(list(Constraint, RAISED_LIMITS.maxConstraints), []),
    pricing: z.optional(Pricing),
    leadTime: z.optional(LeadTime),
    derived: z._default(list(DerivedValue, LIMITS.maxPricingLines), []),
    scene: z.optional(Scene),
  })
  .check(z.describe('A c2m product file: one made-to-order product, its options and the manufacturer\u2019s capability rules.'));

/** A product file as written by a manufacturer (before defaults are filled in). */
export type ProductFileInput = z.input<typeof ProductFile>;
/** A structurally valid product file with defaults filled in. */
export type ProductFile = z.output<typeof ProductFile>;
