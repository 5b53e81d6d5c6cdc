/**
 * Helpers of the compiled product's tests: compiling and reading one, and walks that run the same
 * steps on a session of a product file and one of its compiled product, asserting the same answers.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Session } from '../api.js';
import type { OptionDomain, SelectionValue } from '../types.js';
import { compileProduct } from './compile.js';
import { compileForPage } from './compile-for-page.js';
import { createSession } from './create-session.js';
import { readCompiledProduct } from './read-compiled.js';
import { stateOf as publishedState } from './local-session.js';
import type { Product } from './product.js';
import type { CompiledProductJson } from './compiled-format.js';
import { resignCompiled } from '../testing/resign-compiled.js';

/** The compiled product's text of a file that compiles. */
export function compiledText(file: unknown): string {
  const compiled = compileForPage(file);
  assert.ok(compiled.ok, JSON.stringify(!compiled.ok && compiled.issues));
  return compiled.text;
}

/** A compiled product changed after compiling, with its check written again (as a hostile or buggy compiler would). */
export function resigned(c: CompiledProductJson): string {
  return resignCompiled(c);
}

/** The engine's product read from a compiled product's text, solved as opening it does. */
export function readProduct(text: string): Product {
  const read = readCompiledProduct(JSON.parse(text));
  assert.ok(read.ok, !read.ok ? read.reason : '');
  assert.notEqual(read.product.main.solver.solve([], 200_000), 'unsat');
  return read.product;
}

/** A step of a walk: which option and value (indices into what the state offers), and what to do. */
export type Step = { kind: 'select' | 'refuse' | 'clear' | 'undo' | 'redo' | 'explain' | 'repair' | 'autocomplete' | 'reset' | 'text'; a: number; b: number };

export const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<Step['kind']>('select', 'select', 'select', 'refuse', 'refuse', 'clear', 'undo', 'redo', 'explain', 'repair', 'autocomplete', 'reset', 'text'),
  a: fc.nat(),
  b: fc.nat(),
});

/** Every value a shopper could pick for an option, available or not (numbers: every step of the range). */
function valuesOf(d: OptionDomain): SelectionValue[] {
  switch (d.type) {
    case 'choice':
    case 'boolean':
      return d.values.map((v) => v.value);
    case 'number': {
      const out: number[] = [];
      const n = Math.min(Math.round((d.max - d.min) / d.step), 200);
      for (let k = 0; k <= n; k++) out.push(Math.round((d.min + k * d.step) * 1e6) / 1e6);
      return out;
    }
    case 'text':
      return ['', 'abc'];
    case 'file':
      return [{ name: 'logo.png', type: 'image/png', bytes: 10 }];
  }
}

/** Everything a UI reads of a session's state (what a page session publishes). */
const stateOf = (s: Session) => publishedState(s, 0);

/** Runs the same steps on both sessions, asserting the same answers and the same state after each. */
export function walk(file: Session, compiled: Session, steps: readonly Step[]): void {
  const same = (a: unknown, b: unknown, where: string) => assert.deepEqual(b, a, where);
  same(stateOf(file), stateOf(compiled), 'at the start');
  steps.forEach((step, i) => {
    const where = `step ${i} (${step.kind}) after ${JSON.stringify(file.selections)}`;
    const domains = file.domains();
    const d = domains[step.a % domains.length];
    const values = valuesOf(d);
    const value = values[step.b % values.length];
    switch (step.kind) {
      case 'select':
      case 'refuse': {
        const wanted = step.kind === 'select';
        // Asked of both: what a session answers may depend on the questions it was asked before (its witnesses).
        const available = values.map((x) => file.isAvailable(d.option, x));
        same(available, values.map((x) => compiled.isAvailable(d.option, x)), where);
        const candidates = values.filter((_, k) => available[k] === wanted);
        if (candidates.length === 0) break;
        const x = candidates[step.b % candidates.length];
        same(file.select(d.option, x), compiled.select(d.option, x), where);
        break;
      }
      case 'text':
        same(file.select(d.option, 'x'), compiled.select(d.option, 'x'), where);
        break;
      case 'clear':
        file.clear(d.option);
        compiled.clear(d.option);
        break;
      case 'undo':
        same(file.undo(), compiled.undo(), where);
        break;
      case 'redo':
        same(file.redo(), compiled.redo(), where);
        break;
      case 'explain':
        same(file.explain(d.option, value), compiled.explain(d.option, value), where);
        break;
      case 'repair': {
        const repair = file.repair(d.option, value);
        same(repair, compiled.repair(d.option, value), where);
        if (repair) same(file.applyRepair(repair), compiled.applyRepair(repair), where);
        break;
      }
      case 'autocomplete':
        file.autocomplete();
        compiled.autocomplete();
        break;
      case 'reset':
        file.reset();
        compiled.reset();
        break;
    }
    same(stateOf(file), stateOf(compiled), where);
  });
  file.autocomplete();
  compiled.autocomplete();
  same(stateOf(file), stateOf(compiled), 'after autocomplete');
  if (file.isComplete()) {
    const now = new Date('2026-12-01T20:00:00Z');
    same(file.toSpecification({ now }), compiled.toSpecification({ now }), 'the specification');
  }
}

/** Sessions of a product file and of its compiled product, with the same options. */
export function sessions(file: unknown, options: { applyDefaults?: boolean } = {}): [Session, Session] | undefined {
  const r = compileProduct(file);
  if (!r.ok) return undefined;
  const text = compiledText(file);
  const product = readProduct(text);
  assert.equal(product.digest, r.product.digest, 'the same digest, carried');
  assert.deepEqual(product.file, r.product.file, 'the same checked file');
  return [createSession(r.product, options), createSession(product, options)];
}

