import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { openTestStore } from '../../../test/support/store.ts';
import { formatValue, styleOf } from '../../core/format/index.ts';
import { buildDemo } from '../../demo/index.ts';
import type { Store } from '../../store/index.ts';
import type { ReportModel, Table } from '../model.ts';
import { renderDocx } from './index.ts';
import { reportMeta } from '../../../test/support/report-meta.ts';

// ---------------------------------------------------------------------------------------------
// Reading the document back

interface Docx {
  document: string;
  styles: string;
  footers: string[];
  headers: string[];
  core: string;
  numbering: string;
  files: string[];
  zip: JSZip;
}

async function unpack(buf: Buffer): Promise<Docx> {
  const zip = await JSZip.loadAsync(buf);
  const read = (name: string): Promise<string> => zip.file(name)!.async('string');
  const files = Object.keys(zip.files);
  return {
    zip,
    files,
    document: await read('word/document.xml'),
    styles: await read('word/styles.xml'),
    core: await read('docProps/core.xml'),
    numbering: await read('word/numbering.xml'),
    footers: await Promise.all(files.filter((f) => /^word\/footer\d+\.xml$/.test(f)).map(read)),
    headers: await Promise.all(files.filter((f) => /^word\/header\d+\.xml$/.test(f)).map(read)),
  };
}

const decode = (s: string): string =>
  s.replace(/&(lt|gt|quot|apos|amp|#(\d+));/g, (_m, name: string, code?: string) =>
    code ? String.fromCharCode(Number(code)) : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[name]!,
  );

interface Para {
  xml: string;
  style: string | undefined;
  text: string;
}

/** Paragraphs in document order (those in table cells too), with their style and text. */
function paragraphs(xml: string): Para[] {
  return [...xml.matchAll(/<w:p(?: [^>]*)?>([\s\S]*?)<\/w:p>/g)].map((m) => ({
    xml: m[1]!,
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(m[1]!)?.[1],
    text: decode([...m[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
  }));
}

const tables = (xml: string): string[] => [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => m[1]!);
const rows = (tbl: string): string[] => [...tbl.matchAll(/<w:tr(?: [^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((m) => m[1]!);
const cells = (tr: string): string[] => [...tr.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((m) => m[1]!);
const headings = (xml: string): Array<[string, string]> =>
  paragraphs(xml)
    .filter((p) => p.style && /^Heading\d$/.test(p.style))
    .map((p) => [p.style!, p.text]);

/** The XML of the style with the given id in styles.xml. */
function style(styles: string, id: string): string {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>([\\s\\S]*?)</w:style>`).exec(styles);
  return m ? m[1]! : '';
}

// ---------------------------------------------------------------------------------------------
// Models

const META: ReportModel['report'] = reportMeta({ organisationName: 'Provkommunen' });

function unitsTable(id: string, title: string): Table {
  return {
    id,
    kind: 'units',
    scope: 'N',
    title,
    columns: [
      { key: 'actual', label: 'Ack Mars Utfall' },
      { key: 'consumption_pct', label: 'Ack Mars Förb i %' },
      { key: 'variance', label: 'Helår Avv Progn-Budg' },
    ],
    rows: [
      { code: 'A', name: 'Avd <A> & co', group: 'G', values: { actual: -12417, consumption_pct: 93, variance: 250 } },
      { code: 'B', name: 'Avd B', group: 'G', values: { actual: -1000, consumption_pct: null, variance: -9 } },
      { code: 'G', name: 'Grupp', kind: 'subtotal', group: 'G', values: { actual: -13417, consumption_pct: 101, variance: 241 } },
    ],
    total: { label: 'Summa N', values: { actual: -13417, consumption_pct: 101, variance: 241 } },
  };
}

const chart = {
  id: 'netto',
  title: 'Nettokostnad per månad',
  description: 'Stapeldiagram över nettokostnaden per månad, januari till mars 2024.',
  kind: 'bar' as const,
  unit: 'tkr',
  categories: ['jan', 'feb', 'mar'],
  series: [{ name: 'Utfall', values: [-4100, -4200, null] }],
};

function richModel(): ReportModel {
  return {
    report: META,
    tables: [unitsTable('units', 'Nämnden per enhet'), unitsTable('extra', 'Extra tabell utan kapitel')],
    sections: [
      {
        id: 'sammanfattning',
        number: '1',
        title: 'Sammanfattning <script>alert(1)</script> & slut',
        level: 1,
        blocks: [
          { type: 'paragraph', text: 'Nämnden redovisar ett överskott. Text med <b>taggar</b> & et-tecken.' },
          { type: 'list', items: ['Första punkten', 'Andra punkten'] },
        ],
      },
      { id: 'ekonomi', number: '2', title: 'Ekonomi', level: 1, blocks: [{ type: 'table', tableId: 'units' }] },
      { id: 'drift', number: '2.1', title: 'Driftredovisning', level: 2, blocks: [{ type: 'chart', chart }] },
      {
        id: 'mal',
        number: '2.1.1',
        title: 'Mål',
        level: 3,
        blocks: [
          {
            type: 'grid',
            grid: {
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
              ],
            },
          },
        ],
      },
      { id: 'bilaga', number: null, title: 'Bilaga 1', level: 1, blocks: [{ type: 'paragraph', text: 'Bilagans text.' }] },
    ],
  };
}

// ---------------------------------------------------------------------------------------------

describe('renderDocx on a hand-made model with chapters', () => {
  let d: Docx;
  beforeAll(async () => {
    d = await unpack(await renderDocx(richModel()));
  });

  it('writes chapter titles as Heading 1–3 paragraphs with their number, in order, then the unreferenced table', () => {
    expect(headings(d.document)).toEqual([
      ['Heading1', '1 Sammanfattning <script>alert(1)</script> & slut'],
      ['Heading1', '2 Ekonomi'],
      ['Heading2', '2.1 Driftredovisning'],
      ['Heading3', '2.1.1 Mål'],
      ['Heading1', 'Bilaga 1'],
      ['Heading1', 'Extra tabell utan kapitel'],
    ]);
  });

  it('opens with the title, the organisation and scope, and the period text in named styles', () => {
    const ps = paragraphs(d.document);
    expect(ps[0]).toMatchObject({ style: 'Title', text: META.title });
    expect(ps[1]).toMatchObject({ style: 'Subtitle', text: 'Provkommunen – Nämnden' });
    expect(ps[2]!.text).toBe(`${META.periodText}. Belopp i tkr, intäkter positiva och kostnader negativa; positiv avvikelse är bättre än budget.`);
  });

  it('has a real TOC field over Heading 1–3 whose written entries list the chapters before Word updates it', () => {
    expect(d.document).toMatch(/<w:instrText xml:space="preserve">TOC \\h \\o &quot;1-3&quot;<\/w:instrText>/);
    const toc = /<w:sdt>([\s\S]*?)<\/w:sdt>/.exec(d.document)![1]!;
    expect(toc).toContain('<w:docPartGallery w:val="Table of Contents"/>');
    const entries = paragraphs(toc).filter((p) => p.style?.startsWith('TOC'));
    // An entry: its text, a tab, then a PAGEREF field with the page number.
    const label = (p: Para): string => paragraphs(`<w:p>${p.xml.split('<w:tab/>')[0]}</w:p>`)[0]!.text;
    expect(entries.map((p) => [p.style, label(p)])).toEqual([
      ['TOC1', '1 Sammanfattning <script>alert(1)</script> & slut'],
      ['TOC1', '2 Ekonomi'],
      ['TOC2', '2.1 Driftredovisning'],
      ['TOC3', '2.1.1 Mål'],
      ['TOC1', 'Bilaga 1'],
      ['TOC1', 'Extra tabell utan kapitel'],
    ]);
    // The page numbers are laid out and written with the document.
    expect(entries.every((p) => /\d$/.test(p.text))).toBe(true);
    expect(paragraphs(d.document).find((p) => p.text === 'Innehåll')?.style).toBe('TOCHeading');
  });

  it('escapes text: no raw markup from the model reaches the XML', () => {
    expect(d.document).not.toContain('<script>');
    expect(d.document).not.toContain('<b>');
    expect(d.document).toContain('1 Sammanfattning &lt;script&gt;alert(1)&lt;/script&gt; &amp; slut');
    expect(d.document).toContain('Avd &lt;A&gt; &amp; co');
    expect(d.document).not.toMatch(/&(?!(lt|gt|amp|quot|apos|#\d+);)/);
  });

  it('writes paragraphs in Normal and list items as bullets in the List Bullet style', () => {
    const ps = paragraphs(d.document);
    expect(ps.find((p) => p.text.startsWith('Nämnden redovisar'))?.style).toBe('Normal');
    const items = ps.filter((p) => p.style === 'ListBullet');
    expect(items.map((p) => p.text)).toEqual(['Första punkten', 'Andra punkten']);
    expect(items.every((p) => /<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="\d+"\/><\/w:numPr>/.test(p.xml))).toBe(true);
    expect(d.numbering).toContain('<w:numFmt w:val="bullet"/>');
  });

  it('puts the financial table under a Caption with its title and unit, header row repeated on each page', () => {
    const ps = paragraphs(d.document);
    const caption = ps.find((p) => p.text === 'Nämnden per enhet (tkr)');
    expect(caption?.style).toBe('Caption');
    expect(d.document.indexOf('Nämnden per enhet (tkr)')).toBeLessThan(d.document.indexOf('<w:tbl>'));
    const trs = rows(tables(d.document)[0]!);
    expect(trs[0]).toContain('<w:tblHeader/>');
    expect(trs.slice(1).some((tr) => tr.includes('<w:tblHeader/>'))).toBe(false);
    expect(trs.every((tr) => tr.includes('<w:cantSplit/>'))).toBe(true);
    expect(paragraphs(trs[0]!).map((p) => [p.style, p.text])).toEqual([
      ['TableHeading', 'Enhet'],
      ['TableHeadingNumber', 'Ack Mars Utfall'],
      ['TableHeadingNumber', 'Ack Mars Förb i %'],
      ['TableHeadingNumber', 'Helår Avv Progn-Budg'],
    ]);
  });

  it('writes numbers in the Swedish house style, right aligned by the TableNumber style, first column left', () => {
    const [, a, b] = rows(tables(d.document)[0]!);
    expect(paragraphs(a!).map((p) => [p.style, p.text])).toEqual([
      ['TableText', 'A Avd <A> & co'],
      ['TableNumber', '-12\u00a0417'],
      ['TableNumber', '93%'],
      ['TableNumber', '250'],
    ]);
    expect(paragraphs(b!)[2]!.text).toBe(''); // null: an empty cell
    expect(style(d.styles, 'TableNumber')).toContain('<w:jc w:val="right"/>');
    expect(style(d.styles, 'TableNumber')).toContain('<w:basedOn w:val="TableText"/>');
    expect(style(d.styles, 'TableText')).not.toContain('<w:jc ');
  });

  it('makes subtotal and total rows bold through the TableStrong character style, the total with a top border', () => {
    const trs = rows(tables(d.document)[0]!);
    const sub = trs[3]!;
    const total = trs[4]!;
    expect(paragraphs(sub)[0]!.text).toBe('Summa Grupp');
    expect(paragraphs(total)[0]!.text).toBe('Summa N');
    for (const tr of [sub, total]) for (const c of cells(tr)) expect(c).toContain('<w:rStyle w:val="TableStrong"/>');
    expect(trs[1]).not.toContain('TableStrong');
    for (const c of cells(total)) expect(c).toMatch(/<w:top w:val="single" w:color="1A1A1A" w:sz="12"\/>/);
    expect(style(d.styles, 'TableStrong')).toContain('<w:b/>');
  });

  it('renders a grid with its caption, a spanning group heading and numbers with the column decimals', () => {
    const ps = paragraphs(d.document);
    expect(ps.find((p) => p.text === 'Nämndens mål')?.style).toBe('Caption');
    const grid = tables(d.document).find((t) => t.includes('Fler jobb'))!;
    const trs = rows(grid);
    expect(trs[0]).toContain('<w:tblHeader/>');
    expect(cells(trs[1]!)).toHaveLength(1);
    expect(trs[1]).toContain('<w:gridSpan w:val="3"/>');
    expect(paragraphs(trs[1]!)[0]!.text).toBe('Strategiskt mål 1');
    expect(paragraphs(trs[2]!).map((p) => [p.style, p.text])).toEqual([
      ['TableText', 'Fler jobb'],
      ['TableText', 'Uppfylls'],
      ['TableNumber', '1\u00a0234,5'],
    ]);
  });

  it('embeds a chart as a PNG picture with the Swedish description as alt text, captioned with its title', async () => {
    const media = d.files.filter((f) => /^word\/media\/.+\.png$/.test(f));
    expect(media).toHaveLength(1);
    const png = await d.zip.file(media[0]!)!.async('uint8array');
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(d.document).toMatch(/<wp:docPr [^>]*descr="Stapeldiagram över nettokostnaden per månad, januari till mars 2024\."/);
    expect(d.document).toMatch(/<wp:docPr [^>]*title="Nettokostnad per månad"/);
    const ps = paragraphs(d.document);
    const i = ps.findIndex((p) => p.xml.includes('<w:drawing>'));
    expect(ps[i + 1]).toMatchObject({ style: 'Caption', text: 'Nettokostnad per månad' });
  });

  it('puts tables no chapter refers to after the chapters, each once', () => {
    const doc = d.document;
    expect(doc.indexOf('Extra tabell utan kapitel (tkr)')).toBeGreaterThan(doc.indexOf('Bilagans text.'));
    expect(doc.split('Nämnden per enhet (tkr)')).toHaveLength(2);
    expect(tables(doc).filter((t) => t.includes('Summa N'))).toHaveLength(2);
  });

  it('defines every style it uses in the styles part, with the document language sv-SE in the run defaults', () => {
    const docDefaults = /<w:docDefaults>([\s\S]*?)<\/w:docDefaults>/.exec(d.styles)![1]!;
    expect(docDefaults).toContain('<w:lang w:val="sv-SE"/>');
    for (const id of ['Normal', 'Title', 'Subtitle', 'Heading1', 'Heading2', 'Heading3', 'Caption', 'TableText', 'TableNumber', 'TableHeading', 'ListBullet', 'TOCHeading', 'Header', 'Footer'])
      expect(style(d.styles, id), id).not.toBe('');
    const used = new Set([...d.document.matchAll(/<w:(?:p|r)Style w:val="([^"]+)"\/>/g)].map((m) => m[1]!));
    for (const id of used) expect(style(d.styles, id), id).not.toBe('');
    expect(style(d.styles, 'Heading2')).toContain('<w:name w:val="heading 2"/>');
    expect(style(d.styles, 'Heading1')).toContain('<w:outlineLvl w:val="0"/>');
  });

  it('has a footer "Sida X av Y" with PAGE and NUMPAGES fields and a header with the report title', () => {
    const footer = d.footers.join('');
    expect(footer).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
    expect(footer).toContain('<w:instrText xml:space="preserve">NUMPAGES</w:instrText>');
    expect(paragraphs(footer)[0]!.text).toMatch(/^Sida \d* av \d*$/);
    expect(paragraphs(d.headers.join(''))[0]).toMatchObject({ style: 'Header', text: META.title });
  });

  it('sets the core properties: title, creator Prognos and a description', () => {
    expect(d.core).toContain(`<dc:title>${META.title}</dc:title>`);
    expect(d.core).toContain('<dc:creator>Prognos</dc:creator>');
    expect(d.core).toContain('<dc:description>Utfall januari–mars 2024, prognos P1 för helåret. Belopp i tkr, intäkter positiva och kostnader negativa.</dc:description>');
  });
});

describe('renderDocx on edge cases', () => {
  it('drops characters XML cannot carry and keeps line breaks of a paragraph', async () => {
    const model: ReportModel = {
      report: { ...META, title: 'Rapport\u0001 med kontrolltecken' },
      tables: [],
      sections: [{ id: 's', number: '1', title: 'Text\u0007', level: 1, blocks: [{ type: 'paragraph', text: 'Rad ett\nRad två\u0000' }] }],
    };
    const d = await unpack(await renderDocx(model));
    expect(d.document).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(headings(d.document)).toEqual([['Heading1', '1 Text']]);
    const p = paragraphs(d.document).find((x) => x.text.startsWith('Rad ett'))!;
    expect(p.text).toBe('Rad ettRad två');
    expect(p.xml).toMatch(/Rad ett<\/w:t><\/w:r><w:r><w:br\/><w:t xml:space="preserve">Rad två/);
  });

  it('leaves the page numbers of the TOC to Word when a text has a very long unbreakable word', async () => {
    const url = `https://example.invalid/${'a'.repeat(3000)}`;
    const started = Date.now();
    const d = await unpack(
      await renderDocx({ report: META, tables: [], sections: [{ id: 's', number: '1', title: 'Länkar', level: 1, blocks: [{ type: 'paragraph', text: url }] }] }),
    );
    expect(Date.now() - started).toBeLessThan(5000);
    const toc = /<w:sdt>([\s\S]*?)<\/w:sdt>/.exec(d.document)![1]!;
    expect(paragraphs(toc).find((p) => p.style === 'TOC1')!.text).toBe('1 Länkar');
    expect(d.document).toContain(url);
  });

  it('renders a model with neither chapters nor tables: title page only, no table of contents, never the organisation id', async () => {
    const d = await unpack(await renderDocx({ report: { ...META, organisationName: undefined }, tables: [], sections: [] }));
    expect(d.document).not.toContain('TOC \\h');
    expect(paragraphs(d.document).map((p) => p.text)).toEqual([META.title, 'Nämnden', expect.stringContaining(META.periodText)]);
  });

  it('writes the cost-positive sign convention in the meta line', async () => {
    const d = await unpack(await renderDocx({ report: { ...META, sign: 'cost-positive' }, tables: [], sections: [] }));
    expect(paragraphs(d.document)[2]!.text).toContain('Belopp i tkr, kostnader positiva; positiv avvikelse är bättre än budget.');
  });
});

describe('renderDocx on the demo report', () => {
  let store: Store;
  let model: ReportModel;
  let d: Docx;
  beforeAll(async () => {
    store = await openTestStore('embedded');
    model = (await buildDemo(store)).report;
    d = await unpack(await renderDocx(model));
  });
  afterAll(async () => {
    await store?.close();
  });

  it('writes the demo chapters as headings, then the tables no chapter refers to', () => {
    const referenced = new Set(model.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'table' ? [b.tableId] : []))));
    expect(headings(d.document)).toEqual([
      ...model.sections.map((s) => [`Heading${s.level}`, s.number ? `${s.number} ${s.title}` : s.title]),
      ...model.tables.filter((t) => !referenced.has(t.id)).map((t) => ['Heading1', t.title]),
    ]);
  });

  it('writes every demo table once, with a repeating header row and every cell in the Swedish house style', () => {
    const order = [...new Set([...model.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'table' ? [b.tableId] : []))), ...model.tables.map((t) => t.id)])];
    const financial = tables(d.document).filter((t) => /TableHeading"\/>[\s\S]*?(Enhet|Kontogrupp|Verksamhet|Belopp i tkr)</.test(rows(t)[0]!));
    expect(financial).toHaveLength(model.tables.length);
    for (const [i, id] of order.entries()) {
      const t = model.tables.find((x) => x.id === id)!;
      const trs = rows(financial[i]!);
      expect(trs).toHaveLength(t.rows.length + 2);
      expect(trs[0]).toContain('<w:tblHeader/>');
      expect(paragraphs(trs[0]!).slice(1).map((p) => p.text)).toEqual(t.columns.map((c) => c.label));
      for (const [ri, r] of [...t.rows, t.total].entries()) {
        const texts = paragraphs(trs[ri + 1]!).slice(1).map((p) => p.text);
        expect(texts).toEqual(t.columns.map((c) => formatValue(r.values[c.key] ?? null, styleOf(c.key))));
      }
    }
  });

  it('prints a known demo amount with the no-break space as thousands separator', () => {
    const units = model.tables.find((t) => t.id === 'units:ÖKL')!;
    const klc = units.rows.find((r) => r.code === 'KLC')!;
    expect(klc.values.closing_prev).toBe(-2614);
    expect(d.document).toContain('<w:t xml:space="preserve">-2\u00a0614</w:t>');
    expect(d.document).not.toMatch(/NaN|undefined|#DIVISION/);
  });
});
