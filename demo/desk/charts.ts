/**
 * Horizontal bar charts as SVG, drawn by the page: a label, a bar and its count per row. Sized by a
 * viewBox, so they scale with the column; colours come from desk.css classes (no inline styles:
 * the page runs under `style-src 'self'`). Each chart is an image with a text alternative listing
 * every bar, for screen readers.
 */
import type { Bar } from './demand.js';
import { svg } from './dom.js';

const ROW = 26;
const WIDTH = 560;
const FONT = 12;

/** Rough width of a label in px at the chart's font size: CJK glyphs are about twice as wide. */
export function textWidth(s: string): number {
  let units = 0;
  for (const ch of s) units += ch.codePointAt(0)! >= 0x2e80 ? 1.05 : 0.62;
  return units * FONT;
}

/** `s` cut to fit `max` px, with an ellipsis. */
function fit(s: string, max: number): string {
  if (textWidth(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (textWidth(`${out}${ch}…`) > max) break;
    out += ch;
  }
  return `${out}…`;
}

/** A bar chart of `bars`; `title` names it for assistive technology. */
export function barChart(bars: readonly Bar[], title: string, options: { className?: string } = {}): SVGSVGElement {
  const labelWidth = Math.min(WIDTH * 0.45, Math.max(60, ...bars.map((b) => textWidth(b.label))) + 16);
  const countWidth = 40;
  const barSpace = WIDTH - labelWidth - countWidth;
  const max = Math.max(1, ...bars.map((b) => b.count));
  const height = Math.max(1, bars.length) * ROW + 4;
  const summary = `${title}: ${bars.map((b) => `${b.label} ${b.count}`).join(', ')}`;
  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${height}`,
    width: WIDTH,
    height,
    role: 'img',
    'aria-label': summary,
    class: `chart ${options.className ?? ''}`.trim(),
    'data-chart': title,
  });
  chart.append(svg('title', {}, summary));
  bars.forEach((bar, i) => {
    const y = i * ROW + 2;
    const w = bar.count === 0 ? 0 : Math.max(2, (bar.count / max) * barSpace);
    chart.append(
      svg(
        'g',
        { class: bar.count === 0 ? 'row zero' : 'row', 'data-key': bar.key, 'data-count': bar.count },
        svg('text', { x: labelWidth - 8, y: y + ROW / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'label' }, fit(bar.label, labelWidth - 10), svg('title', {}, bar.label)),
        svg('rect', { x: labelWidth, y: y + 4, width: w.toFixed(1), height: ROW - 8, rx: 3, class: 'bar' }),
        svg('text', { x: labelWidth + w + 6, y: y + ROW / 2, 'dominant-baseline': 'middle', class: 'count' }, bar.count),
      ),
    );
  });
  return chart;
}
