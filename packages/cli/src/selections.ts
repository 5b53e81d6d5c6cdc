/**
 * `option=value` arguments → typed selections, checked against the product so that a typo is a
 * precise usage error ("wood has no value walnutt; values: oak, walnut, pine").
 */
import type { CompiledProduct, DefaultChange, SelectionValue, Session } from '@c2m/rules';
import { UsageError } from './command.js';

/** Parses `text` as a value of `option` (by its type); throws {@link UsageError} when it cannot be one. */
export function parseValue(product: CompiledProduct, optionId: string, text: string): SelectionValue {
  const value = parseRaw(product, optionId, text);
  // The option's own limits (range, step, length, characters) are a typo, not a rule: say so directly.
  const check = product.checkValue(optionId, value);
  if (!check.ok) throw new UsageError(`${optionId}=${text}: ${check.message}`);
  return value;
}

function parseRaw(product: CompiledProduct, optionId: string, text: string): SelectionValue {
  const option = product.option(optionId);
  if (!option) {
    const ids = product.options.map((o) => o.id);
    throw new UsageError(`unknown option "${optionId}"; options: ${ids.slice(0, 20).join(', ')}${ids.length > 20 ? ', …' : ''}`);
  }
  switch (option.type) {
    case 'choice':
      if (!option.values.some((v) => v.id === text)) {
        throw new UsageError(`option "${optionId}" has no value "${text}"; values: ${option.values.map((v) => v.id).join(', ')}`);
      }
      return text;
    case 'boolean':
      if (/^(true|yes|on|1)$/i.test(text)) return true;
      if (/^(false|no|off|0)$/i.test(text)) return false;
      throw new UsageError(`option "${optionId}" is a boolean: use true or false, not "${text}"`);
    case 'number': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`option "${optionId}" is a number, not "${text}"`);
      return n;
    }
    case 'text':
      return text;
    case 'file':
      throw new UsageError(`option "${optionId}" is a file option; files cannot be chosen from the command line`);
  }
}

/** Splits `option=value`. */
export function splitAssignment(arg: string, flagName: string): [string, string] {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new UsageError(`--${flagName} takes option=value, not "${arg}"`);
  return [arg.slice(0, eq), arg.slice(eq + 1)];
}

/** Shows a value as typed on the command line. */
export function showValue(value: SelectionValue | null | undefined): string {
  if (value === undefined) return '(none)';
  if (value === null) return '(empty)';
  if (typeof value === 'object') return value.name;
  if (typeof value === 'string') return value === '' ? '""' : value;
  return String(value);
}

/**
 * Applies `--select` arguments in order. Returns the first refusal (with the engine's reason) instead of
 * throwing, because "this combination is refused, and why" is the answer a manufacturer asked for.
 * `changes` are the defaults that gave way (or came back) on the way, in order.
 */
export function applySelections(
  session: Session,
  product: CompiledProduct,
  args: readonly string[],
):
  | { ok: true; changes: DefaultChange[] }
  | { ok: false; option: string; value: SelectionValue; result: Exclude<ReturnType<Session['select']>, { ok: true }>; changes: DefaultChange[] } {
  const changes: DefaultChange[] = [];
  for (const arg of args) {
    const [option, text] = splitAssignment(arg, 'select');
    const value = parseValue(product, option, text);
    const result = session.select(option, value);
    if (!result.ok) return { ok: false, option, value, result, changes };
    changes.push(...(result.defaults ?? []));
  }
  return { ok: true, changes };
}
