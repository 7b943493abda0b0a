import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import readXlsxFile from 'read-excel-file/node';
import { openTestStore } from '../../../test/support/store.ts';
import { buildDemo } from '../../demo/index.ts';
import type { Store } from '../../store/index.ts';
import type { Grid, ReportModel, Table } from '../model.ts';
import { CONTENTS_SHEET, XLSX_FORMATS, renderXlsx, sheetNamer } from './index.ts';

// ---------------------------------------------------------------------------------------------
// Reading the workbook back

type SheetRows = Array<Array<string | number | boolean | Date | null>>;

async function readSheets(buf: Buffer): Promise<Map<string, SheetRows>> {
  const sheets = await readXlsxFile(buf);
  return new Map(sheets.map((s) => [s.sheet, s.data as SheetRows]));
}

interface Raw {
  zip: JSZip;
  styles: string;
  workbook: string;
  sharedStrings: string;
  /** Sheet XML by sheet name. */
  sheets: Map<string, string>;
}

async function raw(buf: Buffer): Promise<Raw> {
  const zip = await JSZip.loadAsync(buf);
  const read = (name: string): Promise<string> => zip.file(name)!.async('string');
  const workbook = await read('xl/workbook.xml');
  const rels = await read('xl/_rels/workbook.xml.rels');
  const sheets = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet r:id="([^"]+)" sheetId="\d+" name="([^"]+)"\/>/g)) {
    const target = new RegExp(`<Relationship Id="${m[1]}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${m[1]}"`).exec(rels)![1]!;
    sheets.set(decode(m[2]!), await read(`xl/${target.replace(/^\/?xl\//, '')}`));
  }
  return { zip, workbook, sheets, styles: await read('xl/styles.xml'), sharedStrings: await read('xl/sharedStrings.xml') };
}

const decode = (s: string): string =>
  s.replace(/&(lt|gt|quot|apos|amp|#(\d+));/g, (_m, name: string, code?: string) =>
    code ? String.fromCharCode(Number(code)) : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[name]!,
  );

/** The number format code and boldness of the cell at `ref` ("B2") in a sheet. */
function cellStyle(r: Raw, sheet: string, ref: string): { format: string | null; bold: boolean; type: string | null } {
  const xml = r.sheets.get(sheet)!;
  const c = new RegExp(`<c r="${ref}"([^>]*?)(?:/>|>)`).exec(xml);
  if (!c) throw new Error(`no cell ${ref} in ${sheet}`);
  const s = Number(/ s="(\d+)"/.exec(c[1]!)?.[1] ?? 0);
  const type = / t="([^"]+)"/.exec(c[1]!)?.[1] ?? null;
  const xfs = [.../<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(r.styles)![1]!.matchAll(/<xf ([^>]*?)(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => m[1]!);
  const xf = xfs[s]!;
  const numFmtId = /numFmtId="(\d+)"/.exec(xf)?.[1];
  const format = numFmtId ? decode(new RegExp(`<numFmt numFmtId="${numFmtId}" formatCode="([^"]*)"`).exec(r.styles)?.[1] ?? `builtin:${numFmtId}`) : null;
  const fonts = [.../<fonts[^>]*>([\s\S]*?)<\/fonts>/.exec(r.styles)![1]!.matchAll(/<font>([\s\S]*?)<\/font>/g)].map((m) => m[1]!);
  const fontId = Number(/fontId="(\d+)"/.exec(xf)?.[1] ?? 0);
  return { format, bold: fonts[fontId]!.includes('<b/>'), type };
}

// ---------------------------------------------------------------------------------------------
// Models

const META: ReportModel['report'] = {
  organisation: 'k',
  organisationName: 'Provkommunen',
  scope: { code: 'N', name: 'Nämnden' },
  title: 'Årsberättelse 2024 – Nämnden',
  year: 2024,
  period: 12,
  prevPeriod: 12,
  round: 'B',
  sign: 'net',
  unit: 'tkr',
  periodText: 'Utfall januari–december 2024',
};

function yearEndTable(id: string, title: string, firstName = 'Avd A'): Table {
  return {
    id,
    kind: 'units',
    scope: 'N',
    title,
    columns: [
      { key: 'closing_prev', label: '2023 Bokslut' },
      { key: 'actual', label: '2024 Utfall' },
      { key: 'consumption_pct', label: 'Förb i %' },
      { key: 'change_pct', label: 'Förändring %' },
    ],
    rows: [
      { code: 'A', name: firstName, group: 'G', values: { closing_prev: -12417, actual: -13000, consumption_pct: 93, change_pct: 4.7 } },
      { code: 'B', name: 'Avd B', group: 'G', values: { closing_prev: 0, actual: -5, consumption_pct: null, change_pct: null } },
      { code: 'G', name: 'Grupp', kind: 'subtotal', group: 'G', values: { closing_prev: -12417, actual: -13005, consumption_pct: 101, change_pct: 4.7 } },
    ],
    total: { label: 'Summa N', values: { closing_prev: -12417, actual: -13005, consumption_pct: 101, change_pct: -0.3 } },
  };
}

const GOALS: Grid = {
  id: 'mal',
  title: 'Nämndens mål',
  columns: [
    { key: 'goal', label: 'Mål' },
    { key: 'status', label: 'Status', kind: 'status' },
    { key: 'value', label: 'Utfall', kind: 'number', decimals: 1 },
  ],
  rows: [
    { kind: 'heading', cells: { goal: 'Strategiskt mål 1', status: null, value: null } },
    { cells: { goal: 'Fler jobb', status: 'Uppfylls', value: 1234.5 } },
    { cells: { goal: 'Kortare köer', status: 'Uppfylls delvis', value: null } },
    { kind: 'subtotal', cells: { goal: 'Totalt', status: null, value: -12417 } },
  ],
};

function model(): ReportModel {
  return {
    report: META,
    tables: [yearEndTable('units', 'Nämnden per enhet'), yearEndTable('extra', 'Extra tabell utan kapitel')],
    sections: [
      { id: 'ekonomi', number: '2', title: 'Ekonomi', level: 1, blocks: [{ type: 'paragraph', text: 'Text.' }, { type: 'table', tableId: 'units' }] },
      { id: 'mal', number: '2.1', title: 'Mål', level: 2, blocks: [{ type: 'grid', grid: GOALS }] },
    ],
  };
}

// ---------------------------------------------------------------------------------------------

describe('renderXlsx on a hand-made model', () => {
  let buf: Buffer;
  let sheets: Map<string, SheetRows>;
  let r: Raw;
  beforeAll(async () => {
    buf = await renderXlsx(model());
    sheets = await readSheets(buf);
    r = await raw(buf);
  });

  it('has a contents sheet first, then a sheet per table and grid in the order of the report', () => {
    expect([...sheets.keys()]).toEqual([CONTENTS_SHEET, 'Nämnden per enhet', 'Nämndens mål', 'Extra tabell utan kapitel']);
  });

  it('lists the report meta and every sheet with its title and chapter on the contents sheet', () => {
    const c = sheets.get(CONTENTS_SHEET)!;
    expect(c[0]![0]).toBe('Årsberättelse 2024 – Nämnden');
    expect(c.slice(1, 5).map((row) => row.slice(0, 2))).toEqual([
      ['Organisation', 'Provkommunen – Nämnden'],
      ['Period', 'Utfall januari–december 2024'],
      ['Belopp', 'tkr'],
      ['Teckenkonvention', 'Intäkter positiva och kostnader negativa; positiv avvikelse är bättre än budget.'],
    ]);
    const i = c.findIndex((row) => row[0] === 'Blad');
    expect(c[i]).toEqual(['Blad', 'Titel', 'Avsnitt']);
    expect(c.slice(i + 1)).toEqual([
      ['Nämnden per enhet', 'Nämnden per enhet (tkr)', '2 Ekonomi'],
      ['Nämndens mål', 'Nämndens mål', '2.1 Mål'],
      ['Extra tabell utan kapitel', 'Extra tabell utan kapitel (tkr)', null],
    ]);
  });

  it('names only the board on the contents sheet when no municipality name is set, never the organisation id (regression: "default")', async () => {
    const m = model();
    const c = (await readSheets(await renderXlsx({ ...m, report: { ...m.report, organisation: 'default', organisationName: undefined } }))).get(CONTENTS_SHEET)!;
    expect(c[1]).toEqual(['Organisation', 'Nämnden', null]);
    expect(JSON.stringify(c)).not.toContain('default');
  });

  it('writes a financial table: header row, code and name in their own columns, numbers as numbers, null as an empty cell, the total last', () => {
    const s = sheets.get('Nämnden per enhet')!;
    expect(s).toEqual([
      ['Kod', 'Enhet', '2023 Bokslut', '2024 Utfall', 'Förb i %', 'Förändring %'],
      ['A', 'Avd A', -12417, -13000, 93, 4.7],
      ['B', 'Avd B', 0, -5, null, null],
      [null, 'Summa Grupp', -12417, -13005, 101, 4.7],
      [null, 'Summa N', -12417, -13005, 101, -0.3],
    ]);
    for (const row of s.slice(1)) for (const v of row.slice(2)) expect(v === null || typeof v === 'number').toBe(true);
  });

  it('names the subtotal after its group, not its code (regression: "Summa KGN")', () => {
    expect(sheets.get('Nämnden per enhet')!.map((row) => row[1])).toContain('Summa Grupp');
    expect(sheets.get('Nämnden per enhet')!.map((row) => row[1])).not.toContain('Summa G');
  });

  it('gives amounts, consumption and change their number formats, declared in styles.xml', () => {
    const fmt = (ref: string): string | null => cellStyle(r, 'Nämnden per enhet', ref).format;
    expect([fmt('C2'), fmt('D2'), fmt('E2'), fmt('F2')]).toEqual([XLSX_FORMATS.amount, XLSX_FORMATS.amount, XLSX_FORMATS.percent, XLSX_FORMATS.percent1]);
    expect(XLSX_FORMATS).toMatchObject({ amount: '#,##0;-#,##0', percent: '0"%"', percent1: '0.0' });
    expect(r.styles).toContain('formatCode="#,##0;-#,##0"');
    expect(r.styles).toContain('formatCode="0&quot;%&quot;"');
    expect(r.styles).toContain('formatCode="0.0"');
    expect(cellStyle(r, 'Nämnden per enhet', 'C2').type).toBeNull(); // a number cell, not a string
    expect(cellStyle(r, 'Nämnden per enhet', 'A2').type).toBe('s'); // a code is text
  });

  it('makes the header, subtotal and total rows bold, the other rows not', () => {
    const bold = (ref: string): boolean => cellStyle(r, 'Nämnden per enhet', ref).bold;
    expect(['A1', 'B1', 'F1'].map(bold)).toEqual([true, true, true]);
    expect(['A2', 'B2', 'C3'].map(bold)).toEqual([false, false, false]);
    expect(['B4', 'C4', 'B5', 'F5'].map(bold)).toEqual([true, true, true, true]);
    expect(cellStyle(r, 'Nämnden per enhet', 'E5').format).toBe(XLSX_FORMATS.percent);
  });

  it('freezes the header row and the code and name columns, and repeats the header row on printed pages', () => {
    expect(r.sheets.get('Nämnden per enhet')).toMatch(/<pane ySplit="1" xSplit="2" topLeftCell="C2" activePane="bottomRight" state="frozen"\/>/);
    expect(r.sheets.get('Nämndens mål')).toMatch(/<pane ySplit="1" xSplit="0" topLeftCell="A2"[^>]*state="frozen"\/>/);
    expect(r.workbook).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="1">'Nämnden per enhet'!$1:$1</definedName>`);
    expect(r.workbook).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="3">'Extra tabell utan kapitel'!$1:$1</definedName>`);
  });

  it('sets column widths: the label column wide enough for its longest label', () => {
    const cols = [...r.sheets.get('Nämnden per enhet')!.matchAll(/<col min="(\d+)" max="\d+" width="([\d.]+)"/g)].map((m) => Number(m[2]));
    expect(cols).toHaveLength(6);
    expect(cols[1]).toBeGreaterThanOrEqual('Summa Grupp'.length + 2);
    expect(cols[1]).toBeGreaterThanOrEqual(16);
    expect(cols.slice(2).every((w) => w >= 10 && w <= 60)).toBe(true);
  });

  it('writes a grid: a merged bold group heading, text as text, numbers with the column decimals, null empty', async () => {
    expect(sheets.get('Nämndens mål')).toEqual([
      ['Mål', 'Status', 'Utfall'],
      ['Strategiskt mål 1', null, null],
      ['Fler jobb', 'Uppfylls', 1234.5],
      ['Kortare köer', 'Uppfylls delvis', null],
      ['Totalt', null, -12417],
    ]);
    expect(r.sheets.get('Nämndens mål')).toContain('<mergeCell ref="A2:C2"/>');
    expect(cellStyle(r, 'Nämndens mål', 'A2').bold).toBe(true);
    expect(cellStyle(r, 'Nämndens mål', 'C3').format).toBe('#,##0.0;-#,##0.0');
    expect(cellStyle(r, 'Nämndens mål', 'C5')).toMatchObject({ format: '#,##0.0;-#,##0.0', bold: true });
  });

  it('writes the document properties: title, creator Prognos, language sv-SE', async () => {
    const core = await r.zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain('<dc:title>Årsberättelse 2024 – Nämnden</dc:title>');
    expect(core).toContain('<dc:creator>Prognos</dc:creator>');
    expect(core).toContain('<dc:language>sv-SE</dc:language>');
    expect(await r.zip.file('[Content_Types].xml')!.async('string')).toContain('PartName="/docProps/core.xml"');
    expect(await r.zip.file('_rels/.rels')!.async('string')).toContain('Target="docProps/core.xml"');
  });
});

describe('renderXlsx neutralises formula injection', () => {
  const hostile = ['=SUM(A1:A2)', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '=HYPERLINK("http://x.invalid","klicka")'];
  let buf: Buffer;
  beforeAll(async () => {
    const t = yearEndTable('units', '=Tabell');
    t.rows = hostile.map((name, i) => ({ code: '', name, values: { closing_prev: i, actual: null, consumption_pct: null, change_pct: null } }));
    t.total = { label: '=1+1', values: {} };
    const grid: Grid = { id: 'g', title: '@Mål', columns: [{ key: 'a', label: '=A1' }, { key: 'b', label: 'B' }], rows: hostile.map((h) => ({ cells: { a: h, b: '-x' } })) };
    buf = await renderXlsx({
      report: { ...META, title: '=cmd|/c calc!A0', periodText: '+period' },
      tables: [t],
      sections: [{ id: 's', number: '1', title: 'S', level: 1, blocks: [{ type: 'grid', grid }] }],
    });
  });

  it('writes no formula anywhere: every text is a shared string, never an <f> element', async () => {
    const r = await raw(buf);
    for (const [name, xml] of r.sheets) {
      expect(xml, name).not.toMatch(/<f[ >]/);
      expect(xml, name).not.toContain('t="str"');
    }
    expect(r.sharedStrings).toContain('<t>=SUM(A1:A2)</t>');
    expect(r.sharedStrings).toContain('<t xml:space="preserve">\t=1+1</t>');
    expect(r.sharedStrings).toContain('<t>=HYPERLINK("http://x.invalid","klicka")</t>');
  });

  it('keeps the texts exactly, readable back as strings', async () => {
    const sheets = await readSheets(buf);
    const names = [...sheets.keys()];
    expect(names).toEqual([CONTENTS_SHEET, '@Mål', '=Tabell']);
    expect(sheets.get(CONTENTS_SHEET)![0]![0]).toBe('=cmd|/c calc!A0');
    // read-excel-file trims the leading tab of '\t=1+1' when reading; the file keeps it (see below).
    const read = hostile.map((h) => h.trim());
    expect(sheets.get('=Tabell')!.slice(1).map((row) => row[0])).toEqual([...read, '=1+1']);
    expect(sheets.get('@Mål')!.map((row) => row[0])).toEqual(['=A1', ...read]);
    expect(sheets.get('@Mål')![1]![1]).toBe('-x');
  });

  it('gives a text that begins like a formula the Text format, so editing the cell keeps it text', async () => {
    const r = await raw(buf);
    expect(cellStyle(r, '=Tabell', 'A2')).toMatchObject({ format: '@', type: 's' });
    expect(cellStyle(r, '@Mål', 'A1')).toMatchObject({ format: '@', type: 's', bold: true });
    expect(cellStyle(r, CONTENTS_SHEET, 'A1')).toMatchObject({ format: '@', type: 's' });
    // An ordinary text keeps the General format.
    expect(cellStyle(r, CONTENTS_SHEET, 'A2')).toMatchObject({ format: null, type: 's' });
  });
});

describe('sheetNamer', () => {
  it('keeps names within 31 characters, free of []:*?/\\ and unique regardless of case', () => {
    const name = sheetNamer([CONTENTS_SHEET]);
    const got = [
      name(['Innehåll'], 'Tabell 1'),
      name(['Kommunledningsförvaltning per kontogrupp', 'Kontogrupper ÖKA'], 'Tabell 2'),
      name(['Kommunledningsförvaltning per verksamhet'], 'Tabell 3'),
      name(['Kommunledningsförvaltning per verksamhet'], 'Tabell 4'),
      name(['Drift [a]: b*c? d/e\\f'], 'Tabell 5'),
      name(["'Citat'"], 'Tabell 6'),
      name(['history'], 'Tabell 7'),
      name(['  '], 'Tabell 8'),
      name(['KONTOGRUPPER öka'], 'Tabell 9'),
    ];
    expect(got).toEqual([
      'Innehåll (2)',
      'Kontogrupper ÖKA',
      'Kommunledningsförvaltning per…',
      'Kommunledningsförvaltning… (2)',
      'Drift a b c d-e-f',
      'Citat',
      'Tabell 7',
      'Tabell 8',
      'KONTOGRUPPER öka (2)',
    ]);
    for (const n of got) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[[\]:*?/\\]/);
    }
    expect(new Set(got.map((n) => n.toLowerCase())).size).toBe(got.length);
  });
});

describe('renderXlsx on the demo report', () => {
  let store: Store;
  let demo: ReportModel;
  let sheets: Map<string, SheetRows>;
  let r: Raw;
  beforeAll(async () => {
    store = await openTestStore('embedded');
    demo = (await buildDemo(store)).report;
    const buf = await renderXlsx(demo);
    sheets = await readSheets(buf);
    r = await raw(buf);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('has valid, unique sheet names: the contents sheet, one per table, one per section of grids', () => {
    const names = [...sheets.keys()];
    expect(names[0]).toBe(CONTENTS_SHEET);
    const gridSheets = demo.sections.filter((s) => s.blocks.some((b) => b.type === 'grid')).length;
    expect(names).toHaveLength(1 + demo.tables.length + gridSheets);
    expect(names.length).toBeLessThan(25);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[[\]:*?/\\]/);
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });

  it('names sheets after their tables by names, never by unit codes (regression: "Enheter ÖKA", "Uppdrag ÖSB 2024 (2)")', () => {
    const names = [...sheets.keys()];
    expect(names).toEqual([
      'Innehåll',
      'Nettoredovisning per budgetnivå',
      'Åtgärder för en ekonomi i bala…',
      'Kommunledning per enhet',
      'Kommungemensam nivå per enhet',
      'Enheter Kommunledningsförvaltn…',
      'Kommunledning per kontogrupp',
      'Kommungemensamt per kontogrupp',
      'Kontogrupper Kommunledningsför…',
      'Kommunledning per verksamhet',
      'Kommungemensamt per verksamhet',
      'Verksamheter Kommunledningsför…',
      'Investeringar Kommunledningsfö…',
      'Investeringar Kommungemensamt',
      'Planerade och vidtagna åtgärder',
      'Utgångspunkter för Örebro komm…',
      'Lärande, utbildning och arbets…',
      'Ett tryggt Örebro genom livet',
      'Ett hållbart och växande Örebro',
      'Näringsliv, tillväxt, civilsam…',
    ]);
    for (const n of names) expect(n).not.toMatch(/\b(ÖKA|ÖKL|KGN|ÖKG|RN\d)\b|\(\d+\)$/);
  });

  it('puts a goal area’s goals and assignments on one sheet named after the area', () => {
    const area = demo.sections.find((s) => s.blocks.filter((b) => b.type === 'grid').length > 1)!;
    const sheet = [...sheets.entries()].find(([n]) => area.title.startsWith(n.replace(/…$/, '')))!;
    expect(sheet).toBeDefined();
    const grids = area.blocks.flatMap((b) => (b.type === 'grid' ? [b.grid] : []));
    for (const g of grids) expect(sheet[1].map((row) => row[0])).toContain(g.title);
  });

  it('holds every demo table cell for cell: the model numbers as numbers, null as empty', () => {
    const contents = sheets.get(CONTENTS_SHEET)!;
    const start = contents.findIndex((row) => row[0] === 'Blad') + 1;
    const byTitle = new Map(contents.slice(start).map((row) => [row[1] as string, row[0] as string]));
    for (const t of demo.tables) {
      const name = byTitle.get(`${t.title} (tkr)`);
      expect(name, t.id).toBeDefined();
      const s = sheets.get(name!)!;
      const labels = s[0]![0] === 'Kod' ? 2 : 1;
      expect(labels, t.id).toBe(t.kind === 'net-summary' ? 1 : 2);
      expect(s[0]!.slice(labels)).toEqual(t.columns.map((c) => c.label));
      expect(s).toHaveLength(t.rows.length + 2);
      for (const [i, row] of [...t.rows, t.total].entries()) {
        const got = s[i + 1]!;
        expect(got.slice(labels)).toEqual(t.columns.map((c) => row.values[c.key] ?? null));
        for (const v of got.slice(labels)) expect(v === null || typeof v === 'number').toBe(true);
        if (labels === 2 && 'code' in row && !row.kind) expect(got.slice(0, 2)).toEqual([row.code, row.name]);
      }
      expect(s[s.length - 1]![labels - 1]).toBe(t.total.label);
    }
  });

  it('formats the demo amounts and consumption percentages with the Swedish display formats', () => {
    const contents = sheets.get(CONTENTS_SHEET)!;
    const name = contents.find((row) => row[1] === 'Kommunledning per enhet (tkr)')![0] as string;
    const t = demo.tables.find((x) => x.id === 'units:ÖKL')!;
    const col = (key: string): string => String.fromCharCode(67 + t.columns.findIndex((c) => c.key === key));
    expect(cellStyle(r, name, `${col('actual')}2`).format).toBe('#,##0;-#,##0');
    expect(cellStyle(r, name, `${col('consumption_pct')}2`).format).toBe('0"%"');
  });
});
