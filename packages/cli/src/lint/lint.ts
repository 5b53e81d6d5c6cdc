/**
 * `c2m lint`'s checks over a compiled product. Each finding carries the JSON path of the thing at
 * fault. Checks that need the engine many times run within a time budget and say how far they got.
 */
import { createSession, type CompiledProduct, type Condition, type Constraint, type Session } from '@c2m/rules/engine';
import { showValue } from '../selections.js';
import { bindingFindings, type GltfNames } from './bindings.js';
import { violationCubes } from './cubes.js';
import type { LintFinding, LintSkipped } from './finding.js';
import { negativeTotals } from './negative-totals.js';
import { missingTranslations } from './translations.js';

export interface LintOptions {
  /** Time budget for the engine checks, in ms (default 30 s). */
  budgetMs?: number;
  /** Skip the redundancy check (one solver call per constraint: the slow part on large products). */
  skipRedundancy?: boolean;
  /** Names in the product's 3D model, when it could be read. */
  modelNames?: GltfNames;
  /** Called between steps, for a progress line. */
  onProgress?: (done: number, total: number, step: string) => void;
  now?: () => number;
}

export interface LintReport {
  findings: LintFinding[];
  skipped: LintSkipped[];
}

function constraintLabel(k: Constraint): string {
  return `constraint "${k.id}"`;
}

/** Dead values, forced options and narrowed number ranges, from the domains of an empty session. */
function domainFindings(product: CompiledProduct, session: Session, deadline: number, now: () => number, skipped: LintSkipped[]): LintFinding[] {
  const findings: LintFinding[] = [];
  const index = new Map(product.options.map((o, i) => [o.id, i]));
  let explained = true;
  for (const d of session.domains()) {
    const i = index.get(d.option)!;
    const option = product.options[i];
    if (d.type === 'choice' || d.type === 'boolean') {
      for (const v of d.values) {
        if (v.available) continue;
        let why = '';
        if (now() < deadline) {
          const reason = session.explain(d.option, v.value);
          if (reason && reason.constraints.length > 0) why = `: ruled out by ${reason.constraints.map((k) => k.id).join(', ')}`;
        } else explained = false;
        const path = option.type === 'choice' ? ['options', i, 'values', option.values.findIndex((x) => x.id === v.value)] : ['options', i];
        findings.push({
          rule: 'dead-value',
          severity: 'warning',
          path,
          message: `value ${showValue(v.value)} of option "${d.option}" is in no valid configuration${why}`,
        });
      }
      if (d.forced !== undefined && d.values.length > 1) {
        findings.push({ rule: 'forced-option', severity: 'info', path: ['options', i], message: `option "${d.option}" is always ${showValue(d.forced)}: no valid configuration has another value` });
      }
    } else if (d.type === 'number') {
      if (d.feasible.min > d.min || d.feasible.max < d.max) {
        if (d.feasible.min === d.feasible.max) {
          findings.push({ rule: 'forced-option', severity: 'info', path: ['options', i], message: `option "${d.option}" is always ${d.feasible.min}` });
        } else {
          findings.push({
            rule: 'narrowed-range',
            severity: 'warning',
            path: ['options', i],
            message: `option "${d.option}" is declared ${d.min}…${d.max} but valid configurations only reach ${d.feasible.min}…${d.feasible.max}`,
          });
        }
      }
    } else if (d.type === 'text' || d.type === 'file') {
      if (!d.canBeSet) findings.push({ rule: 'dead-value', severity: 'warning', path: ['options', i], message: `${d.type} option "${d.option}" can never be filled in` });
      else if (!d.canBeEmpty && !(option.type === 'text' || option.type === 'file' ? option.required : false)) {
        findings.push({ rule: 'forced-option', severity: 'info', path: ['options', i], message: `${d.type} option "${d.option}" must always be filled in but is not marked required` });
      }
    }
  }
  if (!explained) skipped.push({ check: 'dead-value reasons', reason: 'the time budget ran out; some dead values are listed without their constraints' });
  return findings;
}

/**
 * Constraints (and pricing/lead-time lines) whose `if` holds in no valid configuration; options whose
 * `when` holds in none (never-applies) or in every one (always-applies).
 */
function neverApplies(product: CompiledProduct, session: Session, deadline: number, now: () => number, skipped: LintSkipped[], progress: (step: string) => void): { findings: LintFinding[]; dead: Set<string> } {
  const findings: LintFinding[] = [];
  const dead = new Set<string>();
  let unchecked = 0;
  let outOfTime = 0;
  const file = product.file;
  /** Whether `condition` can hold; undefined when not decided (budget, time). */
  const canHold = (condition: Condition): boolean | undefined => {
    if (now() >= deadline) {
      outOfTime++;
      return undefined;
    }
    const holds = product.canHold(condition);
    if (holds === undefined) unchecked++;
    return holds;
  };
  const check = (condition: Condition, path: Array<string | number>, what: string, key = 'if'): boolean | undefined => {
    const holds = canHold(condition);
    if (holds !== false) return holds;
    findings.push({ rule: 'never-applies', severity: 'warning', path, message: `${what} never applies: its "${key}" holds in no valid configuration` });
    return false;
  };
  file.constraints.forEach((k, i) => {
    progress(`if of ${k.id}`);
    if ('if' in k && k.if !== undefined && check(k.if, ['constraints', i, 'if'], constraintLabel(k)) === false) dead.add(k.id);
  });
  for (const part of ['pricing', 'leadTime'] as const) {
    file[part]?.lines.forEach((line, i) => {
      if (line.if !== undefined) check(line.if, [part, 'lines', i, 'if'], `${part === 'pricing' ? 'pricing' : 'lead-time'} line "${line.id}"`);
    });
  }
  file.options.forEach((o, i) => {
    if (o.when === undefined) return;
    progress(`when of ${o.id}`);
    const path = ['options', i, 'when'];
    if (check(o.when, path, `option "${o.id}"`, 'when') !== true) return;
    if (canHold({ not: o.when }) === false) {
      findings.push({ rule: 'always-applies', severity: 'warning', path, message: `option "${o.id}" always applies: its "when" holds in every valid configuration (remove it)` });
    }
  });
  if (unchecked > 0) skipped.push({ check: 'never-applies', reason: `${unchecked} conditions could not be decided within the solver budget` });
  if (outOfTime > 0) skipped.push({ check: 'never-applies', reason: `${outOfTime} conditions not checked: the time budget ran out` });
  return { findings, dead };
}

/**
 * Constraints implied by the others: no configuration that satisfies every other constraint violates
 * it. Asks the solver whether a violation is feasible with every other constraint enforced.
 */
function redundant(product: CompiledProduct, skip: ReadonlySet<string>, deadline: number, now: () => number, skipped: LintSkipped[], progress: (step: string) => void): LintFinding[] {
  const findings: LintFinding[] = [];
  const file = product.file;
  let unchecked = 0;
  let checked = 0;
  let outOfTime = 0;
  for (let i = 0; i < file.constraints.length; i++) {
    const k = file.constraints[i];
    if (skip.has(k.id)) continue;
    if (now() >= deadline) {
      outOfTime = file.constraints.length - i;
      break;
    }
    progress(`redundancy of ${k.id}`);
    const cubes = violationCubes(product, k);
    if (cubes !== undefined && cubes.length === 0) {
      checked++;
      findings.push({ rule: 'redundant-constraint', severity: 'warning', path: ['constraints', i], message: `${constraintLabel(k)} can never be violated: it restricts nothing` });
      continue;
    }
    const implied = product.isImplied(k.id);
    if (implied === undefined) {
      unchecked++;
      continue;
    }
    checked++;
    if (implied) {
      findings.push({ rule: 'redundant-constraint', severity: 'info', path: ['constraints', i], message: `${constraintLabel(k)} is implied by the other constraints: removing it changes nothing` });
    }
  }
  if (unchecked > 0) skipped.push({ check: 'redundant-constraint', reason: `${unchecked} constraints are not checked: the solver budget ran out on them` });
  if (outOfTime > 0) skipped.push({ check: 'redundant-constraint', reason: `${outOfTime} constraints not checked: the time budget ran out after ${checked} (raise --budget)` });
  return findings;
}

/** Runs every lint check on a compiled product. */
export function lintProduct(product: CompiledProduct, options: LintOptions = {}): LintReport {
  const now = options.now ?? Date.now;
  const deadline = now() + (options.budgetMs ?? 30_000);
  const skipped: LintSkipped[] = [];
  const file = product.file;
  const total = file.constraints.length * (options.skipRedundancy ? 1 : 2) + file.options.filter((o) => o.when !== undefined).length + 2;
  let done = 0;
  const progress = (step: string) => options.onProgress?.(++done, total, step);
  const session = createSession(product, { applyDefaults: false });
  progress('domains');
  // Reasons for dead values are minimal-conflict searches (~0.1 s each on 2,500 options): they get at
  // most a third of the budget, so that the other checks still run.
  const reasonDeadline = now() + Math.min(5000, (options.budgetMs ?? 30_000) / 3);
  const findings: LintFinding[] = [...domainFindings(product, session, reasonDeadline, now, skipped)];
  const never = neverApplies(product, session, deadline, now, skipped, progress);
  findings.push(...never.findings);
  if (options.skipRedundancy) skipped.push({ check: 'redundant-constraint', reason: 'skipped (--no-redundancy)' });
  else findings.push(...redundant(product, never.dead, deadline, now, skipped, progress));
  findings.push(...bindingFindings(file, options.modelNames));
  findings.push(...missingTranslations(file));
  const money = negativeTotals(product, session);
  findings.push(...money.findings);
  skipped.push(...money.skipped);
  progress('done');
  return { findings, skipped };
}
