import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import readXlsxFile from 'read-excel-file/node';
import type { ReportModel } from './model.ts';
import { renderHtml } from './html/index.ts';
import { renderDocx } from './docx/index.ts';
import { renderXlsx } from './xlsx/index.ts';
import { logoImage, organisationTitle } from './print.ts';
import { reportMeta } from '../../test/support/report-meta.ts';

const model: ReportModel = {
  report: reportMeta({ organisation: 'default' }),
  tables: [],
  sections: [{ id: 'a', number: '1', title: 'Inledning', level: 1, blocks: [{ type: 'paragraph', text: 'Text.' }] }],
};

describe('the cover without organisation settings', () => {
  it('prints no municipality and never the organisation id, in HTML, DOCX and XLSX', async () => {
    expect(organisationTitle(model.report)).toBeNull();
    expect(renderHtml(model)).not.toContain('default');
    const xml = await (await JSZip.loadAsync(await renderDocx(model))).file('word/document.xml')!.async('string');
    const doc = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('\n');
    expect(doc).not.toContain('default');
    expect(doc).toContain('Nämnden');
    const sheets = await readXlsxFile(await renderXlsx(model));
    const cells = sheets.flatMap((s) => (s.data as unknown[][]).flat()).map(String);
    expect(cells).not.toContain('default');
    expect(cells.some((c) => c.includes('default'))).toBe(false);
  });

  it('embeds only a base64 image data URI as the logo', () => {
    expect(logoImage({ ...model.report, logo: 'data:image/png;base64,iVBORw0KGgo=' })?.type).toBe('png');
    expect(logoImage({ ...model.report, logo: 'data:image/svg+xml;base64,PHN2Zz4=' })?.type).toBe('svg');
    expect(logoImage({ ...model.report, logo: 'https://example.org/logo.png' })).toBeNull();
    expect(logoImage({ ...model.report, logo: 'data:text/html;base64,PGI+' })).toBeNull();
  });
});
