/** Missing translations: a localized text that lacks a language the product uses elsewhere. */
import type { ProductFile } from '@c2m/rules';
import type { LintFinding } from './finding.js';

type Path = Array<string | number>;

/** Every localized text of the file with its path (the places the format documents as LocalizedText). */
export function localizedTexts(file: ProductFile): Array<{ path: Path; text: unknown }> {
  const out: Array<{ path: Path; text: unknown }> = [];
  const add = (path: Path, text: unknown) => {
    if (text !== undefined) out.push({ path, text });
  };
  add(['product', 'name'], file.product.name);
  add(['product', 'description'], file.product.description);
  file.groups.forEach((g, i) => {
    add(['groups', i, 'label'], g.label);
    add(['groups', i, 'description'], g.description);
  });
  file.options.forEach((o, i) => {
    add(['options', i, 'label'], o.label);
    add(['options', i, 'description'], o.description);
    if (o.type === 'choice') {
      o.values.forEach((v, j) => {
        add(['options', i, 'values', j, 'label'], v.label);
        add(['options', i, 'values', j, 'description'], v.description);
      });
    }
  });
  file.constraints.forEach((c, i) => add(['constraints', i, 'message'], c.message));
  for (const part of ['pricing', 'leadTime'] as const) {
    const section = file[part];
    if (!section) continue;
    add([part, 'baseLabel'], section.baseLabel);
    section.lines.forEach((l, i) => add([part, 'lines', i, 'label'], l.label));
  }
  file.derived.forEach((d, i) => add(['derived', i, 'label'], d.label));
  return out;
}

/**
 * The languages the product uses are its default language and every language any text is written in;
 * a text given as a map must have them all (a plain string serves every language and is fine).
 */
export function missingTranslations(file: ProductFile): LintFinding[] {
  const texts = localizedTexts(file);
  const languages = new Set<string>([file.product.defaultLocale]);
  for (const { text } of texts) if (text && typeof text === 'object') for (const k of Object.keys(text)) languages.add(k);
  const findings: LintFinding[] = [];
  for (const { path, text } of texts) {
    if (!text || typeof text !== 'object') continue;
    const missing = [...languages].filter((l) => !Object.hasOwn(text, l));
    if (missing.length > 0) {
      findings.push({
        rule: 'missing-translation',
        severity: 'warning',
        path,
        message: `no ${missing.join(', ')} text (the product uses ${[...languages].join(', ')})`,
      });
    }
  }
  return findings;
}
