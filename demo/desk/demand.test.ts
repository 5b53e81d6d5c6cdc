import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProduct, createSession, type ProductFile } from '@c2m/rules/engine';
import { readExample } from '@c2m/rules/examples';
import { demandByProduct, dueDate, weekOf, type DemandWords, type ListedOrder } from './demand.js';

const WORDS: DemandWords = {
  yes: 'Yes',
  no: 'No',
  withText: 'With a text',
  withFile: 'With a file',
  empty: 'Left empty',
  days: (n) => `${n} d`,
  week: (monday) => `wk ${monday}`,
};

function mugFile(): ProductFile {
  const r = compileProduct(readExample('mug'));
  assert.ok(r.ok);
  return r.product.file;
}

/** A stored order of the mug with these choices, as the listing returns it. */
function mugOrder(id: string, choices: Record<string, string>, status: ListedOrder['status'] = 'received', receivedAt = '2026-11-02T10:00:00.000Z'): ListedOrder {
  const r = compileProduct(readExample('mug'));
  assert.ok(r.ok);
  const session = createSession(r.product);
  for (const [option, value] of Object.entries(choices)) assert.ok(session.select(option, value).ok, `${option}=${value}`);
  const specification = session.toSpecification() as unknown as Record<string, unknown>;
  const quote = specification.quote as { currency: string; total: number };
  return { id, status, receivedAt, quote, product: { id: 'mug', version: r.product.file.product.version }, specification };
}

test('counts every value of a choice option, values nobody ordered included, and leaves rejected orders out', () => {
  const orders = [
    mugOrder('a', { size: 'large' }),
    mugOrder('b', { size: 'large' }),
    mugOrder('c', { size: 'espresso' }),
    mugOrder('d', { size: 'espresso' }, 'rejected'),
  ];
  const [mug] = demandByProduct(orders, new Map([['mug', mugFile()]]), 'en', WORDS);
  assert.equal(mug!.orders, 3);
  assert.equal(mug!.name, 'Glazed stoneware mug');
  const size = mug!.options.find((o) => o.id === 'size')!;
  assert.deepEqual(
    size.bars.map((b) => [b.key, b.label, b.count]),
    [
      ['espresso', 'Espresso (90 ml)', 1],
      ['regular', 'Regular (300 ml)', 0],
      ['large', 'Large (450 ml)', 2],
    ],
  );
  assert.equal(size.answered, 3);
  assert.equal(mug!.revenue.length, 1);
  assert.equal(mug!.revenue[0]!.total, orders.slice(0, 3).reduce((s, o) => s + o.quote.total, 0));
});

test('labels follow the language asked for', () => {
  const [mug] = demandByProduct([mugOrder('a', { size: 'large' })], new Map([['mug', mugFile()]]), 'zh-CN', WORDS);
  assert.equal(mug!.name, '釉面炻瓷马克杯');
  assert.equal(mug!.options.find((o) => o.id === 'size')!.bars[2]!.label, '大号（450 毫升）');
});

test('lead times promised and due weeks come from the stored specification', () => {
  const a = mugOrder('a', {}, 'received', '2026-11-02T10:00:00.000Z');
  const b = mugOrder('b', {}, 'accepted', '2026-11-20T10:00:00.000Z');
  const days = (a.specification.leadTime as { days: number }).days;
  const [mug] = demandByProduct([a, b], new Map([['mug', mugFile()]]), 'en', WORDS);
  assert.deepEqual(mug!.leadTimes, [{ key: String(days), label: `${days} d`, count: 2 }]);
  assert.equal(dueDate(a)!.getTime(), Date.parse('2026-11-02T10:00:00.000Z') + days * 86_400_000);
  assert.deepEqual(
    mug!.due.map((d) => d.key),
    [weekOf(dueDate(a)!), weekOf(dueDate(b)!)].sort(),
  );
});

test('weeks start on Monday (UTC)', () => {
  assert.equal(weekOf(new Date('2026-11-02T10:00:00Z')), '2026-11-02'); // a Monday
  assert.equal(weekOf(new Date('2026-11-08T23:59:00Z')), '2026-11-02'); // the Sunday after
  assert.equal(weekOf(new Date('2026-11-09T00:00:00Z')), '2026-11-09');
});

test('number options fall into ranges on their step grid; booleans into yes and no', () => {
  const file = {
    product: { id: 'p', version: '1', name: 'P', currency: 'EUR', defaultLocale: 'en' },
    options: [
      { id: 'width', type: 'number', label: 'Width', min: 100, max: 200, step: 10, unit: 'cm' },
      { id: 'gift', type: 'boolean', label: 'Gift wrap' },
    ],
  } as unknown as ProductFile;
  const order = (id: string, width: number, gift: boolean): ListedOrder => ({
    id,
    status: 'received',
    receivedAt: '2026-11-02T10:00:00.000Z',
    quote: { currency: 'EUR', total: 100 },
    product: { id: 'p', version: '1' },
    specification: { selections: { width, gift }, leadTime: { days: 5, lines: [] } },
  });
  const [p] = demandByProduct([order('a', 100, true), order('b', 200, false), order('c', 110, true)], new Map([['p', file]]), 'en', WORDS);
  const width = p!.options[0]!;
  // 11 values (100…200 by 10) in 6 ranges of 2: 100–110, 120–130, …, 200.
  assert.equal(width.bars.length, 6);
  assert.deepEqual(width.bars[0], { key: '100-110', label: '100–110 cm', count: 2 });
  assert.deepEqual(width.bars.at(-1), { key: '200-200', label: '200 cm', count: 1 });
  assert.equal(width.bars.reduce((s, b) => s + b.count, 0), 3);
  assert.deepEqual(
    p!.options[1]!.bars.map((b) => b.count),
    [2, 1],
  );
});

test('an order whose product file is unknown is still counted, with its id as the name', () => {
  const o = mugOrder('a', {});
  const [p] = demandByProduct([o], new Map(), 'en', WORDS);
  assert.equal(p!.name, 'mug');
  assert.equal(p!.orders, 1);
  assert.deepEqual(p!.options, []);
});
