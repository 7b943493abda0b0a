/**
 * The report as a Word document (DOCX): the same structure and Swedish texts as the HTML
 * rendering — title, table of contents, the chapters in order, then the tables no chapter
 * refers to. Every paragraph carries a named style (Title, Heading1–3, Normal, Caption,
 * TableText …) defined in the styles part, so a municipality's Word template can restyle the
 * document; direct formatting is kept to table borders and shading. Language sv-SE.
 */
import { inlineRuns } from '../inline.ts';
import { Resvg } from '@resvg/resvg-js';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  ImageRun,
  LevelFormat,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  HeadingLevel,
  type IParagraphStyleOptions,
  type ITableCellBorders,
} from 'docx';
import { estimatePageNumbers } from 'docx/layout';
import type { Table as FinancialTable } from '../../core/compute/index.ts';
import { formatDecimal, formatValue, styleOf } from '../../core/format/index.ts';
import { chartSvg } from '../charts/index.ts';
import type { Block, Chart, Grid, ReportModel, Section } from '../model.ts';

/** Style ids written in the styles part; a template overriding them restyles the document. */
export const DOCX_STYLES = {
  title: 'Title',
  subtitle: 'Subtitle',
  normal: 'Normal',
  tocHeading: 'TOCHeading',
  caption: 'Caption',
  /** A minor heading inside a chapter; not an outline level, so not in the TOC. */
  subheading: 'Subheading',
  listBullet: 'ListBullet',
  tableText: 'TableText',
  tableNumber: 'TableNumber',
  tableHeading: 'TableHeading',
  tableHeadingNumber: 'TableHeadingNumber',
  /** Character style: the bold of subtotal, total and group heading rows. */
  tableStrong: 'TableStrong',
  header: 'Header',
  footer: 'Footer',
} as const;

const S = DOCX_STYLES;
const BULLETS = 'prognos-punktlista';
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;

// A4 portrait, 20 mm margins: 170 mm of text width.
const MM = 1440 / 25.4;
const PAGE = { width: 11906, height: 16838, margin: Math.round(20 * MM) };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH / 1440) * 96);

const COLOR = { accent: '1F4E79', rule: '1A1A1A', light: 'D0D0D0', headFill: 'DCE6F1', subFill: 'EEF3F8', totalFill: 'E2E9F1', muted: '444444' };

/** Removes what XML 1.0 cannot carry (control characters, lone surrogates); tabs become spaces. */
function xmlSafe(s: string): string {
  return s
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/** Text runs of a string; line breaks in the text become line breaks in the paragraph. */
function runs(text: string, style?: string): TextRun[] {
  return xmlSafe(text)
    .split(/\r\n|\r|\n/)
    .map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, style }));
}

/** Narrative text with its **bold** and *italic* runs (the Markdown subset), line breaks kept. */
function inlineTextRuns(text: string): TextRun[] {
  return inlineRuns(text).flatMap((r) =>
    xmlSafe(r.text)
      .split(/\r\n|\r|\n/)
      .map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, bold: r.bold, italics: r.italic })),
  );
}

const para = (text: string, style: string, runStyle?: string, keepNext?: boolean): Paragraph =>
  new Paragraph({ style, keepNext, children: runs(text, runStyle) });

function styles(): IParagraphStyleOptions[] {
  const heading = (id: string, name: string, size: number, outlineLevel: number, before: number): IParagraphStyleOptions => ({
    id,
    name,
    basedOn: S.normal,
    next: S.normal,
    quickFormat: true,
    run: { bold: true, size, color: COLOR.accent },
    paragraph: { keepNext: true, keepLines: true, outlineLevel, spacing: { before, after: 120 } },
  });
  return [
    { id: S.normal, name: 'Normal', quickFormat: true, run: { font: 'Calibri', size: 22 }, paragraph: { spacing: { after: 120, line: 264, lineRule: LineRuleType.AUTO } } },
    { id: S.title, name: 'Title', basedOn: S.normal, next: S.normal, quickFormat: true, run: { size: 52, color: COLOR.accent }, paragraph: { spacing: { after: 120, line: 240, lineRule: LineRuleType.AUTO } } },
    { id: S.subtitle, name: 'Subtitle', basedOn: S.normal, next: S.normal, quickFormat: true, run: { size: 28, color: COLOR.muted }, paragraph: { spacing: { after: 240 } } },
    heading('Heading1', 'heading 1', 32, 0, 360),
    heading('Heading2', 'heading 2', 26, 1, 280),
    heading('Heading3', 'heading 3', 22, 2, 200),
    { id: S.tocHeading, name: 'TOC Heading', basedOn: S.normal, next: S.normal, run: { bold: true, size: 32, color: COLOR.accent }, paragraph: { keepNext: true, spacing: { before: 360, after: 120 } } },
    { id: S.subheading, name: 'Subheading', basedOn: S.normal, next: S.normal, quickFormat: true, run: { bold: true, size: 22, color: COLOR.accent }, paragraph: { keepNext: true, spacing: { before: 200, after: 80 } } },
    { id: S.caption, name: 'caption', basedOn: S.normal, next: S.normal, quickFormat: true, run: { bold: true, size: 18 }, paragraph: { keepNext: true, spacing: { before: 160, after: 60 } } },
    { id: S.listBullet, name: 'List Bullet', basedOn: S.normal, paragraph: { spacing: { after: 60 } } },
    { id: S.tableText, name: 'Table Text', basedOn: S.normal, quickFormat: true, run: { size: 16 }, paragraph: { spacing: { before: 20, after: 20, line: 240, lineRule: LineRuleType.AUTO } } },
    { id: S.tableNumber, name: 'Table Number', basedOn: S.tableText, paragraph: { alignment: AlignmentType.RIGHT } },
    { id: S.tableHeading, name: 'Table Heading', basedOn: S.tableText, run: { bold: true }, paragraph: { keepNext: true } },
    { id: S.tableHeadingNumber, name: 'Table Heading Number', basedOn: S.tableHeading, paragraph: { alignment: AlignmentType.RIGHT } },
    { id: S.header, name: 'header', basedOn: S.normal, run: { size: 16, color: COLOR.muted }, paragraph: { spacing: { after: 0 } } },
    { id: S.footer, name: 'footer', basedOn: S.normal, run: { size: 16, color: COLOR.muted }, paragraph: { alignment: AlignmentType.RIGHT, spacing: { after: 0 } } },
  ];
}

// ---------------------------------------------------------------------------------------------
// Tables

type Border = NonNullable<ITableCellBorders['top']>;
const line = (size: number, color: string): Border => ({ style: BorderStyle.SINGLE, size, color });
const NONE: Border = { style: BorderStyle.NONE, size: 0, color: 'auto' };

interface CellSpec {
  text: string;
  style: string;
  strong?: boolean;
  fill?: string;
  top?: Border;
  bottom?: Border;
  span?: number;
}

function cell(c: CellSpec, widthTwips: number, keepNext: boolean): TableCell {
  return new TableCell({
    children: [para(c.text, c.style, c.strong ? S.tableStrong : undefined, keepNext || undefined)],
    width: { size: widthTwips, type: WidthType.DXA },
    columnSpan: c.span,
    shading: c.fill ? { type: ShadingType.CLEAR, fill: c.fill, color: 'auto' } : undefined,
    borders: { top: c.top ?? NONE, bottom: c.bottom ?? line(4, COLOR.light), left: NONE, right: NONE },
  });
}

/** Tables up to this many rows are kept on one page when they fit; longer ones keep their last rows together. */
const KEEP_TOGETHER_ROWS = 15;
const KEEP_LAST_ROWS = 3;

/**
 * A table whose first row is the header: repeated on every page; no row splits across pages.
 * A short table is kept on one page, a long one doesn't leave its total alone on the next.
 */
function wordTable(widths: number[], rows: CellSpec[][]): Table {
  const keepFrom = rows.length <= KEEP_TOGETHER_ROWS ? 0 : rows.length - KEEP_LAST_ROWS;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { left: 57, right: 57, top: 0, bottom: 0 },
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
    rows: rows.map((cells, i) => {
      let col = 0;
      return new TableRow({
        tableHeader: i === 0,
        cantSplit: true,
        children: cells.map((c) => {
          const w = widths.slice(col, col + (c.span ?? 1)).reduce((a, b) => a + b, 0);
          col += c.span ?? 1;
          return cell(c, w, i >= keepFrom && i < rows.length - 1);
        }),
      });
    }),
  });
}

/** Widths in twips from weights, summing to the text width exactly. */
function widthsOf(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const w = weights.map((x) => Math.floor((x / total) * TEXT_WIDTH));
  w[0]! += TEXT_WIDTH - w.reduce((a, b) => a + b, 0);
  return w;
}

function firstHeader(t: FinancialTable): string {
  return t.kind === 'account-groups' ? 'Kontogrupp' : t.kind === 'activities' ? 'Verksamhet' : t.kind === 'net-summary' ? 'Belopp i tkr' : 'Enhet';
}

function rowLabel(code: string, name: string): string {
  return code && code !== name ? `${code} ${name}` : name;
}

const HEAD = { fill: COLOR.headFill, bottom: line(8, COLOR.rule) };

function financialTable(t: FinancialTable): Array<Paragraph | Table> {
  const header: CellSpec[] = [
    { text: firstHeader(t), style: S.tableHeading, ...HEAD },
    ...t.columns.map((c) => ({ text: c.label, style: S.tableHeadingNumber, ...HEAD })),
  ];
  const values = (v: Record<string, number | null>, strong: boolean, extra: Partial<CellSpec>): CellSpec[] =>
    t.columns.map((c) => ({ text: formatValue(v[c.key] ?? null, styleOf(c.key)), style: S.tableNumber, strong, ...extra }));
  const body = t.rows.map((r): CellSpec[] => {
    const sub = r.kind === 'subtotal';
    const extra: Partial<CellSpec> = sub ? { fill: COLOR.subFill } : {};
    return [{ text: sub ? `Summa ${r.name}` : rowLabel(t.kind === 'net-summary' ? '' : r.code, r.name), style: S.tableText, strong: sub, ...extra }, ...values(r.values, sub, extra)];
  });
  const totalExtra: Partial<CellSpec> = { fill: COLOR.totalFill, top: line(12, COLOR.rule), bottom: line(8, COLOR.rule) };
  const total: CellSpec[] = [{ text: t.total.label, style: S.tableText, strong: true, ...totalExtra }, ...values(t.total.values, true, totalExtra)];
  return [para(`${t.title} (tkr)`, S.caption), wordTable(widthsOf([3.2, ...t.columns.map(() => 1)]), [header, ...body, total])];
}

function gridTable(g: Grid): Array<Paragraph | Table> {
  const isNum = g.columns.map((c) => c.kind === 'number');
  const header: CellSpec[] = g.columns.map((c, i) => ({ text: c.label, style: isNum[i] ? S.tableHeadingNumber : S.tableHeading, ...HEAD }));
  const body = g.rows.map((r): CellSpec[] => {
    if (r.kind === 'heading') {
      const text = Object.values(r.cells).filter((v) => v !== null && v !== '').join(' ');
      return [{ text, style: S.tableText, strong: true, fill: COLOR.subFill, span: g.columns.length }];
    }
    const sub = r.kind === 'subtotal';
    return g.columns.map((c, i) => {
      const v = r.cells[c.key] ?? null;
      const text = v === null ? '' : typeof v === 'number' ? formatDecimal(v, c.decimals ?? 0) : v;
      return { text, style: isNum[i] ? S.tableNumber : S.tableText, strong: sub, fill: sub ? COLOR.subFill : undefined };
    });
  });
  const weights = g.columns.map((c) => (c.kind === 'number' ? 1 : c.kind === 'status' ? 1.3 : 3));
  return [para(g.title, S.caption), wordTable(widthsOf(weights), [header, ...body])];
}

// ---------------------------------------------------------------------------------------------
// Charts

/** The chart as a PNG (from its SVG, at twice the printed size) in a paragraph, with its title as caption. */
function chartBlock(chart: Chart): Paragraph[] {
  const svg = chartSvg(chart);
  const probe = new Resvg(svg, { font: { loadSystemFonts: false } });
  const width = Math.min(TEXT_WIDTH_PX, Math.round(probe.width));
  const height = Math.round((probe.height / probe.width) * width);
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: width * 2 }, background: '#ffffff', font: { loadSystemFonts: true } }).render().asPng();
  const image = new ImageRun({
    type: 'png',
    data: png,
    transformation: { width, height },
    altText: { name: xmlSafe(chart.id), title: xmlSafe(chart.title), description: xmlSafe(chart.description) },
  });
  // The caption follows the picture, as the HTML's figcaption; unlike a table's caption it doesn't keep with what follows.
  return [new Paragraph({ style: S.normal, keepNext: true, children: [image] }), new Paragraph({ style: S.caption, keepNext: false, children: runs(chart.title) })];
}

// ---------------------------------------------------------------------------------------------
// Document

function headingParagraph(text: string, level: 1 | 2 | 3): Paragraph {
  return new Paragraph({ heading: HEADINGS[level - 1], children: runs(text) });
}

function blockContent(b: Block, model: ReportModel, rendered: Set<string>): Array<Paragraph | Table> {
  switch (b.type) {
    case 'paragraph':
      return [new Paragraph({ style: S.normal, children: inlineTextRuns(b.text) })];
    case 'subheading':
      return [para(b.text, S.subheading)];
    case 'list':
      return b.items.map((item) => new Paragraph({ style: S.listBullet, numbering: { reference: BULLETS, level: 0 }, children: inlineTextRuns(item) }));
    case 'table': {
      const t = model.tables.find((x) => x.id === b.tableId);
      if (!t) return [];
      rendered.add(t.id);
      return financialTable(t);
    }
    case 'grid':
      return gridTable(b.grid);
    case 'chart':
      return chartBlock(b.chart);
  }
}

function sectionContent(s: Section, model: ReportModel, rendered: Set<string>): Array<Paragraph | Table> {
  const title = s.number ? `${s.number} ${s.title}` : s.title;
  return [headingParagraph(title, s.level), ...s.blocks.flatMap((b) => blockContent(b, model, rendered))];
}

/**
 * docx/layout lays out the pages to write the page numbers of the table of contents; its time
 * grows with the square of the longest unbreakable word (a 4 000-character one takes seconds).
 * Past this length the TOC's entries are written without page numbers, for Word to fill in.
 */
const MAX_WORD_FOR_LAYOUT = 120;

/** Length of the longest run of non-space characters in any text of the model. */
function longestWord(value: unknown): number {
  if (typeof value === 'string') return value.split(/\s+/).reduce((m, w) => Math.max(m, w.length), 0);
  const children = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : [];
  return children.reduce((m: number, v) => Math.max(m, longestWord(v)), 0);
}

function signText(sign: ReportModel['report']['sign']): string {
  return sign === 'net' ? ', intäkter positiva och kostnader negativa' : ', kostnader positiva';
}

export async function renderDocx(model: ReportModel): Promise<Buffer> {
  const r = model.report;
  const rendered = new Set<string>();
  const chapters = model.sections.flatMap((s) => sectionContent(s, model, rendered));
  // Tables no chapter refers to still belong in the report: after the chapters, as in the HTML.
  const rest = model.tables.filter((t) => !rendered.has(t.id)).flatMap((t) => [headingParagraph(t.title, 1), ...financialTable(t)]);
  const body = [...chapters, ...rest];
  const hasHeadings = model.sections.length > 0 || rest.length > 0;

  // The organisation id ("default") is internal: without a municipality name only the board is named.
  const organisation = r.organisationName;
  const front: Array<Paragraph | Table | TableOfContents> = [
    para(r.title, S.title),
    para(!organisation || organisation === r.scope.name ? r.scope.name : `${organisation} – ${r.scope.name}`, S.subtitle),
    para(`${r.periodText}. Belopp i tkr${signText(r.sign)}; positiv avvikelse är bättre än budget.`, S.normal),
  ];
  if (hasHeadings) {
    // A real TOC field over Heading 1–3. Its entries are written with the document (and their
    // page numbers laid out by docx/layout), so it reads as a list of the chapters before Word
    // updates any field.
    front.push(para('Innehåll', S.tocHeading), new TableOfContents('Innehåll', { hyperlink: true, headingStyleRange: '1-3' }));
    front.push(new Paragraph({ children: [new PageBreak()] }));
  }

  const doc = new Document({
    title: xmlSafe(r.title),
    subject: xmlSafe(r.scope.name),
    creator: 'Prognos',
    lastModifiedBy: 'Prognos',
    description: xmlSafe(`${r.periodText}. Belopp i tkr${signText(r.sign)}.`),
    keywords: 'uppföljning, prognos, tkr',
    pageNumbers: longestWord(model) <= MAX_WORD_FOR_LAYOUT ? estimatePageNumbers : undefined,
    styles: {
      default: { document: { run: { language: { value: 'sv-SE' }, font: 'Calibri', size: 22 } } },
      paragraphStyles: styles(),
      characterStyles: [{ id: S.tableStrong, name: 'Table Strong', run: { bold: true } }],
    },
    numbering: {
      config: [
        {
          reference: BULLETS,
          levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 360, hanging: 360 } } } }],
        },
      ],
    },
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin } } },
        headers: { default: new Header({ children: [para(r.title, S.header)] }) },
        footers: {
          default: new Footer({
            children: [new Paragraph({ style: S.footer, children: [new TextRun({ children: ['Sida ', PageNumber.CURRENT, ' av ', PageNumber.TOTAL_PAGES] })] })],
          }),
        },
        children: [...front, ...body],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
