// A chart drawn from a typed grid: one indicator's K/M/T rows over the years, gaps for "-", the
// template block validated strictly and placed in its chapter (or a placeholder when it cannot be drawn).
import { describe, expect, it } from 'vitest';
import { emptyFollowUp } from '../core/domain/followup.ts';
import { gridChart } from './grid-chart.ts';
import type { Grid } from './model.ts';
import { parseTemplate } from './template-schema.ts';
import { buildSections, type ReportTemplate } from './template.ts';
import { chartSvg } from './charts/index.ts';

// As 004's "Indikatorer inom målområde 1" is stored: the name on the first of its K/M/T rows.
const INDICATORS: Grid = {
  id: 'indicators:1',
  title: 'Indikatorer inom målområde 1',
  columns: [
    { key: 'indikatorer', label: 'Indikatorer', kind: 'text' },
    { key: 'c2', label: '', kind: 'text' },
    { key: 'utfall_2020', label: 'Utfall 2020', kind: 'number', decimals: 0 },
    { key: 'utfall_2021', label: 'Utfall 2021', kind: 'text' },
    { key: 'utfall_2022', label: 'Utfall 2022', kind: 'text' },
    { key: 'malvarde_2022', label: 'Målvärde 2022', kind: 'text' },
  ],
  rows: [
    { cells: { indikatorer: 'Brukarbedömning hemtjänst äldreomsorg, andel (%)', c2: 'K', utfall_2020: 92, utfall_2021: '-', utfall_2022: '87', malvarde_2022: 'Öka' } },
    { cells: { indikatorer: null, c2: 'M', utfall_2020: 93, utfall_2021: '-', utfall_2022: '90,5', malvarde_2022: null } },
    { cells: { indikatorer: null, c2: 'T', utfall_2020: 92, utfall_2021: '-', utfall_2022: '88', malvarde_2022: null } },
    { cells: { indikatorer: 'Brukarbedömning särskilt boende, andel (%)', c2: 'K', utfall_2020: 86, utfall_2021: '-', utfall_2022: '72', malvarde_2022: 'Öka' } },
  ],
};
const YEARS = ['utfall_2020', 'utfall_2021', 'utfall_2022'];

describe('a chart from a typed grid', () => {
  it('draws one indicator’s K, M and T rows over the chosen columns, a "-" as a gap and "90,5" as 90.5', () => {
    const c = gridChart({ chart: 'grid', grid: 'indicators:1', columns: YEARS, match: 'Brukarbedömning hemtjänst', unit: '%' }, INDICATORS)!;
    expect(c.title).toBe('Brukarbedömning hemtjänst äldreomsorg, andel (%)');
    expect(c.kind).toBe('line');
    expect(c.categories).toEqual(['Utfall 2020', 'Utfall 2021', 'Utfall 2022']);
    expect(c.series).toEqual([
      { name: 'K', values: [92, null, 87] },
      { name: 'M', values: [93, null, 90.5] },
      { name: 'T', values: [92, null, 88] },
    ]);
    expect(c.description).toBe('Linjediagram över Brukarbedömning hemtjänst äldreomsorg, andel (%): K, M, T, Utfall 2020 till Utfall 2022 (%).');
    const svg = chartSvg(c);
    expect(svg).toContain('<svg');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('without match draws every row with a number, named by its text cells', () => {
    const c = gridChart({ chart: 'grid', grid: 'indicators:1', columns: ['utfall_2020'], kind: 'bar' }, INDICATORS)!;
    expect(c.series.map((s) => s.name)).toEqual([
      'Brukarbedömning hemtjänst äldreomsorg, andel (%) – K',
      'Brukarbedömning hemtjänst äldreomsorg, andel (%) – M',
      'Brukarbedömning hemtjänst äldreomsorg, andel (%) – T',
      'Brukarbedömning särskilt boende, andel (%) – K',
    ]);
    expect(c.kind).toBe('bar');
  });

  it('draws nothing when the columns are missing or hold no number', () => {
    expect(gridChart({ chart: 'grid', grid: 'indicators:1', columns: ['saknas'] }, INDICATORS)).toBeNull();
    expect(gridChart({ chart: 'grid', grid: 'indicators:1', columns: ['utfall_2021'] }, INDICATORS)).toBeNull();
  });

  it('is a template block validated strictly: an unknown key or kind is an error naming the path', () => {
    const tpl = (block: unknown) => ({ id: 't', chapters: [{ id: 'c', number: '4.1', title: 'Målområde 1', level: 2, blocks: [block] }] });
    expect(parseTemplate(tpl({ chart: 'grid', grid: 'indicators:1', columns: YEARS, match: 'Brukarbedömning', unit: '%' }), 'mall.json').chapters[0]!.blocks[0]).toMatchObject({ chart: 'grid', columns: YEARS });
    expect(() => parseTemplate(tpl({ chart: 'grid', grid: 'indicators:1', columns: YEARS, colour: 'röd' }), 'mall.json')).toThrow(/chapters\[0\]\.blocks\[0\].*colour/);
    expect(() => parseTemplate(tpl({ chart: 'grid', grid: 'indicators:1', columns: YEARS, kind: 'pie' }), 'mall.json')).toThrow(/chapters\[0\]\.blocks\[0\]\.kind/);
    expect(() => parseTemplate(tpl({ chart: 'grid', grid: 'indicators:1', columns: [] }), 'mall.json')).toThrow(/chapters\[0\]\.blocks\[0\]\.columns/);
  });

  it('is placed after the grid in its chapter, and a preview shows a placeholder when the grid is missing', () => {
    const template: ReportTemplate = {
      id: 't',
      chapters: [{ id: 'c', number: '4.1', title: 'Målområde 1', level: 2, blocks: [{ grid: 'indicators:1' }, { chart: 'grid', grid: 'indicators:1', columns: YEARS, match: 'Brukarbedömning hemtjänst' }] }],
    };
    const context = { year: 2022, round: 'P2', boardName: 'Programnämnd social välfärd' };
    const withGrid = buildSections({ template, tables: [], content: { ...emptyFollowUp(), grids: new Map([['indicators:1', INDICATORS]]) }, context, unitName: (c) => c });
    expect(withGrid[0]!.blocks.map((b) => b.type)).toEqual(['grid', 'chart']);
    const without = buildSections({ template, tables: [], content: emptyFollowUp(), context, unitName: (c) => c, placeholders: true });
    expect(without[0]!.blocks).toEqual([{ type: 'placeholder', text: expect.stringContaining('diagram över tabellen indicators:1') }]);
  });
});
