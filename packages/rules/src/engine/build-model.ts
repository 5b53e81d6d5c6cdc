/**
 * Building the finite model of a checked product file (model.ts): conditions → formulas, linear
 * relations → integer form, tables → rows of value indices. A page that receives a compiled product
 * (read-compiled.ts) reads the model built here ahead of time and needs none of this module, nor the
 * formula parser.
 */
import type { Condition, Constraint, ProductFile } from '../schema/product-file.js';
import { freeVariables, linearize, parseRelation } from '../expr/parse.js';
import { LIMITS, type Limits } from '../limits.js';
import { FALSE_F, maskAtom, naAtom, not, rangeAtom, TRUE_F } from './atoms.js';
import {
  formulaVars,
  indexOfValue,
  makeVar,
  micro,
  ModelError,
  tableLookup,
  tableNa,
  rulesOf,
  whenStructure,
  type Formula,
  type Model,
  type Rule,
  type Var,
} from './model.js';

// ---------------------------------------------------------------------------------------------
// Conditions → formulas
// ---------------------------------------------------------------------------------------------

function atomOfValues(v: Var, values: Array<string | boolean>, negate: boolean, path: Array<string | number>): Formula {
  const mask = new Uint8Array(v.size);
  for (const value of values) {
    const i = indexOfValue(v, value);
    if (typeof i === 'string') throw new ModelError(i, path, 'unknown-reference');
    mask[i] = 1;
  }
  if (negate) for (let i = 0; i < mask.length; i++) mask[i] ^= 1;
  return maskAtom(v.index, mask);
}

function rangeOf(v: Var, min: number | undefined, max: number | undefined): Formula {
  const lo = min === undefined ? 0 : Math.ceil((micro(min) - v.minMicro) / v.stepMicro);
  const hi = max === undefined ? v.size - 1 : Math.floor((micro(max) - v.minMicro) / v.stepMicro);
  return rangeAtom(v, lo, hi);
}

function and(xs: Formula[]): Formula {
  const out: Formula[] = [];
  for (const x of xs) {
    if (x.k === 'const') {
      if (!x.v) return FALSE_F;
      continue;
    }
    if (x.k === 'and') out.push(...x.xs);
    else out.push(x);
  }
  return out.length === 0 ? TRUE_F : out.length === 1 ? out[0] : { k: 'and', xs: out };
}

function or(xs: Formula[]): Formula {
  const out: Formula[] = [];
  for (const x of xs) {
    if (x.k === 'const') {
      if (x.v) return TRUE_F;
      continue;
    }
    if (x.k === 'or') out.push(...x.xs);
    else out.push(x);
  }
  return out.length === 0 ? FALSE_F : out.length === 1 ? out[0] : { k: 'or', xs: out };
}

export function implies(a: Formula, b: Formula): Formula {
  return or([not(a), b]);
}

function iff(a: Formula, b: Formula): Formula {
  if (a.k === 'const') return a.v ? b : not(b);
  if (b.k === 'const') return b.v ? a : not(a);
  return { k: 'iff', a, b };
}

/** Compiles a condition; `budget` counts nodes so a hostile file cannot blow up memory. */
export function compileCondition(
  cond: Condition,
  varById: Map<string, Var>,
  path: Array<string | number>,
  budget: { nodes: number },
): Formula {
  if (--budget.nodes < 0) throw new ModelError('the product is too large to compile (too many conditions)', path, 'limit');
  if (typeof cond === 'boolean') return cond ? TRUE_F : FALSE_F;
  if ('all' in cond) return and(cond.all.map((c, i) => compileCondition(c, varById, [...path, 'all', i], budget)));
  if ('any' in cond) return or(cond.any.map((c, i) => compileCondition(c, varById, [...path, 'any', i], budget)));
  if ('not' in cond) return not(compileCondition(cond.not, varById, [...path, 'not'], budget));
  if ('implies' in cond) {
    const a = compileCondition(cond.implies[0], varById, [...path, 'implies', 0], budget);
    const b = compileCondition(cond.implies[1], varById, [...path, 'implies', 1], budget);
    return implies(a, b);
  }
  if ('iff' in cond) {
    const a = compileCondition(cond.iff[0], varById, [...path, 'iff', 0], budget);
    const b = compileCondition(cond.iff[1], varById, [...path, 'iff', 1], budget);
    return iff(a, b);
  }
  const v = varById.get(cond.option);
  if (!v) throw new ModelError(`option '${cond.option}' does not exist`, [...path, 'option'], 'unknown-reference');
  if ('is' in cond) return atomOfValues(v, Array.isArray(cond.is) ? cond.is : [cond.is], false, [...path, 'is']);
  if ('isNot' in cond) return atomOfValues(v, Array.isArray(cond.isNot) ? cond.isNot : [cond.isNot], true, [...path, 'isNot']);
  if ('set' in cond) {
    if (v.kind !== 'presence') throw new ModelError(`option '${v.option.id}' is not a text or file option`, [...path, 'set'], 'unknown-reference');
    // `set: false` is the negation of `set: true`: it holds when the option does not apply.
    const mask = Uint8Array.of(cond.set ? 0 : 1, cond.set ? 1 : 0, cond.set ? 0 : 1).subarray(0, v.size);
    return maskAtom(v.index, mask);
  }
  if (v.kind !== 'number') throw new ModelError(`option '${v.option.id}' is not a number option`, [...path, 'option'], 'unknown-reference');
  return rangeOf(v, cond.min, cond.max);
}

// ---------------------------------------------------------------------------------------------
// Linear relations → integer form over value indices
// ---------------------------------------------------------------------------------------------

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * `Σ a_i·x_i op c` over option values becomes one or two `Σ b_i·k_i ≥ bound` over value indices
 * (x_i = min_i + k_i·step_i), scaled to integers.
 */
function linearRules(
  c: Extract<Constraint, { type: 'linear' }>,
  index: number,
  guard: Formula,
  varById: Map<string, Var>,
): Rule[] {
  const path = ['constraints', index, 'relation'];
  const parsed = parseRelation(c.relation);
  if (!parsed.ok) throw new ModelError(`constraint '${c.id}': ${parsed.message}`, path);
  const lin = linearize(parsed.relation, (id) => varById.get(id)?.kind === 'number');
  if (!lin.ok) throw new ModelError(`constraint '${c.id}': ${lin.message}`, path);
  // Work in bigint rationals over micro-units: value_i = (minMicro + k·stepMicro) / 1e6.
  let constNum = lin.constant.n * 1_000_000n;
  let constDen = lin.constant.d;
  const terms: Array<{ v: Var; num: bigint; den: bigint }> = [];
  for (const t of lin.terms) {
    const v = varById.get(t.option)!;
    // a·(minMicro + k·stepMicro) → coefficient a·stepMicro on k, and a·minMicro moved to the right.
    const num = t.coefficient.n * BigInt(v.stepMicro);
    terms.push({ v, num, den: t.coefficient.d });
    const shiftNum = t.coefficient.n * BigInt(v.minMicro);
    const shiftDen = t.coefficient.d;
    constNum = constNum * shiftDen - shiftNum * constDen;
    constDen = constDen * shiftDen;
  }
  // Common denominator.
  let lcm = constDen < 0n ? -constDen : constDen;
  for (const t of terms) lcm = (lcm / gcd(lcm, t.den)) * (t.den < 0n ? -t.den : t.den);
  const coefs = terms.map((t) => (t.num * lcm) / t.den);
  // Make the coefficients coprime to keep numbers small.
  let g = 0n;
  for (const x of coefs) g = gcd(g, x);
  const toNumber = (x: bigint): number => {
    if (x > BigInt(Number.MAX_SAFE_INTEGER) / 1_000_000n || x < -BigInt(Number.MAX_SAFE_INTEGER) / 1_000_000n) {
      throw new ModelError(`constraint '${c.id}': the numbers in this relation are too large`, path, 'limit');
    }
    return Number(x);
  };
  const vars = terms.map((t) => t.v.index);
  // Only checked when every option it names applies (terms that cancel out included).
  guard = and([guard, ...freeVariables(parsed.relation).map((id) => not(naAtom(varById.get(id)!)))]);
  const scope = [...new Set([...vars, ...formulaVars(guard, new Set())])];
  const make = (cs: bigint[], b: bigint): Rule => ({
    kind: 'linear',
    index,
    scope,
    guard,
    vars,
    coefs: cs.map(toNumber),
    bound: toNumber(b),
  });
  // Σ coefs·k is an integer: against a rational right-hand side, ≥ rounds it up and ≤ down.
  const ceilDiv = (a: bigint, b: bigint) => (a >= 0n ? (a + b - 1n) / b : -(-a / b));
  const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));
  // The right-hand side is the rational num / den (den > 0).
  const num = constNum * lcm;
  const den = constDen;
  const norm = (cs: bigint[], b: bigint): [bigint[], bigint] => {
    if (g > 1n) return [cs.map((x) => x / g), ceilDiv(b, g)];
    return [cs, b];
  };
  const ge = () => norm(coefs, ceilDiv(num, den)); // Σ ≥ c
  const le = () => norm(coefs.map((x) => -x), -floorDiv(num, den)); // Σ ≤ c  ⇔  −Σ ≥ −c
  switch (lin.op) {
    case '>=':
      return [make(...ge())];
    case '<=':
      return [make(...le())];
    case '>': {
      // Σ > c ⇔ Σ ≥ floor(c) + 1 for an integer Σ.
      return [make(...norm(coefs, floorDiv(num, den) + 1n))];
    }
    case '<':
      return [make(...norm(coefs.map((x) => -x), -(ceilDiv(num, den) - 1n)))];
    case '==':
      return [make(...ge()), make(...le())];
  }
}

// ---------------------------------------------------------------------------------------------
// The whole model
// ---------------------------------------------------------------------------------------------

function tableRule(c: Extract<Constraint, { type: 'table' }>, index: number, varById: Map<string, Var>): Rule {
  const vars = c.options.map((id, j) => {
    const v = varById.get(id);
    if (!v) throw new ModelError(`constraint '${c.id}': option '${id}' does not exist`, ['constraints', index, 'options', j], 'unknown-reference');
    if (v.kind !== 'choice' && v.kind !== 'boolean') {
      throw new ModelError(`constraint '${c.id}': option '${id}' is not a choice or boolean option`, ['constraints', index, 'options', j], 'unknown-reference');
    }
    return v;
  });
  const rows = c.rows.map((row, r) => {
    const out = new Int32Array(vars.length);
    for (let j = 0; j < vars.length; j++) {
      const cell = row[j];
      if (cell === '*') {
        out[j] = -1;
        continue;
      }
      const i = indexOfValue(vars[j], cell);
      if (typeof i === 'string') throw new ModelError(`constraint '${c.id}': ${i}`, ['constraints', index, 'rows', r, j], 'unknown-reference');
      out[j] = i;
    }
    return out;
  });
  const varIdx = vars.map((v) => v.index);
  return { kind: 'table', index, scope: [...new Set(varIdx)], allowed: c.mode === 'allowed', vars: varIdx, rows, na: tableNa(vars), lookup: tableLookup(vars, rows) };
}

/** Builds the finite model of a (checked) product file. Throws {@link ModelError}. */
export function buildModel(file: ProductFile, limits: Limits = LIMITS): Model {
  const vars = file.options.map(makeVar);
  const varById = new Map(vars.map((v) => [v.option.id, v]));
  const budget = { nodes: limits.maxCompiledNodes };
  const rules: Rule[] = [];
  const cond = (c: Condition | undefined, path: Array<string | number>) =>
    c === undefined ? TRUE_F : compileCondition(c, varById, path, budget);
  file.constraints.forEach((c, index) => {
    const path = ['constraints', index];
    const formulaRule = (f: Formula): Rule => ({ kind: 'formula', index, scope: [...formulaVars(f, new Set())], f });
    switch (c.type) {
      case 'requires':
        rules.push(formulaRule(implies(cond(c.if, [...path, 'if']), cond(c.then, [...path, 'then']))));
        break;
      case 'excludes':
        rules.push(formulaRule(implies(cond(c.if, [...path, 'if']), not(cond(c.then, [...path, 'then'])))));
        break;
      case 'rule':
        rules.push(formulaRule(cond(c.assert, [...path, 'assert'])));
        break;
      case 'domain': {
        const v = varById.get(c.option);
        if (!v) throw new ModelError(`constraint '${c.id}': option '${c.option}' does not exist`, [...path, 'option'], 'unknown-reference');
        let target: Formula;
        if (v.kind === 'number') target = rangeOf(v, c.min, c.max);
        else target = atomOfValues(v, c.values ?? [], false, [...path, 'values']);
        // Only checked when the option applies.
        rules.push(formulaRule(implies(cond(c.if, [...path, 'if']), or([naAtom(v), target]))));
        break;
      }
      case 'table':
        rules.push(tableRule(c, index, varById));
        break;
      case 'linear':
        rules.push(...linearRules(c, index, cond(c.if, [...path, 'if']), varById));
        break;
      case 'cardinality': {
        const guard = cond(c.if, [...path, 'if']);
        const xs = c.of.map((x, i) => cond(x, [...path, 'of', i]));
        const scope = new Set<number>();
        formulaVars(guard, scope);
        for (const x of xs) formulaVars(x, scope);
        rules.push({ kind: 'card', index, scope: [...scope], guard, xs, min: c.min ?? 0, max: c.max ?? xs.length });
        break;
      }
    }
  });
  const when = file.options.map((o, i) => (o.when === undefined ? null : cond(o.when, ['options', i, 'when'])));
  when.forEach((w, v) => {
    if (w === null) return;
    // x does not apply exactly when its condition does not hold.
    const f = iff(naAtom(vars[v]), not(w));
    rules.push({ kind: 'formula', index: -1, scope: [...formulaVars(f, new Set())], f });
  });
  return { vars, varById, rules, rulesOf: rulesOf(vars, rules), when, ...whenStructure(file.options, vars, varById) };
}
