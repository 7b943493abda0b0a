/**
 * The report as a Word document (DOCX): the same structure and Swedish texts as the HTML
 * rendering — title, table of contents, the chapters in order, then the tables no chapter
 * refers to. Every paragraph carries a named style (Title, Heading1–3, Normal, Caption,
 * TableText …) defined in the styles part, so a municipality's Word template can restyle the
 * document; direct formatting is kept to table borders and shading. Language sv-SE.
 *
 * Print rules from `print.ts`, as in the PDF: a cover page (logo, municipality, board, title,
 * period, the decision when known), a TOC field Word fills in when the document is opened, grids
 * too wide for A4 portrait as one block per row, tables too wide in a landscape section of their
 * own, header rows repeated, no row split, a caption and header row kept with the first rows and
 * the total with the last rows.
 */
import { appendixParagraphs, decisionNumbering, decisionParagraphs, inlineTextRuns, WordNotes, xmlSafe } from './document.ts';
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
  PageOrientation,
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
import { hasAppendixChapter, type Block, type Chart, type Grid, type ReportModel, type Section } from '../model.ts';
import { decisionText, diaryText, gridRecords, runningHeader, isReflowed, logoImage, organisationTitle, rowGroups, tableOrientation, type Orientation } from '../print.ts';

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
/** Text width of a landscape section. */
const LANDSCAPE_TEXT_WIDTH = PAGE.height - 2 * PAGE.margin;
const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH / 1440) * 96);

const COLOR = { accent: '1F4E79', rule: '1A1A1A', light: 'D0D0D0', headFill: 'DCE6F1', subFill: 'EEF3F8', totalFill: 'E2E9F1', muted: '444444' };


/** Text runs of a string; line breaks in the text become line breaks in the paragraph. */
function runs(text: string, style?: string): TextRun[] {
  return xmlSafe(text)
    .split(/\r\n|\r|\n/)
    .map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, style }));
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

/**
 * A table whose first row is the header: repeated on every page; no row splits across pages.
 * The rows `print.ts` keeps together keep with the next row: a short table stays on one page,
 * a long one keeps its header with its first rows and its total with its last rows.
 */
function wordTable(widths: number[], rows: CellSpec[][], header = true): Table {
  const groups = rowGroups(rows.length - 1);
  const kept = (i: number): boolean => {
    if (i === 0) return rows.length > 1;
    const g = groups.find(([from, to]) => i - 1 >= from && i - 1 < to);
    return !!g && (g === groups[0] || g === groups[groups.length - 1]) && i - 1 < g[1] - 1;
  };
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { left: 57, right: 57, top: 0, bottom: 0 },
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
    rows: rows.map((cells, i) => {
      let col = 0;
      return new TableRow({
        tableHeader: header && i === 0,
        cantSplit: true,
        children: cells.map((c) => {
          const w = widths.slice(col, col + (c.span ?? 1)).reduce((a, b) => a + b, 0);
          col += c.span ?? 1;
          return cell(c, w, kept(i));
        }),
      });
    }),
  });
}

/** Widths in twips from weights, summing to the text width exactly. */
function widthsOf(weights: number[], width = TEXT_WIDTH): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const w = weights.map((x) => Math.floor((x / total) * width));
  w[0]! += width - w.reduce((a, b) => a + b, 0);
  return w;
}

function firstHeader(t: FinancialTable): string {
  return t.kind === 'account-groups' ? 'Kontogrupp' : t.kind === 'activities' ? 'Verksamhet' : t.kind === 'net-summary' ? 'Belopp i tkr' : 'Enhet';
}

function rowLabel(code: string, name: string): string {
  return code && code !== name ? `${code} ${name}` : name;
}

const HEAD = { fill: COLOR.headFill, bottom: line(8, COLOR.rule) };

/** Twips a word of 8 pt table text needs at most (Calibri averages under 0.55 em a character), with the cell's margins. */
const wordTwips = (text: string): number => text.split(/[ \t\n]+/).reduce((m, w) => Math.max(m, w.length), 0) * 0.55 * 8 * 20 + 114;
/** The label column of a financial table is never narrower than this (about 32 mm). */
const MIN_LABEL_TWIPS = 1800;

/**
 * Column widths of a financial table: each amount column as wide as its longest word (header or
 * value) needs, at least its share; the label column takes the rest. Null when the label column
 * would be narrower than MIN_LABEL_TWIPS: the table needs a landscape page.
 */
function financialWidths(t: FinancialTable, width: number): number[] | null {
  const share = Math.floor(width / (3.2 + t.columns.length));
  const texts = (key: string): string[] => [...t.rows.map((r) => r.values), t.total.values].map((v) => formatValue(v[key] ?? null, styleOf(key)));
  const amounts = t.columns.map((c) => Math.max(share, Math.ceil(Math.max(wordTwips(c.label), ...texts(c.key).map(wordTwips)))));
  const label = width - amounts.reduce((a, b) => a + b, 0);
  return label < MIN_LABEL_TWIPS ? null : [label, ...amounts];
}

export function docxOrientation(t: FinancialTable): Orientation {
  return tableOrientation(t) === 'landscape' || !financialWidths(t, TEXT_WIDTH) ? 'landscape' : 'portrait';
}

function financialTable(t: FinancialTable, width = TEXT_WIDTH): Array<Paragraph | Table> {
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
  const widths = financialWidths(t, width) ?? widthsOf([3.2, ...t.columns.map(() => 1)], width);
  const after = (t.afterTotal ?? []).map((r): CellSpec[] => [{ text: r.name, style: S.tableText }, ...values(r.values, false, {})]);
  return [para(`${t.title} (tkr)`, S.caption), wordTable(widths, [header, ...body, total, ...after]), ...(t.note ? [para(t.note, S.caption)] : [])];
}

function gridTable(g: Grid): Array<Paragraph | Table> {
  if (isReflowed(g)) return gridRecordBlocks(g);
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
  const needs = g.columns.map((c, i) => Math.max(wordTwips(c.label), ...body.map((r) => (r.length === g.columns.length ? wordTwips(r[i]!.text) : 0))));
  return [para(g.title, S.caption), wordTable(fitWidths(widthsOf(weights), needs), [header, ...body])];
}

/**
 * Widths no narrower than each column's longest word needs: what a column gains is taken from
 * the columns with room to spare, in proportion to it (the total stays the text width).
 */
function fitWidths(widths: number[], needs: number[]): number[] {
  const out = widths.map((w, i) => Math.max(w, Math.ceil(needs[i]!)));
  const excess = out.reduce((a, b) => a + b, 0) - widths.reduce((a, b) => a + b, 0);
  const slack = out.map((w, i) => Math.max(0, w - Math.ceil(needs[i]!)));
  const room = slack.reduce((a, b) => a + b, 0);
  if (excess <= 0 || room < excess) return excess <= 0 ? out : widths;
  const cut = slack.map((s) => Math.floor((s / room) * excess));
  const result = out.map((w, i) => w - cut[i]!);
  result[slack.indexOf(Math.max(...slack))]! -= result.reduce((a, b) => a + b, 0) - widths.reduce((a, b) => a + b, 0);
  return result;
}

/** A grid too wide for the page, one block per row: a caption and a two-column table (field, value). */
function gridRecordBlocks(g: Grid): Array<Paragraph | Table> {
  const widths = widthsOf([1, 2.6]);
  return [
    para(g.title, S.caption),
    ...gridRecords(g).flatMap((r) => [
      para(r.title, S.subheading),
      wordTable(widths, r.fields.map((f) => [{ text: f.label, style: S.tableText, strong: true }, { text: f.text, style: S.tableText }]), false),
    ]),
  ];
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

type Content = Paragraph | Table | TableOfContents;

/** The document's body as runs of content by page orientation: each run becomes a Word section. */
class Flow {
  readonly notes = new WordNotes();
  /** Decision proposals written so far (each restarts its numbering). */
  decisions = 0;
  readonly parts: Array<{ orientation: Orientation; children: Content[] }> = [{ orientation: 'portrait', children: [] }];

  add(items: Content[], orientation: Orientation = 'portrait'): void {
    let last = this.parts[this.parts.length - 1]!;
    if (last.orientation !== orientation) {
      if (last.children.length === 0) last.orientation = orientation;
      else this.parts.push((last = { orientation, children: [] }));
    }
    last.children.push(...items);
  }
}

function blockContent(b: Block, model: ReportModel, rendered: Set<string>, flow: Flow): void {
  switch (b.type) {
    case 'paragraph':
      return flow.add([new Paragraph({ style: S.normal, children: inlineTextRuns(b.text, flow.notes) })]);
    case 'subheading':
      return flow.add([para(b.text, S.subheading)]);
    case 'placeholder':
      return flow.add([new Paragraph({ style: S.normal, children: [new TextRun({ text: b.text, italics: true, color: '8A1C1C' })] })]);
    case 'list':
      return flow.add(b.items.map((item) => new Paragraph({ style: S.listBullet, numbering: { reference: BULLETS, level: 0 }, children: inlineTextRuns(item, flow.notes) })));
    case 'table': {
      const t = model.tables.find((x) => x.id === b.tableId);
      if (!t) return;
      rendered.add(t.id);
      return financialFlow(t, flow);
    }
    case 'grid':
      return flow.add(gridTable(b.grid));
    case 'chart':
      return flow.add(chartBlock(b.chart));
    case 'decision':
      return flow.add(decisionParagraphs(b, ++flow.decisions, S.normal, flow.notes));
    case 'appendices':
      return flow.add(appendixParagraphs(model.report.appendices, null, S.normal));
  }
}

/** A financial table in the flow: too wide for portrait, it gets a landscape section of its own. */
function financialFlow(t: FinancialTable, flow: Flow, heading?: Paragraph): void {
  const landscape = docxOrientation(t) === 'landscape';
  const items = financialTable(t, landscape ? LANDSCAPE_TEXT_WIDTH : TEXT_WIDTH);
  flow.add(heading ? [heading, ...items] : items, landscape ? 'landscape' : 'portrait');
}

function sectionContent(s: Section, model: ReportModel, rendered: Set<string>, flow: Flow): void {
  const title = s.number ? `${s.number} ${s.title}` : s.title;
  flow.add([headingParagraph(title, s.level)]);
  flow.notes.startSection(s.footnotes);
  for (const b of s.blocks) blockContent(b, model, rendered, flow);
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

/** The cover: logo, municipality and board, title, period, the decision when known; then a page break. */
function cover(model: ReportModel, more: boolean): Paragraph[] {
  const r = model.report;
  const logo = logoImage(r);
  const organisation = organisationTitle(r);
  const decision = decisionText(r);
  const out: Paragraph[] = [];
  if (logo) out.push(new Paragraph({ style: S.normal, spacing: { after: 480 }, children: [logoRun(logo, organisation)] }));
  out.push(para(r.title, S.title));
  out.push(para(organisation && organisation !== r.scope.name ? `${organisation} – ${r.scope.name}` : r.scope.name, S.subtitle));
  out.push(para(`${r.periodText}. Belopp i tkr${signText(r.sign)}; positiv avvikelse är bättre än budget.`, S.normal));
  if (decision) out.push(new Paragraph({ style: S.normal, spacing: { before: 480 }, children: runs(decision, S.tableStrong) }));
  const dnr = diaryText(r);
  if (dnr) out.push(para(dnr, S.normal));
  if (more) out.push(new Paragraph({ children: [new PageBreak()] }));
  return out;
}

/** The logo at most 60 mm wide and 22 mm high; an SVG logo as a PNG drawn from it. */
function logoRun(logo: NonNullable<ReturnType<typeof logoImage>>, organisation: string | null): ImageRun {
  const png = logo.type === 'svg' ? Buffer.from(new Resvg(logo.data.toString('utf8'), { fitTo: { mode: 'height', value: 240 } }).render().asPng()) : logo.data;
  const size = imageSize(png, logo.type === 'jpg' ? 'jpg' : 'png') ?? { width: 240, height: 80 };
  const scale = Math.min((60 / 25.4) * 96 / size.width, (22 / 25.4) * 96 / size.height);
  const altText = { name: 'logotyp', title: 'Logotyp', description: xmlSafe(organisation ? `${organisation}s logotyp` : 'Logotyp') };
  const transformation = { width: Math.round(size.width * scale), height: Math.round(size.height * scale) };
  return logo.type === 'jpg' ? new ImageRun({ type: 'jpg', data: png, transformation, altText }) : new ImageRun({ type: 'png', data: png, transformation, altText });
}

/** Pixel size of a PNG (IHDR) or JPEG (SOF marker); null when it can't be read. */
function imageSize(data: Buffer, type: 'png' | 'jpg'): { width: number; height: number } | null {
  if (type === 'png') return data.length > 24 ? { width: data.readUInt32BE(16), height: data.readUInt32BE(20) } : null;
  for (let i = 2; i + 9 < data.length; ) {
    if (data[i] !== 0xff) return null;
    const marker = data[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xc3) return { height: data.readUInt16BE(i + 5), width: data.readUInt16BE(i + 7) };
    i += 2 + data.readUInt16BE(i + 2);
  }
  return null;
}

export async function renderDocx(model: ReportModel): Promise<Buffer> {
  const r = model.report;
  const rendered = new Set<string>();
  const flow = new Flow();
  const hasHeadings = model.sections.length > 0 || model.tables.length > 0;
  flow.add(cover(model, hasHeadings));
  if (hasHeadings) {
    // A real TOC field over Heading 1–3. Its entries are written with the document (and their
    // page numbers laid out by docx/layout), so it reads as a list of the chapters before Word
    // updates the field (`updateFields`: Word offers to when the document is opened).
    flow.add([para('Innehåll', S.tocHeading), new TableOfContents('Innehåll', { hyperlink: true, headingStyleRange: '1-3' })]);
    flow.add([new Paragraph({ children: [new PageBreak()] })]);
  }
  for (const s of model.sections) sectionContent(s, model, rendered, flow);
  // Tables no chapter refers to still belong in the report: after the chapters, as in the HTML.
  for (const t of model.tables.filter((x) => !rendered.has(x.id))) financialFlow(t, flow, headingParagraph(t.title, 1));
  if (!hasAppendixChapter(model)) flow.add(appendixParagraphs(r.appendices, headingParagraph('Bilagor', 1), S.normal));

  const header = (): Header => new Header({ children: [para(runningHeader(r), S.header)] });
  const footer = (): Footer =>
    new Footer({ children: [new Paragraph({ style: S.footer, children: [new TextRun({ children: ['Sida ', PageNumber.CURRENT, ' av ', PageNumber.TOTAL_PAGES] })] })] });
  const margin = { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin };
  const doc = new Document({
    title: xmlSafe(r.title),
    subject: xmlSafe(r.scope.name),
    creator: 'Prognos',
    lastModifiedBy: 'Prognos',
    description: xmlSafe(`${r.periodText}. Belopp i tkr${signText(r.sign)}.`),
    keywords: 'uppföljning, prognos, tkr',
    features: { updateFields: true },
    footnotes: flow.notes.footnotes,
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
        decisionNumbering,
      ],
    },
    sections: flow.parts.map((part) => ({
      properties: {
        page: {
          size: { width: PAGE.width, height: PAGE.height, orientation: part.orientation === 'landscape' ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin,
        },
      },
      headers: { default: header() },
      footers: { default: footer() },
      children: part.children,
    })),
  });
  return Packer.toBuffer(doc);
}
