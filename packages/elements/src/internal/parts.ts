/**
 * Parts of nested elements, exported so that a page can style them from outside every shadow root
 * (`c2m-configurator::part(option-swatch)`): the same names each element documents.
 */
export const CONTROL_PARTS = [
  'values', 'value', 'selected', 'unavailable', 'swatch', 'image', 'select', // choice
  'switch', 'track', 'thumb', 'reason', // boolean
  'slider', 'input', 'unit', 'feasible', // number
  'count', 'hint', // text
  'preview', 'remove', 'limits', // file
] as const;

export const OPTION_PARTS = ['base', 'label', 'description', 'control', 'error', 'offer', 'apply', 'cancel', 'note', ...CONTROL_PARTS] as const;
export const PRICE_PARTS = ['base', 'label', 'total', 'lines', 'line'] as const;
export const LEAD_TIME_PARTS = ['base', 'label', 'days', 'date'] as const;
export const SUMMARY_PARTS = ['base', 'heading', 'list', 'item'] as const;
export const ORDER_PARTS = ['base', 'button', 'status', 'errors', 'retry'] as const;
export const HISTORY_PARTS = ['base', 'undo', 'redo', 'reset', 'share', 'link'] as const;
export const ISSUES_PARTS = ['base', 'heading', 'list', 'issue', 'position'] as const;

/** `exportparts` value: every part, renamed `prefix-part` (or kept when `prefix` is empty). */
export function exportParts(parts: readonly string[], prefix = ''): string {
  return parts.map((p) => (prefix ? `${p}: ${prefix}-${p}` : p)).join(', ');
}
