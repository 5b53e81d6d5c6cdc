/**
 * The complete checks' word on a wrong currency: the code that was meant. Names people write that are
 * not codes (`RMB` → `CNY`), retired codes (→ their successor), and typos (→ the nearest code).
 */
import type { IssueFactory } from '../issues/issue.js';
import { isCurrencyCode } from './currency.js';
import { suggest } from './suggest.js';

/** Names people write for a currency that are not its code, and retired codes with their successor. */
const INSTEAD: Readonly<Record<string, string>> = {
  RMB: 'CNY', CNH: 'CNY', NTD: 'TWD', NIS: 'ILS', UKP: 'GBP', STG: 'GBP', YEN: 'JPY', RUR: 'RUB',
  BYR: 'BYN', VEF: 'VES', ZMK: 'ZMW', MRO: 'MRU', STD: 'STN', GHC: 'GHS', TRL: 'TRY', ROL: 'RON', MXP: 'MXN',
  HRK: 'EUR', LTL: 'EUR', LVL: 'EUR', EEK: 'EUR', SKK: 'EUR', SIT: 'EUR', DEM: 'EUR', FRF: 'EUR', ITL: 'EUR', ESP: 'EUR', NLG: 'EUR',
};

/** Codes one letter away from `code` that exist, for "did you mean". */
function nearCodes(code: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    for (let c = 65; c <= 90; c++) {
      const candidate = code.slice(0, i) + String.fromCharCode(c) + code.slice(i + 1);
      if (candidate !== code && isCurrencyCode(candidate)) out.push(candidate);
    }
  }
  return out;
}

/**
 * An issue factory that adds the suggestion to an unknown currency's issue (kind `currency-suggest`,
 * param `suggestion`) and leaves every other issue to `mk`.
 */
export function withCurrencySuggestion(mk: IssueFactory): IssueFactory {
  return (code, path, params = {}, severity) => {
    if (params.kind !== 'currency-unknown' || typeof params.value !== 'string') return mk(code, path, params, severity);
    const value = params.value;
    const suggestion = INSTEAD[value] ?? suggest(value, nearCodes(value));
    return mk(code, path, suggestion ? { ...params, kind: 'currency-suggest', suggestion } : params, severity);
  };
}
