/**
 * @c2m/cli: the `c2m` command, and its parts for tools that want them in-process — the feature-model
 * importers (UVL, FeatureIDE XML) and the product-file linter.
 *
 * @packageDocumentation
 */
export { main, COMMANDS } from './main.js';
export type { Io } from './io.js';
export { memoryIo, processIo } from './io.js';
export { parseUvl } from './import/uvl.js';
export { parseFeatureIde } from './import/featureide.js';
export { toProductFile, type ImportResult, type ToProductOptions } from './import/to-product.js';
export { readFeatureModel } from './commands/import.js';
export { ImportSyntaxError, type FeatureModel, type FmFeature, type FmGroup, type FmExpr, type ImportNote, type Position } from './import/model.js';
export { lintProduct, type LintOptions, type LintReport } from './lint/lint.js';
export type { LintFinding, LintRule, LintSkipped } from './lint/finding.js';
