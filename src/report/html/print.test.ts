import { describe, expect, it } from 'vitest';
import type { Grid, ReportModel, Table } from '../model.ts';
import { decisionText, gridRecords, rowGroups, swedishDate } from '../print.ts';
import { renderHtml } from './index.ts';
import { reportMeta } from '../../../test/support/report-meta.ts';

const META: ReportModel['report'] = reportMeta({ organisation: 'default' });

function longTable(rows: number): Table {
  return {
    id: 'units',
    kind: 'units',
    scope: 'N',
    title: 'Nämnden per enhet',
    columns: [{ key: 'actual', label: 'Utfall' }],
    rows: Array.from({ length: rows }, (_, i) => ({ code: `E${i}`, name: `Enhet ${i}`, group: 'G', values: { actual: i } })),
    total: { label: 'Summa N', values: { actual: 1 } },
  } as unknown as Table;
}

const measures: Grid = {
  id: 'measures',
  title: 'Planerade och vidtagna åtgärder',
  columns: ['nr', 'text', 'decision', 'diary', 'forecast', 'total', 'achieved', 'expected', 'comment'].map((key) => ({
    key,
    label: `Rubrik ${key}`,
    ...(['forecast', 'total', 'achieved'].includes(key) ? { kind: 'number' as const, decimals: 1 } : {}),
  })),
  rows: [{ cells: { nr: 'Åtgärd 1', text: 'Beskrivning', decision: '2023-10-05', diary: null, forecast: 5.8, total: 5.8, achieved: 5.8, expected: 'Genomförd', comment: 'Kommentar' } }],
};

function model(extra: Partial<ReportModel['report']> = {}): ReportModel {
  return {
    report: { ...META, ...extra },
    tables: [longTable(20)],
    sections: [
      { id: 'ekonomi', number: '1', title: 'Ekonomi', level: 1, blocks: [{ type: 'table', tableId: 'units' }] },
      { id: 'bilaga', number: null, title: 'Bilaga 1: Åtgärder', level: 1, blocks: [{ type: 'grid', grid: measures }] },
    ],
  };
}

describe('HTML print layout', () => {
  it('prints a cover with logo, municipality, board, title, period and decision, and never the organisation id', () => {
    const logo = 'data:image/png;base64,iVBORw0KGgo=';
    const html = renderHtml(model({ organisationName: 'Provkommunen', logo, decision: { by: 'Nämnden', date: '2024-06-03', paragraph: '87' } }));
    const cover = /<header class="cover[^"]*">([\s\S]*?)<\/header>/.exec(html)![1]!;
    expect(cover).toContain(`<img class="logo" src="${logo}" alt="Provkommunens logotyp">`);
    expect(cover).toContain('<p class="organisation">Provkommunen</p>');
    expect(cover).toContain('<h1>Delårsrapport med prognos 1 2024 – Nämnden</h1>');
    expect(cover).toContain('<p class="decision">Beslutad av Nämnden den 3 juni 2024, § 87</p>');
    expect(renderHtml(model())).not.toMatch(/default/);
    // a logo that is not an image data URI is never embedded
    expect(renderHtml(model({ logo: 'javascript:alert(1)' }))).not.toContain('<img');
  });

  it('says when the report was decided with what is known, in Swedish', () => {
    expect(swedishDate('2024-06-03')).toBe('3 juni 2024');
    expect(decisionText({ ...META, decision: { by: 'Kommunstyrelsen' } })).toBe('Beslutad av Kommunstyrelsen');
    expect(decisionText({ ...META, decision: { date: '2024-12-31', paragraph: '§ 12' } })).toBe('Beslutad den 31 december 2024, § 12');
    expect(decisionText(META)).toBeNull();
  });

  it('prints the page numbers it is given in the contents, in a slot of fixed width', () => {
    const html = renderHtml(model(), { pageNumbers: new Map([['ekonomi', 3], ['bilaga', 5]]) });
    expect(html).toContain('<a href="#ekonomi"><span class="toc-label">1 Ekonomi</span><span class="toc-leader" aria-hidden="true"></span><span class="toc-page">3</span></a>');
    expect(html).toContain('<span class="toc-page">5</span>');
    expect(renderHtml(model())).toContain('<span class="toc-page"></span>');
    expect(html).toMatch(/nav\.toc \.toc-page \{[^}]*width: 2\.5em/);
  });

  it('reflows a grid too wide for A4 into one block per row, each a two-column table named by its first cell', () => {
    const html = renderHtml(model());
    expect(html).not.toContain('<table class="grid" id="measures"');
    expect(html).toContain('<table class="record" id="measures-1">\n<caption>Åtgärd 1</caption>');
    expect(html).toContain('<tr><th scope="row">Rubrik forecast</th><td class="num">5,8</td></tr>');
    expect(gridRecords(measures)[0]!.fields.map((f) => f.key)).toEqual(['text', 'decision', 'forecast', 'total', 'achieved', 'expected', 'comment']);
  });

  it('keeps the first rows of a long table with its caption and header, and its total with the last rows', () => {
    const html = renderHtml(model());
    const bodies = [...html.matchAll(/<tbody( class="[^"]*")?>([\s\S]*?)<\/tbody>/g)].filter((m) => m[2]!.includes('Enhet'));
    expect(bodies.map((b) => b[1] ?? '')).toEqual([' class="first keep"', '', ' class="keep"']);
    expect(bodies.at(-1)![2]!.match(/<tr/g)).toHaveLength(3);
    expect(bodies.at(-1)![2]).toContain('Summa N');
    expect(rowGroups(5)).toEqual([[0, 5]]);
    expect(html).toMatch(/tbody\.keep \{ break-inside: avoid; \}/);
    expect(html).toMatch(/tbody\.first \{ break-before: avoid; \}/);
  });

  it('puts a table it is told is too wide on a landscape page', () => {
    const html = renderHtml(model(), { landscape: new Set(['units']) });
    expect(html).toContain('<table id="units" class="amounts print-landscape">');
    expect(html).toContain('@page landscape { size: A4 landscape;');
    expect(html).toContain('.print-landscape { page: landscape; }');
  });
});
