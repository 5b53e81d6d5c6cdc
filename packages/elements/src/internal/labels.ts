/** How options and values read for a shopper, in one place for every part. */
import type { FileRef, Option, ProductFile, Reason, SelectionValue } from '@c2m/rules';
import type { LocalizeController } from '../i18n/localize.js';

const indexes = new WeakMap<ProductFile, Map<string, Option>>();

/** An option of the file by id (indexed once per file). */
export function findOption(file: ProductFile, id: string): Option | undefined {
  let index = indexes.get(file);
  if (!index) indexes.set(file, (index = new Map(file.options.map((o) => [o.id, o]))));
  return index.get(id);
}

export function optionLabel(file: ProductFile, id: string, l: LocalizeController): string {
  const option = findOption(file, id);
  return option ? l.text(option.label, file.product.defaultLocale) : id;
}

export function formatNumber(value: number, unit: string | undefined, l: LocalizeController): string {
  const n = l.number(value, { maximumFractionDigits: 6 });
  return unit ? `${n} ${unit}` : n;
}

export function valueLabel(file: ProductFile, id: string, value: SelectionValue | null | undefined, l: LocalizeController): string {
  const option = findOption(file, id);
  if (value === undefined || value === null || value === '') return l.term('notChosen');
  if (!option) return String(value);
  switch (option.type) {
    case 'choice': {
      const v = option.values.find((x) => x.id === value);
      return v ? l.text(v.label, file.product.defaultLocale) : String(value);
    }
    case 'boolean':
      return value === true ? l.term('yes') : l.term('no');
    case 'number':
      return typeof value === 'number' ? formatNumber(value, option.unit, l) : String(value);
    case 'text':
      return String(value);
    case 'file':
      return (value as FileRef).name;
  }
}

/** "Lapels: Peak lapels, Jacket: Single-breasted" for the selections of a reason. */
export function reasonText(file: ProductFile, reason: Reason, l: LocalizeController): string {
  const messages = reason.constraints.map((c) => c.message).filter(Boolean);
  const text = messages.join(' ');
  if (reason.selections.length === 0) return text;
  const picks = reason.selections.map((s) => `${optionLabel(file, s.option, l)}: ${valueLabel(file, s.option, s.value, l)}`);
  return `${text} (${l.term('becauseOf', picks.join(l.term('listSeparator')))})`;
}
