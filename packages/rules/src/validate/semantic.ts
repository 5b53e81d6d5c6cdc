/**
 * Checks that need the whole file: unique ids, references between options, values, groups and
 * formulas, defaults inside their domains, number ranges that fit their steps, and translations.
 * Runs on a structurally valid file; every issue carries the path of the field at fault.
 */
import type {
  AdjustmentLine,
  Condition,
  Option,
  ProductFile,
} from '../schema/product-file.js';
import { LIMITS } from '../limits.js';
import type { IssueFactory } from '../issues/issue.js';
import type { ProductIssue } from '../types.js';
import { freeVariables, parseExpression, parseRelation } from '../expr/parse.js';
import { linearize } from '../expr/linearize.js';
import { suggest } from './suggest.js';
import { firstDisallowedCharacter } from './characters.js';
import { conditionOptions, readOrder } from '../engine/evaluate.js';
import { checkTextSafety } from './text-safety.js';
import { checkCurrency } from './currency.js';

type Path = Array<string | number>;

/** A product-file number as an exact integer count of millionths (numbers have at most 6 decimals). */
export function toMicro(n: number): bigint {
  return BigInt(n.toFixed(6).replace('.', ''));
}

/** A list of ids for a message, shortened when long. */
function list(ids: readonly string[], max = 12): string {
  if (ids.length === 0) return '(none)';
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')}, … (${ids.length} in all)`;
}

class SemanticChecker {
  readonly #options = new Map<string, { option: Option; values: Set<string> }>();
  readonly #optionIds: string[] = [];

  readonly #file: ProductFile;
  readonly #mk: IssueFactory;
  readonly #out: ProductIssue[];

  constructor(file: ProductFile, mk: IssueFactory, out: ProductIssue[]) {
    this.#file = file;
    this.#mk = mk;
    this.#out = out;
  }

  #push(issue: ProductIssue): void {
    this.#out.push(issue);
  }

  run(): void {
    const f = this.#file;
    this.#uniqueIds(f.options, ['options'], 'option');
    f.options.forEach((o, i) => {
      if (!this.#options.has(o.id)) {
        this.#options.set(o.id, { option: o, values: new Set(o.type === 'choice' ? o.values.map((v) => v.id) : []) });
        this.#optionIds.push(o.id);
      }
      if (o.type === 'choice') this.#uniqueIds(o.values, ['options', i, 'values'], 'value');
    });
    this.#uniqueIds(f.groups, ['groups'], 'group');
    this.#uniqueIds(f.constraints, ['constraints'], 'constraint');
    if (f.pricing) this.#uniqueIds(f.pricing.lines, ['pricing', 'lines'], 'pricing-line');
    if (f.leadTime) this.#uniqueIds(f.leadTime.lines, ['leadTime', 'lines'], 'lead-time-line');
    this.#uniqueIds(f.derived, ['derived'], 'derived');

    f.options.forEach((o, i) => this.#option(o, ['options', i]));
    this.#whens();
    this.#groupsUsed();
    f.constraints.forEach((c, i) => this.#constraint(i));
    if (f.pricing) f.pricing.lines.forEach((l, i) => this.#line(l, ['pricing', 'lines', i]));
    if (f.leadTime) f.leadTime.lines.forEach((l, i) => this.#line(l, ['leadTime', 'lines', i]));
    f.derived.forEach((d, i) => this.#formula(d.formula, ['derived', i, 'formula']));
    this.#scene();
    this.#translations();
  }

  #uniqueIds(items: ReadonlyArray<{ id: string }>, path: Path, kind: string): void {
    const first = new Map<string, number>();
    items.forEach((item, i) => {
      const seen = first.get(item.id);
      if (seen === undefined) first.set(item.id, i);
      else this.#push(this.#mk('duplicate-id', [...path, i, 'id'], { kind, id: item.id, first: seen }));
    });
  }

  // --- options -------------------------------------------------------------------------------

  #option(o: Option, path: Path): void {
    this.#condition(o.when, [...path, 'when']);
    if (o.group !== undefined && !this.#file.groups.some((g) => g.id === o.group)) {
      this.#push(
        this.#mk('unknown-reference', [...path, 'group'], {
          kind: 'group',
          group: o.group,
          groups: list(this.#file.groups.map((g) => g.id)),
        }),
      );
    }
    switch (o.type) {
      case 'choice':
        if (o.default !== undefined && !o.values.some((v) => v.id === o.default)) {
          this.#push(
            this.#mk('default-outside-domain', [...path, 'default'], {
              kind: 'choice',
              value: o.default,
              values: list(o.values.map((v) => v.id)),
            }),
          );
        }
        return;
      case 'number':
        this.#numberOption(o, path);
        return;
      case 'text':
        this.#textOption(o, path);
        return;
      default:
        return;
    }
  }

  #numberOption(o: Extract<Option, { type: 'number' }>, path: Path): void {
    const min = toMicro(o.min);
    const max = toMicro(o.max);
    const step = toMicro(o.step);
    if (min > max) {
      this.#push(this.#mk('min-greater-than-max', [...path, 'min'], { min: o.min, max: o.max }));
      return;
    }
    if (step <= 0n) return;
    const span = max - min;
    if (span % step !== 0n) {
      this.#push(this.#mk('step-mismatch', [...path, 'step'], { span: Number(span) / 1e6, step: o.step }));
    } else {
      const count = span / step + 1n;
      if (count > BigInt(LIMITS.maxNumberValues)) {
        this.#push(
          this.#mk('limit', [...path, 'step'], { kind: 'number-values', count: count.toString(), max: LIMITS.maxNumberValues }),
        );
      }
    }
    if (o.default !== undefined) {
      const d = toMicro(o.default);
      if (d < min || d > max) {
        this.#push(
          this.#mk('default-outside-domain', [...path, 'default'], { kind: 'number', value: o.default, min: o.min, max: o.max }),
        );
      } else if ((d - min) % step !== 0n) {
        this.#push(
          this.#mk('step-mismatch', [...path, 'default'], { kind: 'default', value: o.default, min: o.min, max: o.max, step: o.step }),
        );
      }
    }
  }

  #textOption(o: Extract<Option, { type: 'text' }>, path: Path): void {
    if (o.minLength !== undefined && o.minLength > o.maxLength) {
      this.#push(this.#mk('min-greater-than-max', [...path, 'minLength'], { kind: 'length', min: o.minLength, max: o.maxLength }));
    }
    if (o.default === undefined || o.default === '') return;
    const length = Array.from(o.default).length;
    if (length > o.maxLength) {
      this.#push(this.#mk('default-outside-domain', [...path, 'default'], { kind: 'text-long', length, max: o.maxLength }));
    } else if (o.minLength !== undefined && length < o.minLength) {
      this.#push(this.#mk('default-outside-domain', [...path, 'default'], { kind: 'text-short', length, min: o.minLength }));
    }
    if (o.characters) {
      const bad = firstDisallowedCharacter(o.default, o.characters, o.extraCharacters);
      if (bad !== undefined) {
        this.#push(this.#mk('default-outside-domain', [...path, 'default'], { kind: 'text-characters', char: bad }));
      }
    }
  }

  /** A `when` may not name its own option, nor depend on it through other `when`s. */
  #whens(): void {
    const index = new Map<string, number>();
    this.#file.options.forEach((o, i) => index.has(o.id) || index.set(o.id, i));
    const reads = this.#file.options.map((o, i) => {
      if (o.when === undefined) return [];
      const named = conditionOptions(o.when).map((id) => index.get(id)).filter((j): j is number => j !== undefined);
      if (named.includes(i)) this.#push(this.#mk('invalid-value', ['options', i, 'when'], { kind: 'when-self', option: o.id }));
      return named.filter((j) => j !== i);
    });
    const { cycle } = readOrder(reads);
    if (!cycle) return;
    const ids = [...cycle, cycle[0]].map((i) => `'${this.#file.options[i].id}'`).join(' → ');
    this.#push(this.#mk('invalid-value', ['options', cycle[0], 'when'], { kind: 'when-cycle', options: ids }));
  }

  #groupsUsed(): void {
    const used = new Set(this.#file.options.map((o) => o.group));
    this.#file.groups.forEach((g, i) => {
      if (!used.has(g.id)) this.#push(this.#mk('unused', ['groups', i], { kind: 'group', detail: `group '${g.id}'` }, 'warning'));
    });
  }

  // --- references ------------------------------------------------------------------------------

  /** The option named at `path`, or undefined after reporting it as unknown. */
  #optionRef(id: string, path: Path): Option | undefined {
    const entry = this.#options.get(id);
    if (entry) return entry.option;
    const suggestion = suggest(id, this.#optionIds);
    this.#push(
      this.#mk('unknown-reference', path, suggestion ? { kind: 'option-suggest', option: id, suggestion } : { kind: 'option', option: id }),
    );
    return undefined;
  }

  /** Checks that `value` is a value of choice/boolean option `o`; false (after reporting) if not. */
  #valueRef(o: Option, value: string | boolean, path: Path): boolean {
    if (o.type === 'boolean') {
      if (typeof value === 'boolean') return true;
      this.#push(this.#mk('unknown-reference', path, { kind: 'boolean-value', option: o.id, value }));
      return false;
    }
    if (o.type !== 'choice') return false;
    const values = this.#options.get(o.id)?.values;
    if (typeof value === 'string' && values?.has(value)) return true;
    const ids = list(o.values.map((v) => v.id));
    this.#push(
      typeof value === 'string'
        ? this.#mk('unknown-reference', path, { kind: 'value', value, option: o.id, values: ids })
        : this.#mk('unknown-reference', path, { kind: 'choice-value', value, option: o.id, values: ids }),
    );
    return false;
  }

  #valueRefs(o: Option, values: string | boolean | Array<string | boolean>, path: Path): void {
    if (Array.isArray(values)) values.forEach((v, k) => this.#valueRef(o, v, [...path, k]));
    else this.#valueRef(o, values, path);
  }

  #condition(cond: Condition | undefined, path: Path): void {
    if (cond === undefined) return;
    const stack: Array<[Condition, Path]> = [[cond, path]];
    while (stack.length > 0) {
      const [c, p] = stack.pop()!;
      if (typeof c === 'boolean') continue;
      if ('all' in c) c.all.forEach((s, i) => stack.push([s, [...p, 'all', i]]));
      else if ('any' in c) c.any.forEach((s, i) => stack.push([s, [...p, 'any', i]]));
      else if ('not' in c) stack.push([c.not, [...p, 'not']]);
      else if ('implies' in c) c.implies.forEach((s, i) => stack.push([s, [...p, 'implies', i]]));
      else if ('iff' in c) c.iff.forEach((s, i) => stack.push([s, [...p, 'iff', i]]));
      else this.#test(c, p);
    }
  }

  #test(c: Exclude<Condition, boolean | { all: unknown } | { any: unknown } | { not: unknown } | { implies: unknown } | { iff: unknown }>, p: Path): void {
    const o = this.#optionRef(c.option, [...p, 'option']);
    if ('is' in c || 'isNot' in c) {
      const key = 'is' in c ? 'is' : 'isNot';
      const values = 'is' in c ? c.is : c.isNot;
      if (!o) return;
      if (o.type !== 'choice' && o.type !== 'boolean') {
        this.#push(this.#mk('wrong-option-type', [...p, key], { kind: 'is', option: o.id, type: o.type }));
        return;
      }
      this.#valueRefs(o, values, [...p, key]);
      return;
    }
    if ('set' in c) {
      if (o && o.type !== 'text' && o.type !== 'file') {
        this.#push(this.#mk('wrong-option-type', [...p, 'set'], { kind: 'set', option: o.id, type: o.type }));
      }
      return;
    }
    const min = 'min' in c ? c.min : undefined;
    const max = 'max' in c ? c.max : undefined;
    if (min === undefined && max === undefined) {
      this.#push(this.#mk('required', p, { kind: 'condition-test', key: 'is', option: c.option }));
      return;
    }
    if (o && o.type !== 'number') {
      this.#push(this.#mk('wrong-option-type', [...p, min !== undefined ? 'min' : 'max'], { kind: 'range', option: o.id, type: o.type }));
    }
    if (min !== undefined && max !== undefined && toMicro(min) > toMicro(max)) {
      this.#push(this.#mk('min-greater-than-max', [...p, 'min'], { min, max }));
    }
  }

  // --- constraints -----------------------------------------------------------------------------

  #constraint(i: number): void {
    const c = this.#file.constraints[i]!;
    const path: Path = ['constraints', i];
    switch (c.type) {
      case 'requires':
      case 'excludes':
        this.#condition(c.if, [...path, 'if']);
        this.#condition(c.then, [...path, 'then']);
        return;
      case 'rule':
        this.#condition(c.assert, [...path, 'assert']);
        return;
      case 'table':
        this.#table(c, path);
        return;
      case 'domain':
        this.#condition(c.if, [...path, 'if']);
        this.#domain(c, path);
        return;
      case 'linear':
        this.#condition(c.if, [...path, 'if']);
        this.#relation(c.relation, [...path, 'relation']);
        return;
      case 'cardinality': {
        this.#condition(c.if, [...path, 'if']);
        c.of.forEach((s, k) => this.#condition(s, [...path, 'of', k]));
        const count = c.of.length;
        if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
          this.#push(this.#mk('min-greater-than-max', [...path, 'min'], { min: c.min, max: c.max }));
        } else if (c.min !== undefined && c.min > count) {
          this.#push(this.#mk('invalid-value', [...path, 'min'], { kind: 'cardinality-min', min: c.min, count }));
        } else if (c.max !== undefined && c.max > count) {
          this.#push(this.#mk('invalid-value', [...path, 'max'], { kind: 'cardinality-max', max: c.max, count }));
        }
        return;
      }
    }
  }

  #table(c: Extract<ProductFile['constraints'][number], { type: 'table' }>, path: Path): void {
    const columns: Array<Option | undefined> = c.options.map((id, k) => {
      const o = this.#optionRef(id, [...path, 'options', k]);
      if (o && o.type !== 'choice' && o.type !== 'boolean') {
        this.#push(this.#mk('wrong-option-type', [...path, 'options', k], { kind: 'table', option: o.id, type: o.type }));
        return undefined;
      }
      return o;
    });
    c.rows.forEach((row, r) => {
      if (row.length !== columns.length) {
        this.#push(this.#mk('table-row', [...path, 'rows', r], { row: r, cells: row.length, columns: columns.length }));
        return;
      }
      row.forEach((cell, k) => {
        const o = columns[k];
        if (cell === '*' || !o) return;
        this.#valueRef(o, cell, [...path, 'rows', r, k]);
      });
    });
  }

  #domain(c: Extract<ProductFile['constraints'][number], { type: 'domain' }>, path: Path): void {
    const o = this.#optionRef(c.option, [...path, 'option']);
    const hasRange = c.min !== undefined || c.max !== undefined;
    if (c.values === undefined && !hasRange) {
      this.#push(this.#mk('required', path, { kind: 'domain-restriction', key: 'values' }));
      return;
    }
    if (c.values !== undefined && hasRange) {
      this.#push(this.#mk('invalid-value', path, { kind: 'domain-both' }));
      return;
    }
    if (c.values !== undefined) {
      if (!o) return;
      if (o.type !== 'choice' && o.type !== 'boolean') {
        this.#push(this.#mk('wrong-option-type', [...path, 'values'], { kind: 'domain-values', option: o.id, type: o.type }));
        return;
      }
      this.#valueRefs(o, c.values, [...path, 'values']);
      return;
    }
    if (o && o.type !== 'number') {
      this.#push(this.#mk('wrong-option-type', [...path, c.min !== undefined ? 'min' : 'max'], { kind: 'domain-range', option: o.id, type: o.type }));
    }
    if (c.min !== undefined && c.max !== undefined && toMicro(c.min) > toMicro(c.max)) {
      this.#push(this.#mk('min-greater-than-max', [...path, 'min'], { min: c.min, max: c.max }));
    }
  }

  // --- formulas --------------------------------------------------------------------------------

  /** Reports variables that name no option, or an option of a type not in `allowed`. */
  #variables(names: readonly string[], path: Path, allowed: ReadonlyArray<Option['type']>, kind: string): boolean {
    let ok = true;
    for (const name of names) {
      const entry = this.#options.get(name);
      if (!entry) {
        const suggestion = suggest(name, this.#optionIds);
        this.#push(
          this.#mk('unknown-reference', path, suggestion ? { kind: 'variable-suggest', name, suggestion } : { kind: 'variable', name }),
        );
        ok = false;
      } else if (!allowed.includes(entry.option.type)) {
        this.#push(this.#mk('wrong-option-type', path, { kind, option: name, type: entry.option.type }));
        ok = false;
      }
    }
    return ok;
  }

  #formula(src: string, path: Path): void {
    const r = parseExpression(src);
    if (!r.ok) {
      this.#push(this.#mk('formula', path, { kind: 'parse', offset: r.offset + 1, detail: r.message }));
      return;
    }
    this.#variables(freeVariables(r.expr), path, ['number', 'boolean'], 'formula');
  }

  #relation(src: string, path: Path): void {
    const r = parseRelation(src);
    if (!r.ok) {
      this.#push(this.#mk('formula', path, { kind: 'relation-parse', offset: r.offset + 1, detail: r.message }));
      return;
    }
    if (!this.#variables(freeVariables(r.relation), path, ['number'], 'relation')) return;
    const linear = linearize(r.relation, (id) => this.#options.get(id)?.option.type === 'number');
    if (!linear.ok) this.#push(this.#mk('formula', path, { kind: 'not-linear', offset: linear.offset + 1, detail: linear.message }));
  }

  #line(l: AdjustmentLine, path: Path): void {
    this.#condition(l.if, [...path, 'if']);
    if (l.amount === undefined && l.formula === undefined) {
      this.#push(this.#mk('required', path, { kind: 'amount-or-formula', key: 'amount' }));
    } else if (l.amount !== undefined && l.formula !== undefined) {
      this.#push(this.#mk('invalid-value', [...path, 'formula'], { kind: 'amount-and-formula' }));
    } else if (l.formula !== undefined) {
      this.#formula(l.formula, [...path, 'formula']);
    }
  }

  // --- scene -----------------------------------------------------------------------------------

  #scene(): void {
    const scene = this.#file.scene;
    if (!scene) return;
    scene.bindings.forEach((b, i) => {
      const path: Path = ['scene', 'bindings', i];
      const o = this.#optionRef(b.option, [...path, 'option']);
      if (!o) return;
      const discrete = o.type === 'choice' || o.type === 'boolean';
      if (b.value !== undefined) {
        if (discrete) this.#valueRef(o, b.value, [...path, 'value']);
        else this.#push(this.#mk('wrong-option-type', [...path, 'value'], { kind: 'binding-value', option: o.id, type: o.type }));
      } else if (discrete) {
        this.#push(this.#mk('wrong-option-type', path, { kind: 'binding-needs-value', option: o.id, type: o.type }));
      }
      b.actions.forEach((a, k) => {
        // What each action reads from its option: a number (scale, translate), the shopper's text, or an uploaded image.
        const needs = a.type === 'scale' || a.type === 'translate' ? 'number' : a.type === 'text' ? 'text' : a.type === 'decal' ? 'file' : undefined;
        if (needs && o.type !== needs) {
          this.#push(this.#mk('wrong-option-type', [...path, 'actions', k], { kind: a.type, option: o.id, type: o.type }));
        }
      });
    });
    scene.cameras.forEach((c, i) => this.#optionRef(c.option, ['scene', 'cameras', i, 'option']));
  }

  // --- translations ----------------------------------------------------------------------------

  #translations(): void {
    const texts: Array<[unknown, Path]> = [];
    const f = this.#file;
    const add = (t: unknown, p: Path) => {
      if (t !== undefined && typeof t === 'object' && t !== null) texts.push([t, p]);
    };
    add(f.product.name, ['product', 'name']);
    add(f.product.description, ['product', 'description']);
    f.groups.forEach((g, i) => {
      add(g.label, ['groups', i, 'label']);
      add(g.description, ['groups', i, 'description']);
    });
    f.options.forEach((o, i) => {
      add(o.label, ['options', i, 'label']);
      add(o.description, ['options', i, 'description']);
      if (o.type === 'choice') {
        o.values.forEach((v, k) => {
          add(v.label, ['options', i, 'values', k, 'label']);
          add(v.description, ['options', i, 'values', k, 'description']);
        });
      }
    });
    f.constraints.forEach((c, i) => add(c.message, ['constraints', i, 'message']));
    for (const [section, data] of [['pricing', f.pricing], ['leadTime', f.leadTime]] as const) {
      if (!data) continue;
      add(data.baseLabel, [section, 'baseLabel']);
      data.lines.forEach((l, i) => add(l.label, [section, 'lines', i, 'label']));
    }
    f.derived.forEach((d, i) => add(d.label, ['derived', i, 'label']));

    const languages = new Set<string>();
    for (const [t] of texts) for (const k of Object.keys(t as object)) languages.add(k);
    if (languages.size < 2) return;
    for (const [t, p] of texts) {
      const missing = [...languages].filter((l) => !Object.hasOwn(t as object, l));
      if (missing.length > 0) this.#push(this.#mk('missing-translation', p, { languages: missing.join(', ') }, 'warning'));
    }
  }
}

/** Runs every whole-file check on a structurally valid `file`, appending issues to `out`. */
export function checkSemantics(file: ProductFile, mk: IssueFactory, out: ProductIssue[]): void {
  checkCurrency(file, mk, out);
  new SemanticChecker(file, mk, out).run();
  checkTextSafety(file, mk, out);
}
