/**
 * The functions a formula may call: a module of its own, so that a page reading formulas already
 * parsed (engine/read-compiled.ts) checks their names without the printer (print.ts).
 */

/** The functions a formula may call. */
export const FUNCTIONS = ['min', 'max', 'round', 'floor', 'ceil', 'abs'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export function isFunctionName(name: string): name is FunctionName {
  return (FUNCTIONS as readonly string[]).includes(name);
}
