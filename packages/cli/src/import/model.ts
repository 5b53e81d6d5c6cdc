/**
 * The feature model as both importers (UVL, FeatureIDE XML) read it, before it becomes a product
 * file. Positions point into the source so that every note names a line and column.
 */

/** 1-based line and column in the imported file. */
export interface Position {
  line: number;
  column: number;
}

/** How the children of a feature are grouped. */
export type GroupKind = 'mandatory' | 'optional' | 'or' | 'alternative' | 'cardinality';

export interface FmGroup {
  kind: GroupKind;
  /** For `cardinality` groups: at least `min` of the children when the parent is selected. */
  min?: number;
  /** For `cardinality` groups: at most `max`; `undefined` for `*`. */
  max?: number;
  features: FmFeature[];
  pos: Position;
}

/** A feature attribute other than `abstract`, kept as text. */
export interface FmAttribute {
  key: string;
  /** The value as written, `undefined` for a bare key. */
  value?: string;
  pos: Position;
}

export interface FmFeature {
  name: string;
  abstract: boolean;
  description?: string;
  /** A typed UVL feature (`Integer`, `Real`, `String`); booleans have no type. */
  type?: string;
  attributes: FmAttribute[];
  groups: FmGroup[];
  pos: Position;
}

/** A cross-tree constraint. `unsupported` parts cannot be expressed as a product-file condition. */
export type FmExpr =
  | { kind: 'var'; name: string; pos: Position }
  | { kind: 'const'; value: boolean; pos: Position }
  | { kind: 'not'; arg: FmExpr; pos: Position }
  | { kind: 'and' | 'or'; args: FmExpr[]; pos: Position }
  | { kind: 'implies' | 'iff'; left: FmExpr; right: FmExpr; pos: Position }
  | { kind: 'atmost1'; args: FmExpr[]; pos: Position }
  | { kind: 'unsupported'; text: string; why: string; pos: Position };

export interface FmConstraint {
  expr: FmExpr;
  pos: Position;
  /** Where it came from, e.g. `constraints` or `attribute of "Engine"`. */
  origin: string;
}

/** Something in the source that the product file cannot carry, or carries differently. */
export interface ImportNote {
  severity: 'warning' | 'info';
  /**
   * For warnings: what happened — part of the model is `not-carried-over` (the default), a text was
   * `shortened` to fit, or the written file is `over-limit` (it loads only with raised limits, or not at all).
   */
  kind?: 'not-carried-over' | 'shortened' | 'over-limit';
  message: string;
  pos?: Position;
}

export interface FeatureModel {
  format: 'uvl' | 'featureide';
  root: FmFeature;
  constraints: FmConstraint[];
  notes: ImportNote[];
}

/** A syntax error in an imported file, with its position. */
export class ImportSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: Position,
  ) {
    super(`${pos.line}:${pos.column}: ${message}`);
    this.name = 'ImportSyntaxError';
  }
}

/** Bounds that keep a hostile model from exhausting memory or the stack. */
export const IMPORT_LIMITS = {
  maxBytes: 32 * 1024 * 1024,
  /** Nesting of features and of constraint expressions. */
  maxDepth: 200,
} as const;
