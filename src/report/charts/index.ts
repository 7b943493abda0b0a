/**
 * Charts as SVG. Placeholder drawing until the Vega-based renderer lands: a plain bar/line
 * drawing with the Swedish description as its accessible name.
 */
import type { Chart } from '../model.ts';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function chartSvg(chart: Chart): string {
  const w = 640;
  const h = 240;
  const values = chart.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const max = Math.max(1, ...values.map(Math.abs));
  const n = Math.max(1, chart.categories.length);
  const bw = (w - 40) / n;
  const s0 = chart.series[0]?.values ?? [];
  const bars = s0
    .map((v, i) => {
      if (v === null) return '';
      const bh = (Math.abs(v) / max) * (h / 2 - 10);
      const y = v >= 0 ? h / 2 - bh : h / 2;
      return `<rect x="${20 + i * bw + 2}" y="${y.toFixed(1)}" width="${Math.max(1, bw - 4).toFixed(1)}" height="${bh.toFixed(1)}" fill="#1f4e79"/>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(chart.description)}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}"><title>${esc(chart.title)}</title><line x1="20" x2="${w - 20}" y1="${h / 2}" y2="${h / 2}" stroke="#444"/>${bars}</svg>`;
}
