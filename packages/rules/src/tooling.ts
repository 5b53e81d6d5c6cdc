/**
 * `@c2m/rules/tooling`: what manufacturers' tools need and shop pages do not (kept out of the main
 * entry to keep the browser bundle small): issues formatted with code frames, issue messages in
 * every language, the product file's JSON Schema, and the "did you mean …?" of the product-file checks.
 *
 * @packageDocumentation
 */
export { codeFrame, formatIssues, type CodeFrameOptions, type FormatIssuesOptions } from './issues/format.js';
export { issueMessage, issueLocales } from './issues/translate.js';
export { productFileJsonSchema, productFileJsonSchemaText, PRODUCT_FILE_SCHEMA_URL } from './json-schema.js';
export { suggest } from './validate/suggest.js';
export { formulaRange, type Interval } from './expr/interval.js';
export {
  parseExpression,
  parseRelation,
  freeVariables,
  linearize,
  evaluate as evaluateExpression,
  printExpression,
  printRelation,
  FUNCTIONS,
  type Expr,
  type Relation,
  type RelationOperator,
  type ExpressionResult,
  type RelationResult,
  type LinearizeResult,
  type LinearTerm,
} from './expr/parse.js';
export type { Rational } from './expr/rational.js';
