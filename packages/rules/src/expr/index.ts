/**
 * The formula language: exact rationals, the parser, the interpreter and linear normal forms.
 *
 * @packageDocumentation
 */
export * from './parse.js';
export type { Rational, RationalResult } from './rational.js';
export * as Q from './rational.js';
