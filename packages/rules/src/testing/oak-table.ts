/**
 * A product file for the pricing and specification tests: every option type, value deltas,
 * conditional lines, formulas (including one that divides by zero), derived values and a few
 * constraints. Test-only (excluded from the build).
 */
import type { ProductFileInput } from '../schema/product-file.js';

export const table: ProductFileInput = {
  schemaVersion: 1,
  product: { id: 'oak-table', version: '2026.11.1', name: { en: 'Table', 'zh-CN': '桌子' }, currency: 'CNY' },
  options: [
    {
      id: 'wood',
      type: 'choice',
      label: { en: 'Wood', 'zh-CN': '木材' },
      values: [
        { id: 'oak', label: { en: 'Oak', 'zh-CN': '橡木' } },
        { id: 'walnut', label: { en: 'Walnut', 'zh-CN': '胡桃木' }, price: 20000, leadTime: 5 },
        { id: 'pine', label: 'Pine', price: -5000, leadTime: -2 },
      ],
    },
    { id: 'width', type: 'number', label: 'Width', min: 800, max: 2000, step: 10, unit: 'mm' },
    { id: 'depth', type: 'number', label: 'Depth', min: 600, max: 1000, step: 0.5, unit: 'mm' },
    { id: 'express', type: 'boolean', label: { en: 'Express', 'zh-CN': '加急' }, price: 8000, leadTime: -7 },
    { id: 'engraving', type: 'text', label: 'Engraving', maxLength: 20, price: 5000, leadTime: 1 },
    { id: 'logo', type: 'file', label: 'Logo', accept: ['image/png'], maxBytes: 100000, price: 3000 },
  ],
  constraints: [
    {
      id: 'pine-small',
      type: 'excludes',
      message: { en: 'Pine tops are at most 1590 mm wide.', 'zh-CN': '松木桌面最宽 1590 毫米。' },
      if: { option: 'wood', is: 'pine' },
      then: { option: 'width', min: 1600 },
    },
    { id: 'proportions', type: 'linear', message: 'A table must be at least 200 mm wider than deep.', relation: 'width >= depth + 200' },
    {
      id: 'logo-express',
      type: 'requires',
      message: 'Logos are only printed on express orders.',
      if: { option: 'logo', set: true },
      then: { option: 'express', is: true },
    },
  ],
  pricing: {
    base: 100000,
    lines: [
      { id: 'top-area', label: { en: 'Table top', 'zh-CN': '桌面' }, formula: 'ceil(width * depth / 10000) * 35' },
      { id: 'walnut-large', label: 'Large walnut top', if: { all: [{ option: 'wood', is: 'walnut' }, { option: 'width', min: 1600 }] }, amount: 15000 },
      { id: 'promo', label: 'Promotion', if: { any: [{ option: 'express', is: true }, { option: 'wood', is: 'pine' }] }, formula: '-width / 4' },
      { id: 'express-fee', label: 'Express fee', formula: 'express * 1000 + 0.5' },
      { id: 'broken', label: 'Divides by zero', formula: '1 / (width - width)' },
    ],
  },
  leadTime: {
    base: 14,
    baseLabel: { en: 'Making', 'zh-CN': '制作' },
    lines: [{ id: 'big', label: 'Large tables', if: { option: 'width', min: 1800 }, amount: 3 }],
  },
  derived: [
    { id: 'area', label: 'Area', formula: 'width * depth / 1000000', unit: 'm²' },
    { id: 'third', label: 'A third of the depth', formula: 'depth / 3' },
  ],
};
