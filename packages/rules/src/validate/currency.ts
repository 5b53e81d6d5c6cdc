/**
 * `product.currency` is an ISO 4217 code that exists: the schema checks the form (three capitals),
 * this checks the code. It runs on the shop path too (the verdict on a file is the same everywhere),
 * so the list is kept small; the suggestion for a wrong code (`RMB` → `CNY`) is added by the complete
 * checks (`currency-suggest.ts`).
 */
import type { ProductFile } from '../schema/product-file.js';
import type { IssueFactory } from '../issues/issue.js';
import type { ProductIssue } from '../types.js';

/**
 * ISO 4217 codes in use (funds codes, precious metals, `XTS` for testing and `XXX` for "no currency"
 * included), plus a few recently replaced ones still found in old systems (ANG, SLL, ZWL, CUC).
 * Grouped by first letter: `AEDFN` is AED and AFN.
 */
const CODES =
  'AEDFNLLMDNGOARSUDWGZN BAMBDDTGNHDIFMDNDOBOVRLSDTNWPYNZD CADDFHEHFHWLFLPNYOPOURCUCUPVEZK ' +
  'DJFKKOPZD EGPRNTBUR FJDKP GBPELHSIPMDNFTQYD HKDNLTGUF IDRLSNRQDRRSK JMDODPY KESGSHRMFPWRWWDYDZT ' +
  'LAKBPKRRDSLYD MADDLGAKDMKNTOPRUURVRWKXNXVYRZN NADGNIOOKPRZD OMR PABENGKHPKRLNYG QAR RONSDUBWF ' +
  'SARBDCRDGEKGDHPLELLOSRDSPTNVCYPZL THBJSMTNDOPRYTDWDZS UAHGXSDSNYIYUYWZS VEDESNDUV WST ' +
  'XAFAGAUBABBBCBDCDCGDROFPDPFPTSUTSUAXX YER ZARMWWGWL';

/**
 * Whether `code` (three capitals, as the schema requires: nothing else reaches the pattern) is one of
 * {@link CODES}: its first letter starts a group, then whole pairs, then the rest of the code.
 */
export function isCurrencyCode(code: string): boolean {
  return new RegExp(` ${code[0]}(?:[A-Z]{2})*${code.slice(1)}`).test(` ${CODES}`);
}

/** An `invalid-value` issue (kind `currency`) when `file.product.currency` is not an ISO 4217 code. */
export function checkCurrency(file: ProductFile, mk: IssueFactory, out: ProductIssue[]): void {
  const code = file.product.currency;
  if (!isCurrencyCode(code)) out.push(mk('invalid-value', ['product', 'currency'], { kind: 'currency-unknown', value: code }));
}
