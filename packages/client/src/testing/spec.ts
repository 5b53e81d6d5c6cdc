import type { Specification } from '@c2m/rules';

/** A well-formed specification (the test server does not re-validate it; the reference server does). */
export function sampleSpec(n = 1): Specification {
  return {
    specVersion: 1,
    product: { id: 'oak-table', version: '3.2.0', digest: `sha256:${'ab'.repeat(32)}` },
    selections: { top: 'oak', width: 160 + n, engraving: '' },
    origins: { top: 'user', width: 'user', engraving: 'default' },
    derived: { area: 1.28 },
    quote: { currency: 'EUR', lines: [{ id: 'base', kind: 'base', label: 'Oak table', amount: 89900 }], total: 89900 },
    leadTime: { days: 21, lines: [] },
    locale: 'en',
    createdAt: '2026-11-25T10:00:00.000Z',
  };
}
