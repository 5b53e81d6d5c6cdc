/**
 * `product.currency` is an ISO 4217 code that exists: the schema checks the form (three capitals),
 * this checks the code, and suggests the right one for well-known mistakes (`RMB` → `CNY`, a
 * retired code → its successor) and for typos. A price in a currency nobody can pay in is no price.
 */
import type { ProductFile } from '../schema/product-file.js';
import type { IssueFactory } from '../issues/issue.js';
import type { ProductIssue } from '../types.js';
import { suggest } from './suggest.js';

/**
 * ISO 4217 codes in use (including funds codes, precious metals, `XTS` for testing and `XXX` for "no
 * currency"), plus a few recently replaced ones still found in old systems (ANG, SLL, ZWL, CUC).
 */
const CODES = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP ' +
    'GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW ' +
    'KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN ' +
    'NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL ' +
    'SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES ' +
    'VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL'
  ).split(' '),
);

/** Names people write for a currency that are not its code, and retired codes with their successor. */
const INSTEAD: Readonly<Record<string, string>> = {
  RMB: 'CNY', CNH: 'CNY', NTD: 'TWD', NIS: 'ILS', UKP: 'GBP', STG: 'GBP', YEN: 'JPY', RUR: 'RUB',
  BYR: 'BYN', VEF: 'VES', ZMK: 'ZMW', MRO: 'MRU', STD: 'STN', GHC: 'GHS', TRL: 'TRY', ROL: 'RON', MXP: 'MXN',
  HRK: 'EUR', LTL: 'EUR', LVL: 'EUR', EEK: 'EUR', SKK: 'EUR', SIT: 'EUR', DEM: 'EUR', FRF: 'EUR', ITL: 'EUR', ESP: 'EUR', NLG: 'EUR',
};

/** An issue when `file.product.currency` is not an ISO 4217 code. */
export function checkCurrency(file: ProductFile, mk: IssueFactory, out: ProductIssue[]): void {
  const code = file.product.currency;
  if (CODES.has(code)) return;
  const suggestion = INSTEAD[code] ?? suggest(code, CODES);
  out.push(mk('invalid-value', ['product', 'currency'], suggestion ? { kind: 'currency-suggest', value: code, suggestion } : { kind: 'currency-unknown', value: code }));
}
