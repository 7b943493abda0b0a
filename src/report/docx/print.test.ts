// The DOCX's print rules, read back from the document: every table fits its section's page
// (a wide table in a landscape section of its own, a wide grid reflowed into one block per row),
// the cover and a TOC field Word updates when the document is opened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { openTestStore } from '../../../test/support/store.ts';
import { buildDemo } from '../../demo/index.ts';
import type { Store } from '../../store/index.ts';
import type { ReportModel, Table } from '../model.ts';
import { renderDocx } from './index.ts';

const decode = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const texts = (xml: string): string => decode([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));

interface WordSection {
  landscape: boolean;
  /** Page width in twips. */
  width: number;
  tables: string[];
  xml: string;
}

/** The body's sections in order: the content before each `w:sectPr` belongs to it. */
async function sections(buf: Buffer): Promise<{ sections: WordSection[]; document: string; settings: string }> {
  const zip = await JSZip.loadAsync(buf);
  const document = await zip.file('word/document.xml')!.async('string');
  const settings = await zip.file('word/settings.xml')!.async('string');
  const body = /<w:body>([\s\S]*)<\/w:body>/.exec(document)![1]!;
  const parts = body.split(/(?<=<\/w:sectPr>)/).filter((p) => p.includes('<w:sectPr'));
  return {
    document,
    settings,
    sections: parts.map((xml) => {
      const pgSz = /<w:pgSz ([^>]*)\/>/.exec(xml)![1]!;
      return {
        landscape: /w:orient="landscape"/.test(pgSz),
        width: Number(/w:w="(\d+)"/.exec(pgSz)![1]),
        tables: [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => m[1]!),
        xml,
      };
    }),
  };
}

/**
 * A word of a cell fits its column when its width at the cell's size — Calibri is narrower than
 * 0.55 em per character on average, bold included — plus the cell's margins is the column's
 * width at most. A heading broken letter by letter ("Prog nos effek t") fails this.
 */
function overfullCells(tbl: string): string[] {
  const widths = [...tbl.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
  const out: string[] = [];
  for (const tr of tbl.matchAll(/<w:tr(?: [^>]*)?>([\s\S]*?)<\/w:tr>/g)) {
    let col = 0;
    for (const tc of tr[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)) {
      const span = Number(/<w:gridSpan w:val="(\d+)"\/>/.exec(tc[1]!)?.[1] ?? 1);
      const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
      col += span;
      const longest = texts(tc[1]!)
        .split(/[ \t\n]+/)
        .reduce((m, w) => Math.max(m, w.length), 0);
      // 8 pt table text: 0.55 × 8 pt × 20 twips per pt per character, 114 twips of cell margins
      // (a number's no-break spaces keep it one word)
      if (longest * 0.55 * 8 * 20 + 114 > width) out.push(texts(tc[1]!).slice(0, 40));
    }
  }
  return out;
}

function wideTable(): Table {
  const columns = Array.from({ length: 12 }, (_, i) => ({ key: `c${i}`, label: `Kolumn nummer ${i + 1}` }));
  const values = Object.fromEntries(columns.map((c, i) => [c.key, -123456 * (i + 1)]));
  return { id: 'bred', kind: 'units', scope: 'N', title: 'En bred tabell', columns, rows: [{ code: 'A', name: 'Avdelning A', group: 'G', values }], total: { label: 'Summa', values } } as unknown as Table;
}

describe('DOCX print rules', () => {
  let store: Store;
  let demo: ReportModel;
  let programmeDemo: ReportModel;
  beforeAll(async () => {
    store = await openTestStore('embedded');
    ({ report: demo, programmeReport: programmeDemo } = await buildDemo(store));
  });
  afterAll(async () => {
    await store?.close();
  });

  it('puts a table too wide for A4 portrait in a landscape section of its own, the text around it stays portrait', async () => {
    const model: ReportModel = {
      ...demo,
      tables: [wideTable()],
      sections: [
        { id: 'a', number: '1', title: 'Före', level: 1, blocks: [{ type: 'paragraph', text: 'Text före.' }, { type: 'table', tableId: 'bred' }] },
        { id: 'b', number: '2', title: 'Efter', level: 1, blocks: [{ type: 'paragraph', text: 'Text efter.' }] },
      ],
    };
    const { sections: s } = await sections(await renderDocx(model));
    const wide = s.filter((x) => x.xml.includes('En bred tabell (tkr)'));
    expect(wide).toHaveLength(1);
    expect(wide[0]!.landscape).toBe(true);
    expect(wide[0]!.width).toBeGreaterThan(16000);
    expect(wide[0]!.tables).toHaveLength(1);
    expect(overfullCells(wide[0]!.tables[0]!)).toEqual([]);
    for (const other of s.filter((x) => x !== wide[0])) expect(other.landscape).toBe(false);
    expect(s.find((x) => x.xml.includes('Text efter.'))!.landscape).toBe(false);
  });

  it('reflows the demo measures into one block per measure, and every table of both demo reports fits its page', async () => {
    const { sections: s, document } = await sections(await renderDocx(demo));
    for (const n of [1, 2, 3, 4]) expect(document).toContain(`>Åtgärd ${n}<`);
    // the measures' nine columns are never one table
    expect(document).not.toMatch(/Prognos effekt under året, mnkr<\/w:t>[\s\S]{0,2000}Beräknad total effekt, mnkr<\/w:t>[\s\S]{0,400}<\/w:tr>/);
    const programme = await sections(await renderDocx(programmeDemo));
    for (const section of [...s, ...programme.sections]) {
      for (const tbl of section.tables) expect(overfullCells(tbl), texts(tbl).slice(0, 60)).toEqual([]);
    }
  });

  it('prints a cover with the logo, the municipality, the board and the decision, and a TOC field Word updates on opening', async () => {
    const { document, settings } = await sections(await renderDocx(demo));
    const cover = document.slice(0, document.indexOf('<w:br w:type="page"/>'));
    expect(cover).toContain('<w:drawing>');
    expect(cover).toContain('descr="Demokommunens logotyp"');
    expect(texts(cover)).toContain('Demokommunen – Kommunstyrelsen');
    expect(texts(cover)).toContain('Beslutad av Kommunstyrelsen den 3 juni 2024');
    expect(document).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-3&quot;/);
    expect(settings).toMatch(/<w:updateFields(?: w:val="(?:true|1)")?\/>/);
  });
});
