import { describe, expect, it } from 'vitest';
import type { Chart } from '../model.ts';
import { chartPng, chartSvg, chartSvgAsync, formatWithUnit } from './index.ts';
import { textWidth } from './metrics.ts';

const variance: Chart = {
  id: 'variance',
  title: 'Avvikelse mot budget per enhet',
  description: 'Stapeldiagram över avvikelse mot budget per enhet. Kommunledning har störst underskott, -49 987 tkr.',
  kind: 'bar',
  unit: 'tkr',
  categories: ['Kommunledning', 'Ekonomiavdelningen', 'HR-avdelningen', 'Kommunikation'],
  series: [{ name: 'Avvikelse', values: [-49987, 12345, 3000, null] }],
};

const costs: Chart = {
  id: 'costs',
  title: 'Nettokostnad 2021–2024',
  description: 'Stapeldiagram över budget och utfall 2021–2024.',
  kind: 'bar',
  unit: 'mnkr',
  categories: ['2021', '2022', '2023', '2024'],
  series: [
    { name: 'Budget', values: [100.5, 120, 130, 140] },
    { name: 'Utfall', values: [98, 125, 128, 150] },
  ],
};

const indicator: Chart = {
  id: 'indicator',
  title: 'Andel elever med godkända betyg',
  description: 'Linjediagram: andelen har ökat från 82,5 % till 91 %; målet är 90 %.',
  kind: 'line',
  unit: '%',
  categories: ['2020', '2021', '2022', '2023', '2024'],
  series: [
    { name: 'Kommunen', values: [82.5, 85, null, 88, 91] },
    { name: 'Riket', values: [80, 81, 83, 84, 86] },
  ],
  target: 90,
};

const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe('chartSvg', () => {
  it('names the root svg as an image by the Swedish description and carries no other role or aria attribute', () => {
    for (const chart of [variance, costs, indicator]) {
      const svg = chartSvg(chart);
      const root = /^<svg[^>]*>/.exec(svg)![0];
      expect(root).toContain('role="img"');
      expect(root).toContain(`aria-label="${chart.description}"`);
      expect(svg.match(/\srole="/g)).toHaveLength(1);
      expect(svg.match(/\saria-[a-z]+="/g)).toHaveLength(1);
      expect(svg).not.toMatch(/mark container|X-axis|Y-axis|chart with|Bar chart|Line chart/i);
    }
  });

  it('escapes the description in the accessible name', () => {
    const svg = chartSvg({ ...variance, description: 'Ökning <5 % & "stabil"' });
    expect(svg).toContain('aria-label="Ökning &lt;5 % &amp; &quot;stabil&quot;"');
  });

  it('prints axis ticks and bar values in the Swedish house style', () => {
    const t = texts(chartSvg(variance));
    expect(t).toContain('-49\u00a0987');
    expect(t).toContain('12\u00a0345');
    expect(t).toContain('-40\u00a0000');
    expect(t).toContain('tkr');
    expect(t.join('|')).not.toMatch(/\u2212|,\d{3}\b|\de[+-]\d/);
    const c = texts(chartSvg(costs));
    expect(c).toContain('100,5');
    expect(c).toContain('98,0');
  });

  it('draws a bar below zero for a negative value in a different colour from the positive ones', () => {
    const svg = chartSvg(variance);
    const bars = /<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/.exec(svg)![1]!;
    const fills = [...bars.matchAll(/fill="([^"]+)"/g)].map((m) => m[1]);
    // three bars: the null value draws none
    expect(fills).toHaveLength(3);
    expect(new Set(fills).size).toBe(2);
    expect(fills[0]).not.toBe(fills[1]);
  });

  it('draws one bar per value and series with a legend naming the series', () => {
    const svg = chartSvg(costs);
    const bars = /<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/.exec(svg)![1]!;
    expect(bars.match(/<path/g)).toHaveLength(8);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Budget', 'Utfall']));
  });

  it('draws the target of an indicator as a dashed horizontal rule with its value', () => {
    const svg = chartSvg(indicator);
    expect(svg).toMatch(/<line[^>]*stroke-dasharray="6,4"/);
    expect(texts(svg)).toContain('Mål 90%');
    expect(chartSvg({ ...indicator, target: null })).not.toContain('stroke-dasharray');
  });

  it('breaks a line at a missing value instead of joining across it', () => {
    const svg = chartSvg({ ...indicator, series: [indicator.series[0]!] });
    const line = /<g class="mark-line role-mark[^"]*"[^>]*>(.*?)<\/g>/.exec(svg)![1]!;
    const d = /d="([^"]+)"/.exec(line)![1]!;
    expect(d.match(/M/g)!.length).toBe(2);
  });

  it('gives the same svg for the same chart every time', () => {
    const a = chartSvg(indicator);
    expect(chartSvg(structuredClone(indicator))).toBe(a);
    chartSvg(variance);
    expect(chartSvg(indicator)).toBe(a);
  });

  it('renders synchronously exactly what Vega’s asynchronous toSVG renders', async () => {
    for (const chart of [variance, costs, indicator, { ...indicator, series: [indicator.series[0]!], target: 85.5 }]) {
      expect(chartSvg(chart)).toBe(await chartSvgAsync(chart));
    }
  });

  it('writes no element ids, so many charts can share one html page', () => {
    for (const chart of [variance, costs, indicator]) expect(chartSvg(chart)).not.toMatch(/\sid="/);
  });

  it('draws a chart without any values', () => {
    const svg = chartSvg({ ...variance, categories: [], series: [{ name: 'Avvikelse', values: [] }] });
    expect(svg).toMatch(/^<svg[^>]*role="img"/);
  });

  it('lays long category names out in full', () => {
    const t = texts(chartSvg({ ...variance, categories: ['Kommunledningsförvaltningen centralt', 'B', 'C', 'D'] }));
    expect(t).toContain('Kommunledningsförvaltningen centralt');
  });
});

describe('chartPng', () => {
  it('renders a png of the requested width', () => {
    const png = chartPng(indicator, 900);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(900);
    expect(png.readUInt32BE(20)).toBeGreaterThan(300);
  });

  it('refuses an unreasonable width', () => {
    expect(() => chartPng(indicator, 0)).toThrow(/bildbredd/);
  });
});

describe('chart text', () => {
  it('prints a value with its unit as the reports do', () => {
    expect(formatWithUnit(90, '%', 0)).toBe('90%');
    expect(formatWithUnit(-1200, 'tkr', 0)).toBe('-1\u00a0200\u00a0tkr');
    expect(formatWithUnit(2.5, '', 1)).toBe('2,5');
  });

  it('measures Swedish letters like their base letters and wider text as wider', () => {
    expect(textWidth('Å', 10)).toBe(textWidth('A', 10));
    expect(textWidth('ö', 10)).toBe(textWidth('o', 10));
    expect(textWidth('WWW', 11)).toBeGreaterThan(textWidth('iii', 11));
  });
});
