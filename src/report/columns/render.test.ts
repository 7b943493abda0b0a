// Every output format prints a template table's configured headings, its memo row and its total
// excluding units (a model computed from hand-made facts: no store). The PDF is read back with
// pdftotext; it is skipped, saying so, only where Chromium or poppler-utils is missing.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import readXlsxFile from 'read-excel-file/node';
import { reportMeta } from '../../../test/support/report-meta.ts';
import { computeTable, type LedgerFact } from '../../core/compute/index.ts';
import { OrgTree } from '../../core/domain/index.ts';
import { renderDocx } from '../docx/index.ts';
import { renderHtml } from '../html/index.ts';
import type { ReportModel } from '../model.ts';
import { chromiumPath, closePdfRenderer, renderPdf } from '../pdf/index.ts';
import { renderXlsx } from '../xlsx/index.ts';

const fact = (unit: string, actual: number, budgetPrev: number, closingPrev: number): LedgerFact => ({
  unit, group: '5', activity: '', project: '',
  closingPrev: BigInt(closingPrev) * 100_000n, actualPrev: 0n, actual: BigInt(actual) * 100_000n,
  budgetMonthlyToDate: 0n, budgetAnnual: 0n, budget: 0n, budgetOsb: 0n, forecast: 0n, carryover: 0n,
  budgetPrev: BigInt(budgetPrev) * 100_000n,
});

const tree = new OrgTree([
  { code: 'N', name: 'Nämnden', parent: null, level: 'board', budgetLevel: null, sortOrder: 0 },
  { code: 'A', name: 'Myndighetsavdelningen', parent: 'N', level: 'RN1', budgetLevel: null, sortOrder: 1 },
  { code: 'B', name: 'Centralt skolstöd', parent: 'N', level: 'RN1', budgetLevel: null, sortOrder: 2 },
]);
const table = computeTable(
  {
    id: 'u',
    kind: 'units',
    scope: 'N',
    title: 'Nämnden per enhet',
    columns: [
      { key: 'actual', label: 'Utfall jan-{monthShort} {year}' },
      { key: 'variance_prev', label: 'Budget-Utfall Helår {prevYear}' },
    ],
    rows: { memo: [{ label: 'varav Myndighetsavdelningen', units: ['A'] }], excluding: [{ label: 'Avvikelse exkl. centralt skolstöd', units: ['B'] }] },
  },
  [fact('A', 1234, 5000, 4400), fact('B', 766, 3000, 3100)],
  { tree, activities: new Map(), projects: new Map() },
  { year: 2022, period: 8, prevPeriod: 8, round: 'P2', sign: 'cost-positive', unit: 'tkr' },
);
const model: ReportModel = {
  report: reportMeta({ year: 2022, period: 8, prevPeriod: 8, round: 'P2', sign: 'cost-positive' }),
  tables: [table],
  sections: [{ id: 's', number: '1', title: 'Ekonomi', level: 1, blocks: [{ type: 'table', tableId: 'u' }] }],
};
const HEADINGS = ['Utfall jan-aug 2022', 'Budget-Utfall Helår 2021'];
/** As the PDF prints them: label, Utfall, Budget-Utfall Helår 2021 (5 000 − 4 400 = 600; 3 000 − 3 100 = −100). */
const EXPECTED_ROWS = [
  ['A Myndighetsavdelningen', '1 234', '600'],
  ['B Centralt skolstöd', '766', '-100'],
  ['Summa Nämnden', '2 000', '500'],
  ['varav Myndighetsavdelningen', '1 234', '600'],
  ['Avvikelse exkl. centralt skolstöd', '1 234', '600'],
];
const plain = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

describe('a configured column set in every format', () => {
  afterAll(async () => {
    await closePdfRenderer();
  });

  it('computes the model’s rows: the memo row and the total excluding units after the total', () => {
    expect(table.columns.map((c) => c.label)).toEqual(HEADINGS);
    expect(table.afterTotal?.map((r) => [r.name, r.kind, r.values.actual, r.values.variance_prev])).toEqual([
      ['varav Myndighetsavdelningen', 'memo', 1234, 600],
      ['Avvikelse exkl. centralt skolstöd', 'excluding', 1234, 600],
    ]);
  });

  it('prints the headings and the rows after the total in HTML', () => {
    const html = plain(renderHtml(model));
    for (const h of HEADINGS) expect(html).toContain(`<th scope="col">${h}</th>`);
    expect(html).toContain('<tr class="memo"><th scope="row">varav Myndighetsavdelningen</th><td>1 234</td><td>600</td></tr>');
    expect(html).toContain('<tr class="excluding"><th scope="row">Avvikelse exkl. centralt skolstöd</th><td>1 234</td><td>600</td></tr>');
  });

  it('prints the headings and the rows after the total in XLSX, as numbers', async () => {
    const sheets = await readXlsxFile(await renderXlsx(model));
    const sheet = sheets.find((s) => s.data.some((r) => r.includes('Utfall jan-aug 2022')))!;
    expect(sheet).toBeDefined();
    const data = sheet.data as unknown[][];
    const header = data.find((r) => r.includes('Utfall jan-aug 2022'))!;
    expect(header.slice(-2)).toEqual(HEADINGS);
    const memo = data.find((r) => r.includes('varav Myndighetsavdelningen'))!;
    expect(memo.slice(-2)).toEqual([1234, 600]);
    const excluding = data.find((r) => r.includes('Avvikelse exkl. centralt skolstöd'))!;
    expect(excluding.slice(-2)).toEqual([1234, 600]);
  });

  it('prints the headings and the rows after the total in DOCX', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(model));
    const text = plain((await zip.file('word/document.xml')!.async('string')).replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, ''));
    for (const h of HEADINGS) expect(text).toContain(h);
    const lines = text.split('\n').map((l) => l.trim());
    const at = lines.indexOf('varav Myndighetsavdelningen');
    expect(lines.slice(at, at + 3)).toEqual(['varav Myndighetsavdelningen', '1 234', '600']);
    expect(lines.indexOf('Avvikelse exkl. centralt skolstöd')).toBeGreaterThan(lines.indexOf('Summa Nämnden'));
  });

  const pdfMissing = !existsSync(chromiumPath()) || spawnSync('pdftotext', ['-v']).error !== undefined;
  it.skipIf(pdfMissing)(`prints the headings and the rows after the total in the PDF text${pdfMissing ? ' — skipped: Chromium or poppler-utils not installed' : ''}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prognos-columns-pdf-'));
    const file = join(dir, 'r.pdf');
    writeFileSync(file, await renderPdf(model));
    const text = plain(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
    for (const h of HEADINGS) expect(text.replace(/\s+/g, ' ')).toContain(h);
    const lines = text.split('\n').map((l) => l.trim().replace(/\s{2,}/g, ' | '));
    for (const [label, ...values] of EXPECTED_ROWS) expect(lines).toContain([label, ...values].join(' | '));
  });
});
