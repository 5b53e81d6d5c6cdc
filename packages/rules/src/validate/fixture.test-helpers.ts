/**
 * A small, valid product file that uses every section of the format, for the tests of the checks
 * and the parsers. Each call returns a fresh copy to mutate.
 */
export function validProduct(): Record<string, unknown> & { options: Array<Record<string, unknown>>; constraints: Array<Record<string, unknown>> } {
  return {
    schemaVersion: 1,
    product: { id: 'desk', version: '1', name: { en: 'Desk', 'zh-CN': '书桌' }, currency: 'CNY' },
    groups: [{ id: 'look', label: { en: 'Look', 'zh-CN': '外观' } }],
    options: [
      {
        id: 'wood',
        type: 'choice',
        group: 'look',
        label: { en: 'Wood', 'zh-CN': '木材' },
        default: 'oak',
        values: [
          { id: 'oak', label: { en: 'Oak', 'zh-CN': '橡木' }, swatch: '#c49a6c' },
          { id: 'walnut', label: { en: 'Walnut', 'zh-CN': '胡桃木' }, price: 20000 },
        ],
      },
      { id: 'width', type: 'number', label: { en: 'Width', 'zh-CN': '宽度' }, min: 800, max: 2000, step: 10, unit: 'mm', default: 1200 },
      { id: 'depth', type: 'number', label: { en: 'Depth', 'zh-CN': '深度' }, min: 500, max: 900, step: 10, default: 600 },
      { id: 'engraving', type: 'text', label: { en: 'Engraving', 'zh-CN': '刻字' }, maxLength: 20, characters: ['latin', 'space'] },
      { id: 'drawer', type: 'boolean', label: { en: 'Drawer', 'zh-CN': '抽屉' }, default: false, price: 5000 },
      { id: 'logo', type: 'file', label: { en: 'Logo', 'zh-CN': '标志' }, accept: ['image/png'], maxBytes: 1000000 },
    ],
    constraints: [
      {
        id: 'walnut-width',
        type: 'requires',
        message: { en: 'Walnut tops are at most 1600 mm wide', 'zh-CN': '胡桃木桌面最宽 1600 毫米' },
        if: { option: 'wood', is: 'walnut' },
        then: { option: 'width', max: 1600 },
      },
      { id: 'no-logo-engraving', type: 'excludes', message: 'Logo or engraving', if: { option: 'logo', set: true }, then: { option: 'engraving', set: true } },
      { id: 'drawer-rule', type: 'rule', message: 'Drawer needs depth', assert: { implies: [{ option: 'drawer', is: true }, { option: 'depth', min: 600 }] } },
      { id: 'combo', type: 'table', mode: 'forbidden', message: 'No walnut drawer', options: ['wood', 'drawer'], rows: [['walnut', true]] },
      { id: 'deep-oak', type: 'domain', message: 'Oak depth', if: { option: 'wood', is: 'oak' }, option: 'depth', min: 500, max: 800 },
      { id: 'ratio', type: 'linear', message: 'Width at least depth', relation: 'width >= depth + 100' },
      { id: 'extras', type: 'cardinality', message: 'At most one extra', of: [{ option: 'drawer', is: true }, { option: 'logo', set: true }], max: 1 },
    ],
    pricing: {
      base: 100000,
      lines: [
        { id: 'area', label: 'Area', formula: 'ceil(width * depth / 100000) * 500' },
        { id: 'drawer-fee', label: 'Drawer fitting', if: { option: 'drawer', is: true }, amount: 1000 },
      ],
    },
    leadTime: { base: 14, lines: [{ id: 'walnut-days', label: 'Walnut', if: { option: 'wood', is: 'walnut' }, amount: 7 }] },
    derived: [{ id: 'area', label: 'Area', formula: 'width * depth / 1000000', unit: 'm²' }],
    scene: {
      bindings: [
        { option: 'wood', value: 'oak', actions: [{ type: 'variant', name: 'oak' }] },
        { option: 'width', actions: [{ type: 'scale', node: 'top', axis: 'x', reference: 1200 }, { type: 'translate', node: 'leg', axis: 'x', factor: -0.0005, reference: 1200 }] },
      ],
      cameras: [{ option: 'engraving', target: [0, 0.7, 0] }],
    },
  } as ReturnType<typeof validProduct>;
}
